// Edge settings (schema `cdn`, `domain`): the web ACL, the site's names and zone, the HTTPS listener.
import { originHostName } from "../../naming";
import { ACM_FIRST_NAME_MAX, ACM_NAMES_PER_CERTIFICATE, CLOUDWATCH_LOG_RETENTION_DAYS, HTTPS_PORT, WAF_RATE_LIMIT_RANGE } from "../constants";
import { check } from "./check";

export const checkWaf = check(["cdn"], (s, problem) => {
  const waf = s.cdn.waf;
  if (waf.rateLimit < WAF_RATE_LIMIT_RANGE.min || waf.rateLimit > WAF_RATE_LIMIT_RANGE.max) {
    problem(
      "cdn.waf.rateLimit",
      waf.rateLimit,
      `must be ${WAF_RATE_LIMIT_RANGE.min} to ${WAF_RATE_LIMIT_RANGE.max.toLocaleString("en-US")} requests per client IP in 5 minutes (what a WAF rate-based rule accepts)`,
    );
  }
  if (!CLOUDWATCH_LOG_RETENTION_DAYS.includes(waf.logRetentionDays)) {
    problem(
      "cdn.waf.logRetentionDays",
      waf.logRetentionDays,
      `must be a retention CloudWatch Logs accepts (${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")})`,
    );
  }
});

/** A DNS name's longest form, and its labels' (RFC 1035). */
const DNS_NAME_MAX = 253;

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A Route 53 hosted zone id. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

const WILDCARD = "*.";

/** Why `name` is not a DNS name the stack can use, if it is not; `wildcard` allows a leading `*.`. */
function dnsNameRule(name: string, wildcard: boolean): string | undefined {
  const labelsRule = `lowercase letters, digits and hyphens in labels of 1 to 63 characters (none starting or ending with a hyphen), separated by dots`;
  if (name.length > DNS_NAME_MAX) return `is ${name.length} characters long (a DNS name has at most ${DNS_NAME_MAX})`;
  if (name.endsWith(".")) return "must not end with a dot (write example.com, not example.com.)";
  const bare = wildcard && name.startsWith(WILDCARD) ? name.slice(WILDCARD.length) : name;
  if (bare.includes("*")) {
    return wildcard ? "may hold * only as its whole first label (*.example.com)" : "must not be a wildcard (it names one host)";
  }
  const labels = bare.split(".");
  if (!labels.every((label) => DNS_LABEL.test(label))) return `is not a DNS name (${labelsRule})`;
  if (labels.length < 2) return "is not a name in a public zone (it needs at least two labels, like example.com)";
  return undefined;
}

/** Whether `name` lies in the zone `zone` (is it, or ends with `.zone`). */
function inZone(name: string, zone: string): boolean {
  const bare = name.startsWith(WILDCARD) ? name.slice(WILDCARD.length) : name;
  return bare === zone || bare.endsWith(`.${zone}`);
}

export const checkDomain = check(["domain"], (s, problem) => {
  const d = s.domain;
  if (!d) return;
  const origin = originHostName(d);
  const named: Array<[path: string, name: string, wildcard: boolean]> = [
    ["domain.name", d.name, false],
    ...d.aliases.map((alias, i): [string, string, boolean] => [`domain.aliases[${i}]`, alias, true]),
    ["domain.originName", origin, false],
  ];
  const valid = named.filter(([path, name, wildcard]) => {
    const rule = dnsNameRule(name, wildcard);
    if (rule) problem(path, name, rule);
    return !rule;
  });
  for (const [path, name] of [["domain.name", d.name], ["domain.originName", origin]]) {
    if (name.length > ACM_FIRST_NAME_MAX) {
      problem(path, name, `is ${name.length} characters long; ACM takes at most ${ACM_FIRST_NAME_MAX} for the first name of a certificate`);
    }
  }
  if (d.aliases.length > ACM_NAMES_PER_CERTIFICATE - 1) {
    problem("domain.aliases", d.aliases, `has ${d.aliases.length} names; with domain.name that is more than the ${ACM_NAMES_PER_CERTIFICATE} names an ACM certificate holds by default`);
  }
  d.aliases.forEach((alias, i) => {
    const first = d.aliases.indexOf(alias);
    if (alias === d.name) problem(`domain.aliases[${i}]`, alias, "repeats domain.name");
    else if (first !== i) problem(`domain.aliases[${i}]`, alias, `repeats domain.aliases[${first}]`);
  });
  if (origin === d.name || d.aliases.includes(origin)) {
    problem("domain.originName", origin, "must differ from domain.name and every alias: it names the load balancer, not the site");
  }

  if (d.zoneName !== undefined && d.zoneId !== undefined) {
    problem("domain.zoneId", d.zoneId, "must not be set together with domain.zoneName; give the zone one way");
  } else if (d.zoneName === undefined && d.zoneId === undefined) {
    problem("domain.zoneName", d.zoneName, "or domain.zoneId must be set: the public hosted zone that holds the names");
  }
  if (d.zoneId !== undefined && !HOSTED_ZONE_ID.test(d.zoneId)) {
    problem("domain.zoneId", d.zoneId, "is not a Route 53 hosted zone id (like Z0123456789ABCDEFGHIJ)");
  }
  if (d.zoneName !== undefined) {
    const zoneRule = dnsNameRule(d.zoneName, false);
    if (zoneRule) problem("domain.zoneName", d.zoneName, zoneRule);
    else {
      for (const [path, name] of valid) {
        if (!inZone(name, d.zoneName)) problem(path, name, `is not inside the zone ${d.zoneName}`);
      }
    }
  }
});

export const checkDomainListeners = check(["domain", "loadBalancer"], (s, problem) => {
  if (s.domain?.keepHttpOrigin && s.loadBalancer.listenerPort === HTTPS_PORT) {
    problem(
      "loadBalancer.listenerPort",
      s.loadBalancer.listenerPort,
      `must not be ${HTTPS_PORT} while domain.keepHttpOrigin keeps the HTTP listener beside the HTTPS one on ${HTTPS_PORT}`,
    );
  }
});
