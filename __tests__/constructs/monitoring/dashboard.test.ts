import { CloudwatchDashboard } from "../../../src/aws";
import { RequestPathDashboard } from "../../../src/constructs/monitoring/dashboard";
import { resourcesOf, synthConstruct } from "../../helpers";

const build = (extra: Partial<ConstructorParameters<typeof RequestPathDashboard>[2]> = {}) =>
  synthConstruct((scope) => {
    new RequestPathDashboard(scope, "dashboard", {
      name: "multiple-server-prod",
      region: "ap-northeast-2",
      distributionId: "E123",
      loadBalancerArnSuffix: "app/alb/1",
      targetGroupArnSuffix: "targetgroup/tg/2",
      databaseIdentifiers: ["db-a", "db-c"],
      replicaIdentifiers: ["db-c"],
      connectionsAlarmAt: 51,
      replicaLagAlarmAt: 60,
      autoScalingGroupName: "multiple-server-prod-web",
      ...extra,
    });
  });

describe("RequestPathDashboard", () => {
  const { json, tf } = build();
  const [[, dashboard]] = resourcesOf(tf, "aws_cloudwatch_dashboard");
  const widgets: any[] = JSON.parse(dashboard.dashboard_body).widgets;
  const byTitle = Object.fromEntries(widgets.map((w) => [w.properties.title, w.properties]));
  const metricNames = (title: string) => byTitle[title].metrics.map((m: any[]) => `${m[0]} ${m[1]}`);

  it("is named <prefix>", () => {
    expect(json).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: "multiple-server-prod" });
  });

  it("graphs the request path in order: requests, 4xx/5xx, latency, healthy hosts, database CPU, connections, replica lag", () => {
    expect(widgets.map((w) => w.properties.title)).toEqual([
      "Requests (CloudFront, us-east-1)",
      "Requests and errors (ALB)",
      "Web servers' response time (s)",
      "Web servers: healthy and unhealthy",
      "Database CPU (%)",
      "Database connections",
      "Replica lag (s)",
    ]);
    expect(widgets.map((w) => [w.x, w.y])).toEqual([[0, 0], [12, 0], [0, 6], [12, 6], [0, 12], [12, 12], [0, 18]]);
  });

  it("reads CloudFront's metrics in us-east-1 and everything else in the stack's region", () => {
    expect(byTitle["Requests (CloudFront, us-east-1)"].region).toBe("us-east-1");
    expect(byTitle["Requests (CloudFront, us-east-1)"].metrics[0]).toEqual(["AWS/CloudFront", "Requests", "DistributionId", "E123", "Region", "Global", { stat: "Sum" }]);
    for (const w of widgets.slice(1)) expect(w.properties.region).toBe("ap-northeast-2");
  });

  it("has the metrics each graph names", () => {
    expect(metricNames("Requests and errors (ALB)")).toEqual([
      "AWS/ApplicationELB RequestCount",
      "AWS/ApplicationELB HTTPCode_ELB_4XX_Count",
      "AWS/ApplicationELB HTTPCode_ELB_5XX_Count",
      "AWS/ApplicationELB HTTPCode_Target_4XX_Count",
      "AWS/ApplicationELB HTTPCode_Target_5XX_Count",
    ]);
    expect(byTitle["Web servers' response time (s)"].metrics.map((m: any[]) => m.at(-1).stat)).toEqual(["p50", "p95", "p99"]);
    expect(metricNames("Web servers: healthy and unhealthy")).toEqual([
      "AWS/ApplicationELB HealthyHostCount",
      "AWS/ApplicationELB UnHealthyHostCount",
      "AWS/AutoScaling GroupInServiceInstances",
    ]);
    expect(byTitle["Database CPU (%)"].metrics).toEqual([
      ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "db-a", { stat: "Average" }],
      ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "db-c", { stat: "Average" }],
    ]);
    expect(byTitle["Replica lag (s)"].metrics).toEqual([["AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", "db-c", { stat: "Maximum" }]]);
  });

  it("draws the alarm thresholds on the connections and lag graphs", () => {
    expect(byTitle["Database connections"].annotations).toEqual({ horizontal: [{ value: 51, label: "alarm" }] });
    expect(byTitle["Replica lag (s)"].annotations).toEqual({ horizontal: [{ value: 60, label: "alarm" }] });
  });

  it("leaves out the fleet size and the threshold lines when there is no group and no alarm", () => {
    const [[, plain]] = resourcesOf(build({ autoScalingGroupName: undefined, connectionsAlarmAt: undefined, replicaLagAlarmAt: undefined }).tf, "aws_cloudwatch_dashboard");
    const plainWidgets: any[] = JSON.parse(plain.dashboard_body).widgets;
    expect(plainWidgets[3].properties.metrics).toHaveLength(2);
    expect(plainWidgets.some((w) => w.properties.annotations)).toBe(false);
  });
});
