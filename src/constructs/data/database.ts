import { Construct } from "constructs";
import { CloudwatchLogGroup, DbInstance, DbParameterGroup, DbSubnetGroup } from "../../aws";
import { LOG_RETENTION_DAYS } from "../../config/constants";
import { type DatabaseSettings, storageCeilingGiB } from "../../config/schema";
import { mysqlParameterGroupFamily } from "../../config/versions";
import { Naming } from "../../naming";
import type { EnhancedMonitoring } from "./enhanced-monitoring";

export interface DatabaseProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Engine, class, storage, backups and protection. @default the `database` defaults of config/schema.ts */
  readonly settings: DatabaseSettings;
  /** Database subnets, in at least two zones. Required. */
  readonly subnetIds: string[];
  /** Security group of the database. Required. */
  readonly securityGroupId: string;
  /** Zone of the primary (ignored when Multi-AZ: RDS places it). Required. */
  readonly primaryAz: string;
  /** Zone of the read replica. Required. */
  readonly replicaAz: string;
  /** The master password (an ephemeral value from MasterCredentials) and its version. Required. */
  readonly masterPassword: { readonly value: string; readonly version: number };
  /** KMS key of the RDS log groups (LogKey). @default unset (CloudWatch Logs' own encryption) */
  readonly logKmsKeyArn?: string;
  /** Enhanced Monitoring of both instances. @default unset (off) */
  readonly monitoring?: EnhancedMonitoring;
  /** `prevent_destroy` on both instances and their log groups. @default false */
  readonly protect?: boolean;
}

/**
 * RDS MySQL primary and a read replica in another zone. The master password comes from the
 * stack's own secret (MasterCredentials) through a write-only argument, so it exists in neither
 * source, plan nor state; not RDS-managed, because RDS refuses a replica of a source whose password
 * it manages (RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager",
 * Limitations). The replica inherits the password from its source. A parameter
 * group requires TLS on every connection and turns the slow query log on (or exporting it to
 * CloudWatch would export nothing). Storage grows by itself up to a ceiling. The
 * exported logs go to log groups declared here with a retention: left to RDS, it creates them
 * on first export, keeps them forever and leaves them behind on destroy.
 */
export class Database extends Construct {
  public readonly primary: DbInstance;
  public readonly replica: DbInstance;
  public readonly primaryEndpoint: string;
  public readonly replicaEndpoint: string;
  /** Host name of the primary (the writer), without the port. */
  public readonly writerAddress: string;
  /** Host name of the read replica (the reader), without the port. */
  public readonly readerAddress: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { naming, settings } = props;
    const lifecycle = props.protect ? { preventDestroy: true } : undefined;

    const { subnetGroup, parameters } = databaseGroups(this, naming, settings, props.subnetIds);

    const common = {
      instanceClass: settings.instanceClass,
      port: settings.port,
      vpcSecurityGroupIds: [props.securityGroupId],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      storageEncrypted: true,
      // The application connects with IAM tokens, never a password (DatabaseAccess, DatabaseUsers).
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: settings.logExports,
      deletionProtection: settings.deletionProtection,
      // A full disk stops MySQL: RDS grows the volume up to this ceiling instead.
      maxAllocatedStorage: storageCeilingGiB(settings),
      applyImmediately: settings.applyImmediately,
      maintenanceWindow: settings.maintenanceWindow,
      ...props.monitoring?.settings,
      lifecycle,
    };
    const monitoringReady = props.monitoring ? [props.monitoring.policyAttachment] : [];

    const logGroups = (key: string, identifier: string) =>
      settings.logExports.map(
        (type) =>
          new CloudwatchLogGroup(this, `${key}-log-${type}`, {
            name: naming.rdsLogGroup(identifier, type),
            retentionInDays: LOG_RETENTION_DAYS,
            kmsKeyId: props.logKmsKeyArn,
            lifecycle,
            tags: { Name: naming.rdsLogGroup(identifier, type) },
          }),
      );

    const primaryName = naming.perAz("db", props.primaryAz);
    this.primary = new DbInstance(this, "primary", {
      ...common,
      dependsOn: [...logGroups("primary", primaryName), ...monitoringReady],
      identifier: primaryName,
      engine: "mysql",
      engineVersion: settings.engineVersion,
      allocatedStorage: settings.allocatedStorageGiB,
      storageType: "gp3",
      dbSubnetGroupName: subnetGroup.name,
      // RDS chooses the zone of a Multi-AZ primary; naming one is an API error.
      availabilityZone: settings.multiAz ? undefined : props.primaryAz,
      multiAz: settings.multiAz,
      username: settings.masterUsername,
      passwordWo: props.masterPassword.value,
      passwordWoVersion: props.masterPassword.version,
      backupRetentionPeriod: settings.backupRetentionDays,
      backupWindow: settings.backupWindow,
      skipFinalSnapshot: settings.skipFinalSnapshot,
      finalSnapshotIdentifier: settings.skipFinalSnapshot ? undefined : naming.finalSnapshot(primaryName),
      tags: { Name: primaryName },
    });

    const replicaName = naming.perAz("db", props.replicaAz);
    this.replica = new DbInstance(this, "replica", {
      ...common,
      dependsOn: [...logGroups("replica", replicaName), ...monitoringReady],
      identifier: replicaName,
      replicateSourceDb: this.primary.identifier,
      availabilityZone: props.replicaAz,
      // The provider sends a replica's maintenance_window in a ModifyDBInstance after
      // CreateDBInstanceReadReplica (internal/service/rds/instance.go, the replicate_source_db
      // branch of resourceInstanceCreate), and RDS refuses it if it conflicts with the replica's
      // backup window (CreateDBInstance/ModifyDBInstance, PreferredMaintenanceWindow): the
      // primary's window, which the rules checked against it, instead of one RDS picks.
      backupWindow: settings.backupWindow,
      // A replica is rebuilt from the primary; a final snapshot of it would only cost money.
      skipFinalSnapshot: true,
      tags: { Name: replicaName },
    });

    this.primaryEndpoint = this.primary.endpoint;
    this.replicaEndpoint = this.replica.endpoint;
    this.writerAddress = this.primary.address;
    this.readerAddress = this.replica.address;
  }
}

/**
 * The subnet group and the parameter group of a database (the primary's or a standby's), created
 * in `scope` under the ids "subnet-group" and "parameters" so their addresses stay what they were.
 * The parameter group requires TLS and turns the slow query log on.
 */
export function databaseGroups(
  scope: Construct,
  naming: Naming,
  settings: DatabaseSettings,
  subnetIds: string[],
): { subnetGroup: DbSubnetGroup; parameters: DbParameterGroup } {
  const family = mysqlParameterGroupFamily(settings.engineVersion);
  const subnetGroup = new DbSubnetGroup(scope, "subnet-group", {
    name: naming.name("subnet-group"),
    description: `Database subnets of ${naming.prefix}`,
    subnetIds: subnetIds,
    tags: { Name: naming.name("subnet-group") },
  });
  const parameters = new DbParameterGroup(scope, "parameters", {
    name: naming.parameterGroup(family),
    family,
    // The description forces a new group, which RDS refuses to delete while instances use it:
    // it stays as first written, though the group now requires TLS too.
    description: `Slow query log on for ${family}`,
    parameter: [
      // Refuses every connection without TLS, so no credential or row crosses the VPC in clear text.
      { name: "require_secure_transport", value: "1" },
      { name: "slow_query_log", value: "1" },
      { name: "long_query_time", value: String(settings.slowQuerySeconds) },
      { name: "log_output", value: "FILE" },
      ...userParameters(settings),
    ],
    tags: { Name: naming.parameterGroup(family) },
  });
  return { subnetGroup, parameters };
}

/** The user's `database.parameters`, after ours (the rules refuse any of ours among them). */
function userParameters(settings: DatabaseSettings): { name: string; value: string; applyMethod?: string }[] {
  return Object.entries(settings.parameters ?? {}).map(([name, given]) =>
    typeof given === "object" ? { name, value: String(given.value), applyMethod: given.applyMethod } : { name, value: String(given) },
  );
}
