import { Construct } from "constructs";
import type { CloudwatchMetricAlarm } from "../../aws";
import { ALARM_PERIOD_SECONDS, HOST_ALARM_PERIOD_SECONDS } from "../../config/constants";
import type { AlarmSettings } from "../../config/schema";
import { alarmName, azLetter } from "../../naming";
import { type AlarmTarget, metricAlarm } from "./metric-alarm";

const NAMESPACE = "AWS/ApplicationELB";

export interface LoadBalancerAlarmsProps {
  /** Name of the ALB (`<prefix>-alb`): the alarms are named after it. Required. */
  readonly loadBalancerName: string;
  /** The ALB's `arn_suffix`, CloudWatch's LoadBalancer dimension. Required. */
  readonly loadBalancerArnSuffix: string;
  /** The web servers' target group's `arn_suffix`, CloudWatch's TargetGroup dimension. Required. */
  readonly targetGroupArnSuffix: string;
  /** Zones the web servers serve from: one healthy-hosts alarm each. Required. */
  readonly availabilityZones: string[];
  /** Thresholds. @default the `alarms.loadBalancer` defaults of config/schema.ts */
  readonly thresholds: AlarmSettings["loadBalancer"];
  /** Topic (and provider) the alarms notify. Required. */
  readonly target: AlarmTarget;
}

/** Alarms on the ALB and its web servers' target group: errors, host health, latency. */
export class LoadBalancerAlarms extends Construct {
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    const { thresholds: t, target } = props;
    const lb = { LoadBalancer: props.loadBalancerArnSuffix };
    const tg = { ...lb, TargetGroup: props.targetGroupArnSuffix };
    const name = (what: string) => alarmName(props.loadBalancerName, what);
    const fiveMinutes = { periodSeconds: ALARM_PERIOD_SECONDS, namespace: NAMESPACE };
    const perMinute = { periodSeconds: HOST_ALARM_PERIOD_SECONDS, namespace: NAMESPACE };

    this.alarms = [
      metricAlarm(this, "elb-5xx", {
        ...fiveMinutes,
        name: name("5xx"),
        description: `The ALB itself answered more than ${t.elb5xxCount} 5xx in 5 minutes: no healthy target, or targets timing out or refusing connections.`,
        metricName: "HTTPCode_ELB_5XX_Count",
        dimensions: lb,
        statistic: "Sum",
        evaluationPeriods: 1,
        comparison: "GreaterThanThreshold",
        threshold: t.elb5xxCount,
        // The ALB publishes the count only when there were some: no data is no error.
        treatMissingData: "notBreaching",
      }, target),
      metricAlarm(this, "target-5xx", {
        ...fiveMinutes,
        name: name("target-5xx"),
        description: `The web servers answered more than ${t.target5xxCount} 5xx in 5 minutes: look at the application and Apache logs.`,
        metricName: "HTTPCode_Target_5XX_Count",
        dimensions: tg,
        statistic: "Sum",
        evaluationPeriods: 1,
        comparison: "GreaterThanThreshold",
        threshold: t.target5xxCount,
        treatMissingData: "notBreaching",
      }, target),
      metricAlarm(this, "unhealthy-hosts", {
        ...perMinute,
        name: name("unhealthy-hosts"),
        description: "A web server has failed the ALB's health check for 3 minutes (an Auto Scaling group replaces it; fixed instances need a person).",
        metricName: "UnHealthyHostCount",
        dimensions: tg,
        statistic: "Maximum",
        evaluationPeriods: 3,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        // Reported every minute while targets are registered; a gap is not a failing server.
        treatMissingData: "notBreaching",
      }, target),
      ...props.availabilityZones.map((az) =>
        metricAlarm(this, `healthy-hosts-${azLetter(az)}`, {
          ...perMinute,
          name: name(`healthy-hosts-${azLetter(az)}`),
          description: `No healthy web server in ${az} for 3 minutes: the ALB serves from the other zones only, and the site is down if they fail too.`,
          metricName: "HealthyHostCount",
          dimensions: { ...tg, AvailabilityZone: az },
          statistic: "Minimum",
          evaluationPeriods: 3,
          comparison: "LessThanThreshold",
          threshold: 1,
          // No data means no target reports in the zone at all: as bad as none healthy.
          treatMissingData: "breaching",
        }, target),
      ),
      metricAlarm(this, "p95-latency", {
        ...fiveMinutes,
        name: name("p95-latency"),
        description: `One request in twenty took longer than ${t.responseTimeP95Seconds} s for 15 minutes (web servers' response time, p95).`,
        metricName: "TargetResponseTime",
        dimensions: tg,
        extendedStatistic: "p95",
        evaluationPeriods: 3,
        comparison: "GreaterThanThreshold",
        threshold: t.responseTimeP95Seconds,
        // No request, no latency.
        treatMissingData: "notBreaching",
      }, target),
    ];
  }
}
