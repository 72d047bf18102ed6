import { blocks, compliantIf, type Rule } from "../rule";

const SECURE_POLICIES = new Set(["redirect-to-https", "https-only"]);

/** Viewers' cookies and form posts must not cross the internet in clear text. */
export const CdnViewerHttps: Rule = {
  id: "MS-CDN-1",
  description: "CloudFront cache behaviors redirect viewers to HTTPS (or accept HTTPS only)",
  checkov: "CKV_AWS_34",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_cloudfront_distribution"],
  fix: 'set viewerProtocolPolicy: "redirect-to-https" on the default and every ordered cache behavior',
  check: ({ config }) =>
    compliantIf(
      [...blocks(config.default_cache_behavior), ...blocks(config.ordered_cache_behavior)].every((behavior) =>
        SECURE_POLICIES.has(behavior.viewer_protocol_policy),
      ),
    ),
};
