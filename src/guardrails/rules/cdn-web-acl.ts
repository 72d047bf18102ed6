import { AWS_MANAGED_RULES_VENDOR } from "../../config/constants";
import { compliantIf, type Rule } from "../rule";
import { managedGroupsOf, webAclReferencedBy } from "../web-acls";

/** The managed group that blocks Log4Shell-style inputs (checkov CKV2_AWS_47 asks for it). */
export const KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";

/**
 * A production site on the internet without a firewall takes every scanner's and bot's requests
 * to its servers. The web ACL must be one the stack declares, so the rule can see what it runs: an
 * ACL managed elsewhere (by ARN) is a case for a suppression naming where it is managed.
 */
export const CdnWebAcl: Rule = {
  id: "MS-CDN-3",
  description: `Production CloudFront distributions have a WAFv2 web ACL of the stack that blocks with AWS's ${KNOWN_BAD_INPUTS} group`,
  checkov: "CKV_AWS_68, CKV2_AWS_47",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_cloudfront_distribution"],
  fix: "set cdn.waf.enabled: true for the environment (EdgeFirewall), and keep the known-bad-inputs group out of cdn.waf.countOnly",
  check: ({ config }, stack) => {
    const acl = webAclReferencedBy(stack, config.web_acl_id);
    return compliantIf(
      acl !== undefined &&
        acl.config.scope === "CLOUDFRONT" &&
        managedGroupsOf(acl.config).some((g) => g.vendor === AWS_MANAGED_RULES_VENDOR && g.name === KNOWN_BAD_INPUTS && g.blocks),
    );
  },
};
