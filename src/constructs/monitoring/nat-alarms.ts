import { Construct } from "constructs";
import type { CloudwatchMetricAlarm } from "../../aws";
import { ALARM_PERIOD_SECONDS } from "../../config/constants";
import type { AlarmSettings } from "../../config/schema";
import { alarmName } from "../../naming";
import { type AlarmTarget, metricAlarm } from "./metric-alarm";

const NAMESPACE = "AWS/NATGateway";

/** One NAT gateway to watch. */
export interface WatchedNatGateway {
  /** Its Name (`<prefix>-nat`, `<prefix>-nat-a`): the alarms are named after it. */
  readonly name: string;
  /** Its id, CloudWatch's NatGatewayId dimension. */
  readonly id: string;
}

export interface NatGatewayAlarmsProps {
  /** The NAT gateways. Required. */
  readonly natGateways: WatchedNatGateway[];
  /** Thresholds. @default the `alarms.nat` defaults of config/schema.ts */
  readonly thresholds: AlarmSettings["nat"];
  /** Topic (and provider) the alarms notify. Required. */
  readonly target: AlarmTarget;
}

/**
 * Alarms on each NAT gateway, the web servers' only way out (packages, Session Manager): port
 * allocation errors (too many simultaneous connections to one destination) and dropped packets.
 * A quiet gateway may publish nothing, so no data is no trouble (`notBreaching`).
 */
export class NatGatewayAlarms extends Construct {
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: NatGatewayAlarmsProps) {
    super(scope, id);
    const { thresholds: t, target } = props;
    const common = { namespace: NAMESPACE, periodSeconds: ALARM_PERIOD_SECONDS, statistic: "Sum" as const, evaluationPeriods: 1 };
    this.alarms = props.natGateways.flatMap((nat, i) => [
      metricAlarm(this, `nat-${i}-port-allocation`, {
        ...common,
        name: alarmName(nat.name, "port-allocation-errors"),
        description: `${nat.name} could not allocate a source port: servers' connections out are failing (too many to one destination).`,
        metricName: "ErrorPortAllocation",
        dimensions: { NatGatewayId: nat.id },
        comparison: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      }, target),
      metricAlarm(this, `nat-${i}-dropped-packets`, {
        ...common,
        name: alarmName(nat.name, "dropped-packets"),
        description: `${nat.name} dropped more than ${t.droppedPackets} packets in 5 minutes.`,
        metricName: "PacketsDropCount",
        dimensions: { NatGatewayId: nat.id },
        comparison: "GreaterThanThreshold",
        threshold: t.droppedPackets,
        treatMissingData: "notBreaching",
      }, target),
    ]);
  }
}
