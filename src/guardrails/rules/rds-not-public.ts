import { compliantIf, isFalse, isUnset, type Rule } from "../rule";

/**
 * A publicly accessible instance gets a public DNS answer; only the web servers may reach it.
 * Aurora sets it per cluster instance, a Multi-AZ DB cluster on the cluster itself.
 */
export const RdsNotPublic: Rule = {
  id: "MS-RDS-2",
  description: "RDS instances, Aurora cluster instances and Multi-AZ DB clusters are not publicly accessible",
  checkov: "CKV_AWS_17",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster"],
  fix: "set publiclyAccessible: false and keep the instance in the database subnets",
  // Unset means private (the provider's default); an expression might be true at plan time.
  check: ({ config }) => compliantIf(isUnset(config.publicly_accessible) || isFalse(config.publicly_accessible)),
};
