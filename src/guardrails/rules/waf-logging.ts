import { compliantIf, referenceTo, type Rule } from "../rule";
import { WEB_ACL_LOGGING_TYPE, WEB_ACL_TYPE } from "../web-acls";

/**
 * Metrics say how many requests a rule blocked; only the logs say whose, which rule and why, and
 * they are what tells a false positive from an attack before a rule group is switched to block.
 */
export const WafLogging: Rule = {
  id: "MS-CDN-4",
  description: "Production WAFv2 web ACLs log their requests (aws_wafv2_web_acl_logging_configuration)",
  checkov: "CKV2_AWS_31",
  severity: "medium",
  environments: "prod",
  resourceTypes: [WEB_ACL_TYPE],
  fix: "keep cdn.waf.enabled (EdgeFirewall logs to aws-waf-logs-<namePrefix>), or add a Wafv2WebAclLoggingConfiguration for the ACL",
  check: (acl, stack) =>
    compliantIf(
      stack
        .resources(WEB_ACL_LOGGING_TYPE)
        .some((logging) => logging.config.resource_arn === referenceTo(acl, "arn") && Array.isArray(logging.config.log_destination_configs) && logging.config.log_destination_configs.length > 0),
    ),
};
