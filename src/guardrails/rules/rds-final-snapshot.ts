import { compliantIf, Compliance, isFalse, isReadReplica, isUnset, type Rule } from "../rule";

/**
 * Automated backups go with the instance or cluster; only a final snapshot outlives its deletion.
 * A cluster is read whatever its role: the arguments are the same on aws_rds_cluster.
 */
export const RdsFinalSnapshot: Rule = {
  id: "MS-RDS-6",
  description: "RDS primaries and clusters keep a named final snapshot when deleted",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  fix: "set database.skipFinalSnapshot: false (Database then names the final snapshot; on an RdsCluster set finalSnapshotIdentifier too)",
  check: ({ type, config }) => {
    if (type === "aws_db_instance" && isReadReplica(config)) return Compliance.NOT_APPLICABLE;
    // Unset means false (the provider takes the snapshot); an expression might be true at plan time.
    const skips = !(isUnset(config.skip_final_snapshot) || isFalse(config.skip_final_snapshot));
    return compliantIf(!skips && typeof config.final_snapshot_identifier === "string" && config.final_snapshot_identifier !== "");
  },
};
