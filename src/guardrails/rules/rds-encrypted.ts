import { compliantIf, isTrue, type Rule } from "../rule";

/** Encryption at rest can only be chosen at creation; switching it on later means a restore. */
export const RdsStorageEncrypted: Rule = {
  id: "MS-RDS-1",
  description: "RDS storage is encrypted at rest",
  checkov: "CKV_AWS_16",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  fix: "set storageEncrypted: true",
  check: ({ config }) => compliantIf(isTrue(config.storage_encrypted)),
};
