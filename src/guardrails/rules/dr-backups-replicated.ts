import { Compliance, compliantIf, type Rule } from "../rule";
import { isCrossRegionReplica } from "./rds-cross-region-replica-key";

/**
 * A replica copies every write, bad ones too: after a dropped table, only backups bring the data
 * back. A production standby therefore also holds its source's automated backups, replicated into
 * its region (point-in-time restore there while the source region is down).
 */
export const DrBackupsReplicated: Rule = {
  id: "MS-DR-1",
  description:
    "A cross-region RDS replica (a standby) has its source's automated backups replicated into its region: an aws_db_instance_automated_backups_replication of the same source ARN",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_db_instance"],
  fix: "keep the standby stack's StandbyDatabase, which replicates the primary's backups (dr.backupRetentionDays)",
  check: ({ config }, stack) => {
    if (!isCrossRegionReplica(config)) return Compliance.NOT_APPLICABLE;
    const replications = stack.resources("aws_db_instance_automated_backups_replication");
    return compliantIf(replications.some((r) => r.config.source_db_instance_arn === config.replicate_source_db));
  },
};
