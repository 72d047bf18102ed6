import { blocks, Compliance, compliantIf, isTrue, type Rule } from "../rule";

/**
 * CloudFront's security policies that refuse TLS 1.0 and 1.1 and the weak ciphers, oldest first.
 *
 * Stricter than checkov's CKV_AWS_174 (CloudfrontTLS12.py, checkov 3.3.30), which passes any
 * `minimum_protocol_version` matching `TLSv1.(2|3)_<year>`, TLSv1.2_2018 and TLSv1.2_2019
 * included: those still accept CBC ciphers with SHA-1 (CloudFront Developer Guide, "Supported
 * protocols and ciphers between viewers and CloudFront"), so this rule starts at TLSv1.2_2021.
 * checkov also fails every distribution on the default `*.cloudfront.net` certificate (dev's, the
 * article's, and prod's until it is given a domain: .checkov/*.yaml skip it with that reason),
 * which this rule does not concern (below).
 */
export const MODERN_VIEWER_POLICIES: readonly string[] = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/**
 * With its own certificate a distribution negotiates what its `minimum_protocol_version` allows; the
 * default certificate (`*.cloudfront.net`) always allows TLSv1, which the rule cannot change and so
 * does not concern.
 */
export const CdnViewerTls: Rule = {
  id: "MS-CDN-5",
  description: `CloudFront distributions with their own certificate accept viewers over ${MODERN_VIEWER_POLICIES[0]} or newer only`,
  checkov: "CKV_AWS_174",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_cloudfront_distribution"],
  fix: `set viewerCertificate.minimumProtocolVersion to ${MODERN_VIEWER_POLICIES.join(", ")} (Cdn does with a domain)`,
  check: ({ config }) => {
    const certificate = blocks(config.viewer_certificate)[0] ?? {};
    const own = !isTrue(certificate.cloudfront_default_certificate) && Boolean(certificate.acm_certificate_arn || certificate.iam_certificate_id);
    if (!own) return Compliance.NOT_APPLICABLE;
    return compliantIf(MODERN_VIEWER_POLICIES.includes(certificate.minimum_protocol_version));
  },
};
