import { compliantIf, isTrue, type Rule } from "../rule";

/** One mistaken `terraform destroy` or console click must not delete production data (an Aurora cluster's included). */
export const RdsDeletionProtection: Rule = {
  id: "MS-RDS-5",
  description: "RDS instances and clusters (Aurora, Multi-AZ DB clusters) have deletion protection",
  checkov: "CKV_AWS_293, CKV_AWS_139",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  fix: "set database.deletionProtection: true for the environment (deletionProtection: true on an RdsCluster)",
  check: ({ config }) => compliantIf(isTrue(config.deletion_protection)),
};
