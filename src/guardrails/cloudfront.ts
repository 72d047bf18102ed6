import { blocks, type Config, referenceTo, type StackView, type SynthesizedResource } from "./rule";

/*
 * What the MS-AWS rules about CloudFront read of a distribution: which origin a cache behavior
 * sends to, over which protocol, with which headers.
 */

/** The default cache behavior and every ordered one. */
export function cacheBehaviors(distribution: Config): Config[] {
  return [...blocks(distribution.default_cache_behavior), ...blocks(distribution.ordered_cache_behavior)];
}

/** The stack's resources or data sources of `type` that `expression` refers to (`${type.name.<attribute>}`). */
export function referenced(stack: StackView, type: string, expression: unknown, data = false): SynthesizedResource[] {
  if (typeof expression !== "string") return [];
  const candidates = data ? stack.dataSources(type) : stack.resources(type);
  return candidates.filter((r) => expression.includes(`${data ? "data." : ""}${type}.${r.name}.`));
}

/** Protocol policies under which CloudFront may reach an origin over HTTPS (match-viewer: whenever the viewer used HTTPS). */
const HTTPS_POLICIES: readonly unknown[] = ["https-only", "match-viewer"];

/**
 * Whether CloudFront may reach `origin` over HTTPS: a custom origin's protocol policy, or that of
 * the stack's VPC origin(s) its `vpc_origin_id` names. An S3 origin is not a server of ours.
 */
export function mayUseHttps(origin: Config, stack: StackView): boolean {
  const custom = blocks(origin.custom_origin_config)[0];
  if (custom) return HTTPS_POLICIES.includes(custom.origin_protocol_policy);
  const vpc = blocks(origin.vpc_origin_config)[0];
  if (!vpc) return false;
  return referenced(stack, "aws_cloudfront_vpc_origin", vpc.vpc_origin_id).some((target) =>
    blocks(target.config.vpc_origin_endpoint_config).some((endpoint) => HTTPS_POLICIES.includes(endpoint.origin_protocol_policy)),
  );
}

/** Whether `names` (a certificate's) hold `host`: the same name, or a wildcard one label above it. */
export function certificateNames(names: readonly unknown[], host: string): boolean {
  return names.some(
    (name) => typeof name === "string" && (name === host || (name.startsWith("*.") && host.slice(host.indexOf(".") + 1) === name.slice(2))),
  );
}

/** Every name an aws_acm_certificate of the stack holds. */
export function namesOf(certificate: SynthesizedResource): unknown[] {
  const alternatives = Array.isArray(certificate.config.subject_alternative_names) ? certificate.config.subject_alternative_names : [];
  return [certificate.config.domain_name, ...alternatives];
}

export { referenceTo };
