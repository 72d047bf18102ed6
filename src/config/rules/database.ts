// Database settings (schema `database`): names, ports, zones, storage and the master secret.
import { MYSQL_STATIC_PARAMETERS, SECRET_RECOVERY_WINDOW_DAYS, STORAGE_CEILING_MIN_PERCENT } from "../constants";
import { type DatabaseSettings, storageCeilingGiB } from "../schema";
import { check, type Problem } from "./check";
import { instanceClassRule } from "./instance-types";

const BACKUP_RETENTION = { min: 1, max: 35 } as const;

/** MySQL on RDS: 1 to 16 letters, digits or underscores, starting with a letter. */
const MYSQL_MASTER_USERNAME = /^[A-Za-z][A-Za-z0-9_]{0,15}$/;

/** The user RDS runs the instance with; it refuses it as a master user name. */
const RDS_RESERVED_USERNAME = "rdsadmin";

/** Ports RDS for MySQL accepts for its endpoint; CreateDBInstance refuses any other. */
const RDS_MYSQL_PORT = { min: 1150, max: 65535 } as const;

export const checkDatabase = check(["database"], (s, problem) => {
  const d = s.database;
  if (!MYSQL_MASTER_USERNAME.test(d.masterUsername)) {
    problem("database.masterUsername", d.masterUsername, "must be 1 to 16 letters, digits or underscores, starting with a letter (MySQL on RDS)");
  } else if (d.masterUsername.toLowerCase() === RDS_RESERVED_USERNAME) {
    problem("database.masterUsername", d.masterUsername, "is reserved by RDS for its own administration; choose another name");
  }
  const classRule = instanceClassRule(d.instanceClass);
  if (classRule) problem("database.instanceClass", d.instanceClass, classRule);
  if (d.port < RDS_MYSQL_PORT.min || d.port > RDS_MYSQL_PORT.max) {
    problem("database.port", d.port, `must be ${RDS_MYSQL_PORT.min} to ${RDS_MYSQL_PORT.max} (the ports RDS for MySQL accepts)`);
  }
  if (d.backupRetentionDays < BACKUP_RETENTION.min || d.backupRetentionDays > BACKUP_RETENTION.max) {
    problem(
      "database.backupRetentionDays",
      d.backupRetentionDays,
      `must be ${BACKUP_RETENTION.min} to ${BACKUP_RETENTION.max} days (a read replica needs automated backups)`,
    );
  }
  if (d.deletionProtection && d.skipFinalSnapshot) {
    problem("database.skipFinalSnapshot", d.skipFinalSnapshot, "must be false when database.deletionProtection is on (a protected database keeps a final snapshot)");
  }
});

/** A MySQL user or schema name the database tier's function quotes as an identifier (MySQL allows 32 characters in a user name). */
const MYSQL_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

export const checkDatabaseUsers = check(["database"], (s, problem) => {
  const d = s.database;
  if (!MYSQL_IDENTIFIER.test(d.appUsername)) {
    problem("database.appUsername", d.appUsername, "must be 1 to 32 letters, digits or underscores, starting with a letter");
  } else if ([d.masterUsername.toLowerCase(), RDS_RESERVED_USERNAME].includes(d.appUsername.toLowerCase())) {
    problem("database.appUsername", d.appUsername, "must differ from database.masterUsername and rdsadmin (the application never connects as an administrator)");
  }
  if (d.appSchema !== undefined && !MYSQL_IDENTIFIER.test(d.appSchema)) {
    problem("database.appSchema", d.appSchema, "must be 1 to 32 letters, digits or underscores, starting with a letter");
  }
});

export const checkStorageCeiling = check(["database"], (s, problem) => {
  const d = s.database;
  const ceiling = storageCeilingGiB(d);
  const least = Math.ceil((d.allocatedStorageGiB * STORAGE_CEILING_MIN_PERCENT) / 100);
  if (ceiling < least) {
    problem(
      "database.maxAllocatedStorageGiB",
      ceiling,
      `must be at least 10% above database.allocatedStorageGiB ${d.allocatedStorageGiB} (${least} or more; RDS refuses a lower storage autoscaling ceiling)`,
    );
  }
});

/** A KMS key ARN (not an alias: IAM grants kms:Decrypt on key ARNs) in `region`. */
export const KMS_KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

export const checkSecretKey = check(["database", "region"], (s, problem) => {
  const key = s.database.masterSecretKmsKeyId;
  if (key === undefined) return;
  const match = KMS_KEY_ARN.exec(key);
  if (!match) {
    problem("database.masterSecretKmsKeyId", key, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or id: the database users function's role is granted kms:Decrypt on it by ARN");
  } else if (match[1] !== s.region) {
    problem("database.masterSecretKmsKeyId", key, `must be a key in the stack's region ${s.region} (the secret lives there)`);
  }
});

export const checkSecretRecovery = check(["secretRecoveryWindowDays", "production"], (s, problem) => {
  const days = s.secretRecoveryWindowDays;
  const { min, max } = SECRET_RECOVERY_WINDOW_DAYS;
  if (days !== 0 && (days < min || days > max)) {
    problem("secretRecoveryWindowDays", days, `must be 0 (deleted at once) or ${min} to ${max}: the windows Secrets Manager allows`);
  } else if (days === 0 && s.production) {
    problem("secretRecoveryWindowDays", days, `must be ${min} to ${max} in a production environment: at 0 a destroyed database password can never be restored`);
  }
});

export const checkDatabaseZones = check(["database", "network"], (s, problem) => {
  const d = s.database;
  const azs = s.network.availabilityZones;
  const primary = d.primaryAz ?? azs[0];
  const replica = d.replicaAz ?? azs[1];
  if (d.primaryAz !== undefined && !azs.includes(d.primaryAz)) {
    problem("database.primaryAz", d.primaryAz, `is not one of network.availabilityZones (${azs.join(", ")})`);
  }
  if (d.replicaAz !== undefined && !azs.includes(d.replicaAz)) {
    problem("database.replicaAz", d.replicaAz, `is not one of network.availabilityZones (${azs.join(", ")})`);
  }
  if (primary !== undefined && primary === replica) {
    problem("database.replicaAz", replica, `must differ from the primary's zone ${primary}`);
  }
});

export const checkDatabasePort = check(["database", "web"], (s, problem) => {
  if (s.database.port === s.web.port) problem("database.port", s.database.port, `must differ from web.port ${s.web.port}`);
});

/**
 * The parameters the stack sets for safety or its logs (databaseGroups in
 * constructs/data/database.ts): a user's value would silently replace ours.
 */
export const STACK_DATABASE_PARAMETERS: Record<string, string> = {
  require_secure_transport: "refuses connections without TLS, so no credential or row crosses the VPC in clear text",
  slow_query_log: "feeds the slow query log the stack exports",
  long_query_time: "is database.slowQuerySeconds; set that instead",
  log_output: "writes the logs to files RDS exports to CloudWatch Logs",
};

/** One entry of `database.parameters`: a value, or the value and how RDS applies it. */
type DatabaseParameter = NonNullable<DatabaseSettings["parameters"]>[string];

/** A MySQL system variable name as RDS lists it in a parameter group. */
const MYSQL_PARAMETER_NAME = /^[a-z][a-z0-9_.-]{0,254}$/i;

export const checkDatabaseParameters = check(["database"], (s, problem) => {
  // The provider sends every name in lower case (internal/service/rds/flex.go, expandParameters:
  // strings.ToLower), so two names that differ only in case are one parameter given twice.
  const first = new Map<string, string>();
  for (const [name, given] of Object.entries(s.database.parameters ?? {})) {
    const path = `database.parameters.${name}`;
    const value = typeof given === "object" ? given.value : given;
    const lower = name.toLowerCase();
    const ours = STACK_DATABASE_PARAMETERS[lower];
    if (!MYSQL_PARAMETER_NAME.test(name)) problem(path, value, "is not under a MySQL parameter name (letters, digits, _ . -, starting with a letter)");
    else if (ours) problem(path, value, `cannot be set: the stack sets ${lower} itself (it ${ours})`);
    else if (first.has(lower)) problem(path, value, `is database.parameters.${first.get(lower)} again (RDS parameter names are not case-sensitive: the provider sends both as ${lower})`);
    else {
      first.set(lower, name);
      checkParameterValue(typeof given === "object" ? `${path}.value` : path, value, problem);
      checkApplyMethod(path, lower, given, problem);
    }
  }
});

/**
 * A number becomes the parameter's text through String(): an exponent (`1e+21`) is no value MySQL
 * reads, and an integer past 2^53 has already lost its last digits when the JSON was parsed.
 */
function checkParameterValue(path: string, value: string | number, problem: Problem): void {
  if (typeof value !== "number") return;
  if (/e/i.test(String(value))) problem(path, value, `is written ${String(value)} as text, which MySQL does not read as a number; give the digits as a string`);
  else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    problem(path, value, "is past the integers a JSON number holds exactly (2^53), so its last digits are already lost; give the digits as a string");
  }
}

/**
 * A static parameter cannot take the provider's default apply method, "immediate" (RDS API
 * reference, Parameter ApplyMethod: "You can use the immediate value with dynamic parameters
 * only"); ModifyDBParameterGroup refuses it at apply without naming the parameter
 * (hashicorp/terraform-provider-aws#216).
 */
function checkApplyMethod(path: string, lower: string, given: DatabaseParameter, problem: Problem): void {
  if (!MYSQL_STATIC_PARAMETERS.includes(lower)) return;
  const rule = (shown: string) =>
    `${shown} for a static MySQL parameter (Dynamic: No in MySQL's reference manual), which RDS refuses at apply ("cannot use immediate apply method for static parameter"); give { "value": ..., "applyMethod": "pending-reboot" }: it takes effect at the instances' next reboot`;
  if (typeof given !== "object") problem(path, given, rule('is applied "immediate" (the provider\'s default without applyMethod)'));
  else if (given.applyMethod === "immediate") problem(`${path}.applyMethod`, given.applyMethod, rule("is refused"));
}
