import { blocks, Compliance, compliantIf, numberOf, type Rule, referenceTo, type StackView, type SynthesizedResource } from "../rule";
import { flowLogsOf } from "./vpc-flow-logs";

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
 * Production's flow logs must land where they can be queried during an incident (CloudWatch Logs
 * or S3, in the stack so the retention is known) and must expire: a destination that never
 * expires grows without bound. A VPC without flow logs is MS-VPC-1's finding, not this one's.
 */
export const VpcFlowLogsRetained: Rule = {
  id: "MS-VPC-3",
  description: "VPC flow logs go to a CloudWatch log group or S3 bucket of the stack with a retention",
  severity: "medium",
  environments: "prod",
  resourceTypes: ["aws_vpc"],
  fix: "set network.flowLogRetentionDays (e.g. 90) for the environment (Network sends them to a CloudWatch log group kept that long)",
  check: (vpc, stack) => {
    const flowLogs = flowLogsOf(vpc, stack);
    if (!flowLogs.length) return Compliance.NOT_APPLICABLE;
    return compliantIf(flowLogs.some((f) => retained(f, stack)));
  },
};
