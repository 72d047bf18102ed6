import { awsRefusal } from "../aws-refusal";
import { cacheBehaviors, certificateNames, mayUseHttps, namesOf, referenced } from "../cloudfront";
import { blocks, Compliance, compliantIf, type Config, type StackView } from "../rule";

/** AWS's managed origin request policies that send the viewer's Host (names without `Managed-`, and their fixed ids). */
const HOST_FORWARDING_MANAGED_POLICIES = ["AllViewer", "AllViewerAndCloudFrontHeaders-2022-06", "HostHeaderOnly"];
const HOST_FORWARDING_MANAGED_POLICY_IDS = ["216adef6-5c7f-47e4-b989-5492eafa07d3", "33f36d7e-f396-46d9-90e0-52428a34d9dc"];

const isHost = (header: unknown) => typeof header === "string" && header.toLowerCase() === "host";
const headerItems = (config: Config | undefined): unknown[] => blocks(config?.headers)[0]?.items ?? [];

/** Whether an origin request policy of the stack (`headers_config`) sends the viewer's Host. */
function policySendsHost(headers: Config | undefined): boolean {
  switch (headers?.header_behavior) {
    case "allViewer":
    case "allViewerAndWhitelistCloudFront":
      return true;
    case "whitelist":
      return headerItems(headers).some(isHost);
    case "allExcept":
      return !headerItems(headers).some(isHost);
    default:
      return false;
  }
}

/**
 * Whether the behavior sends the viewer's Host to its origin: a legacy `forwarded_values` naming
 * it (or `*`), an origin request policy that includes it (AWS's managed ones by name or id, the
 * stack's own by its headers), or a cache policy of the stack with Host in its cache key (cache-key
 * headers go to the origin too). An id nothing here explains is not judged.
 */
function sendsViewerHost(behavior: Config, stack: StackView): boolean {
  const legacy = blocks(behavior.forwarded_values)[0];
  if (legacy && (legacy.headers ?? []).some((h: unknown) => h === "*" || isHost(h))) return true;
  const requestPolicy = behavior.origin_request_policy_id;
  if (HOST_FORWARDING_MANAGED_POLICY_IDS.includes(requestPolicy)) return true;
  const managed = referenced(stack, "aws_cloudfront_origin_request_policy", requestPolicy, true);
  if (managed.some((d) => HOST_FORWARDING_MANAGED_POLICIES.includes(String(d.config.name).replace(/^Managed-/, "")))) return true;
  if (managed.some((d) => HOST_FORWARDING_MANAGED_POLICY_IDS.includes(d.config.id))) return true;
  const own = referenced(stack, "aws_cloudfront_origin_request_policy", requestPolicy);
  if (own.some((p) => policySendsHost(blocks(p.config.headers_config)[0]))) return true;
  return referenced(stack, "aws_cloudfront_cache_policy", behavior.cache_policy_id).some((p) => {
    const key = blocks(blocks(p.config.parameters_in_cache_key_and_forwarded_to_origin)[0]?.headers_config)[0];
    return key?.header_behavior === "whitelist" && headerItems(key).some(isHost);
  });
}

/**
 * CloudFront checks an HTTPS origin's certificate against the origin's domain name or the Host
 * header it sends; when it forwards the viewer's Host, the certificate must name that host, or the
 * handshake fails and every request is a 502. Applies to a distribution with an origin it may reach
 * over HTTPS; compliant where the viewer's Host reaches no such origin, or where a certificate of the stack for the origin's name also names every viewer name
 * (the aliases; without aliases the viewer's host is the distribution's cloudfront.net name, which
 * no certificate of ours can hold).
 */
export const AwsHttpsOriginHost = awsRefusal({
  id: "MS-AWS-2",
  accepts:
    "CloudFront sends an HTTPS origin a Host its certificate names: a behavior that forwards the viewer's Host does so only to an origin whose certificate (in the stack) names every alias",
  source: 'CloudFront Developer Guide, "HTTP 502 status code (Bad Gateway)", SSL/TLS negotiation failure',
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_cloudfront_distribution"],
  fix: "use the origin request policy Managed-AllViewerExceptHostHeader towards an HTTPS origin (Cdn does with a domain), or put every viewer name on the origin's certificate",
  check: ({ config }, stack) => {
    const origins = new Map(blocks(config.origin).map((o) => [o.origin_id, o]));
    const aliases: unknown[] = Array.isArray(config.aliases) ? config.aliases : [];
    const https = cacheBehaviors(config)
      .map((behavior) => ({ behavior, origin: origins.get(behavior.target_origin_id) }))
      .filter((b): b is { behavior: Config; origin: Config } => b.origin !== undefined && mayUseHttps(b.origin, stack));
    if (!https.length) return Compliance.NOT_APPLICABLE;
    const atRisk = https.filter(({ behavior }) => sendsViewerHost(behavior, stack)).map(({ origin }) => origin);
    return compliantIf(
      atRisk.length === 0 ||
        (aliases.length > 0 &&
        atRisk.every((origin) =>
          stack
            .resources("aws_acm_certificate")
            .filter((c) => certificateNames(namesOf(c), String(origin.domain_name)))
            .some((c) => aliases.every((alias) => typeof alias === "string" && certificateNames(namesOf(c), alias))),
        )),
    );
  },
});
