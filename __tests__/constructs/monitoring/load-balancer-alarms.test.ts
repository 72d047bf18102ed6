import { alarmSettingsFor } from "../../helpers/alarms";
import { LoadBalancerAlarms } from "../../../src/constructs/monitoring/load-balancer-alarms";
import { alarmShape, alarmsOf, synthConstruct } from "../../helpers";

const build = (thresholds = alarmSettingsFor().loadBalancer) =>
  synthConstruct((scope) => {
    new LoadBalancerAlarms(scope, "alb", {
      loadBalancerName: "multiple-server-prod-alb",
      loadBalancerArnSuffix: "app/alb/123",
      targetGroupArnSuffix: "targetgroup/tg/456",
      availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"],
      thresholds,
      target: { topicArn: "arn:aws:sns:ap-northeast-2:111122223333:multiple-server-prod-alarms" },
    });
  }).tf;

describe("LoadBalancerAlarms", () => {
  const alarms = alarmsOf(build());
  const lb = { LoadBalancer: "app/alb/123" };
  const tg = { ...lb, TargetGroup: "targetgroup/tg/456" };

  it("watches the ALB's and the servers' 5xx, unhealthy hosts, healthy hosts per zone and p95 latency", () => {
    const ns = "AWS/ApplicationELB";
    expect(Object.fromEntries(Object.entries(alarms).map(([name, a]) => [name, alarmShape(a)]))).toEqual({
      "multiple-server-prod-alb-5xx": [ns, "HTTPCode_ELB_5XX_Count", lb, "Sum", 300, 1, "GreaterThanThreshold", 10, "notBreaching"],
      "multiple-server-prod-alb-target-5xx": [ns, "HTTPCode_Target_5XX_Count", tg, "Sum", 300, 1, "GreaterThanThreshold", 10, "notBreaching"],
      "multiple-server-prod-alb-unhealthy-hosts": [ns, "UnHealthyHostCount", tg, "Maximum", 60, 3, "GreaterThanThreshold", 0, "notBreaching"],
      "multiple-server-prod-alb-healthy-hosts-a": [ns, "HealthyHostCount", { ...tg, AvailabilityZone: "ap-northeast-2a" }, "Minimum", 60, 3, "LessThanThreshold", 1, "breaching"],
      "multiple-server-prod-alb-healthy-hosts-c": [ns, "HealthyHostCount", { ...tg, AvailabilityZone: "ap-northeast-2c" }, "Minimum", 60, 3, "LessThanThreshold", 1, "breaching"],
      "multiple-server-prod-alb-p95-latency": [ns, "TargetResponseTime", tg, "p95", 300, 3, "GreaterThanThreshold", 1, "notBreaching"],
    });
  });

  it("notifies the topic on ALARM and on OK, every datapoint of the window breaching", () => {
    for (const alarm of Object.values(alarms)) {
      expect(alarm.alarm_actions).toEqual(["arn:aws:sns:ap-northeast-2:111122223333:multiple-server-prod-alarms"]);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
      expect(alarm.datapoints_to_alarm).toBe(alarm.evaluation_periods);
      expect(alarm.alarm_description).toEqual(expect.any(String));
      expect(alarm.provider).toBeUndefined();
    }
  });

  it("takes its thresholds from the settings", () => {
    const tuned = alarmsOf(build({ elb5xxCount: 50, target5xxCount: 25, responseTimeP95Seconds: 0.5 }));
    expect(tuned["multiple-server-prod-alb-5xx"].threshold).toBe(50);
    expect(tuned["multiple-server-prod-alb-target-5xx"].threshold).toBe(25);
    expect(tuned["multiple-server-prod-alb-p95-latency"].threshold).toBe(0.5);
  });
});
