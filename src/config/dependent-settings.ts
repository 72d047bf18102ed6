import type { ConfigProblem } from "./errors";
import type { Section } from "./rules";
import type { Settings } from "./schema";

/**
 * Settings that are read only when another setting has some value. One the user wrote while that
 * other setting makes it count for nothing (`alarms.emails` with alarms off, `web.sshPort` without
 * `web.adminCidr`) is refused, naming both: a setting that silently does nothing is a surprise at
 * the worst moment (the alarm nobody got). What the user wrote is read from their entry, before
 * defaults: a default is never "written". Pairs `rules/` already refuses with its own words
 * (`web.countPerAz` with the Auto Scaling fleet, `web.autoScaling` with fixed instances,
 * `dr.webMin` in pilot light, `dr.stateBucket` and `dr.stateKmsKeyId` without S3 state) stay there.
 */

/** The other setting's say over one setting. */
export interface DependentSetting {
  /** Path of the setting read only sometimes; `.*` at the end stands for every setting in that group. */
  readonly setting: string;
  /** Top-level settings `ignored` reads: skipped when one of them had a type error (its default stands in). */
  readonly reads: readonly Section[];
  /**
   * Why the setting is ignored with these settings (`entry` is the environment as written), phrased
   * to follow "is ignored while": "alarms.enabled is false (no alarm is built)"; undefined when it is read.
   */
  readonly ignored: (s: Settings, entry: Entry) => string | undefined;
  /** The change that makes it count: "set alarms.enabled to true". */
  readonly fix: string;
}

type Entry = Record<string, unknown>;

const ALARMS_OFF = (s: Settings) => (s.alarms.enabled ? undefined : "alarms.enabled is false (no alarm and no topic are built)");
const WAF_OFF = (s: Settings) => (s.cdn.waf.enabled ? undefined : "cdn.waf.enabled is false (there is no web ACL)");

/** The backend kind the entry itself chose: a MULTIPLE_SERVER_BACKEND override for one run does not make its own settings wrong. */
function ownBackendKind(entry: Entry): string {
  const backend = entry.backend as Record<string, unknown> | undefined;
  return typeof backend?.kind === "string" ? backend.kind : "s3";
}

/** A backend setting read only by the `kinds` of backend. */
function backendSetting(key: string, kinds: readonly string[]): DependentSetting {
  return {
    setting: `backend.${key}`,
    reads: ["backend"],
    ignored: (_s, entry) => {
      const kind = ownBackendKind(entry);
      return kinds.includes(kind) ? undefined : `backend.kind is ${kind} (only the ${kinds.join(" and ")} backend reads it)`;
    },
    fix: `set backend.kind to ${kinds.join(" or ")}`,
  };
}

export const DEPENDENT_SETTINGS: readonly DependentSetting[] = [
  ...["emails", "httpsEndpoints", "consoleOnly", "loadBalancer.*", "database.*", "nat.*", "cdn.*"].map(
    (key): DependentSetting => ({ setting: `alarms.${key}`, reads: ["alarms"], ignored: ALARMS_OFF, fix: "set alarms.enabled to true" }),
  ),
  ...["rateLimit", "countOnly", "logRetentionDays"].map(
    (key): DependentSetting => ({ setting: `cdn.waf.${key}`, reads: ["cdn"], ignored: WAF_OFF, fix: "set cdn.waf.enabled to true" }),
  ),
  {
    setting: "cdn.vpcOriginIngress",
    reads: ["cdn"],
    ignored: (s) => (s.cdn.origin === "vpc" ? undefined : `cdn.origin is ${s.cdn.origin} (it chooses how a VPC origin's internal load balancer admits CloudFront)`),
    fix: 'set cdn.origin to "vpc"',
  },
  {
    setting: "cdn.accessLogRetentionDays",
    reads: ["cdn"],
    ignored: (s) => (s.cdn.accessLogs ? undefined : "cdn.accessLogs is false (there is no access log bucket)"),
    fix: "set cdn.accessLogs to true",
  },
  {
    // The master secret takes the given key; without dr there is no other secret for ours to encrypt.
    setting: "secretKmsEncryption",
    reads: ["secretKmsEncryption", "database", "dr"],
    ignored: (s) =>
      s.secretKmsEncryption && s.database.masterSecretKmsKeyId !== undefined && !s.dr?.region
        ? "database.masterSecretKmsKeyId is set and there is no dr (the master secret uses that key, and no other secret needs the stack's)"
        : undefined,
    fix: "remove database.masterSecretKmsKeyId",
  },
  {
    setting: "web.sshPort",
    reads: ["web"],
    ignored: (s) => (s.web.adminCidr === undefined ? "web.adminCidr is unset (there is no SSH rule at all)" : undefined),
    fix: "set web.adminCidr to your admin network",
  },
  {
    setting: "loadBalancer.listenerPort",
    reads: ["loadBalancer", "domain"],
    ignored: (s) =>
      s.domain && !s.domain.keepHttpOrigin
        ? "domain is set without domain.keepHttpOrigin (CloudFront reaches the load balancer over HTTPS on 443, and there is no HTTP listener)"
        : undefined,
    fix: "set domain.keepHttpOrigin to true",
  },
  {
    // CreateDBInstance: "You can't set the AvailabilityZone parameter if the DB instance is a Multi-AZ
    // deployment" (RDS API Reference); the database construct leaves availability_zone out then.
    setting: "database.primaryAz",
    reads: ["database"],
    ignored: (s) =>
      s.database.multiAz ? "database.multiAz is true (RDS places a Multi-AZ primary and its standby itself; the zone would only name the identifier)" : undefined,
    fix: "set database.multiAz to false",
  },
  ...["bucket", "keyPrefix", "region", "encrypt", "kmsKeyId", "useLockfile", "dynamodbTable"].map((key) => backendSetting(key, ["s3"])),
  ...["organization", "workspace", "hostname"].map((key) => backendSetting(key, ["cloud"])),
  backendSetting("localPath", ["local"]),
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The written settings a `setting` pattern names in `entry`, with their values. */
function written(entry: Entry, setting: string): Array<[path: string, value: unknown]> {
  const keys = setting.split(".");
  const group = keys.at(-1) === "*";
  let value: unknown = entry;
  for (const key of group ? keys.slice(0, -1) : keys) {
    if (!isObject(value)) return [];
    value = value[key];
  }
  if (!group) return value === undefined ? [] : [[setting, value]];
  const base = keys.slice(0, -1).join(".");
  return isObject(value) ? Object.entries(value).filter(([, v]) => v !== undefined).map(([key, v]) => [`${base}.${key}`, v]) : [];
}

/**
 * The settings of `entry` (one environment as written) that `settings` (the same, parsed) would
 * ignore, except those whose condition reads a top-level setting in `failed`.
 */
export function checkDependentSettings(entry: Entry, settings: Settings, failed: ReadonlySet<Section> = new Set()): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const rule of DEPENDENT_SETTINGS) {
    if (rule.reads.some((section) => failed.has(section)) || failed.has(rule.setting.split(".")[0] as Section)) continue;
    const found = written(entry, rule.setting);
    if (!found.length) continue;
    const because = rule.ignored(settings, entry);
    if (because === undefined) continue;
    for (const [path, value] of found) {
      problems.push({ environment: settings.environment, path, value, rule: `is ignored while ${because}; remove it or ${rule.fix}` });
    }
  }
  return problems;
}
