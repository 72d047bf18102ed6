import { compliantIf, isTrue, type Rule } from "../rule";

/** Types whose destruction loses data that no apply brings back. */
export const STATEFUL_TYPES = ["aws_db_instance", "aws_s3_bucket", "aws_dynamodb_table", "aws_cloudwatch_log_group"] as const;

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
