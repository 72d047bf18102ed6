import { alarmsOn, hasAction } from "../alarms";
import { compliantIf, referenceTo, type Rule } from "../rule";

/**
 * A load balancer with no healthy target serves 502/503 to everyone. The alarm on the target
 * group's healthy hosts is the one that says the site is down, so production has one that
 * notifies someone.
 */
export const MonHealthyHostsAlarm: Rule = {
  id: "MS-MON-1",
  description: "Load balancer target groups have an alarm on HealthyHostCount with an action",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_lb_target_group", "aws_alb_target_group"],
  fix: "set alarms.enabled: true for the environment (Monitoring builds a healthy-hosts alarm per zone that notifies <prefix>-alarms)",
  check: (group, stack) => {
    const names = [referenceTo(group, "arn_suffix")];
    const alarms = alarmsOn(stack, "AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", (value) => names.includes(value as string));
    return compliantIf(alarms.some((alarm) => hasAction(alarm.config)));
  },
};
