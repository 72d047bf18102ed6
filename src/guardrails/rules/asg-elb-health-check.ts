import { blocks, Compliance, compliantIf, isUnset, referenceTo, type Rule, type SynthesizedResource, type StackView } from "../rule";

/** Attachments that register a group with a load balancer from outside the group's own block. */
const ATTACHMENT_TYPES = ["aws_autoscaling_attachment", "aws_autoscaling_traffic_source_attachment"] as const;

/**
 * Whether the group is registered with a load balancer: in its own arguments (target groups,
 * classic load balancers, traffic sources) or through an attachment resource naming it.
 */
function behindLoadBalancer(group: SynthesizedResource, stack: StackView): boolean {
  const { config } = group;
  const listed = (value: unknown) => !isUnset(value) && (!Array.isArray(value) || value.length > 0);
  if (listed(config.target_group_arns) || listed(config.load_balancers) || blocks(config.traffic_source).length > 0) return true;
  const names = [referenceTo(group, "name"), referenceTo(group, "id"), config.name].filter((n) => !isUnset(n));
  return ATTACHMENT_TYPES.flatMap((type) => stack.resources(type)).some((a) => names.includes(a.config.autoscaling_group_name));
}

/**
 * With EC2 status checks alone, a group keeps a server whose web server died: the instance is
 * "running", the ALB routes around it, and the fleet stays one server short until someone looks.
 * ELB health checks let the group replace what the load balancer finds unhealthy.
 */
export const AsgElbHealthCheck: Rule = {
  id: "MS-ASG-1",
  description: "Auto Scaling groups behind a load balancer use its health checks (health_check_type = ELB)",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_autoscaling_group"],
  fix: 'set healthCheckType: "ELB" with a healthCheckGracePeriod covering the boot script (WebAutoScalingGroup does when given target groups)',
  check: (group, stack) => {
    if (!behindLoadBalancer(group, stack)) return Compliance.NOT_APPLICABLE;
    return compliantIf(group.config.health_check_type === "ELB");
  },
};
