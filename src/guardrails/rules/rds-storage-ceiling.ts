import { Compliance, compliantIf, isReadReplica, numberOf, type Rule } from "../rule";
import { sourceOf } from "../databases";

/**
 * MySQL stops when its disk is full. With `max_allocated_storage` above `allocated_storage`, RDS
 * grows the volume when free space runs low, up to that ceiling. A replica holds the same data as
 * its source and needs its own ceiling, above the source's allocation (which it inherits).
 */
export const RdsStorageCeiling: Rule = {
  id: "MS-RDS-9",
  description: "RDS instances grow their storage automatically up to a ceiling: max_allocated_storage above allocated_storage (a replica's above its source's)",
  severity: "medium",
  environments: "all",
  resourceTypes: ["aws_db_instance"],
  fix: "keep database.maxAllocatedStorageGiB above database.allocatedStorageGiB (default 5 times it); Database sets it on the primary and the replica",
  check: ({ config }, stack) => {
    const ceiling = numberOf(config.max_allocated_storage);
    if (!isReadReplica(config)) return compliantIf(ceiling !== undefined && ceiling > (numberOf(config.allocated_storage) ?? Infinity));
    if (ceiling === undefined) return Compliance.NON_COMPLIANT;
    const source = sourceOf(config, stack);
    const allocated = numberOf(config.allocated_storage) ?? numberOf(source?.config.allocated_storage);
    return compliantIf(allocated === undefined ? ceiling > 0 : ceiling > allocated);
  },
};
