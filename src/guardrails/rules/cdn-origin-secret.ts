import { blocks, Compliance, compliantIf, type Rule } from "../rule";

/**
 * A custom origin (the ALB) is reachable from the internet; the secret header CloudFront adds is
 * what lets it tell CloudFront's requests from everyone else's (MS-ALB-4 is the other half). A VPC
 * origin's ALB is not on the internet, but any distribution of the account may name the VPC origin
 * (with no firewall in front): the header ties the ALB to this distribution.
 */
export const CdnOriginSecretHeader: Rule = {
  id: "MS-CDN-2",
  description: "CloudFront sends a secret custom header to every custom or VPC (ALB) origin",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_cloudfront_distribution"],
  fix: "add customHeader: [{ name: originHeader.name, value: originHeader.value }] to the origin (Cdn does this)",
  check: ({ config }) => {
    const custom = blocks(config.origin).filter((origin) => blocks(origin.custom_origin_config).length > 0 || blocks(origin.vpc_origin_config).length > 0);
    if (!custom.length) return Compliance.NOT_APPLICABLE;
    return compliantIf(custom.every((origin) => blocks(origin.custom_header).some((h) => Boolean(h.name) && Boolean(h.value))));
  },
};
