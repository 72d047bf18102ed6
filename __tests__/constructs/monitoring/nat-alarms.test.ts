import { NatGatewayAlarms } from "../../../src/constructs/monitoring/nat-alarms";
import { alarmShape, alarmsOf, synthConstruct } from "../../helpers";
import { alarmSettingsFor } from "../../helpers/alarms";

describe("NatGatewayAlarms", () => {
  const alarms = alarmsOf(
    synthConstruct((scope) => {
      new NatGatewayAlarms(scope, "nat", {
        natGateways: [
          { name: "multiple-server-prod-nat-a", id: "nat-a" },
          { name: "multiple-server-prod-nat-c", id: "nat-c" },
        ],
        thresholds: alarmSettingsFor({ nat: { droppedPackets: 500 } }).nat,
        target: { topicArn: "arn:topic" },
      });
    }).tf,
  );

  it("watches each NAT gateway's port allocation errors (any) and dropped packets (above the setting)", () => {
    const ns = "AWS/NATGateway";
    expect(Object.fromEntries(Object.entries(alarms).map(([name, alarm]) => [name, alarmShape(alarm)]))).toEqual({
      "multiple-server-prod-nat-a-port-allocation-errors": [ns, "ErrorPortAllocation", { NatGatewayId: "nat-a" }, "Sum", 300, 1, "GreaterThanThreshold", 0, "notBreaching"],
      "multiple-server-prod-nat-a-dropped-packets": [ns, "PacketsDropCount", { NatGatewayId: "nat-a" }, "Sum", 300, 1, "GreaterThanThreshold", 500, "notBreaching"],
      "multiple-server-prod-nat-c-port-allocation-errors": [ns, "ErrorPortAllocation", { NatGatewayId: "nat-c" }, "Sum", 300, 1, "GreaterThanThreshold", 0, "notBreaching"],
      "multiple-server-prod-nat-c-dropped-packets": [ns, "PacketsDropCount", { NatGatewayId: "nat-c" }, "Sum", 300, 1, "GreaterThanThreshold", 500, "notBreaching"],
    });
    for (const alarm of Object.values(alarms)) expect([alarm.alarm_actions, alarm.ok_actions]).toEqual([["arn:topic"], ["arn:topic"]]);
  });
});
