import { compliantIf, Compliance, isFalse, isReadReplica, isUnset, type Rule } from "../rule";

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
    // Unset means false (the provider takes the snapshot); an expression might be true at plan time.
    const skips = !(isUnset(config.skip_final_snapshot) || isFalse(config.skip_final_snapshot));
    return compliantIf(!skips && typeof config.final_snapshot_identifier === "string" && config.final_snapshot_identifier !== "");
  },
};
