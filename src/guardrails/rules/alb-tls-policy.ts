import { Compliance, compliantIf, type Rule } from "../rule";
import { LISTENER_TYPES } from "../load-balancers";

/**
 * ELB security policies that accept TLS 1.2 and newer only (their names say so: `TLS13-1-2`,
 * `TLS13-1-3`, `TLS-1-2`, `FS-1-2`); checkov's CKV_AWS_103 accepts the same family. Leaving
 * `ssl_policy` out picks ELBSecurityPolicy-2016-08, which still accepts TLS 1.0.
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
