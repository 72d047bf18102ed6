import { awsRefusal } from "../aws-refusal";
import { Compliance, compliantIf } from "../rule";
import { CLOUDFRONT_CONTROL_REGION, regionOf } from "./aws-cloudfront-certificate-region";

/**
 * WAF accepts resources of scope CLOUDFRONT (web ACLs and what they use: rule groups, IP sets,
 * regex pattern sets) in US East (N. Virginia) only; elsewhere it answers "The scope is not valid".
 */
export const AwsWafCloudfrontScopeRegion = awsRefusal({
  id: "MS-AWS-5",
  accepts: "WAFv2 web ACLs, rule groups, IP sets and regex pattern sets of scope CLOUDFRONT are created in us-east-1",
  source: 'AWS WAF Developer Guide, "Resources that you can protect with AWS WAF"',
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_wafv2_web_acl", "aws_wafv2_rule_group", "aws_wafv2_ip_set", "aws_wafv2_regex_pattern_set"],
  fix: "create it with the us-east-1 provider (MultipleServerStack.edgeProvider(), as EdgeFirewall does)",
  check: (resource, stack) => {
    if (resource.config.scope !== "CLOUDFRONT") return Compliance.NOT_APPLICABLE;
    return compliantIf(regionOf(resource, stack) === CLOUDFRONT_CONTROL_REGION);
  },
});
