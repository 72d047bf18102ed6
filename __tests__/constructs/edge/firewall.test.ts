import { AwsProvider, CloudwatchLogGroup, Wafv2WebAcl, Wafv2WebAclLoggingConfiguration } from "../../../src/aws";
import { EdgeFirewall } from "../../../src/constructs/edge/firewall";
import type { WafManagedRuleGroup } from "../../../src/config/constants";
import { naming, resourcesOf, synthConstruct } from "../../helpers";

const build = (extra: { countOnly?: WafManagedRuleGroup[]; protect?: boolean } = {}) =>
  synthConstruct((scope) => {
    const edge = new AwsProvider(scope, "edge", { alias: "us_east_1", region: "us-east-1" });
    new EdgeFirewall(scope, "firewall", { naming, provider: edge, rateLimit: 2000, logRetentionDays: 7, ...extra });
  });

describe("EdgeFirewall", () => {
  const { json, tf } = build();
  const [[aclId, acl]] = resourcesOf(tf, "aws_wafv2_web_acl");
  const [[groupId]] = resourcesOf(tf, "aws_cloudwatch_log_group");

  it("creates a CLOUDFRONT web ACL in us-east-1 that allows what no rule blocks", () => {
    expect(json).toHaveResourceWithProperties(Wafv2WebAcl, {
      provider: "aws.us_east_1",
      name: "multiple-server-waf",
      scope: "CLOUDFRONT",
      default_action: { allow: {} },
      visibility_config: { cloudwatch_metrics_enabled: true, metric_name: "multiple-server-waf-acl", sampled_requests_enabled: true },
    });
  });

  it("limits each client IP to the rate over 5 minutes first, then runs AWS's four managed groups", () => {
    expect(acl.rule.map((r: any) => [r.priority, r.name])).toEqual([
      [0, "rate-limit"],
      [1, "aws-ip-reputation"],
      [2, "aws-anonymous-ip"],
      [3, "aws-known-bad-inputs"],
      [4, "aws-common"],
    ]);
    expect(acl.rule[0]).toMatchObject({
      action: { block: {} },
      statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
    });
    expect(acl.rule.slice(1).map((r: any) => [r.statement.managed_rule_group_statement, r.override_action])).toEqual([
      [{ vendor_name: "AWS", name: "AWSManagedRulesAmazonIpReputationList" }, { none: {} }],
      [{ vendor_name: "AWS", name: "AWSManagedRulesAnonymousIpList" }, { none: {} }],
      [{ vendor_name: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" }, { none: {} }],
      [{ vendor_name: "AWS", name: "AWSManagedRulesCommonRuleSet" }, { none: {} }],
    ]);
  });

  it("publishes CloudWatch metrics and sampled requests for every rule, each under its own name", () => {
    expect(acl.rule.map((r: any) => r.visibility_config)).toEqual(
      ["rate-limit", "aws-ip-reputation", "aws-anonymous-ip", "aws-known-bad-inputs", "aws-common"].map((rule) => ({
        cloudwatch_metrics_enabled: true,
        metric_name: `multiple-server-waf-${rule}`,
        sampled_requests_enabled: true,
      })),
    );
  });

  it("logs to aws-waf-logs-<prefix> in us-east-1, kept the environment's days, with Authorization and Cookie redacted", () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      provider: "aws.us_east_1",
      name: "aws-waf-logs-multiple-server",
      retention_in_days: 7,
    });
    expect(json).toHaveResourceWithProperties(Wafv2WebAclLoggingConfiguration, {
      provider: "aws.us_east_1",
      resource_arn: `\${aws_wafv2_web_acl.${aclId}.arn}`,
      log_destination_configs: [`\${aws_cloudwatch_log_group.${groupId}.arn}`],
      redacted_fields: [{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }],
    });
  });

  it("counts instead of blocking with the groups in countOnly, and protects the logs when asked", () => {
    const { tf: counted } = build({ countOnly: ["AWSManagedRulesAnonymousIpList", "AWSManagedRulesCommonRuleSet"], protect: true });
    const [[, countingAcl]] = resourcesOf(counted, "aws_wafv2_web_acl");
    expect(countingAcl.rule.map((r: any) => r.override_action)).toEqual([undefined, { none: {} }, { count: {} }, { none: {} }, { count: {} }]);
    expect(resourcesOf(counted, "aws_cloudwatch_log_group")[0][1].lifecycle).toEqual({ prevent_destroy: true });
  });
});
