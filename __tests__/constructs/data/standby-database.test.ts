import { KmsKey } from "../../../src/aws";
import { settingsFor, synthStandby } from "../../helpers";

describe("StandbyDatabase's KMS key", () => {
  const { json, tf } = synthStandby(settingsFor("prod", { dr: { region: "ap-northeast-1" } }));
  const [policyId] = Object.keys(tf.data!.aws_iam_policy_document).filter((id) => id.startsWith("database_key-policy"));
  const statements = (tf.data!.aws_iam_policy_document as any)[policyId].statement;

  it("has a key policy of its own (checkov CKV2_AWS_64)", () => {
    expect(json).toHaveResourceWithProperties(KmsKey, { policy: `\${data.aws_iam_policy_document.${policyId}.json}`, enable_key_rotation: true });
  });

  it("lets the account administer the key but use it for data only through RDS of the standby region, and grant only for AWS resources", () => {
    expect(statements.map((s: any) => s.sid)).toEqual(["AccountAdministersKey", "UseThroughRdsOnly", "RdsGrantsForItsResources"]);
    for (const s of statements) expect(s.principals).toEqual([{ type: "AWS", identifiers: [expect.stringMatching(/^arn:\$\{data\.aws_partition\..*\}:iam::\$\{data\.aws_caller_identity\..*\}:root$/)] }]);
    const admin = statements[0].actions as string[];
    expect(admin).not.toEqual(expect.arrayContaining(["kms:Decrypt"]));
    expect(admin.filter((a) => /Encrypt|Decrypt|GenerateDataKey|CreateGrant|Create\*|kms:\*/.test(a))).toEqual([]);
    const via = { test: "StringEquals", variable: "kms:ViaService", values: ["rds.ap-northeast-1.amazonaws.com"] };
    // The region from the settings, not a data "aws_region": its attribute is `name` in AWS provider 5.x and `region` in 6.x.
    expect((tf.data as any).aws_region).toBeUndefined();
    expect(statements[1].condition).toEqual(expect.arrayContaining([via]));
    expect(statements[2]).toMatchObject({
      actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      condition: [via, { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
    });
  });
});

describe("StandbyDatabase with the database's own windows", () => {
  const windows = { maintenanceWindow: "sun:18:00-sun:19:00", backupWindow: "17:00-17:30" };
  const standby = (promote: boolean) => {
    const { tf } = synthStandby(settingsFor("prod", { database: windows, dr: { region: "ap-northeast-1", promote } }));
    return Object.values(tf.resource.aws_db_instance as Record<string, any>)[0];
  };

  it("keeps both windows as a replica (RDS checks the maintenance window against the backup window), and as a promoted primary", () => {
    expect([standby(false).maintenance_window, standby(false).backup_window]).toEqual([windows.maintenanceWindow, windows.backupWindow]);
    expect([standby(true).maintenance_window, standby(true).backup_window]).toEqual([windows.maintenanceWindow, windows.backupWindow]);
  });

  it("leaves both to RDS when unset", () => {
    const { tf } = synthStandby(settingsFor("prod", { dr: { region: "ap-northeast-1" } }));
    const replica = Object.values(tf.resource.aws_db_instance as Record<string, any>)[0];
    expect([replica.maintenance_window, replica.backup_window]).toEqual([undefined, undefined]);
  });
});
