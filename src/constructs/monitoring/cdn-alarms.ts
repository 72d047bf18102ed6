import { Construct } from "constructs";
import type { CloudwatchMetricAlarm } from "../../aws";
import { ALARM_PERIOD_SECONDS, CLOUDFRONT_METRICS_REGION_DIMENSION } from "../../config/constants";
import type { AlarmSettings } from "../../config/schema";
import { alarmName } from "../../naming";
import { type AlarmTarget, metricAlarm } from "./metric-alarm";

export interface CdnAlarmsProps {
  /** Name of the distribution (`<prefix>-cdn`): the alarm is named after it. Required. */
  readonly distributionName: string;
  /** Id of the distribution, CloudWatch's DistributionId dimension. Required. */
  readonly distributionId: string;
  /** Thresholds. @default the `alarms.cdn` defaults of config/schema.ts */
  readonly thresholds: AlarmSettings["cdn"];
  /**
   * Topic the alarm notifies, with the us-east-1 provider: CloudFront publishes its metrics in
   * us-east-1 only, and an alarm notifies topics of its own region only. Required.
   */
  readonly target: AlarmTarget;
}

/** CloudFront's share of 5xx answers, what viewers see whatever the cause (origin, ALB, CloudFront). */
export class CdnAlarms extends Construct {
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: CdnAlarmsProps) {
    super(scope, id);
    const t = props.thresholds;
    this.alarms = [
      metricAlarm(this, "5xx-rate", {
        name: alarmName(props.distributionName, "5xx-rate"),
        description: `More than ${t.errorRate5xxPercent}% of CloudFront's answers were 5xx for 10 minutes: viewers see errors.`,
        namespace: "AWS/CloudFront",
        metricName: "5xxErrorRate",
        dimensions: { DistributionId: props.distributionId, Region: CLOUDFRONT_METRICS_REGION_DIMENSION },
        statistic: "Average",
        periodSeconds: ALARM_PERIOD_SECONDS,
        evaluationPeriods: 2,
        comparison: "GreaterThanThreshold",
        threshold: t.errorRate5xxPercent,
        // No request, no rate.
        treatMissingData: "notBreaching",
      }, props.target),
    ];
  }
}
