import { compliantIf, referenceTo, type Rule, type StackView, type SynthesizedResource } from "../rule";

/** The flow logs of the stack that capture `vpc`'s traffic. */
export function flowLogsOf(vpc: SynthesizedResource, stack: StackView): SynthesizedResource[] {
  return stack.resources("aws_flow_log").filter((f) => f.config.vpc_id === referenceTo(vpc, "id"));
}

/**
 * Without flow logs nobody can tell afterwards what talked to what, in any environment: a dev VPC
 * is where a leaked key or a mistaken rule is tried first. Where production sends them is MS-VPC-3.
 */
export const VpcFlowLogs: Rule = {
  id: "MS-VPC-1",
  description: "Every VPC has flow logs",
  checkov: "CKV2_AWS_11",
  severity: "medium",
  environments: "all",
  resourceTypes: ["aws_vpc"],
  fix: "keep network.flowLogRetentionDays above 0 for the environment (default 7 days)",
  check: (vpc, stack) => compliantIf(flowLogsOf(vpc, stack).length > 0),
};
