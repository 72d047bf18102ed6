import { Compliance, compliantIf, isTrue, isUnset, type Config, type Rule } from "../rule";

/** A read replica whose source is named by ARN: how a replica in another region (a standby) names its source. */
export function isCrossRegionReplica(config: Config): boolean {
  return typeof config.replicate_source_db === "string" && config.replicate_source_db.startsWith("arn:");
}

/**
 * A KMS key belongs to one region: a replica in another region cannot use its source's, and RDS
 * refuses an encrypted cross-region replica without a key of its own region. Naming it also keeps
 * the key (and who may use it) in the standby stack, not in AWS's default key of that region.
 */
export const RdsCrossRegionReplicaKey: Rule = {
  id: "MS-RDS-10",
  description: "RDS read replicas of a source named by ARN (another region's) are encrypted with a KMS key of their own region (kms_key_id)",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance"],
  fix: "give the replica storageEncrypted: true and kmsKeyId: a KmsKey of its region (StandbyDatabase does)",
  check: ({ config }) => {
    if (!isCrossRegionReplica(config)) return Compliance.NOT_APPLICABLE;
    return compliantIf(isTrue(config.storage_encrypted) && !isUnset(config.kms_key_id));
  },
};
