import { Construct } from "constructs";
import type { CloudwatchMetricAlarm } from "../../aws";
import { ALARM_PERIOD_SECONDS } from "../../config/constants";
import type { AlarmSettings } from "../../config/schema";
import { alarmName } from "../../naming";
import { type AlarmTarget, metricAlarm } from "./metric-alarm";

const NAMESPACE = "AWS/RDS";
const GIB = 1024 ** 3;

/** One RDS instance to watch. */
export interface WatchedDatabase {
  /** Its identifier as written (`<prefix>-db-a`): the alarms are named after it. */
  readonly name: string;
  /** Its identifier as the stack refers to it (a reference, so alarms follow the instance): CloudWatch's DBInstanceIdentifier dimension. */
  readonly identifier: string;
  /** Allocated storage in GiB (the free-storage threshold is a share of it); a replica has its source's. */
  readonly allocatedStorageGiB: number;
  /** A read replica: watched for replication lag too. */
  readonly replica: boolean;
}

export interface DatabaseAlarmsProps {
  /** The primary and its replicas. Required. */
  readonly databases: WatchedDatabase[];
  /** Memory of the instance class in GiB (the freeable-memory threshold is a share of it). Required. */
  readonly instanceMemoryGiB: number;
  /** max_connections of the instances (the connections threshold is a share of it). Required. */
  readonly maxConnections: number;
  /** Thresholds. @default the `alarms.database` defaults of config/schema.ts */
  readonly thresholds: AlarmSettings["database"];
  /** Topic (and provider) the alarms notify. Required. */
  readonly target: AlarmTarget;
}

/**
 * Alarms on each RDS instance: CPU, free storage, freeable memory, connections near
 * max_connections, and replication lag on a replica. RDS reports these every minute while an
 * instance runs, so a gap means it is stopped, rebooting or being replaced: the resource alarms
 * keep their state then (`missing`) rather than call it high CPU or a full disk.
 */
export class DatabaseAlarms extends Construct {
  public readonly alarms: CloudwatchMetricAlarm[];
  /** Connections above which the connections alarms fire. */
  public readonly connectionsThreshold: number;

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const { thresholds: t, target } = props;
    const common = { namespace: NAMESPACE, periodSeconds: ALARM_PERIOD_SECONDS };
    const connections = Math.floor((props.maxConnections * t.connectionsPercent) / 100);
    this.connectionsThreshold = connections;
    const memoryBytes = Math.round((props.instanceMemoryGiB * GIB * t.freeableMemoryPercent) / 100);

    this.alarms = props.databases.flatMap((db, i) => {
      const dimensions = { DBInstanceIdentifier: db.identifier };
      const name = (what: string) => alarmName(db.name, what);
      const key = `db-${i}`;
      const storageBytes = Math.round((db.allocatedStorageGiB * GIB * t.freeStoragePercent) / 100);
      const alarms = [
        metricAlarm(this, `${key}-cpu`, {
          ...common,
          name: name("cpu"),
          description: `${db.name} has averaged more than ${t.cpuPercent}% CPU for 15 minutes: slow queries (see its slow query log) or a class too small.`,
          metricName: "CPUUtilization",
          dimensions,
          statistic: "Average",
          evaluationPeriods: 3,
          comparison: "GreaterThanThreshold",
          threshold: t.cpuPercent,
          treatMissingData: "missing",
        }, target),
        metricAlarm(this, `${key}-free-storage`, {
          ...common,
          name: name("free-storage"),
          description: `${db.name} has less than ${t.freeStoragePercent}% of its ${db.allocatedStorageGiB} GiB free: grow database.allocatedStorageGiB before MySQL stops writing.`,
          metricName: "FreeStorageSpace",
          dimensions,
          statistic: "Minimum",
          evaluationPeriods: 1,
          comparison: "LessThanThreshold",
          threshold: storageBytes,
          treatMissingData: "missing",
        }, target),
        metricAlarm(this, `${key}-freeable-memory`, {
          ...common,
          name: name("freeable-memory"),
          description: `${db.name} has had less than ${t.freeableMemoryPercent}% of its ${props.instanceMemoryGiB} GiB freeable for 15 minutes: it is about to swap.`,
          metricName: "FreeableMemory",
          dimensions,
          statistic: "Average",
          evaluationPeriods: 3,
          comparison: "LessThanThreshold",
          threshold: memoryBytes,
          treatMissingData: "missing",
        }, target),
        metricAlarm(this, `${key}-connections`, {
          ...common,
          name: name("connections"),
          description: `${db.name} has averaged more than ${connections} connections (${t.connectionsPercent}% of max_connections ${props.maxConnections}) for 10 minutes: new ones will soon be refused.`,
          metricName: "DatabaseConnections",
          dimensions,
          statistic: "Average",
          evaluationPeriods: 2,
          comparison: "GreaterThanThreshold",
          threshold: connections,
          treatMissingData: "missing",
        }, target),
      ];
      if (db.replica) {
        alarms.push(
          metricAlarm(this, `${key}-replica-lag`, {
            ...common,
            name: name("replica-lag"),
            description: `${db.name} has lagged its primary by more than ${t.replicaLagSeconds} s for 5 minutes: reads from it are stale.`,
            metricName: "ReplicaLag",
            dimensions,
            // The least lag of 5 minutes above the threshold: lagging all along, not one slow transaction.
            statistic: "Minimum",
            evaluationPeriods: 1,
            comparison: "GreaterThanThreshold",
            threshold: t.replicaLagSeconds,
            // A replica that stops reporting lag has stopped replicating (or is gone): that is the alarm.
            treatMissingData: "breaching",
          }, target),
        );
      }
      return alarms;
    });
  }
}
