import { compliantIf, isTrue, type Rule } from "../rule";

/**
 * Types whose destruction loses data that no apply brings back. Secrets Manager secrets: the
 * database master password lives only in the stack's secret (RDS never returns it), and a secret
 * deleted with a recovery window of 0 is gone at once. Not KMS keys: their deletion waits 7 to 30
 * days and can be cancelled. Not aws_rds_cluster_instance: an Aurora cluster's data is the cluster's.
 */
export const STATEFUL_TYPES = [
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_ebs_volume",
  "aws_efs_file_system",
  "aws_s3_bucket",
  "aws_dynamodb_table",
  "aws_cloudwatch_log_group",
  "aws_secretsmanager_secret",
] as const;

/** `prevent_destroy` makes a plan that would destroy the resource fail instead of quietly succeeding. */
export const StatefulPreventDestroy: Rule = {
  id: "MS-STATE-2",
  description: `Stateful resources (${STATEFUL_TYPES.join(", ")}) carry lifecycle prevent_destroy`,
  severity: "high",
  environments: "prod",
  resourceTypes: STATEFUL_TYPES,
  fix: "set protectStatefulResources: true for the environment (or lifecycle: { preventDestroy: true })",
  check: ({ config }) => compliantIf(isTrue(config.lifecycle?.prevent_destroy)),
};
