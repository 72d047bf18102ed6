import { IamRolePolicy, SsmParameter } from "../../../src/aws";
import { DatabaseAccess, type DatabaseAccessProps } from "../../../src/constructs/data/database-access";
import { naming, resourcesOf, synthConstruct } from "../../helpers";

/** Resource ids as RDS gives them (DbiResourceId), which `rds-db` ARNs name instead of identifiers. */
const PRIMARY = "db-ABCDEFGHIJKLMNOPQRSTUVWXY1";
const REPLICA = "db-ZYXWVUTSRQPONMLKJIHGFEDCB2";

const build = (extra: Partial<DatabaseAccessProps> = {}) =>
  synthConstruct((scope) => {
    new DatabaseAccess(scope, "database-access", {
      naming,
      region: "ap-northeast-2",
      roleName: "multiple-server-web-iam",
      parameters: naming.databaseParameters(),
      writerAddress: "writer.example",
      readerAddress: "reader.example",
      username: "app",
      databaseResourceIds: [PRIMARY, REPLICA],
      ...extra,
    });
  });

const statementsOf = (tf: any) => (Object.values(tf.data!.aws_iam_policy_document)[0] as any).statement;

describe("DatabaseAccess", () => {
  const { json, tf } = build();
  const partition = `\${data.aws_partition.${Object.keys((tf as any).data.aws_partition)[0]}.partition}`;
  const account = `\${data.aws_caller_identity.${Object.keys((tf as any).data.aws_caller_identity)[0]}.account_id}`;

  it.each([
    ["/multiple-server/database/writer-endpoint", "writer.example"],
    ["/multiple-server/database/reader-endpoint", "reader.example"],
    ["/multiple-server/database/app-user", "app"],
  ])("publishes %s as a plain String parameter (not secret: plans show it)", (name, value) => {
    expect(json).toHaveResourceWithProperties(SsmParameter, { name, type: "String", insecure_value: value });
  });

  it("lets the web role read those three parameters and connect as the application user to each instance, nothing else: no secret", () => {
    const arn = (key: string) => `\${aws_ssm_parameter.${resourcesOf(tf, "aws_ssm_parameter").find(([id]) => id.includes(`_${key}_`))![0]}.arn}`;
    const params = ["writer", "reader", "user"].map(arn);
    expect(statementsOf(tf)).toEqual([
      { sid: "ReadDatabaseParameters", actions: ["ssm:GetParameters", "ssm:GetParameter"], resources: params },
      {
        sid: "ConnectAsApplicationUser",
        actions: ["rds-db:connect"],
        // arn:${Partition}:rds-db:${Region}:${Account}:dbuser:${DbiResourceId}/${DbUserName} (Service Authorization Reference).
        resources: [PRIMARY, REPLICA].map((id) => `arn:${partition}:rds-db:ap-northeast-2:${account}:dbuser:${id}/app`),
      },
    ]);
    expect(JSON.stringify(statementsOf(tf))).not.toMatch(/secretsmanager|kms:|\*/);
    expect(json).toHaveResourceWithProperties(IamRolePolicy, { name: "multiple-server-web-database-access", role: "multiple-server-web-iam" });
  });
});
