import { blocks, Compliance, compliantIf, type Config, type Rule, type StackView } from "../rule";
import { LISTENER_RULE_TYPES, LISTENER_TYPES, mayServeInternetAlb } from "../load-balancers";

/** Whether any of the actions forwards (an action type from an expression might). */
function forwards(actions: unknown): boolean {
  return blocks(actions).some((action) => {
    const type = String(action.type ?? "").toLowerCase();
    return type === "forward" || type.includes("${") || blocks(action.forward).length > 0;
  });
}

/** The custom headers CloudFront sends to the custom and VPC origins of the stack: lowercase name to values. */
function headersCloudFrontSends(stack: StackView): Map<string, unknown[]> {
  const sent = new Map<string, unknown[]>();
  for (const distribution of stack.resources("aws_cloudfront_distribution")) {
    for (const origin of blocks(distribution.config.origin).filter((o) => blocks(o.custom_origin_config).length > 0 || blocks(o.vpc_origin_config).length > 0)) {
      for (const header of blocks(origin.custom_header)) {
        const name = String(header.name ?? "").toLowerCase();
        sent.set(name, [...(sent.get(name) ?? []), header.value]);
      }
    }
  }
  return sent;
}

/**
 * Whether the rule forwards only requests that carry a secret header: an http_header condition
 * (conditions are ANDed, so one is enough) whose every value is an exact secret — a wildcard
 * (`*`, `?`) would match anyone's guess. When CloudFront is in the stack the header must be one
 * it sends with that value; otherwise (CloudFront in another stack) any such header condition.
 */
function requiresSecretHeader(rule: Config, stack: StackView): boolean {
  const sent = headersCloudFrontSends(stack);
  return blocks(rule.condition)
    .flatMap((condition) => blocks(condition.http_header))
    .some((header) => {
      const name = String(header.http_header_name ?? "").toLowerCase();
      const values: unknown[] = Array.isArray(header.values) ? header.values : [];
      const exact = values.length > 0 && values.every((v) => typeof v === "string" && v !== "" && !/[*?]/.test(v));
      if (!name || !exact) return false;
      return sent.size === 0 || values.every((v) => sent.get(name)?.includes(v));
    });
}

/**
 * The ALB is internet-facing; it must serve only requests that carry CloudFront's secret origin
 * header. Its listener's default action must therefore not forward, and neither may a listener
 * rule without the header condition: a rule on `path_pattern /*` alone forwards everyone's
 * requests just as a forwarding default would.
 */
export const AlbListenerDeniesByDefault: Rule = {
  id: "MS-ALB-4",
  description:
    "Internet-facing ALBs forward only requests with CloudFront's secret header: no listener forwards by default, every forwarding listener rule has that http_header condition",
  severity: "high",
  environments: "all",
  resourceTypes: [...LISTENER_TYPES, ...LISTENER_RULE_TYPES],
  fix: "give the listener a fixed-response 403 default action and forward only from an LbListenerRule with an httpHeader condition on the origin header CloudFront sends (LoadBalancer does this)",
  check: (resource, stack) => {
    if (!mayServeInternetAlb(resource, stack)) return Compliance.NOT_APPLICABLE;
    const { config } = resource;
    if ((LISTENER_TYPES as readonly string[]).includes(resource.type)) return compliantIf(!forwards(config.default_action));
    return compliantIf(!forwards(config.action) || requiresSecretHeader(config, stack));
  },
};
