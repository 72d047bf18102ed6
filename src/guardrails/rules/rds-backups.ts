import { compliantIf, Compliance, isReadReplica, numberOf, type Rule } from "../rule";

/**
 * Automated backups give point-in-time recovery (and a MySQL read replica needs them on its
 * source). A replica is rebuilt from its source, so the rule reads the primary only. Clusters are
 * not read: RDS refuses a retention of 0 days for a cluster, so their backups are always on.
 */
export const RdsBackups: Rule = {
  id: "MS-RDS-3",
  description: "RDS primaries keep automated backups (backup_retention_period of 1 day or more)",
  checkov: "CKV_AWS_133",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance"],
  fix: "set database.backupRetentionDays to 1 or more (backupRetentionPeriod)",
  check: ({ config }) => {
    if (isReadReplica(config)) return Compliance.NOT_APPLICABLE;
    return compliantIf((numberOf(config.backup_retention_period) ?? 0) > 0);
  },
};
