import { compliantIf, Compliance, isReadReplica, isTrue, type Rule } from "../rule";

/**
 * A synchronous standby fails over in minutes; promoting the asynchronous read replica loses writes.
 *
 * Instances only. An Aurora cluster always keeps its storage in three zones, and its failover
 * target is a reader instance in another zone: that is a property of separate
 * aws_rds_cluster_instance resources (written with count or for_each, or in another stack), not
 * of one resource, so a pure per-resource rule cannot decide it. A Multi-AZ DB cluster is
 * Multi-AZ by construction.
 */
export const RdsMultiAz: Rule = {
  id: "MS-RDS-7",
  description: "RDS primaries are Multi-AZ",
  checkov: "CKV_AWS_157",
  severity: "medium",
  environments: "prod",
  resourceTypes: ["aws_db_instance"],
  fix: "set database.multiAz: true for the environment",
  check: ({ config }) => (isReadReplica(config) ? Compliance.NOT_APPLICABLE : compliantIf(isTrue(config.multi_az))),
};
