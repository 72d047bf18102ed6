import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import {
  AwsProvider,
  DynamodbTable,
  S3Bucket,
  S3BucketLifecycleConfiguration,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfiguration,
  S3BucketVersioning,
} from "../../src/aws";
import { synthesize } from "../../src/app";
import { ConfigError } from "../../src/config/errors";
import { loadSettings } from "../../src/config/load";
import type { Settings } from "../../src/config/schema";
import { STATE_STACK_NAME } from "../../src/naming";
import { StateBucketStack, stateBucketStacks } from "../../src/stacks/state-bucket-stack";
import { ref, resourcesOf, settingsFor, type SynthesizedStack } from "../helpers";

function synthState(environments: Settings[]): SynthesizedStack {
  const stack = new StateBucketStack(Testing.app(), { environments });
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) };
}

const bucketIdOf = (tf: SynthesizedStack["tf"], name: string) => {
  const found = resourcesOf(tf, "aws_s3_bucket").find(([, b]) => b.bucket === name);
  if (!found) throw new Error(`no bucket ${name}`);
  return ref("aws_s3_bucket", found[0], "id");
};

describe("multiple-server-state (dev and prod share the default bucket)", () => {
  const { json, tf } = synthState([settingsFor("dev"), settingsFor("prod")]);
  const bucket = () => bucketIdOf(tf, "multiple-server-tfstate");

  it("creates the bucket the backends name, once", () => {
    expect(resourcesOf(tf, "aws_s3_bucket")).toHaveLength(1);
    expect(json).toHaveResourceWithProperties(S3Bucket, { bucket: "multiple-server-tfstate", force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  it("keeps every state version, expiring overwritten ones after 90 days and the delete markers each lock release leaves", () => {
    expect(json).toHaveResourceWithProperties(S3BucketVersioning, { bucket: bucket(), versioning_configuration: { status: "Enabled" } });
    expect(json).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      bucket: bucket(),
      rule: [
        expect.objectContaining({
          status: "Enabled",
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          // Alone in its Expiration: S3 refuses expired_object_delete_marker beside days or date.
          expiration: [{ expired_object_delete_marker: true }],
        }),
      ],
    });
  });

  it("encrypts by default (SSE-S3 without a KMS key)", () => {
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfiguration, {
      bucket: bucket(),
      rule: [expect.objectContaining({ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } })],
    });
  });

  it("blocks every kind of public access", () => {
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: bucket(),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("denies every request that does not use TLS, on the bucket and its objects", () => {
    const [[docId, doc]] = Object.entries(tf.data!.aws_iam_policy_document);
    const deny = doc.statement.find((s: any) => s.sid === "DenyInsecureTransport");
    expect(deny).toEqual(
      expect.objectContaining({
        effect: "Deny",
        actions: ["s3:*"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
    );
    const arn = ref("aws_s3_bucket", resourcesOf(tf, "aws_s3_bucket")[0][0], "arn");
    expect(deny.resources).toEqual([arn, `${arn}/*`]);
    const [[, policy]] = resourcesOf(tf, "aws_s3_bucket_policy");
    expect(policy.bucket).toBe(bucket());
    expect(policy.policy).toBe(`\${data.aws_iam_policy_document.${docId}.json}`);
  });

  it("keeps its own state locally: the bucket cannot hold the state of the stack that creates it", () => {
    expect(tf.terraform.backend).toEqual({ local: { path: `../../../terraform-state/terraform.${STATE_STACK_NAME}.tfstate` } });
  });

  it("tags everything through default_tags as shared by the environments", () => {
    expect(json).toHaveProviderWithProperties(AwsProvider, {
      region: "ap-northeast-2",
      default_tags: [{ tags: { Project: "multiple-server", Environment: "shared", ManagedBy: "cdktf" } }],
    });
  });

  it("creates no DynamoDB table unless an environment opts into one", () => {
    expect(resourcesOf(tf, "aws_dynamodb_table")).toEqual([]);
  });
});

describe("multiple-server-state with options", () => {
  it("encrypts with the backend's KMS key when one is set", () => {
    const kms = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { json } = synthState([settingsFor("dev", { backend: { kmsKeyId: kms } })]);
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfiguration, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: kms }, bucket_key_enabled: true }],
    });
  });

  it("creates the opt-in lock table: hash key LockID, on demand, point-in-time recovery, encrypted, protected", () => {
    const environments = loadSettings(["dev", "prod"], { MULTIPLE_SERVER_STATE_LOCK_TABLE: "multiple-server-tflock" });
    const { json, tf } = synthState(environments);
    expect(resourcesOf(tf, "aws_dynamodb_table")).toHaveLength(1);
    expect(json).toHaveResourceWithProperties(DynamodbTable, {
      name: "multiple-server-tflock",
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("creates each environment's own bucket, in its region, with a provider of that region", () => {
    const { tf } = synthState([
      settingsFor("dev", { backend: { bucket: "acme-dev-tfstate" } }),
      settingsFor("prod", { backend: { bucket: "acme-prod-tfstate", region: "ap-northeast-1" } }),
    ]);
    expect(tf.provider!.aws).toEqual([
      expect.objectContaining({ region: "ap-northeast-2" }),
      expect.objectContaining({ region: "ap-northeast-1", alias: "ap-northeast-1" }),
    ]);
    const buckets = Object.fromEntries(resourcesOf(tf, "aws_s3_bucket").map(([, b]) => [b.bucket, b]));
    expect(buckets["acme-dev-tfstate"].provider).toBeUndefined();
    expect(buckets["acme-prod-tfstate"].provider).toBe("aws.ap-northeast-1");
    // Every part of the Tokyo bucket (versioning, policy, its policy document...) goes through Tokyo's provider.
    const tokyo = bucketIdOf(tf, "acme-prod-tfstate");
    for (const [, versioning] of resourcesOf(tf, "aws_s3_bucket_versioning")) {
      expect(versioning.provider).toBe(versioning.bucket === tokyo ? "aws.ap-northeast-1" : undefined);
    }
    expect(Object.values(tf.data!.aws_iam_policy_document).map((d: any) => d.provider).sort()).toEqual(["aws.ap-northeast-1", undefined]);
  });

  it("refuses two environments that put one bucket in two regions", () => {
    const environments = [settingsFor("dev"), settingsFor("prod", { backend: { region: "ap-northeast-1" } })];
    expect(() => new StateBucketStack(Testing.app(), { environments })).toThrow(ConfigError);
    expect(() => new StateBucketStack(Testing.app(), { environments })).toThrow(
      "prod.backend.region ap-northeast-1 differs from dev's ap-northeast-2 for the same bucket multiple-server-tfstate",
    );
  });

  it("is left out when no environment keeps its state in S3", () => {
    expect(stateBucketStacks(Testing.app(), loadSettings(["dev"], { MULTIPLE_SERVER_BACKEND: "local" }))).toEqual([]);
    expect(stateBucketStacks(Testing.app(), [settingsFor("dev")]).map((s) => s.node.id)).toEqual([STATE_STACK_NAME]);
  });

  it("is synthesized by the app next to the environments", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ms-state-"));
    try {
      expect(synthesize({ outdir: path.join(outdir, "out"), env: { MULTIPLE_SERVER_ENVIRONMENTS: "dev" } })).toEqual(["multiple-server-dev", STATE_STACK_NAME]);
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "out", "manifest.json"), "utf8"));
      expect(Object.keys(manifest.stacks).sort()).toEqual(["multiple-server-dev", STATE_STACK_NAME]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
