import { Compliance, compliantIf, type Rule } from "../rule";
import { LISTENER_TYPES } from "../load-balancers";

/**
 * ELB security policies that accept TLS 1.2 and newer only (their names say so: `TLS13-1-2`,
 * `TLS13-1-3`, `TLS-1-2`, `FS-1-2`). Leaving `ssl_policy` out picks ELBSecurityPolicy-2016-08,
 * which still accepts TLS 1.0.
 *
 * Stricter than checkov's CKV_AWS_103 (graph check AppLoadBalancerTLS12, checkov 3.3.30), which
 * passes any policy starting with `ELBSecurityPolicy-TLS13`, `-TLS-1-2` or `-FS-1-2`: that
 * includes `ELBSecurityPolicy-TLS13-1-0-2021-06` and `-TLS13-1-1-2021-06`, which still accept
 * TLS 1.0 and 1.1 (ELB User Guide, "Security policies for your Application Load Balancer"). This
 * rule refuses those two. checkov passes TCP, UDP and TCP_UDP listeners, a gateway load balancer's,
 * and HTTP listeners whose default action redirects to HTTPS, and fails every other HTTP listener
 * (dev's and prod's without a domain, which only CloudFront reaches: .checkov/*.yaml skip it with
 * that reason); this rule concerns HTTPS and TLS listeners only, the rest is not applicable.
 */
const TLS12_POLICY = /^ELBSecurityPolicy-(?:TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

/** An HTTPS listener that still speaks TLS 1.0 or 1.1 offers what browsers dropped in 2020. */
export const AlbTlsPolicy: Rule = {
  id: "MS-ALB-6",
  description: "Load balancer HTTPS and TLS listeners use a security policy of TLS 1.2 or newer",
  checkov: "CKV_AWS_103",
  severity: "high",
  environments: "all",
  resourceTypes: LISTENER_TYPES,
  fix: 'set sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" (ALB_TLS_POLICY, what LoadBalancer uses)',
  check: ({ config }) => {
    const protocol = String(config.protocol ?? "").toUpperCase();
    if (protocol !== "HTTPS" && protocol !== "TLS") return Compliance.NOT_APPLICABLE;
    return compliantIf(typeof config.ssl_policy === "string" && TLS12_POLICY.test(config.ssl_policy));
  },
};
