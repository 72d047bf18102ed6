import { awsRefusal } from "../aws-refusal";
import { referenced } from "../cloudfront";
import { blocks, Compliance, compliantIf, type StackView, type SynthesizedResource } from "../rule";

/** CloudFront's region for certificates (and web ACLs). */
export const CLOUDFRONT_CONTROL_REGION = "us-east-1";

/** Where a resource lives: its own `region` argument (provider 6.x), else its provider's. */
export function regionOf(resource: SynthesizedResource, stack: StackView): string | undefined {
  return typeof resource.config.region === "string" ? resource.config.region : stack.providerRegion(resource);
}

/**
 * CloudFront takes ACM certificates from US East (N. Virginia) only; a distribution given one of
 * another region is refused. Compliant when the viewer certificate is an ARN of us-east-1, or a
 * certificate (or its validation) of the stack created there. An ARN from elsewhere (a variable) is
 * not judged.
 */
export const AwsAcmCertificateForCloudfront = awsRefusal({
  id: "MS-AWS-4",
  accepts: "CloudFront distributions use an ACM certificate of us-east-1",
  source: 'ACM User Guide, "Supported Regions"; CloudFront API Reference, ViewerCertificate.ACMCertificateArn',
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_cloudfront_distribution"],
  fix: "create the certificate and its validation with the us-east-1 provider (MultipleServerStack.edgeProvider(), as SiteDomain does)",
  check: ({ config }, stack) => {
    const arn = blocks(config.viewer_certificate)[0]?.acm_certificate_arn;
    if (typeof arn !== "string") return Compliance.NOT_APPLICABLE;
    const literal = /^arn:[^:]+:acm:([^:]+):/.exec(arn);
    if (literal) return compliantIf(literal[1] === CLOUDFRONT_CONTROL_REGION);
    const certificates = [
      ...referenced(stack, "aws_acm_certificate", arn),
      ...referenced(stack, "aws_acm_certificate_validation", arn),
      ...referenced(stack, "aws_acm_certificate", arn, true),
    ];
    if (!certificates.length) return Compliance.NOT_APPLICABLE;
    return compliantIf(certificates.every((c) => regionOf(c, stack) === CLOUDFRONT_CONTROL_REGION));
  },
});
