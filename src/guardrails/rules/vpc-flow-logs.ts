import { blocks, compliantIf, numberOf, type Rule, referenceTo, type StackView, type SynthesizedResource } from "../rule";

/** Whether the flow log's destination is a log group or bucket of this stack that expires what it holds. */
function retained(flowLog: SynthesizedResource, stack: StackView): boolean {
  const destination = flowLog.config.log_destination;
  const group = stack
    .resources("aws_cloudwatch_log_group")
    .find((g) => destination === referenceTo(g, "arn") || flowLog.config.log_group_name === referenceTo(g, "name"));
  if (group) return (numberOf(group.config.retention_in_days) ?? 0) > 0;
  const bucket = stack.resources("aws_s3_bucket").find((b) => destination === referenceTo(b, "arn"));
  if (!bucket) return false;
  const bucketRefs = [referenceTo(bucket, "id"), referenceTo(bucket, "bucket")];
  return stack
    .resources("aws_s3_bucket_lifecycle_configuration")
    .filter((l) => bucketRefs.includes(l.config.bucket))
    .some((l) => blocks(l.config.rule).some((r) => r.status === "Enabled" && blocks(r.expiration).length > 0));
}

/**
 * Without flow logs nobody can tell afterwards what talked to what; a destination that never
 * expires grows without bound, so retention is part of the rule.
 */
export const VpcFlowLogs: Rule = {
  id: "MS-VPC-1",
  description: "Every VPC has flow logs to a CloudWatch log group or S3 bucket of the stack with a retention",
  checkov: "CKV2_AWS_11",
  severity: "medium",
  environments: "prod",
  resourceTypes: ["aws_vpc"],
  fix: "set network.flowLogRetentionDays (e.g. 90) for the environment",
  check: (vpc, stack) =>
    compliantIf(
      stack
        .resources("aws_flow_log")
        .some((f) => f.config.vpc_id === referenceTo(vpc, "id") && retained(f, stack)),
    ),
};
