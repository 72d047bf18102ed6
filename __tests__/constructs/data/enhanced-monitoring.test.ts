import { DbInstance, IamRole, IamRolePolicyAttachment } from "../../../src/aws";
import { resolveEnvironment } from "../../../src/config/load";
import { byName, resourcesOf, settingsFor, synthStack, synthStandby } from "../../helpers";

describe("RDS Enhanced Monitoring", () => {
  it("is off in dev: no role, no monitoring_interval (dev's output as before)", () => {
    const { tf } = synthStack(settingsFor("dev"));
    expect(resourcesOf(tf, "aws_db_instance").map(([, db]) => db.monitoring_interval)).toEqual([undefined, undefined]);
    expect(resourcesOf(tf, "aws_iam_role").map(([, r]) => r.name)).not.toContain("multiple-server-rds-monitoring");
  });

  it("is on every 60 s in prod, on the primary and the replica, through a role only RDS of this account and region may assume", () => {
    const { json, tf } = synthStack(settingsFor("prod"));
    const role = byName(tf, "aws_iam_role", "multiple-server-prod-rds-monitoring");
    for (const name of ["multiple-server-prod-db-a", "multiple-server-prod-db-c"]) {
      const db = byName(tf, "aws_db_instance", name).body;
      expect(db.monitoring_interval).toBe(60);
      expect(db.monitoring_role_arn).toBe(`\${aws_iam_role.${role.id}.arn}`);
      expect(db.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_iam_role_policy_attachment\.rds-monitoring_policy_/)]));
    }
    expect(json).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.[^}]+\}:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/),
    });
    const assumeId = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(role.body.assume_role_policy)![1];
    const [statement] = (tf.data!.aws_iam_policy_document as any)[assumeId].statement;
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }]);
    expect(statement.condition.map((c: any) => [c.test, c.variable])).toEqual([
      ["StringEquals", "aws:SourceAccount"],
      ["ArnLike", "aws:SourceArn"],
    ]);
    expect(statement.condition[1].values[0]).toMatch(/^arn:\$\{.*\}:rds:ap-northeast-2:\$\{.*\}:db:\*$/);
    expect(json).toHaveResourceWithProperties(IamRole, { name: "multiple-server-prod-rds-monitoring" });
  });

  it("follows the standby with a role of its own region's name", () => {
    const { json, tf } = synthStandby(settingsFor("prod", { dr: { region: "ap-northeast-1" } }));
    expect(json).toHaveResourceWithProperties(DbInstance, { monitoring_interval: 60 });
    expect(byName(tf, "aws_iam_role", "multiple-server-prod-dr-rds-monitoring").body).toBeDefined();
  });

  it("refuses an interval RDS does not take, naming the setting", () => {
    const { problems } = resolveEnvironment("dev", { database: { monitoringIntervalSeconds: 7 } });
    expect(problems).toEqual([expect.objectContaining({ environment: "dev", path: "database.monitoringIntervalSeconds", value: 7 })]);
  });
});
