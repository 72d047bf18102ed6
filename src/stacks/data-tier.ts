import type { Construct } from "constructs";
import type { Settings } from "../config/schema";
import type { StandbySettings } from "../config/standby";
import { primaryDatabaseIdentifier } from "../config/standby";
import { Database } from "../constructs/data/database";
import { DatabaseAccess } from "../constructs/data/database-access";
import { DatabaseUsers } from "../constructs/data/database-users";
import { EnhancedMonitoring } from "../constructs/data/enhanced-monitoring";
import { MasterCredentials, StandbyMasterCredentials } from "../constructs/data/master-credentials";
import { StandbyDatabase } from "../constructs/data/standby-database";
import type { Network } from "../constructs/network/network";
import type { SecurityGroups } from "../constructs/network/security-groups";
import type { SecretKms } from "../constructs/shared/secret-key";
import type { DatabaseStatusSource } from "../constructs/web/db-status-page";
import type { WebTier } from "../constructs/web/web-tier";
import { Naming } from "../naming";

/** What a stack's database tier is built from: the pieces the stack already has. */
export interface DataTierParts {
  readonly naming: Naming;
  readonly network: Network;
  readonly groups: SecurityGroups;
  /** The web tier whose role the database access policy goes on. */
  readonly web: WebTier;
  /** Where the servers find the endpoints (SSM parameter names). */
  readonly database: DatabaseStatusSource;
  /** The key of the stack's log groups, with `logKmsEncryption`. */
  readonly logKmsKeyArn?: string;
  /** The key of the stack's secrets, with `secretKmsEncryption` (a primary stack's master secret). */
  readonly secretKms?: SecretKms;
}

/** The database tier a primary stack built. */
export interface DataTier {
  readonly credentials: MasterCredentials;
  readonly database: Database;
  readonly databaseUsers: DatabaseUsers;
}

/**
 * The database tier of a primary stack: master credentials, primary and replica (with enhanced
 * monitoring when set), the function that creates the application's user, and the web role's
 * access. Not a construct: every child is created in the stack's own scope under the id it always
 * had, so no logical id or construct path changes.
 */
export function dataTier(stack: Construct, settings: Settings, parts: DataTierParts): DataTier {
  const { naming, network, groups } = parts;
  const db = settings.database;
  const protect = settings.protectStatefulResources;
  const azs = network.availabilityZones;
  const drRegion = settings.dr?.region;
  // database.masterSecretKmsKeyId (and dr.masterSecretKmsKeyId) win over the stack's secrets key.
  const secretKmsKeyId = db.masterSecretKmsKeyId ?? parts.secretKms?.keyId;
  const credentials = new MasterCredentials(stack, "master-credentials", {
    naming,
    username: db.masterUsername,
    version: db.passwordVersion,
    kmsKeyId: secretKmsKeyId,
    recoveryWindowDays: settings.secretRecoveryWindowDays,
    replica: drRegion ? { region: drRegion, kmsKeyId: settings.dr?.masterSecretKmsKeyId ?? parts.secretKms?.replicaKeyId } : undefined,
    protect,
  });
  const database = new Database(stack, "database", {
    naming,
    settings: db,
    subnetIds: network.databaseSubnets.ids,
    securityGroupId: groups.databaseSecurityGroupId,
    primaryAz: db.primaryAz ?? azs[0],
    replicaAz: db.replicaAz ?? azs[1],
    masterPassword: { value: credentials.password, version: credentials.version },
    logKmsKeyArn: parts.logKmsKeyArn,
    monitoring: enhancedMonitoring(stack, naming, settings.region, db.monitoringIntervalSeconds),
    protect,
  });
  // The application's user, created by the database tier; the web servers connect as it with IAM.
  const databaseUsers = new DatabaseUsers(stack, "database-users", {
    naming,
    region: settings.region,
    subnetIds: network.databaseSubnets.ids,
    securityGroupId: groups.databaseUsersSecurityGroupId!,
    masterSecretArn: credentials.secretArn,
    secretKmsKeyArn: secretKmsKeyId,
    primary: { address: database.writerAddress, port: db.port, resourceId: database.primary.resourceId },
    username: db.appUsername,
    schema: db.appSchema,
    passwordVersion: credentials.version,
    logKmsKeyArn: parts.logKmsKeyArn,
    dependsOn: [database.primary, ...network.privateInternetConnectivity, ...network.databaseInternetConnectivity, ...groups.databaseUsersRules],
    protect,
  });
  databaseAccess(stack, settings, parts, {
    writerAddress: database.writerAddress,
    readerAddress: database.readerAddress,
    databaseResourceIds: [database.primary.resourceId, database.replica.resourceId],
  });
  return { credentials, database, databaseUsers };
}

/** The database tier a standby stack built. */
export interface StandbyDataTier {
  readonly database: StandbyDatabase;
  readonly credentials: StandbyMasterCredentials;
}

/**
 * The database tier of a standby stack: the cross-region replica (or, promoted, the writer), the
 * master secret's replica in this region, and the web role's access. As `dataTier`, in the stack's
 * own scope.
 */
export function standbyDataTier(stack: Construct, settings: StandbySettings, parts: DataTierParts): StandbyDataTier {
  const { naming, network, groups } = parts;
  const dr = settings.dr;
  const database = new StandbyDatabase(stack, "database", {
    naming,
    settings: settings.database,
    primaryRegion: settings.region,
    region: dr.region,
    primaryIdentifier: primaryDatabaseIdentifier(settings),
    subnetIds: network.databaseSubnets.ids,
    securityGroupId: groups.databaseSecurityGroupId,
    availabilityZone: network.availabilityZones[0],
    backupRetentionDays: dr.backupRetentionDays,
    promote: dr.promote,
    logKmsKeyArn: parts.logKmsKeyArn,
    monitoring: enhancedMonitoring(stack, naming, dr.region, settings.database.monitoringIntervalSeconds),
    protect: settings.protectStatefulResources,
  });
  // The standby database is the writer and the reader: read-only while a replica (MySQL refuses
  // writes on an RDS replica), writable once promoted, at the same address. The application user
  // reached it by replication from the primary and stays through a promotion (the instance, and
  // so its resource id, stays too): the servers connect as it with IAM, as the primary's do, and
  // never read the master secret, whose replica in this region serves administrators.
  const credentials = new StandbyMasterCredentials(stack, "master-credentials", { primaryNaming: new Naming(settings.namePrefix) });
  databaseAccess(stack, settings, parts, {
    writerAddress: database.instance.address,
    readerAddress: database.instance.address,
    databaseResourceIds: [database.instance.resourceId],
  });
  return { database, credentials };
}

function enhancedMonitoring(stack: Construct, naming: Naming, region: string, intervalSeconds: number | undefined) {
  return intervalSeconds ? new EnhancedMonitoring(stack, "rds-monitoring", { naming, region, intervalSeconds }) : undefined;
}

/** The endpoints' SSM parameters and the web role's policy to read them and connect as the application user. */
function databaseAccess(
  stack: Construct,
  settings: Settings,
  parts: DataTierParts,
  instances: { writerAddress: string; readerAddress: string; databaseResourceIds: string[] },
): void {
  new DatabaseAccess(stack, "database-access", {
    naming: parts.naming,
    region: parts.database.region,
    roleName: parts.web.role.name,
    parameters: parts.database.parameters,
    username: settings.database.appUsername,
    ...instances,
  });
}
