import { Construct } from "constructs";
import { CloudwatchMetricAlarm, Route53HealthCheck } from "../../aws";
import { ORIGIN_HEALTH } from "../../config/constants";
import { Naming } from "../../naming";

export interface OriginHealthCheckProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Region of the load balancer (and of the alarm Route 53 reads). Required. */
  readonly region: string;
  /** `arn_suffix` of the load balancer. Required. */
  readonly loadBalancerArnSuffix: string;
  /** `arn_suffix` of its target group, whose health check requests the web servers' health path. Required. */
  readonly targetGroupArnSuffix: string;
}

/**
 * The Route 53 health check of the PRIMARY side of the origin name's failover pair: healthy while
 * the primary's target group has a healthy server, that is, while a server answers the health path
 * to the ALB's own checks. Route 53 reads it through a CloudWatch alarm, not by calling the
 * origin: the ALB admits only CloudFront (its security group) and forwards only requests with the
 * secret header, which Route 53's checkers can send neither of. When the region stops reporting,
 * the alarm has no data: missing data counts as breaching, and a health check without data is
 * unhealthy, so the name fails over.
 */
export class OriginHealthCheck extends Construct {
  public readonly alarm: CloudwatchMetricAlarm;
  public readonly healthCheck: Route53HealthCheck;
  public readonly healthCheckId: string;

  constructor(scope: Construct, id: string, props: OriginHealthCheckProps) {
    super(scope, id);
    const name = props.naming.name("origin-health");
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: name,
      alarmDescription: "No healthy web server behind the primary ALB: Route 53 fails the origin name over to the standby",
      namespace: "AWS/ApplicationELB",
      metricName: "HealthyHostCount",
      dimensions: { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: props.targetGroupArnSuffix },
      statistic: "Minimum",
      period: ORIGIN_HEALTH.periodSeconds,
      evaluationPeriods: ORIGIN_HEALTH.evaluationPeriods,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
      tags: { Name: name },
    });
    this.healthCheck = new Route53HealthCheck(this, "health-check", {
      type: "CLOUDWATCH_METRIC",
      cloudwatchAlarmName: this.alarm.alarmName,
      cloudwatchAlarmRegion: props.region,
      insufficientDataHealthStatus: "Unhealthy",
      tags: { Name: name },
    });
    this.healthCheckId = this.healthCheck.id;
  }
}
