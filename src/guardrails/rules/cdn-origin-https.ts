import { blocks, Compliance, compliantIf, type Config, referenceTo, type Rule, type StackView } from "../rule";

/** Whether the origin reaches its server over HTTPS only, whether it is a custom origin or a VPC origin of the stack. */
function httpsOnly(origin: Config, stack: StackView): boolean {
  const custom = blocks(origin.custom_origin_config)[0];
  if (custom) return custom.origin_protocol_policy === "https-only";
  const vpc = blocks(origin.vpc_origin_config)[0];
  if (vpc) {
    // The id may be an expression naming the stack's VPC origin among others (a standby's, given
    // at a failover: `coalesce(var.standby_vpc_origin_id, aws_cloudfront_vpc_origin.x.id)`): every
    // VPC origin of the stack it names must be HTTPS only, and it must name one.
    const expression = typeof vpc.vpc_origin_id === "string" ? vpc.vpc_origin_id : "";
    const targets = stack.resources("aws_cloudfront_vpc_origin").filter((r) => expression.includes(referenceTo(r, "id").slice(2, -1)));
    return (
      targets.length > 0 &&
      targets.every((target) => blocks(target.config.vpc_origin_endpoint_config).some((c) => c.origin_protocol_policy === "https-only"))
    );
  }
  return true; // an S3 origin: CloudFront always reaches S3 over HTTPS
}

/**
 * A distribution on its own domain carries that domain's sessions and form posts; sending them on
 * to the origin in clear text would undo the viewer's HTTPS for the longest leg of the trip.
 */
export const CdnOriginHttps: Rule = {
  id: "MS-CDN-6",
  description: "CloudFront distributions with their own domain (aliases) reach every custom or VPC origin over HTTPS only",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_cloudfront_distribution"],
  fix: 'set originProtocolPolicy: "https-only" on every custom origin and VPC origin (Cdn does with a domain; the load balancer then needs a certificate for the origin\'s name)',
  check: ({ config }, stack) => {
    const aliases = Array.isArray(config.aliases) ? config.aliases : [];
    if (!aliases.length) return Compliance.NOT_APPLICABLE;
    return compliantIf(blocks(config.origin).every((origin) => httpsOnly(origin, stack)));
  },
};
