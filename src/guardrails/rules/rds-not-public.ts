import { compliantIf, type Rule } from "../rule";

/** A publicly accessible instance gets a public DNS answer; only the web servers may reach it. */
export const RdsNotPublic: Rule = {
  id: "MS-RDS-2",
  description: "RDS instances are not publicly accessible",
  checkov: "CKV_AWS_17",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance"],
  fix: "set publiclyAccessible: false and keep the instance in the database subnets",
  check: ({ config }) => compliantIf(config.publicly_accessible !== true),
};
