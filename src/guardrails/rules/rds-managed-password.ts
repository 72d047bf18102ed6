import { compliantIf, Compliance, isReadReplica, isTrue, isUnset, type Rule } from "../rule";

/**
 * A password written in the configuration sits in source, plan and state; RDS-managed master
 * credentials live only in Secrets Manager and are rotated there.
 */
export const RdsManagedPassword: Rule = {
  id: "MS-RDS-4",
  description: "RDS master password is managed by RDS in Secrets Manager (no password argument)",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  fix: "remove password and set manageMasterUserPassword: true",
  check: ({ type, config }) => {
    if (type === "aws_db_instance" && isReadReplica(config)) return Compliance.NOT_APPLICABLE;
    const literal = config.password ?? config.master_password;
    return compliantIf(isTrue(config.manage_master_user_password) && isUnset(literal));
  },
};
