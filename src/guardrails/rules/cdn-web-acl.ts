import { AWS_MANAGED_RULES_VENDOR } from "../../config/constants";
import { compliantIf, type Rule } from "../rule";
import { managedGroupsOf, webAclReferencedBy } from "../web-acls";

/** The managed group that blocks Log4Shell-style inputs (checkov CKV2_AWS_47 asks for it). */
export const KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";
/** The managed group of anonymizing sources (VPNs, proxies, Tor, hosting providers): CKV2_AWS_47 asks for it too. */
export const ANONYMOUS_IP_LIST = "AWSManagedRulesAnonymousIpList";

/**
 * A production site on the internet without a firewall takes every scanner's and bot's requests
 * to its servers. The web ACL must be one the stack declares, so the rule can see what it runs: an
 * ACL managed elsewhere (by ARN) is a case for a suppression naming where it is managed.
 *
 * checkov's CKV2_AWS_47 (graph check CloudFrontWebACLConfiguredWIthLog4jVulnerability, checkov
 * 3.3.30) passes a distribution whose connected web ACL names both AWSManagedRulesAnonymousIpList
 * and AWSManagedRulesKnownBadInputsRuleSet in any rule's managed_rule_group_statement, whatever
 * their override action. This rule asks for both groups too, and is stricter on one point: the
 * known-bad-inputs group must block (not be in cdn.waf.countOnly), since counting Log4Shell
 * probes protects nothing; the anonymous IP list may count (it can block real users behind VPNs).
 */
export const CdnWebAcl: Rule = {
  id: "MS-CDN-3",
  description: `Production CloudFront distributions have a WAFv2 web ACL of the stack that runs AWS's ${ANONYMOUS_IP_LIST} group and blocks with its ${KNOWN_BAD_INPUTS} group`,
  checkov: "CKV_AWS_68, CKV2_AWS_47",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_cloudfront_distribution"],
  fix: "set cdn.waf.enabled: true for the environment (EdgeFirewall), and keep the known-bad-inputs group out of cdn.waf.countOnly",
  check: ({ config }, stack) => {
    const acl = webAclReferencedBy(stack, config.web_acl_id);
    const groups = acl?.config.scope === "CLOUDFRONT" ? managedGroupsOf(acl.config).filter((g) => g.vendor === AWS_MANAGED_RULES_VENDOR) : [];
    return compliantIf(groups.some((g) => g.name === KNOWN_BAD_INPUTS && g.blocks) && groups.some((g) => g.name === ANONYMOUS_IP_LIST));
  },
};
