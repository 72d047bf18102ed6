import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "../../src/cdk";
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

describe("multiple-server-state with a standby region (dr)", () => {
  const tokyo = { dr: { region: "ap-northeast-1" } } as const;
  const { json, tf } = synthState([settingsFor("dev"), settingsFor("prod", tokyo)]);
  const standby = "multiple-server-tfstate-ap-northeast-1";
  const bucketsByName = () => Object.fromEntries(resourcesOf(tf, "aws_s3_bucket").map(([id, b]) => [b.bucket, { id, ...b }]));

  it("creates the standby region's state bucket with the same protections, on that region's provider", () => {
    const buckets = bucketsByName();
    expect(Object.keys(buckets).sort()).toEqual(["multiple-server-tfstate", standby]);
    expect(buckets[standby]).toMatchObject({ provider: "aws.ap-northeast-1", force_destroy: false, lifecycle: { prevent_destroy: true } });
    const id = bucketIdOf(tf, standby);
    const of = (type: string) => resourcesOf(tf, type).filter(([, r]) => r.bucket === id).map(([, r]) => r);
    expect(of("aws_s3_bucket_versioning")).toEqual([expect.objectContaining({ versioning_configuration: { status: "Enabled" }, provider: "aws.ap-northeast-1" })]);
    expect(of("aws_s3_bucket_public_access_block")).toEqual([
      expect.objectContaining({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    ]);
    expect(of("aws_s3_bucket_server_side_encryption_configuration")).toEqual([
      expect.objectContaining({ rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] }),
    ]);
    expect(of("aws_s3_bucket_policy")).toHaveLength(1);
  });

  it("replicates prod's state prefix (and only it) into the standby bucket, delete markers included, once both are versioned", () => {
    const [[, replication]] = resourcesOf(tf, "aws_s3_bucket_replication_configuration");
    const buckets = bucketsByName();
    expect(replication.provider).toBeUndefined(); // the source bucket's region: the default provider
    expect(replication.bucket).toBe(bucketIdOf(tf, "multiple-server-tfstate"));
    expect(replication.rule).toEqual([
      {
        id: `prod-to-${standby}`,
        status: "Enabled",
        priority: 0,
        filter: { prefix: "multiple-server/prod/" },
        delete_marker_replication: { status: "Enabled" },
        destination: { bucket: ref("aws_s3_bucket", buckets[standby].id, "arn"), storage_class: "STANDARD" },
      },
    ]);
    const versionings = resourcesOf(tf, "aws_s3_bucket_versioning").map(([id]) => `aws_s3_bucket_versioning.${id}`);
    expect(replication.depends_on.sort()).toEqual(versionings.sort());
  });

  it("replicates through a role S3 alone may assume, for this bucket, allowed only what replication needs", () => {
    const [[, replication]] = resourcesOf(tf, "aws_s3_bucket_replication_configuration");
    const [[roleId, role]] = resourcesOf(tf, "aws_iam_role");
    expect(replication.role).toBe(ref("aws_iam_role", roleId, "arn"));
    const documents = tf.data!.aws_iam_policy_document as Record<string, any>;
    const document = (expression: string) => documents[/data\.aws_iam_policy_document\.([^.]+)\.json/.exec(expression)![1]];
    const source = ref("aws_s3_bucket", bucketsByName()["multiple-server-tfstate"].id, "arn");
    const destination = ref("aws_s3_bucket", bucketsByName()[standby].id, "arn");
    expect(document(role.assume_role_policy).statement).toEqual([
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\./)] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [source] },
        ],
      },
    ]);
    const [[, policy]] = resourcesOf(tf, "aws_iam_role_policy");
    expect(policy.role).toBe(ref("aws_iam_role", roleId, "id"));
    expect(document(policy.policy).statement).toEqual([
      { sid: "ReadReplicationConfiguration", actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: [source] },
      {
        sid: "ReadStateVersions",
        actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        resources: [`${source}/multiple-server/prod/*`],
      },
      {
        sid: "WriteStateCopies",
        actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
        resources: [`${destination}/multiple-server/prod/*`],
      },
    ]);
    expect(json).toHaveResourceWithProperties(S3Bucket, { bucket: standby });
  });

  it("adds nothing when no environment has dr", () => {
    const plain = synthState([settingsFor("dev"), settingsFor("prod")]).tf;
    expect(resourcesOf(plain, "aws_s3_bucket_replication_configuration")).toEqual([]);
    expect(resourcesOf(plain, "aws_iam_role")).toEqual([]);
  });
});

describe("multiple-server-state with KMS-encrypted state and a standby region", () => {
  const seoulKey = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const tokyoKey = "arn:aws:kms:ap-northeast-1:111122223333:key/abcd1234-ab12-cd34-ef56-abcdef123456";
  const { tf } = synthState([settingsFor("prod", { backend: { kmsKeyId: seoulKey }, dr: { region: "ap-northeast-1", stateKmsKeyId: tokyoKey } })]);
  const standby = "multiple-server-tfstate-ap-northeast-1";

  it("encrypts the standby bucket with the standby region's key", () => {
    const id = bucketIdOf(tf, standby);
    const [[, encryption]] = resourcesOf(tf, "aws_s3_bucket_server_side_encryption_configuration").filter(([, e]) => e.bucket === id);
    expect(encryption.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: tokyoKey }, bucket_key_enabled: true }]);
  });

  it("replicates the KMS-encrypted state, re-encrypted with the standby region's key", () => {
    const [[, replication]] = resourcesOf(tf, "aws_s3_bucket_replication_configuration");
    expect(replication.rule[0]).toMatchObject({
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      destination: { encryption_configuration: { replica_kms_key_id: tokyoKey }, storage_class: "STANDARD" },
    });
  });

  it("lets the role decrypt with the source key and encrypt with the destination's, each only through S3 of its region, for that state only", () => {
    const [[, policy]] = resourcesOf(tf, "aws_iam_role_policy");
    const documentId = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1];
    const statements = (tf.data!.aws_iam_policy_document as Record<string, any>)[documentId].statement;
    const source = bucketIdOf(tf, "multiple-server-tfstate").replace(/\.id\}$/, ".arn}");
    const destination = bucketIdOf(tf, standby).replace(/\.id\}$/, ".arn}");
    expect(statements.slice(3)).toEqual([
      {
        sid: "DecryptState0",
        actions: ["kms:Decrypt"],
        resources: [seoulKey],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["s3.ap-northeast-2.amazonaws.com"] },
          { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [source, `${source}/multiple-server/prod/*`] },
        ],
      },
      {
        sid: "EncryptStateCopies0",
        actions: ["kms:Encrypt", "kms:GenerateDataKey"],
        resources: [tokyoKey],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["s3.ap-northeast-1.amazonaws.com"] },
          { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [destination, `${destination}/multiple-server/prod/*`] },
        ],
      },
    ]);
  });
});
