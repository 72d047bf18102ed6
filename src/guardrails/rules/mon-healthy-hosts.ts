import { alarmsOn, hasAction } from "../alarms";
import { Compliance, compliantIf, numberOf, referenceTo, type Rule, type SynthesizedResource, type StackView } from "../rule";

/**
 * Whether nothing is sure to run behind the target group: no instance is attached to it and every
 * Auto Scaling group registered with it may stand at zero servers (a pilot-light standby). A
 * healthy-hosts alarm there would never be OK.
 */
function mayStandEmpty(group: SynthesizedResource, stack: StackView): boolean {
  const arn = referenceTo(group, "arn");
  const refersToGroup = (value: unknown) => (Array.isArray(value) ? value : [value]).includes(arn);
  if (stack.resources("aws_lb_target_group_attachment").some((a) => a.config.target_group_arn === arn)) return false;
  const fleets = stack.resources("aws_autoscaling_group").filter((asg) => refersToGroup(asg.config.target_group_arns));
  return fleets.length > 0 && fleets.every((asg) => numberOf(asg.config.min_size) === 0);
}

/**
 * A load balancer with no healthy target serves 502/503 to everyone. The alarm on the target
 * group's healthy hosts is the one that says the site is down, so production has one that
 * notifies someone. Not applicable to a target group only served by groups that may stand at
 * zero servers (a pilot-light standby): nothing there is meant to be healthy until promotion.
 */
export const MonHealthyHostsAlarm: Rule = {
  id: "MS-MON-1",
  description: "Load balancer target groups have an alarm on HealthyHostCount with an action (unless only Auto Scaling groups of min 0 serve them)",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_lb_target_group", "aws_alb_target_group"],
  fix: "set alarms.enabled: true for the environment (Monitoring builds a healthy-hosts alarm per zone that notifies <prefix>-alarms)",
  check: (group, stack) => {
    if (mayStandEmpty(group, stack)) return Compliance.NOT_APPLICABLE;
    const names = [referenceTo(group, "arn_suffix")];
    const alarms = alarmsOn(stack, "AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", (value) => names.includes(value as string));
    return compliantIf(alarms.some((alarm) => hasAction(alarm.config)));
  },
};
