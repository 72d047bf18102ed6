import { SecretsmanagerSecret, SecretsmanagerSecretVersion } from "../../../src/aws";
import { MASTER_PASSWORD } from "../../../src/config/constants";
import { MasterCredentials, StandbyMasterCredentials } from "../../../src/constructs/data/master-credentials";
import { Naming } from "../../../src/naming";
import { ref, resourcesOf, synthConstruct } from "../../helpers";

const KEY = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const STANDBY_KEY = "arn:aws:kms:ap-northeast-1:111122223333:key/5678abcd-12ab-34cd-56ef-1234567890ab";

const build = (props: Partial<ConstructorParameters<typeof MasterCredentials>[2]> = {}) => {
  let credentials!: MasterCredentials;
  const synthesized = synthConstruct((scope) => {
    credentials = new MasterCredentials(scope, "master-credentials", {
      naming: new Naming("multiple-server"),
      username: "admin",
      version: 1,
      recoveryWindowDays: 0,
      ...props,
    });
  });
  return { ...synthesized, credentials };
};

describe("MasterCredentials", () => {
  const { json, tf, credentials } = build();
  const [[secretId]] = resourcesOf(tf, "aws_secretsmanager_secret");
  const [[versionId, version]] = resourcesOf(tf, "aws_secretsmanager_secret_version");
  const ephemeral = tf.ephemeral ?? {};

  it("owns the secret multiple-server-db-master, deleted at once with a recovery window of 0 (dev)", () => {
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "multiple-server-db-master",
      recovery_window_in_days: 0,
      tags: { Name: "multiple-server-db-master" },
    });
  });

  it("generates the password with Secrets Manager at apply time, as an ephemeral resource (never in plan or state)", () => {
    const [generated] = Object.values(ephemeral.aws_secretsmanager_random_password ?? {});
    expect(generated).toEqual(
      expect.objectContaining({
        password_length: MASTER_PASSWORD.length,
        exclude_characters: MASTER_PASSWORD.excludeCharacters,
        require_each_included_type: true,
      }),
    );
    // RDS for MySQL: 8 to 41 printable ASCII characters but / " @ (RDS API, CreateDBInstance).
    expect(MASTER_PASSWORD.length).toBeGreaterThanOrEqual(8);
    expect(MASTER_PASSWORD.length).toBeLessThanOrEqual(41);
    for (const c of ["/", '"', "@"]) expect(MASTER_PASSWORD.excludeCharacters).toContain(c);
  });

  it("writes {username, password} to the secret only through the write-only secret_string_wo, at version 1", () => {
    const [generatedName] = Object.keys(ephemeral.aws_secretsmanager_random_password ?? {});
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecretVersion, {
      secret_id: ref("aws_secretsmanager_secret", secretId, "id"),
      secret_string_wo: `\${jsonencode({"username" = "admin", "password" = ephemeral.aws_secretsmanager_random_password.${generatedName}.random_password})}`,
      secret_string_wo_version: 1,
    });
    expect(version.secret_string).toBeUndefined();
  });

  it("hands RDS what the secret holds, read back at exactly the version just written", () => {
    const [[storedName, stored]] = Object.entries(ephemeral.aws_secretsmanager_secret_version ?? {});
    expect(stored).toEqual(
      expect.objectContaining({
        secret_id: ref("aws_secretsmanager_secret", secretId, "arn"),
        version_id: ref("aws_secretsmanager_secret_version", versionId, "version_id"),
      }),
    );
    expect(credentials.password).toBeDefined();
    const resolved = synthConstruct((scope) => {
      const c = new MasterCredentials(scope, "master-credentials", { naming: new Naming("multiple-server"), username: "admin", version: 1, recoveryWindowDays: 0 });
      new SecretsmanagerSecret(scope, "probe", { name: "probe", description: c.password });
    });
    expect(resourcesOf(resolved.tf, "aws_secretsmanager_secret").find(([, s]) => s.name === "probe")![1].description).toBe(
      `\${jsondecode(ephemeral.aws_secretsmanager_secret_version.${storedName}.secret_string).password}`,
    );
  });

  it("has no replica, no key of its own and no prevent_destroy by default", () => {
    const [[, secret]] = resourcesOf(tf, "aws_secretsmanager_secret");
    expect([secret.replica, secret.kms_key_id, secret.lifecycle]).toEqual([undefined, undefined, undefined]);
  });

  it("rotates: passwordVersion 2 becomes both write-only versions", () => {
    const rotated = build({ version: 2 });
    expect(rotated.json).toHaveResourceWithProperties(SecretsmanagerSecretVersion, { secret_string_wo_version: 2 });
    expect(rotated.credentials.version).toBe(2);
  });

  it("with a standby: replicated into its region with that region's key; with a key, recovery window and protection", () => {
    const { json: withStandby } = build({
      kmsKeyId: KEY,
      recoveryWindowDays: 30,
      protect: true,
      replica: { region: "ap-northeast-1", kmsKeyId: STANDBY_KEY },
    });
    expect(withStandby).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "multiple-server-db-master",
      kms_key_id: KEY,
      recovery_window_in_days: 30,
      replica: [{ region: "ap-northeast-1", kms_key_id: STANDBY_KEY }],
      lifecycle: { prevent_destroy: true },
    });
  });
});

describe("StandbyMasterCredentials", () => {
  it("finds the replica by the primary's secret name (metadata only, no value read)", () => {
    const { tf } = synthConstruct((scope) => {
      new StandbyMasterCredentials(scope, "master-credentials", { primaryNaming: new Naming("multiple-server-prod") });
    });
    expect(Object.values(tf.data?.aws_secretsmanager_secret ?? {})).toEqual([expect.objectContaining({ name: "multiple-server-prod-db-master" })]);
    expect(tf.data?.aws_secretsmanager_secret_version).toBeUndefined();
  });
});
