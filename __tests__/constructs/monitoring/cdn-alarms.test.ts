import { AwsProvider } from "../../../src/aws";
import { CdnAlarms } from "../../../src/constructs/monitoring/cdn-alarms";
import { alarmShape, alarmsOf, synthConstruct } from "../../helpers";
import { alarmSettingsFor } from "../../helpers/alarms";

describe("CdnAlarms", () => {
  const alarms = alarmsOf(
    synthConstruct((scope) => {
      const provider = new AwsProvider(scope, "edge", { alias: "us_east_1", region: "us-east-1" });
      new CdnAlarms(scope, "cdn", {
        distributionName: "multiple-server-prod-cdn",
        distributionId: "E123",
        thresholds: alarmSettingsFor().cdn,
        target: { topicArn: "arn:aws:sns:us-east-1:111122223333:multiple-server-prod-alarms", provider },
      });
    }).tf,
  );

  it("watches CloudFront's 5xx error rate, in us-east-1 where CloudFront publishes it, notifying the topic there", () => {
    const alarm = alarms["multiple-server-prod-cdn-5xx-rate"];
    expect(alarmShape(alarm)).toEqual([
      "AWS/CloudFront",
      "5xxErrorRate",
      { DistributionId: "E123", Region: "Global" },
      "Average",
      300,
      2,
      "GreaterThanThreshold",
      5,
      "notBreaching",
    ]);
    expect(alarm.provider).toBe("aws.us_east_1");
    expect([alarm.alarm_actions, alarm.ok_actions]).toEqual([
      ["arn:aws:sns:us-east-1:111122223333:multiple-server-prod-alarms"],
      ["arn:aws:sns:us-east-1:111122223333:multiple-server-prod-alarms"],
    ]);
  });
});
