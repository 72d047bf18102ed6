/** Helpers shared by the monitoring rules (MS-MON-1, MS-MON-2). */
import { type Config, isFalse, type StackView, type SynthesizedResource } from "./rule";

/** The alarm types that watch one metric. */
const ALARM_TYPES = ["aws_cloudwatch_metric_alarm"] as const;

/** Whether an alarm notifies someone: an action listed and actions not switched off. */
export function hasAction(alarm: Config): boolean {
  return Array.isArray(alarm.alarm_actions) && alarm.alarm_actions.length > 0 && !isFalse(alarm.actions_enabled);
}

/** The stack's alarms on `metric` in `namespace` (any metric when none is given) with a dimension `dimension` for which `names` holds. */
export function alarmsOn(
  stack: StackView,
  namespace: string,
  metric: string | undefined,
  dimension: string,
  names: (value: unknown) => boolean,
): SynthesizedResource[] {
  return ALARM_TYPES.flatMap((type) => stack.resources(type)).filter(
    ({ config }) =>
      config.namespace === namespace &&
      (metric === undefined || config.metric_name === metric) &&
      typeof config.dimensions === "object" &&
      config.dimensions !== null &&
      names(config.dimensions[dimension]),
  );
}
