import { IamRole, LambdaFunction, LambdaInvocation, VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule } from "../../../src/aws";
import { byName, settingsFor, synthStack } from "../../helpers";

const policyOf = (tf: any, id: string) => tf.data.aws_iam_policy_document[id].statement;

describe("DatabaseUsers (dev)", () => {
  const { json, tf } = synthStack(settingsFor("dev"));
  const fn = byName(tf, "aws_lambda_function", "multiple-server-db-users");

  it("runs the bundled function in the database subnets with its own security group, on a supported Node.js runtime", () => {
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: "multiple-server-db-users",
      runtime: "nodejs22.x",
      handler: "index.handler",
      logging_config: { log_format: "Text", log_group: expect.stringContaining("aws_cloudwatch_log_group.database-users_logs") },
    });
    expect(fn.body.filename).toMatch(/^assets\/database-users_code_[A-F0-9]+\/[A-F0-9]+\/database-users\.zip$/);
    expect(fn.body.vpc_config.subnet_ids).toEqual([expect.stringContaining("aws_subnet.network_db-0_"), expect.stringContaining("aws_subnet.network_db-1_")]);
    expect(fn.body.vpc_config.security_group_ids).toEqual([expect.stringContaining("aws_security_group.security-groups_db-users-sg")]);
    expect(fn.body.environment).toBeUndefined();
  });

  it("opens HTTPS out and MySQL to the database group only, which admits it on the database port", () => {
    const sg = "${aws_security_group.security-groups_db-users-sg";
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { security_group_id: expect.stringContaining(sg), from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      security_group_id: expect.stringContaining(sg),
      from_port: 3306,
      referenced_security_group_id: expect.stringContaining("aws_security_group.security-groups_db-sg"),
    });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: expect.stringContaining("aws_security_group.security-groups_db-sg"),
      from_port: 3306,
      referenced_security_group_id: expect.stringContaining(sg),
    });
  });

  it("gives its role the master secret, its own log group and the VPC interface actions, nothing else", () => {
    expect(json).toHaveResourceWithProperties(IamRole, { name: "multiple-server-db-users" });
    const statements = policyOf(tf, Object.keys(tf.data!.aws_iam_policy_document).find((id) => id.startsWith("database-users_policy-document"))!);
    expect(statements.map((s: any) => [s.sid, s.actions, s.resources])).toEqual([
      ["ReadMasterSecret", ["secretsmanager:GetSecretValue"], [expect.stringContaining("aws_secretsmanager_secret.master-credentials_secret")]],
      ["WriteOwnLogs", ["logs:CreateLogStream", "logs:PutLogEvents"], [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.database-users_logs_[A-F0-9]+\.arn\}:\*$/)]],
      [
        "VpcNetworkInterfaces",
        ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
        ["*"],
      ],
    ]);
  });

  it("is invoked from the apply with names only, again on a new primary or password version, after the primary and the route out", () => {
    const invocation = Object.values(tf.resource!.aws_lambda_invocation)[0] as any;
    expect(json).toHaveResourceWithProperties(LambdaInvocation, {
      function_name: expect.stringContaining("aws_lambda_function.database-users_function"),
      triggers: { primary: expect.stringMatching(/aws_db_instance\.database_primary_[A-F0-9]+\.resource_id/), credentials_version: "1" },
    });
    expect(invocation.input).toMatch(/^\$\{jsonencode\(\{.*"username" = "app".*\}\)\}$/s);
    expect(invocation.input).toContain("aws_secretsmanager_secret.master-credentials_secret");
    expect(invocation.input).not.toMatch(/password"|ephemeral/);
    expect(invocation.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_db_instance\.database_primary_/), expect.stringMatching(/^aws_route_table_association\.network_rt-int-db-0/)]),
    );
  });

  it("turns IAM database authentication on for the primary and the replica", () => {
    for (const name of ["multiple-server-db-a", "multiple-server-db-c"]) {
      expect(byName(tf, "aws_db_instance", name).body.iam_database_authentication_enabled).toBe(true);
    }
  });

  it("leaves the web role no way to the master secret", () => {
    const web = Object.entries(tf.data!.aws_iam_policy_document).filter(([id]) => id.startsWith("database-access"));
    expect(JSON.stringify(web)).not.toMatch(/secretsmanager|master-credentials/);
  });

  it("takes database.appUsername and database.appSchema", () => {
    const other = synthStack(settingsFor("dev", { database: { appUsername: "shop_web", appSchema: "shop" } }));
    const input = (Object.values(other.tf.resource!.aws_lambda_invocation)[0] as any).input;
    expect(input).toContain('"username" = "shop_web"');
    expect(input).toContain('"schema" = "shop"');
  });
});
