import type { Construct } from "constructs";
import type { TerraformProvider } from "../../cdk";
import { CloudwatchMetricAlarm } from "../../aws";

/**
 * How an alarm reads missing data, chosen per alarm: `notBreaching` where no data means nothing
 * happened (no request, no error), `breaching` where no data means the thing that should report
 * is gone, `missing` where no data says nothing either way (the alarm keeps its state).
 */
export type MissingData = "notBreaching" | "breaching" | "missing";

/** One alarm on one CloudWatch metric. */
export interface MetricAlarmSpec {
  readonly name: string;
  /** What it means and what to look at, for the person who receives it. */
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  /** `Sum`, `Average`, `Minimum`, `Maximum`; or a percentile (`p95`) as `extendedStatistic`. */
  readonly statistic?: "Sum" | "Average" | "Minimum" | "Maximum";
  readonly extendedStatistic?: string;
  readonly periodSeconds: number;
  /** Periods looked at, all of which must breach. */
  readonly evaluationPeriods: number;
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly treatMissingData: MissingData;
}

/** Where an alarm reports: the topic it notifies on ALARM and on OK, and the provider of its region. */
export interface AlarmTarget {
  readonly topicArn: string;
  /** @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** The alarm of `spec`, notifying `target`'s topic when it goes to ALARM and when it is OK again. */
export function metricAlarm(scope: Construct, id: string, spec: MetricAlarmSpec, target: AlarmTarget): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    provider: target.provider,
    alarmName: spec.name,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    statistic: spec.statistic,
    extendedStatistic: spec.extendedStatistic,
    period: spec.periodSeconds,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.evaluationPeriods,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    treatMissingData: spec.treatMissingData,
    alarmActions: [target.topicArn],
    okActions: [target.topicArn],
    tags: { Name: spec.name },
  });
}
