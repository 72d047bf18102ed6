import { Construct } from "constructs";
import type { TerraformProvider } from "../../cdk";
import { CloudwatchLogGroup, Wafv2WebAcl, type Wafv2WebAclRule, Wafv2WebAclLoggingConfiguration } from "../../aws";
import {
  AWS_MANAGED_RULES_VENDOR,
  WAF_MANAGED_RULE_GROUPS,
  WAF_RATE_WINDOW_SECONDS,
  WAF_REDACTED_HEADERS,
  type WafManagedRuleGroup,
} from "../../config/constants";
import { Naming } from "../../naming";

export interface EdgeFirewallProps {
  /** Source of every AWS name (the web ACL, its metrics and its log group). Required. */
  readonly naming: Naming;
  /**
   * The provider of us-east-1 (`MultipleServerStack.edgeProvider()`): a web ACL of scope CLOUDFRONT
   * and the log group it logs to exist only there. Required.
   */
  readonly provider: TerraformProvider;
  /** Requests per client IP in 5 minutes before the rate rule blocks it. @default 2000 (config `cdn.waf.rateLimit`) */
  readonly rateLimit: number;
  /** Managed rule groups that count instead of blocking. @default [] (config `cdn.waf.countOnly`) */
  readonly countOnly?: readonly WafManagedRuleGroup[];
  /** Days the log group keeps the logs. @default 7 (config `cdn.waf.logRetentionDays`) */
  readonly logRetentionDays: number;
  /** KMS key (of us-east-1) of the WAF log group (LogKey). @default unset (CloudWatch Logs' own encryption) */
  readonly logKmsKeyArn?: string;
  /** `prevent_destroy` on the log group. @default false */
  readonly protect?: boolean;
}

/** Rule names inside the web ACL (also the end of each rule's metric name). */
const RATE_RULE = "rate-limit";
const GROUP_RULES: Record<WafManagedRuleGroup, string> = {
  AWSManagedRulesAmazonIpReputationList: "aws-ip-reputation",
  AWSManagedRulesAnonymousIpList: "aws-anonymous-ip",
  AWSManagedRulesKnownBadInputsRuleSet: "aws-known-bad-inputs",
  AWSManagedRulesCommonRuleSet: "aws-common",
};

/**
 * A WAFv2 web ACL for CloudFront (scope CLOUDFRONT, hence in us-east-1): first a rate limit per
 * client IP, so that an address flooding the site is blocked before the managed groups spend
 * capacity on it, then AWS's IP reputation list, anonymous IP list, known bad inputs and core rule set. Anything no
 * rule blocks is allowed. Every rule publishes CloudWatch metrics and sampled requests; every
 * request is logged to `aws-waf-logs-<prefix>` with the Authorization and Cookie headers redacted.
 * Attach it by giving `webAclArn` to the distribution (CloudFront takes the ARN, not the id).
 */
export class EdgeFirewall extends Construct {
  public readonly webAcl: Wafv2WebAcl;
  /** ARN of the web ACL: the distribution's `web_acl_id`. */
  public readonly webAclArn: string;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    const { naming, provider } = props;
    const visibility = (rule: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName: naming.name("waf", rule),
      sampledRequestsEnabled: true,
    });
    const counting = new Set(props.countOnly ?? []);

    const rateRule: Wafv2WebAclRule = {
      name: RATE_RULE,
      priority: 0,
      action: { block: {} },
      // `statement` is passed through as written: Terraform's own snake_case.
      statement: {
        rate_based_statement: { limit: props.rateLimit, aggregate_key_type: "IP", evaluation_window_sec: WAF_RATE_WINDOW_SECONDS },
      },
      visibilityConfig: visibility(RATE_RULE),
    };
    const groupRules: Wafv2WebAclRule[] = WAF_MANAGED_RULE_GROUPS.map((group, i) => ({
      name: GROUP_RULES[group],
      priority: i + 1,
      // `none` keeps the group's own actions (block); `count` only records what it would block.
      overrideAction: counting.has(group) ? { count: {} } : { none: {} },
      statement: { managed_rule_group_statement: { vendor_name: AWS_MANAGED_RULES_VENDOR, name: group } },
      visibilityConfig: visibility(GROUP_RULES[group]),
    }));

    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      provider,
      name: naming.name("waf"),
      description: `Edge firewall of ${naming.prefix}: rate limit, IP reputation, anonymous IPs, known bad inputs, core rule set`,
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      rule: [rateRule, ...groupRules],
      visibilityConfig: visibility("acl"),
      tags: { Name: naming.name("waf") },
    });
    this.webAclArn = this.webAcl.arn;

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      provider,
      name: naming.wafLogGroup(),
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
      tags: { Name: naming.wafLogGroup() },
    });
    // WAF adds the log group's resource policy for its log delivery itself on this call.
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      provider,
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: WAF_REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
    });
  }
}
