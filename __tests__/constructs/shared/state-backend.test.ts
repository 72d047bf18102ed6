import { TerraformStack, Testing } from "../../../src/cdk";
import { ConfigError } from "../../../src/config/errors";
import { loadSettings } from "../../../src/config/load";
import type { Settings } from "../../../src/config/schema";
import { Guardrails } from "../../../src/guardrails";
import { SynthesizedStack } from "../../../src/guardrails/stack-view";
import { StateBackend } from "../../../src/constructs/shared/state-backend";
import { stateKey } from "../../../src/naming";
import { settingsFor, synthConstruct, synthStack } from "../../helpers";

/** The `terraform` block of a bare stack holding only the backend of `settings`. */
function terraformBlock(settings: Settings): Record<string, any> {
  const { tf } = synthConstruct((scope) => {
    new StateBackend(scope, "state", { settings: settings.backend, environment: settings.environment, defaultWorkspace: `multiple-server-${settings.environment}` });
  });
  return tf.terraform;
}

/** Settings of `names` as the app loads them, with `env` as the process environment. */
const load = (env: Record<string, string>, names = ["dev"]) => loadSettings(names, env);

describe("S3 backend (the default)", () => {
  it("keeps each environment's state under <keyPrefix>/<env>/terraform.tfstate, encrypted, with S3-native locking", () => {
    expect(terraformBlock(settingsFor("prod")).backend).toEqual({
      s3: {
        bucket: "multiple-server-tfstate",
        key: "multiple-server/prod/terraform.tfstate",
        region: "ap-northeast-2",
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(terraformBlock(settingsFor("prod")).cloud).toBeUndefined();
  });

  it("is what the whole stack synthesizes too", () => {
    expect(synthStack(settingsFor("dev")).tf.terraform.backend.s3.key).toBe(stateKey({ keyPrefix: "multiple-server" }, "dev"));
  });

  it("writes kms_key_id and, only when opted in, dynamodb_table next to use_lockfile", () => {
    const kms = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const s3 = terraformBlock(settingsFor("dev", { backend: { kmsKeyId: kms, dynamodbTable: "multiple-server-tflock" } })).backend.s3;
    expect(s3).toEqual(expect.objectContaining({ kms_key_id: kms, encrypt: true, dynamodb_table: "multiple-server-tflock", use_lockfile: true }));
    expect(terraformBlock(settingsFor("dev")).backend.s3).not.toHaveProperty("dynamodb_table");
  });

  it("can lock with DynamoDB alone, for Terraform older than 1.10", () => {
    const s3 = terraformBlock(settingsFor("dev", { backend: { useLockfile: false, dynamodbTable: "multiple-server-tflock" } })).backend.s3;
    expect(s3.dynamodb_table).toBe("multiple-server-tflock");
    expect(s3).not.toHaveProperty("use_lockfile");
  });

  it("drops use_lockfile with MULTIPLE_SERVER_STATE_USE_LOCKFILE=false, for Terraform < 1.10, which rejects the argument", () => {
    const [dev] = load({ MULTIPLE_SERVER_STATE_LOCK_TABLE: "acme-tflock", MULTIPLE_SERVER_STATE_USE_LOCKFILE: "false" });
    const s3 = terraformBlock(dev).backend.s3;
    expect(s3.dynamodb_table).toBe("acme-tflock");
    expect(s3).not.toHaveProperty("use_lockfile");
  });

  it("lets MULTIPLE_SERVER_STATE_USE_LOCKFILE=true win over an entry that turned the lockfile off", () => {
    const [dev] = loadSettings(["dev"], { MULTIPLE_SERVER_STATE_USE_LOCKFILE: "true" }, { dev: { backend: { useLockfile: false, dynamodbTable: "acme-tflock" } } });
    expect(terraformBlock(dev).backend.s3.use_lockfile).toBe(true);
  });

  it("refuses MULTIPLE_SERVER_STATE_USE_LOCKFILE=false without a lock table: the state would not be locked", () => {
    expect(() => load({ MULTIPLE_SERVER_STATE_USE_LOCKFILE: "false" })).toThrow(
      "dev.backend.useLockfile false must be true unless backend.dynamodbTable is set (the state would not be locked)",
    );
  });

  it("refuses a MULTIPLE_SERVER_STATE_USE_LOCKFILE that is not true or false, for every selected environment, with the other problems", () => {
    let error: unknown;
    try {
      load({ MULTIPLE_SERVER_STATE_USE_LOCKFILE: "no", MULTIPLE_SERVER_STATE_BUCKET: "Acme_State" }, ["dev", "prod"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split("\n");
    expect(lines).toContain("  - dev.backend.useLockfile no must be true or false (from MULTIPLE_SERVER_STATE_USE_LOCKFILE)");
    expect(lines).toContain("  - prod.backend.useLockfile no must be true or false (from MULTIPLE_SERVER_STATE_USE_LOCKFILE)");
    expect(lines.some((line) => line.startsWith("  - dev.backend.bucket Acme_State"))).toBe(true);
  });

  it("refuses a backend with no lock at all", () => {
    expect(() => loadSettings(["dev"], {}, { dev: { backend: { useLockfile: false } } })).toThrow(
      "dev.backend.useLockfile false must be true unless backend.dynamodbTable is set (the state would not be locked)",
    );
  });

  it("takes bucket, region, key prefix, KMS key and lock table from MULTIPLE_SERVER_STATE_* variables", () => {
    const [dev] = load({
      MULTIPLE_SERVER_STATE_BUCKET: "acme-tfstate",
      MULTIPLE_SERVER_STATE_REGION: "us-east-1",
      MULTIPLE_SERVER_STATE_KEY_PREFIX: "web",
      MULTIPLE_SERVER_STATE_KMS_KEY_ID: "alias/tfstate",
      MULTIPLE_SERVER_STATE_LOCK_TABLE: "acme-tflock",
    });
    expect(terraformBlock(dev).backend).toEqual({
      s3: {
        bucket: "acme-tfstate",
        key: "web/dev/terraform.tfstate",
        region: "us-east-1",
        encrypt: true,
        kms_key_id: "alias/tfstate",
        dynamodb_table: "acme-tflock",
        use_lockfile: true,
      },
    });
  });

  it("ignores empty variables, as CI systems set unset inputs to ''", () => {
    const [dev] = load({ MULTIPLE_SERVER_STATE_BUCKET: "" });
    expect(terraformBlock(dev).backend.s3.bucket).toBe("multiple-server-tfstate");
  });

  it("refuses a bucket name S3 would refuse, before anything is built", () => {
    expect(() => load({ MULTIPLE_SERVER_STATE_BUCKET: "Acme_State" })).toThrow(ConfigError);
  });
});

describe("cloud backend (HCP Terraform / Terraform Cloud)", () => {
  it("takes organization and workspace from TF_CLOUD_ORGANIZATION and TF_WORKSPACE", () => {
    const [dev] = load({ MULTIPLE_SERVER_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme", TF_WORKSPACE: "web-dev" });
    const block = terraformBlock(dev);
    expect(block.cloud).toEqual({ hostname: "app.terraform.io", organization: "acme", workspaces: { name: "web-dev" } });
    expect(block.backend).toBeUndefined();
  });

  it("names the workspace after the stack when TF_WORKSPACE is unset, one per environment", () => {
    const [dev, prod] = load({ MULTIPLE_SERVER_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme" }, ["dev", "prod"]);
    expect(synthStack(dev).tf.terraform.cloud.workspaces).toEqual({ name: "multiple-server-dev" });
    expect(synthStack(prod).tf.terraform.cloud.workspaces).toEqual({ name: "multiple-server-prod" });
  });

  it("takes another host from TF_CLOUD_HOSTNAME (Terraform Enterprise)", () => {
    const [dev] = load({ MULTIPLE_SERVER_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme", TF_CLOUD_HOSTNAME: "tfe.example.com" });
    expect(terraformBlock(dev).cloud.hostname).toBe("tfe.example.com");
  });

  it("refuses one TF_WORKSPACE for two environments: they would overwrite each other's state", () => {
    expect(() => load({ MULTIPLE_SERVER_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme", TF_WORKSPACE: "web" }, ["dev", "prod"])).toThrow(
      "prod.backend.workspace cloud:app.terraform.io/acme/web is also the state of dev; each environment needs its own",
    );
  });

  it("lets an environment's own organization, workspace and host win: TF_CLOUD_* and TF_WORKSPACE only fill in what it leaves out", () => {
    const entry = { backend: { kind: "cloud" as const, organization: "acme", workspace: "web-dev", hostname: "tfe.acme.example" } };
    const env = { TF_CLOUD_ORGANIZATION: "other", TF_WORKSPACE: "other-ws", TF_CLOUD_HOSTNAME: "app.terraform.io" };
    const [dev] = loadSettings(["dev"], env, { dev: entry });
    expect(terraformBlock(dev).cloud).toEqual({ hostname: "tfe.acme.example", organization: "acme", workspaces: { name: "web-dev" } });
    const [partial] = loadSettings(["dev"], env, { dev: { backend: { kind: "cloud", organization: "acme" } } });
    expect(terraformBlock(partial).cloud).toEqual({ hostname: "app.terraform.io", organization: "acme", workspaces: { name: "other-ws" } });
  });

  it("still lets MULTIPLE_SERVER_* variables override the entry (they are this project's overrides)", () => {
    const entry = { backend: { kind: "cloud" as const, organization: "acme", workspace: "web-dev" } };
    const [dev] = loadSettings(["dev"], { MULTIPLE_SERVER_BACKEND: "local" }, { dev: entry });
    expect(terraformBlock(dev).backend).toEqual({ local: { path: "../../../terraform-state/terraform.dev.tfstate" } });
    expect(terraformBlock(dev).cloud).toBeUndefined();
  });

  it("refuses the cloud kind without an organization", () => {
    expect(() => load({ MULTIPLE_SERVER_BACKEND: "cloud" })).toThrow("dev.backend.organization (unset) is required for the cloud backend (or set TF_CLOUD_ORGANIZATION)");
  });
});

describe("local backend (no AWS account)", () => {
  it("keeps state in terraform-state/terraform.<env>.tfstate beside cdktf.out, out of the stack's folder cdktf synth may delete", () => {
    const [dev] = load({ MULTIPLE_SERVER_BACKEND: "local" });
    expect(terraformBlock(dev).backend).toEqual({ local: { path: "../../../terraform-state/terraform.dev.tfstate" } });
  });

  it("uses backend.localPath when set", () => {
    expect(terraformBlock(settingsFor("dev", { backend: { kind: "local", localPath: "state/dev.tfstate" } })).backend).toEqual({
      local: { path: "state/dev.tfstate" },
    });
  });
});

describe("the backend as the guardrails see it", () => {
  /** A stack holding only the backend of `settings`, checked with the prod rules: only backend rules can fire. */
  function checked(settings: Settings): { view: SynthesizedStack; enforce: () => void } {
    const stack = new TerraformStack(Testing.app(), "test");
    new StateBackend(stack, "state", { settings: settings.backend, environment: settings.environment, defaultWorkspace: "multiple-server-prod" });
    const guardrails = new Guardrails().applyTo(stack, "prod", true);
    Testing.synth(stack);
    return { view: new SynthesizedStack(stack, "prod"), enforce: () => guardrails.enforce(() => undefined) };
  }

  it("reads the cloud block as type cloud at terraform.cloud, which the S3 rule MS-STATE-1 leaves alone", () => {
    const [prod] = load({ MULTIPLE_SERVER_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme" }, ["prod"]);
    const { view, enforce } = checked(prod);
    expect(view.all()).toEqual([
      expect.objectContaining({
        type: "cloud",
        address: "terraform.cloud",
        config: { hostname: "app.terraform.io", organization: "acme", workspaces: { name: "multiple-server-prod" } },
      }),
    ]);
    expect(enforce).not.toThrow();
  });

  it("reads the local backend as backend.local, which MS-STATE-1 leaves alone", () => {
    const [prod] = load({ MULTIPLE_SERVER_BACKEND: "local" }, ["prod"]);
    const { view, enforce } = checked(prod);
    expect(view.all().map((r) => r.address)).toEqual(["terraform.backend.local"]);
    expect(enforce).not.toThrow();
  });

  it("still holds MS-STATE-1 against an unencrypted S3 backend (the control: the checks above did run)", () => {
    const { enforce } = checked(settingsFor("prod", { backend: { encrypt: false } }));
    expect(enforce).toThrow("MS-STATE-1");
  });
});
