import { AwsProvider } from "../../../src/aws";
import { Monitoring } from "../../../src/constructs/monitoring/monitoring";
import { Naming } from "../../../src/naming";
import { alarmsOf, resourcesOf, synthConstruct } from "../../helpers";
import { alarmSettingsFor } from "../../helpers/alarms";

function build(overrides: Record<string, unknown> = {}) {
  let edgeCalls = 0;
  const { tf } = synthConstruct((scope) => {
    let edge: AwsProvider | undefined;
    new Monitoring(scope, "monitoring", {
      naming: new Naming("multiple-server-prod"),
      settings: alarmSettingsFor(overrides),
      region: "ap-northeast-2",
      edgeProvider: () => {
        edgeCalls++;
        edge ??= new AwsProvider(scope, "edge", { alias: "us_east_1", region: "us-east-1" });
        return edge;
      },
      loadBalancer: { name: "multiple-server-prod-alb", arnSuffix: "app/alb/1", targetGroupArnSuffix: "targetgroup/tg/2" },
      availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"],
      databases: [
        { name: "multiple-server-prod-db-a", identifier: "db-a", allocatedStorageGiB: 20, replica: false },
        { name: "multiple-server-prod-db-c", identifier: "db-c", allocatedStorageGiB: 20, replica: true },
      ],
      databaseInstanceClass: "db.t3.micro",
      natGateways: [{ name: "multiple-server-prod-nat-a", id: "nat-a" }],
      distribution: { name: "multiple-server-prod-cdn", id: "E123" },
    });
  });
  return { tf, edgeCalls };
}

describe("Monitoring", () => {
  const { tf, edgeCalls } = build();
  const alarms = alarmsOf(tf);
  const topics = resourcesOf(tf, "aws_sns_topic");
  const [regional] = topics.filter(([, t]) => t.provider === undefined);
  const [edge] = topics.filter(([, t]) => t.provider === "aws.us_east_1");

  it("has a topic <prefix>-alarms in the stack's region and one in us-east-1", () => {
    expect(topics.map(([, t]) => [t.name, t.provider])).toEqual(
      expect.arrayContaining([
        ["multiple-server-prod-alarms", undefined],
        ["multiple-server-prod-alarms", "aws.us_east_1"],
      ]),
    );
    expect(topics).toHaveLength(2);
    expect(edgeCalls).toBe(1);
  });

  it("sends CloudFront's alarm to the us-east-1 topic through the edge provider, and every other alarm to the regional topic", () => {
    const toRegional = [`\${aws_sns_topic.${regional[0]}.arn}`];
    const toEdge = [`\${aws_sns_topic.${edge[0]}.arn}`];
    for (const [name, alarm] of Object.entries(alarms)) {
      const isCdn = name === "multiple-server-prod-cdn-5xx-rate";
      expect([name, alarm.provider, alarm.alarm_actions, alarm.ok_actions]).toEqual(
        isCdn ? [name, "aws.us_east_1", toEdge, toEdge] : [name, undefined, toRegional, toRegional],
      );
    }
    // 6 on the ALB, 9 on the two databases, 2 on the NAT gateway, 1 on CloudFront.
    expect(Object.keys(alarms)).toHaveLength(18);
  });

  it("builds the dashboard <prefix> with the alarms' thresholds", () => {
    const [[, dashboard]] = resourcesOf(tf, "aws_cloudwatch_dashboard");
    expect(dashboard.dashboard_name).toBe("multiple-server-prod");
    expect(dashboard.dashboard_body).toContain('"annotations":{"horizontal":[{"value":51,"label":"alarm"}]}');
  });

  it("builds only the dashboard without alarms, and never asks for the edge provider then", () => {
    const quiet = build({ enabled: false });
    expect(quiet.edgeCalls).toBe(0);
    expect(Object.keys(quiet.tf.resource)).toEqual(["aws_cloudwatch_dashboard"]);
    expect(quiet.tf.data).toBeUndefined();
  });

  it("builds only the alarms without the dashboard", () => {
    expect(resourcesOf(build({ dashboard: false }).tf, "aws_cloudwatch_dashboard")).toEqual([]);
  });
});
