import { compliantIf, Compliance, isReadReplica, isTrue, type Rule } from "../rule";

/**
 * A synchronous standby fails over in minutes; promoting the asynchronous read replica loses writes.
 *
 * Read replicas are not applicable here, where checkov's CKV_AWS_157 (RDSMultiAZEnabled.py,
 * checkov 3.3.30: `multi_az` true on every aws_db_instance) fails them too. A replica holds no
 * write that Multi-AZ would save: losing it loses reads until RDS replaces its host or the stack
 * recreates it from the primary, and a Multi-AZ replica would double its cost for that. The
 * standby region's cross-region replica is the same until promoted, when it is read as a primary.
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
