import { Construct } from "constructs";
import {
  CloudwatchLogGroup,
  DataAwsCallerIdentity,
  DataAwsIamPolicyDocument,
  DataAwsPartition,
  DbInstance,
  DbInstanceAutomatedBackupsReplication,
  KmsAlias,
  KmsKey,
} from "../../aws";
import { KMS_DELETION_WINDOW_DAYS, LOG_RETENTION_DAYS } from "../../config/constants";
import { type DatabaseSettings, storageCeilingGiB } from "../../config/schema";
import { Naming } from "../../naming";
import { databaseGroups } from "./database";
import { serviceKeyStatements } from "../shared/key-policy";
import type { EnhancedMonitoring } from "./enhanced-monitoring";

export interface StandbyDatabaseProps {
  /** Source of every AWS name (the standby's, `<prefix>-dr`). Required. */
  readonly naming: Naming;
  /** The primary's database settings: class, port, engine version, logs, backups and protection. Required. */
  readonly settings: DatabaseSettings;
  /** Region of the primary database. Required. */
  readonly primaryRegion: string;
  /**
   * Region of this standby (the stack's provider's), for the key policy's kms:ViaService. Required.
   * From the settings rather than a `data "aws_region"`, as in Network: the provider renamed that
   * data source's attribute (`name` in 5.x, `region` in 6.x), so reading it ties the stack to one major version.
   */
  readonly region: string;
  /** Identifier of the primary database (`multiple-server-db-a`): with the account and region it makes the source's ARN. Required. */
  readonly primaryIdentifier: string;
  /** Database subnets of the standby VPC, in at least two zones. Required. */
  readonly subnetIds: string[];
  /** Security group of the standby database. Required. */
  readonly securityGroupId: string;
  /** Zone of the standby instance. Required. */
  readonly availabilityZone: string;
  /** Days RDS keeps the primary's automated backups replicated into this region. Required (config `dr.backupRetentionDays`). */
  readonly backupRetentionDays: number;
  /**
   * Promote the replica to a standalone primary: `replicate_source_db` goes (the AWS provider
   * then calls PromoteReadReplica), and the instance takes a primary's backups, Multi-AZ and final
   * snapshot, at once whatever `applyImmediately` says. It keeps its source's master password, the
   * one in the replicated secret. @default false
   */
  readonly promote?: boolean;
  /** KMS key of the RDS log groups (LogKey). @default unset (CloudWatch Logs' own encryption) */
  readonly logKmsKeyArn?: string;
  /** Enhanced Monitoring of the instance. @default unset (off) */
  readonly monitoring?: EnhancedMonitoring;
  /** `prevent_destroy` on the instance, its key and its log groups. @default false */
  readonly protect?: boolean;
}

/**
 * The standby region's copy of the database: a cross-region read replica of the primary, encrypted
 * with a KMS key of this region, in its own subnet, parameter and security groups; and the
 * primary's automated backups replicated into this region, so a point in time before a bad write
 * can be restored here too. It refers to the primary only by ARN, built from the account (caller
 * identity), the primary's region and identifier: nothing of the primary stack's state is read,
 * so this plans and applies while the primary region is down.
 */
export class StandbyDatabase extends Construct {
  public readonly instance: DbInstance;
  public readonly key: KmsKey;
  public readonly backups: DbInstanceAutomatedBackupsReplication;
  /** ARN of the primary this replicates (a string built here, not a reference to another stack). */
  public readonly sourceArn: string;
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: StandbyDatabaseProps) {
    super(scope, id);
    const { naming, settings } = props;
    const promote = props.promote ?? false;
    const preventDestroy = props.protect ? { preventDestroy: true } : {};
    const lifecycle = props.protect ? preventDestroy : undefined;

    const partition = new DataAwsPartition(this, "partition");
    const account = new DataAwsCallerIdentity(this, "account");
    this.sourceArn = `arn:${partition.partition}:rds:${props.primaryRegion}:${account.accountId}:db:${props.primaryIdentifier}`;

    // A key policy of its own (checkov CKV2_AWS_64) instead of KMS's default, which lets any
    // principal of the account that IAM allows do anything with the key: the account administers
    // the key (so it can never become unmanageable: AWS KMS Developer Guide, "Default key policy"),
    // and uses it for data only through RDS in this region (kms:ViaService), which is how RDS
    // encrypts the replica and the replicated backups: with grants it creates for them
    // (kms:GrantIsForAWSResource). IAM policies still decide which principals may do either.
    const accountRoot = `arn:${partition.partition}:iam::${account.accountId}:root`;
    const viaRds = { test: "StringEquals", variable: "kms:ViaService", values: [`rds.${props.region}.amazonaws.com`] };
    const keyPolicy = new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        ...serviceKeyStatements({ accountRoot, accountId: account.accountId, viaService: viaRds.values[0], useSid: "UseThroughRdsOnly" }),
        {
          sid: "RdsGrantsForItsResources",
          principals: [{ type: "AWS", identifiers: [accountRoot] }],
          actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
          resources: ["*"],
          condition: [viaRds, { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
      ],
    });
    this.key = new KmsKey(this, "key", {
      description: `RDS storage and replicated backups of ${naming.prefix}`,
      policy: keyPolicy.json,
      enableKeyRotation: true,
      deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
      lifecycle,
      tags: { Name: naming.name("rds") },
    });
    new KmsAlias(this, "key-alias", { name: `alias/${naming.name("rds")}`, targetKeyId: this.key.keyId });

    // As on the primary (same ids, names and parameters): no connection without TLS.
    const { subnetGroup, parameters } = databaseGroups(this, naming, settings, props.subnetIds);

    const identifier = naming.perAz("db", props.availabilityZone);
    const logGroups = settings.logExports.map(
      (type) =>
        new CloudwatchLogGroup(this, `log-${type}`, {
          name: naming.rdsLogGroup(identifier, type),
          retentionInDays: LOG_RETENTION_DAYS,
          kmsKeyId: props.logKmsKeyArn,
          lifecycle,
          tags: { Name: naming.rdsLogGroup(identifier, type) },
        }),
    );

    // Promoted, the instance is the writer: it keeps what a primary keeps (the rules MS-RDS-3, -4,
    // -6 and -7 read it as a primary from then on).
    const asPrimary = promote
      ? {
          backupRetentionPeriod: settings.backupRetentionDays,
          backupWindow: settings.backupWindow,
          // What it inherited from the primary; storage autoscaling may have grown it since,
          // and RDS never shrinks a volume, so later differences are ignored.
          allocatedStorage: settings.allocatedStorageGiB,
          multiAz: settings.multiAz,
          skipFinalSnapshot: settings.skipFinalSnapshot,
          finalSnapshotIdentifier: settings.skipFinalSnapshot ? undefined : naming.finalSnapshot(identifier),
        }
      : // The primary's backup window, as on the primary stack's replica (database.ts): RDS refuses
        // a maintenance window that conflicts with the backup window it would pick otherwise.
        { replicateSourceDb: this.sourceArn, multiAz: false, skipFinalSnapshot: true, backupWindow: settings.backupWindow };

    this.instance = new DbInstance(this, "instance", {
      identifier,
      instanceClass: settings.instanceClass,
      port: settings.port,
      availabilityZone: promote && settings.multiAz ? undefined : props.availabilityZone,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      storageEncrypted: true,
      kmsKeyId: this.key.arn,
      // As on the primary: the application user (replicated from it) connects with IAM tokens.
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: settings.logExports,
      deletionProtection: settings.deletionProtection,
      maxAllocatedStorage: storageCeilingGiB(settings),
      // A failover cannot wait for the maintenance window: promoted, Multi-AZ and backups apply now.
      applyImmediately: promote || settings.applyImmediately,
      maintenanceWindow: settings.maintenanceWindow,
      ...asPrimary,
      ...props.monitoring?.settings,
      dependsOn: [...logGroups, ...(props.monitoring ? [props.monitoring.policyAttachment] : [])],
      lifecycle: promote ? { ...preventDestroy, ignoreChanges: ["allocated_storage"] } : lifecycle,
      tags: { Name: identifier },
    });
    this.endpoint = this.instance.endpoint;

    // The AWS provider documents this resource as created in the destination region: this stack's.
    this.backups = new DbInstanceAutomatedBackupsReplication(this, "backups", {
      sourceDbInstanceArn: this.sourceArn,
      retentionPeriod: props.backupRetentionDays,
      kmsKeyId: this.key.arn,
    });
  }
}
