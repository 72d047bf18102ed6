import { KmsKey, KmsReplicaKey, SecretsmanagerSecret } from "../../../src/aws";
import { byName, resourcesOf, settingsFor, synthStack, type TerraformJson } from "../../helpers";

const policyOf = (tf: TerraformJson, policy: string) => tf.data!.aws_iam_policy_document[/data\.aws_iam_policy_document\.([^.]+)\.json/.exec(policy)![1]].statement;
const STANDBY = { region: "ap-northeast-1" } as const;

describe("SecretKey (secretKmsEncryption: checkov CKV_AWS_149)", () => {
  it("is off in dev: the master secret keeps the AWS managed key", () => {
    const { tf } = synthStack(settingsFor("dev"));
    expect(resourcesOf(tf, "aws_kms_key")).toEqual([]);
    expect(byName(tf, "aws_secretsmanager_secret", "multiple-server-db-master").body.kms_key_id).toBeUndefined();
  });

  describe("in prod", () => {
    const { json, tf } = synthStack(settingsFor("prod"));
    const key = byName(tf, "aws_kms_key", "multiple-server-prod-secrets");
    const arn = `\${aws_kms_key.${key.id}.arn}`;

    it("encrypts the master secret with a rotated, multi-Region key of the stack, kept from destroy, aliased alias/<prefix>-secrets", () => {
      expect(json).toHaveResourceWithProperties(KmsKey, {
        description: "Secrets Manager secrets of multiple-server-prod",
        multi_region: true,
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        lifecycle: { prevent_destroy: true },
      });
      expect(byName(tf, "aws_kms_alias", "alias/multiple-server-prod-secrets").body.target_key_id).toBe(`\${aws_kms_key.${key.id}.key_id}`);
      expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, { name: "multiple-server-prod-db-master", kms_key_id: arn });
      expect(resourcesOf(tf, "aws_kms_replica_key")).toEqual([]);
    });

    it("lets the account administer the key and use it for data only through Secrets Manager of its region, from this account", () => {
      const [admin, use] = policyOf(tf, key.body.policy);
      expect(admin.sid).toBe("AccountAdministersKey");
      expect(admin.actions.filter((action: string) => /Encrypt|Decrypt|GenerateDataKey|Grant|kms:\*/.test(action))).toEqual([]);
      expect(use).toMatchObject({
        sid: "UseThroughSecretsManagerOnly",
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.ap-northeast-2.amazonaws.com"] },
          { test: "StringEquals", variable: "kms:CallerAccount" },
        ],
      });
      expect(use.principals).toEqual(admin.principals);
      expect(admin.principals[0].identifiers[0]).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:iam::\$\{data\.aws_caller_identity\.[^}]+\}:root$/);
    });

    it("lets the database users function decrypt the master secret with it, through Secrets Manager only", () => {
      const statements = Object.values(tf.data!.aws_iam_policy_document).flatMap((document: any) => document.statement ?? []);
      expect(statements.find((statement: any) => statement.sid === "DecryptMasterSecret")).toMatchObject({
        actions: ["kms:Decrypt"],
        resources: [arn],
        condition: [{ variable: "kms:ViaService", values: ["secretsmanager.ap-northeast-2.amazonaws.com"] }],
      });
    });
  });

  describe("with a standby region", () => {
    const { json, tf } = synthStack(settingsFor("prod", { dr: STANDBY }));
    const [[replicaId, replica]] = resourcesOf(tf, "aws_kms_replica_key");

    it("replicates the key into dr.region on the aliased provider aws.dr, with a policy for Secrets Manager there", () => {
      const key = byName(tf, "aws_kms_key", "multiple-server-prod-secrets");
      expect(json).toHaveResourceWithProperties(KmsReplicaKey, { primary_key_arn: `\${aws_kms_key.${key.id}.arn}`, provider: "aws.dr", lifecycle: { prevent_destroy: true } });
      expect(tf.provider!.aws.find((p: any) => p.alias === "dr")).toMatchObject({ region: "ap-northeast-1" });
      const [, use] = policyOf(tf, replica.policy);
      expect(use.condition[0]).toEqual({ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.ap-northeast-1.amazonaws.com"] });
      expect(resourcesOf(tf, "aws_kms_alias").filter(([, alias]) => alias.provider === "aws.dr")).toEqual([
        [expect.any(String), expect.objectContaining({ name: "alias/multiple-server-prod-secrets", target_key_id: `\${aws_kms_replica_key.${replicaId}.key_id}` })],
      ]);
    });

    it("encrypts both secrets' replicas with the replica key; nothing else uses the standby's provider", () => {
      for (const name of ["multiple-server-prod-db-master", "multiple-server-prod-origin-secret"]) {
        expect(byName(tf, "aws_secretsmanager_secret", name).body.replica).toEqual([{ region: "ap-northeast-1", kms_key_id: `\${aws_kms_replica_key.${replicaId}.arn}` }]);
      }
      const onStandby = Object.entries(tf.resource).flatMap(([type, items]) => Object.entries(items).filter(([, r]) => r.provider === "aws.dr").map(([name]) => `${type}.${name}`));
      expect(onStandby.map((address) => address.split(".")[0]).sort()).toEqual(["aws_kms_alias", "aws_kms_replica_key"]);
    });
  });

  it("leaves the master secret to database.masterSecretKmsKeyId and its replica to dr.masterSecretKmsKeyId, the origin secret to the stack's key", () => {
    const mine = "arn:aws:kms:ap-northeast-2:123456789012:key/mine";
    const theirs = "arn:aws:kms:ap-northeast-1:123456789012:key/standby";
    const { tf } = synthStack(settingsFor("prod", { database: { masterSecretKmsKeyId: mine }, dr: { ...STANDBY, masterSecretKmsKeyId: theirs } }));
    expect(byName(tf, "aws_secretsmanager_secret", "multiple-server-prod-db-master").body).toMatchObject({ kms_key_id: mine, replica: [{ region: "ap-northeast-1", kms_key_id: theirs }] });
    const key = byName(tf, "aws_kms_key", "multiple-server-prod-secrets");
    expect(byName(tf, "aws_secretsmanager_secret", "multiple-server-prod-origin-secret").body.kms_key_id).toBe(`\${aws_kms_key.${key.id}.arn}`);
  });
});
