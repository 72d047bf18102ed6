import { compliantIf, Compliance, isReadReplica, isTrue, type Rule } from "../rule";

/** A synchronous standby fails over in minutes; promoting the asynchronous read replica loses writes. */
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
