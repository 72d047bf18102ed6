import { compliantIf, isTrue, type Rule } from "../rule";

/** One mistaken `terraform destroy` or console click must not delete production data. */
export const RdsDeletionProtection: Rule = {
  id: "MS-RDS-5",
  description: "RDS instances have deletion protection",
  checkov: "CKV_AWS_293",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_db_instance"],
  fix: "set database.deletionProtection: true for the environment",
  check: ({ config }) => compliantIf(isTrue(config.deletion_protection)),
};
