import { compliantIf, Compliance, isReadReplica, type Rule } from "../rule";

/** Automated backups go with the instance; only a final snapshot outlives its deletion. */
export const RdsFinalSnapshot: Rule = {
  id: "MS-RDS-6",
  description: "RDS primaries keep a named final snapshot when deleted",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_db_instance"],
  fix: "set database.skipFinalSnapshot: false (Database then names the final snapshot)",
  check: ({ config }) => {
    if (isReadReplica(config)) return Compliance.NOT_APPLICABLE;
    return compliantIf(config.skip_final_snapshot !== true && typeof config.final_snapshot_identifier === "string");
  },
};
