import { CloudwatchLogGroup, Wafv2WebAclLoggingConfiguration } from "../../../src/aws";
import { Compliance } from "../../../src/guardrails";
import { AwsWafLogDestination } from "../../../src/guardrails/rules/aws-waf-log-destination";
import { judge } from "../fixtures";

const ACL = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/acl/1";

/** The verdict on a logging configuration sending to a log group of the stack named `name`. */
function loggingTo(name: string): Compliance {
  return judge(AwsWafLogDestination, (s) => {
    const group = new CloudwatchLogGroup(s, "logs", { name, retentionInDays: 90 });
    new Wafv2WebAclLoggingConfiguration(s, "logging", { resourceArn: ACL, logDestinationConfigs: [group.arn] });
  })["aws_wafv2_web_acl_logging_configuration.logging"];
}

describe("MS-AWS-7: WAF logs go only to destinations named aws-waf-logs-*", () => {
  it("violated: a log group of another name, and a bucket ARN of another name", () => {
    expect(loggingTo("/waf/multiple-server")).toBe(Compliance.NON_COMPLIANT);
    const verdict = judge(AwsWafLogDestination, (s) => {
      new Wafv2WebAclLoggingConfiguration(s, "logging", { resourceArn: ACL, logDestinationConfigs: ["arn:aws:s3:::waf-logs"] });
    });
    expect(verdict["aws_wafv2_web_acl_logging_configuration.logging"]).toBe(Compliance.NON_COMPLIANT);
  });

  it("compliant: the firewall's log group, aws-waf-logs-<prefix>", () => {
    expect(loggingTo("aws-waf-logs-multiple-server-prod")).toBe(Compliance.COMPLIANT);
  });
});
