import { DatabaseAlarms } from "../../../src/constructs/monitoring/database-alarms";
import { alarmShape, alarmsOf, synthConstruct } from "../../helpers";
import { alarmSettingsFor } from "../../helpers/alarms";

const GIB = 1024 ** 3;
const build = (thresholds = alarmSettingsFor().database) =>
  synthConstruct((scope) => {
    new DatabaseAlarms(scope, "database", {
      databases: [
        { name: "multiple-server-prod-db-a", identifier: "db-a-ref", allocatedStorageGiB: 20, replica: false },
        { name: "multiple-server-prod-db-c", identifier: "db-c-ref", allocatedStorageGiB: 20, replica: true },
      ],
      instanceMemoryGiB: 1,
      maxConnections: 64,
      thresholds,
      target: { topicArn: "arn:topic" },
    });
  }).tf;

describe("DatabaseAlarms", () => {
  const alarms = alarmsOf(build());

  it("watches each instance's CPU, free storage, freeable memory and connections, and the replica's lag", () => {
    const ns = "AWS/RDS";
    const a = { DBInstanceIdentifier: "db-a-ref" };
    const c = { DBInstanceIdentifier: "db-c-ref" };
    // 10% of 20 GiB, 10% of 1 GiB, 80% of 64 connections.
    const storage = 2 * GIB;
    const memory = Math.round(0.1 * GIB);
    expect(Object.fromEntries(Object.entries(alarms).map(([name, alarm]) => [name, alarmShape(alarm)]))).toEqual({
      "multiple-server-prod-db-a-cpu": [ns, "CPUUtilization", a, "Average", 300, 3, "GreaterThanThreshold", 80, "missing"],
      "multiple-server-prod-db-a-free-storage": [ns, "FreeStorageSpace", a, "Minimum", 300, 1, "LessThanThreshold", storage, "missing"],
      "multiple-server-prod-db-a-freeable-memory": [ns, "FreeableMemory", a, "Average", 300, 3, "LessThanThreshold", memory, "missing"],
      "multiple-server-prod-db-a-connections": [ns, "DatabaseConnections", a, "Average", 300, 2, "GreaterThanThreshold", 51, "missing"],
      "multiple-server-prod-db-c-cpu": [ns, "CPUUtilization", c, "Average", 300, 3, "GreaterThanThreshold", 80, "missing"],
      "multiple-server-prod-db-c-free-storage": [ns, "FreeStorageSpace", c, "Minimum", 300, 1, "LessThanThreshold", storage, "missing"],
      "multiple-server-prod-db-c-freeable-memory": [ns, "FreeableMemory", c, "Average", 300, 3, "LessThanThreshold", memory, "missing"],
      "multiple-server-prod-db-c-connections": [ns, "DatabaseConnections", c, "Average", 300, 2, "GreaterThanThreshold", 51, "missing"],
      "multiple-server-prod-db-c-replica-lag": [ns, "ReplicaLag", c, "Minimum", 300, 1, "GreaterThanThreshold", 60, "breaching"],
    });
    for (const alarm of Object.values(alarms)) expect([alarm.alarm_actions, alarm.ok_actions]).toEqual([["arn:topic"], ["arn:topic"]]);
  });

  it("takes its thresholds from the settings", () => {
    const tuned = alarmsOf(build({ ...alarmSettingsFor().database, cpuPercent: 90, freeStoragePercent: 25, connectionsPercent: 50, replicaLagSeconds: 300 }));
    expect(tuned["multiple-server-prod-db-a-cpu"].threshold).toBe(90);
    expect(tuned["multiple-server-prod-db-a-free-storage"].threshold).toBe(5 * GIB);
    expect(tuned["multiple-server-prod-db-a-connections"].threshold).toBe(32);
    expect(tuned["multiple-server-prod-db-c-replica-lag"].threshold).toBe(300);
  });
});
