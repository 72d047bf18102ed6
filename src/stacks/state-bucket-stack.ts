import { Construct } from "constructs";
import { LocalBackend, TerraformDataSource, TerraformResource, TerraformStack } from "../cdk";
import {
  AwsProvider,
  DataAwsCallerIdentity,
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
  DynamodbTable,
  IamRole,
  IamRolePolicy,
  S3BucketReplicationConfiguration,
} from "../aws";
import { LOG_RETENTION_DAYS, SHARED_ENVIRONMENT, STATE_LOCK_HASH_KEY } from "../config/constants";
import { ConfigError } from "../config/errors";
import { planStateStorage, type StatePlan, type StateReplicationPlan } from "../config/across-environments";
import type { Settings } from "../config/schema";
import { PROJECT, STATE_STACK_NAME } from "../naming";
import { SecureBucket } from "../constructs/shared/secure-bucket";
import { localStatePath } from "../constructs/shared/state-backend";
import { defaultTags } from "./stack";

/**
 * The buckets and lock tables named by the `s3` backends of `environments`, each once (see
 * `planStateStorage`). loadSettings already refuses environments that disagree about a shared
 * bucket or lock table, with every other problem; this throws the same problems for a caller
 * that built its settings some other way.
 */
export function statePlan(environments: readonly Settings[]): StatePlan {
  const { plan, problems } = planStateStorage(environments);
  if (problems.length) throw new ConfigError(problems);
  return plan;
}

export interface StateBucketStackProps {
  /** Settings of the environments whose state the stack hosts; only `s3` backends need anything. Required. */
  readonly environments: readonly Settings[];
  /** `prevent_destroy` on the buckets and the lock table. @default true (losing state orphans every environment) */
  readonly protect?: boolean;
  /** Days an overwritten state version is kept before it expires. @default LOG_RETENTION_DAYS (90) */
  readonly noncurrentVersionExpirationDays?: number;
}

/**
 * `multiple-server-state`: the bootstrap stack that creates the state buckets (and the opt-in
 * DynamoDB lock tables) the environments' S3 backends name. It keeps its own state locally
 * because the bucket it would need does not exist before it has run: apply it once, by hand,
 * before the first environment.
 */
export class StateBucketStack extends TerraformStack {
  /** The buckets and tables this stack creates. */
  public readonly plan: StatePlan;
  public readonly buckets: SecureBucket[] = [];
  public readonly lockTables: DynamodbTable[] = [];
  /** Replication of a bucket into standby regions' buckets (one per source bucket). */
  public readonly replications: S3BucketReplicationConfiguration[] = [];

  constructor(scope: Construct, props: StateBucketStackProps) {
    super(scope, STATE_STACK_NAME);
    this.plan = statePlan(props.environments);
    const protect = props.protect ?? true;
    // In terraform-state/ beside cdktf.out: a synth that drops this stack deletes its folder.
    new LocalBackend(this, { path: localStatePath(`terraform.${STATE_STACK_NAME}.tfstate`) });

    const tags = defaultTags({ ...props.environments[0], tags: sharedTags(props.environments), environment: SHARED_ENVIRONMENT });
    const providers = new Map<string, AwsProvider>();
    // The first region gets the default provider; a bucket elsewhere needs a provider of its own region.
    const providerFor = (region: string): AwsProvider | undefined => {
      let provider = providers.get(region);
      if (!provider) {
        const alias = providers.size ? region : undefined;
        provider = new AwsProvider(this, alias ? `aws-${region}` : "aws", { region, alias, defaultTags: [{ tags }] });
        providers.set(region, provider);
      }
      return provider.alias ? provider : undefined; // undefined: the default provider
    };

    const byName = new Map<string, SecureBucket>();
    for (const bucket of this.plan.buckets) {
      const provider = providerFor(bucket.region);
      const secure = new SecureBucket(this, `bucket-${bucket.name}`, {
        bucketName: bucket.name,
        versioned: true, // every state write is a new version: a bad apply can be rolled back
        kmsKeyId: bucket.kmsKeyId,
        noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? LOG_RETENTION_DAYS,
        protect,
      });
      if (provider) useProvider(secure, provider);
      this.buckets.push(secure);
      byName.set(bucket.name, secure);
    }
    const bySource = new Map<string, StateReplicationPlan[]>();
    for (const r of this.plan.replications) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
    for (const [source, rules] of bySource) {
      const region = this.plan.buckets.find((b) => b.name === source)!.region;
      this.replications.push(this.replicate(source, rules, byName, providerFor(region)));
    }
    for (const table of this.plan.tables) {
      this.lockTables.push(
        new DynamodbTable(this, `lock-table-${table.name}`, {
          provider: providerFor(table.region),
          name: table.name,
          // A lock is a few writes per Terraform run: paying per request costs nothing at rest.
          billingMode: "PAY_PER_REQUEST",
          hashKey: STATE_LOCK_HASH_KEY,
          attribute: [{ name: STATE_LOCK_HASH_KEY, type: "S" }],
          pointInTimeRecovery: { enabled: true },
          serverSideEncryption: { enabled: true },
          deletionProtectionEnabled: protect,
          lifecycle: protect ? { preventDestroy: true } : undefined,
          tags: { Name: table.name },
        }),
      );
    }
  }

  /**
   * Replicates `rules` (each an environment's state prefix) from bucket `source` into the standby
   * regions' buckets: every new state version is copied within minutes, so `terraform state pull`
   * (and a targeted apply) still works against the copy while the source region is down. Delete
   * markers are replicated too, so the copy never shows a state the source has deleted. The role
   * may read only those prefixes of the source and write only the same prefixes of the
   * destinations, and S3 may assume it only for this account's source bucket.
   */
  private replicate(
    source: string,
    rules: StateReplicationPlan[],
    buckets: Map<string, SecureBucket>,
    provider: AwsProvider | undefined,
  ): S3BucketReplicationConfiguration {
    const from = buckets.get(source)!;
    const id = `replication-${source}`;
    const account = new DataAwsCallerIdentity(this, `${id}-account`, { provider });
    const assume = new DataAwsIamPolicyDocument(this, `${id}-assume`, {
      provider,
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [from.bucket.arn] },
          ],
        },
      ],
    });
    const role = new IamRole(this, `${id}-role`, {
      provider,
      namePrefix: `${PROJECT}-state-replication-`,
      description: `S3 replication of the state in ${source} into the standby regions`,
      assumeRolePolicy: assume.json,
    });
    const destinationArn = (name: string) => buckets.get(name)!.bucket.arn;
    const permissions = new DataAwsIamPolicyDocument(this, `${id}-permissions`, {
      provider,
      statement: [
        { sid: "ReadReplicationConfiguration", actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: [from.bucket.arn] },
        {
          sid: "ReadStateVersions",
          actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
          resources: rules.map((r) => `${from.bucket.arn}/${r.prefix}*`),
        },
        {
          sid: "WriteStateCopies",
          actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
          resources: rules.map((r) => `${destinationArn(r.destination)}/${r.prefix}*`),
        },
        ...rules.flatMap((r, i) => kmsStatements(r, i, from.bucket.arn, destinationArn(r.destination))),
      ],
    });
    new IamRolePolicy(this, `${id}-policy`, { provider, role: role.id, policy: permissions.json });
    const versioning = rules.flatMap((r) => [from.versioning, buckets.get(r.destination)?.versioning]).filter((v) => v !== undefined);
    return new S3BucketReplicationConfiguration(this, id, {
      provider,
      bucket: from.bucket.id,
      role: role.arn,
      rule: rules.map((r, priority) => ({
        id: `${r.environment}-to-${r.destination}`.slice(0, 255),
        status: "Enabled",
        priority,
        filter: { prefix: r.prefix },
        deleteMarkerReplication: { status: "Enabled" },
        // S3 replicates KMS-encrypted objects only when told to, and re-encrypts them with a key
        // of the destination's region.
        sourceSelectionCriteria: r.sourceKmsKeyId ? { sseKmsEncryptedObjects: { status: "Enabled" } } : undefined,
        destination: {
          bucket: buckets.get(r.destination)!.bucket.arn,
          storageClass: "STANDARD",
          encryptionConfiguration: r.sourceKmsKeyId && r.destinationKmsKeyId ? { replicaKmsKeyId: r.destinationKmsKeyId } : undefined,
        },
      })),
      // S3 refuses a replication configuration until both buckets are versioned.
      dependsOn: versioning,
    });
  }
}

/**
 * What the replication role needs of the KMS keys of `rule`: decrypt the source's state with its
 * key, encrypt the copies with the destination's, each only through S3 in that key's region and
 * only for that environment's state (the encryption context names the object, or the bucket when
 * S3 Bucket Keys are on, as SecureBucket turns them on with a KMS key). None for SSE-S3 state.
 */
function kmsStatements(rule: StateReplicationPlan, index: number, sourceArn: string, destinationArn: string): DataAwsIamPolicyDocumentStatement[] {
  if (!rule.sourceKmsKeyId || !rule.destinationKmsKeyId) return [];
  const scoped = (region: string, bucketArn: string) => [
    { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${region}.amazonaws.com`] },
    { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [bucketArn, `${bucketArn}/${rule.prefix}*`] },
  ];
  return [
    { sid: `DecryptState${index}`, actions: ["kms:Decrypt"], resources: [rule.sourceKmsKeyId], condition: scoped(rule.sourceRegion, sourceArn) },
    {
      sid: `EncryptStateCopies${index}`,
      actions: ["kms:Encrypt", "kms:GenerateDataKey"],
      resources: [rule.destinationKmsKeyId],
      condition: scoped(rule.destinationRegion, destinationArn),
    },
  ];
}

/**
 * The bootstrap stack when some selected environment keeps its state in S3, else nothing:
 * `cloud` and `local` state need no AWS resources.
 */
export function stateBucketStacks(scope: Construct, environments: readonly Settings[]): StateBucketStack[] {
  return environments.some((s) => s.backend.kind === "s3") ? [new StateBucketStack(scope, { environments })] : [];
}

/** The user tags every environment agrees on: the shared resources belong to all of them. */
function sharedTags(environments: readonly Settings[]): Record<string, string> {
  const [first, ...rest] = environments;
  return Object.fromEntries(Object.entries(first?.tags ?? {}).filter(([key, value]) => rest.every((s) => s.tags[key] === value)));
}

/** Puts every resource and data source under `scope` on `provider` (SecureBucket takes none). */
function useProvider(scope: Construct, provider: AwsProvider): void {
  for (const node of scope.node.findAll()) {
    if (node instanceof TerraformResource || node instanceof TerraformDataSource) node.provider = provider;
  }
}
