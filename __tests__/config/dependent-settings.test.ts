import { z } from "zod";
import { DEPENDENT_SETTINGS } from "../../src/config/dependent-settings";
import { stagingProblems } from "../helpers";
import { loadSettings } from "../../src/config/load";
import { settingsSchema, type SettingsInput } from "../../src/config/schema";

const problemsOf = stagingProblems;

const DOMAIN = { name: "www.example.com", zoneName: "example.com" };

/**
 * One case per pair: the setting written while the other makes it count for nothing, the exact
 * message (naming both), and the same setting once the other lets it count. Pairs refused by
 * rules/ in their own words are here too, so every pair has its test in one place.
 */
const PAIRS: Array<[setting: string, ignored: SettingsInput, message: string, read: SettingsInput]> = [
  ...(
    [
      ["emails", { emails: ["ops@example.com"] }, '["ops@example.com"]'],
      ["httpsEndpoints", { httpsEndpoints: ["https://events.example.com/sns"] }, '["https://events.example.com/sns"]'],
      ["consoleOnly", { consoleOnly: true }, "true"],
      ["loadBalancer.elb5xxCount", { loadBalancer: { elb5xxCount: 5 } }, "5"],
      ["loadBalancer.target5xxCount", { loadBalancer: { target5xxCount: 5 } }, "5"],
      ["loadBalancer.responseTimeP95Seconds", { loadBalancer: { responseTimeP95Seconds: 2 } }, "2"],
      ["database.cpuPercent", { database: { cpuPercent: 90 } }, "90"],
      ["database.freeStoragePercent", { database: { freeStoragePercent: 20 } }, "20"],
      ["database.freeableMemoryPercent", { database: { freeableMemoryPercent: 20 } }, "20"],
      ["database.replicaLagSeconds", { database: { replicaLagSeconds: 30 } }, "30"],
      ["database.connectionsPercent", { database: { connectionsPercent: 90 } }, "90"],
      ["database.maxConnections", { database: { maxConnections: 100 } }, "100"],
      ["database.instanceMemoryGiB", { database: { instanceMemoryGiB: 1 } }, "1"],
      ["nat.droppedPackets", { nat: { droppedPackets: 10 } }, "10"],
      ["cdn.errorRate5xxPercent", { cdn: { errorRate5xxPercent: 10 } }, "10"],
    ] as Array<[string, NonNullable<SettingsInput["alarms"]>, string]>
  ).map(([key, alarms, shown]): [string, SettingsInput, string, SettingsInput] => [
    `alarms.${key}`,
    { alarms },
    `staging.alarms.${key} ${shown} is ignored while alarms.enabled is false (no alarm and no topic are built); remove it or set alarms.enabled to true`,
    { alarms: { ...alarms, enabled: true } },
  ]),
  ...(
    [
      ["rateLimit", { rateLimit: 100 }, "100"],
      ["countOnly", { countOnly: ["AWSManagedRulesKnownBadInputsRuleSet"] }, '["AWSManagedRulesKnownBadInputsRuleSet"]'],
      ["logRetentionDays", { logRetentionDays: 30 }, "30"],
    ] as Array<[string, NonNullable<NonNullable<SettingsInput["cdn"]>["waf"]>, string]>
  ).map(([key, waf, shown]): [string, SettingsInput, string, SettingsInput] => [
    `cdn.waf.${key}`,
    { cdn: { waf } },
    `staging.cdn.waf.${key} ${shown} is ignored while cdn.waf.enabled is false (there is no web ACL); remove it or set cdn.waf.enabled to true`,
    { cdn: { waf: { ...waf, enabled: true } } },
  ]),
  [
    "cdn.vpcOriginIngress",
    { cdn: { vpcOriginIngress: "prefixList" } },
    `staging.cdn.vpcOriginIngress prefixList is ignored while cdn.origin is public (it chooses how a VPC origin's internal load balancer admits CloudFront); remove it or set cdn.origin to "vpc"`,
    { cdn: { origin: "vpc", vpcOriginIngress: "prefixList" } },
  ],
  [
    "cdn.accessLogRetentionDays",
    { cdn: { accessLogRetentionDays: 30 } },
    "staging.cdn.accessLogRetentionDays 30 is ignored while cdn.accessLogs is false (there is no access log bucket); remove it or set cdn.accessLogs to true",
    { cdn: { accessLogs: true, accessLogRetentionDays: 30 } },
  ],
  [
    "secretKmsEncryption",
    { secretKmsEncryption: true, database: { masterSecretKmsKeyId: "arn:aws:kms:ap-northeast-2:123456789012:key/mine" } },
    "staging.secretKmsEncryption true is ignored while database.masterSecretKmsKeyId is set and there is no dr (the master secret uses that key, and no other secret needs the stack's); remove it or remove database.masterSecretKmsKeyId",
    { secretKmsEncryption: true },
  ],
  [
    "web.sshPort",
    { web: { sshPort: 2222 } },
    "staging.web.sshPort 2222 is ignored while web.adminCidr is unset (there is no SSH rule at all); remove it or set web.adminCidr to your admin network",
    { web: { sshPort: 2222, adminCidr: "203.0.113.0/24" } },
  ],
  [
    "loadBalancer.listenerPort",
    { domain: DOMAIN, loadBalancer: { listenerPort: 8080 } },
    "staging.loadBalancer.listenerPort 8080 is ignored while domain is set without domain.keepHttpOrigin (CloudFront reaches the load balancer over HTTPS on 443, and there is no HTTP listener); remove it or set domain.keepHttpOrigin to true",
    { domain: { ...DOMAIN, keepHttpOrigin: true }, loadBalancer: { listenerPort: 8080 } },
  ],
  [
    "database.primaryAz",
    { database: { multiAz: true, primaryAz: "ap-northeast-2a" } },
    "staging.database.primaryAz ap-northeast-2a is ignored while database.multiAz is true (RDS places a Multi-AZ primary and its standby itself; the zone would only name the identifier); remove it or set database.multiAz to false",
    { database: { primaryAz: "ap-northeast-2c", replicaAz: "ap-northeast-2a" } },
  ],
  ...(
    [
      ["bucket", "my-state", "my-state"],
      ["keyPrefix", "team", "team"],
      ["region", "us-east-1", "us-east-1"],
      ["encrypt", true, "true"],
      ["kmsKeyId", "alias/state", "alias/state"],
      ["useLockfile", true, "true"],
      ["dynamodbTable", "locks", "locks"],
    ] as Array<[string, unknown, string]>
  ).map(([key, value, shown]): [string, SettingsInput, string, SettingsInput] => [
    `backend.${key}`,
    { backend: { kind: "local", [key]: value } },
    `staging.backend.${key} ${shown} is ignored while backend.kind is local (only the s3 backend reads it); remove it or set backend.kind to s3`,
    { backend: { kind: "s3", [key]: value } },
  ]),
  ...(
    [
      ["organization", "acme"],
      ["workspace", "site"],
      ["hostname", "tfe.example.com"],
    ] as Array<[string, string]>
  ).map(([key, value]): [string, SettingsInput, string, SettingsInput] => [
    `backend.${key}`,
    { backend: { [key]: value } },
    `staging.backend.${key} ${value} is ignored while backend.kind is s3 (only the cloud backend reads it); remove it or set backend.kind to cloud`,
    { backend: { kind: "cloud", organization: "acme", [key]: value } },
  ]),
  [
    "backend.localPath",
    { backend: { localPath: "state.tfstate" } },
    "staging.backend.localPath state.tfstate is ignored while backend.kind is s3 (only the local backend reads it); remove it or set backend.kind to local",
    { backend: { kind: "local", localPath: "state.tfstate" } },
  ],
  // Refused by rules/ in its own words, naming both settings.
  [
    "web.countPerAz",
    { web: { fleet: "autoScaling", countPerAz: 2 } },
    'staging.web.countPerAz 2 is only read by the instances fleet (an Auto Scaling group sizes itself from web.autoScaling.min, desired and max); remove it or set web.fleet to "instances"',
    { web: { countPerAz: 2 } },
  ],
  [
    "web.autoScaling",
    { web: { autoScaling: { max: 4 } } },
    'staging.web.autoScaling {"max":4,"targetCpuPercent":50,"healthCheckGraceSeconds":300} is only read by the autoScaling fleet; remove it or set web.fleet to "autoScaling"',
    { web: { fleet: "autoScaling", autoScaling: { max: 4 } } },
  ],
  [
    "dr.webMin",
    { dr: { region: "ap-northeast-1", webMin: 2 } },
    "staging.dr.webMin 2 is only used with dr.mode warmStandby (a pilot light runs no web servers until promoted); remove it or set dr.mode",
    { dr: { region: "ap-northeast-1", mode: "warmStandby", webMin: 2 } },
  ],
  [
    "dr.stateBucket",
    { backend: { kind: "local" }, dr: { region: "ap-northeast-1", stateBucket: "my-dr-state" } },
    "staging.dr.stateBucket my-dr-state is only used with the s3 backend (backend.kind is local)",
    { dr: { region: "ap-northeast-1", stateBucket: "my-dr-state" } },
  ],
  [
    "dr.stateKmsKeyId",
    { backend: { kind: "local" }, dr: { region: "ap-northeast-1", stateKmsKeyId: "arn:aws:kms:ap-northeast-1:111122223333:key/abcd" } },
    "staging.dr.stateKmsKeyId arn:aws:kms:ap-northeast-1:111122223333:key/abcd is only used with the s3 backend (backend.kind is local)",
    { dr: { region: "ap-northeast-1", stateKmsKeyId: "arn:aws:kms:ap-northeast-1:111122223333:key/abcd" } },
  ],
  [
    "dr.promote",
    { dr: { promote: true } },
    "staging.dr.promote true needs a standby to promote: set dr.region (without it there is no standby stack)",
    { dr: { region: "ap-northeast-1", promote: true } },
  ],
];

describe("a setting ignored because of another is refused, naming both", () => {
  it.each(PAIRS)("%s", (_setting, ignored, message, read) => {
    expect(problemsOf(ignored)).toEqual([message]);
    expect(problemsOf(read)).toEqual([]);
  });

  it("reports each written threshold of a group, not defaults, and nothing for an empty group", () => {
    expect(problemsOf({ alarms: { loadBalancer: {}, nat: { droppedPackets: 10 } } })).toEqual([
      "staging.alarms.nat.droppedPackets 10 is ignored while alarms.enabled is false (no alarm and no topic are built); remove it or set alarms.enabled to true",
    ]);
  });

  it("judges backend settings by the entry's own kind: a MULTIPLE_SERVER_BACKEND override for one run does not refuse them", () => {
    expect(() => loadSettings(["staging"], { MULTIPLE_SERVER_BACKEND: "local" }, { staging: { backend: { bucket: "my-state" } } })).not.toThrow();
  });

  it("leaves a pair alone when the other setting had a type error (its default would be a guess)", () => {
    expect(problemsOf({ alarms: { enabled: "yes" as never, emails: ["ops@example.com"] } })).toEqual(['staging.alarms.enabled "yes" must be a boolean, not a string']);
  });
});

/** Every leaf setting of the schema (objects opened, arrays and records kept whole), as a path. */
function leafSettings(schema: z.ZodType = settingsSchema, base = ""): string[] {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodPrefault || s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  if (!(s instanceof z.ZodObject)) return [base];
  return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([key, value]) => leafSettings(value, base ? `${base}.${key}` : key));
}

/**
 * Settings read whatever the others say (with the reason where it is not plain). Going through the
 * schema once, every setting is here or in PAIRS; a new setting fails this test until it is put
 * in one or the other.
 */
const ALWAYS_READ = [
  "namePrefix", "region", "tags", "protectStatefulResources", "production",
  // Every environment owns secrets (the database master credentials) and a password version.
  "secretRecoveryWindowDays", "database.passwordVersion",
  // The log key (off: none), the application user created in every environment, its optional schema, enhanced monitoring (0: off).
  "logKmsEncryption", "database.appUsername", "database.appSchema", "database.monitoringIntervalSeconds",
  "network.vpcCidr", "network.availabilityZones", "network.subnets.public", "network.subnets.web", "network.subnets.database",
  "network.natGateways", "network.flowLogRetentionDays",
  "web.instanceType", "web.fleet", "web.amiFamily", "web.rootVolumeGiB", "web.port", "web.healthCheckPath", "web.adminCidr",
  "web.keepAliveTimeoutSeconds",
  // The origin secret and its header guard both origin modes (guardrail MS-CDN-3).
  "loadBalancer.originHeaderName", "loadBalancer.originSecretLength", "loadBalancer.idleTimeoutSeconds",
  "loadBalancer.deletionProtection", "loadBalancer.accessLogs",
  "cdn.priceClass", "cdn.waf.enabled", "cdn.origin", "cdn.accessLogs",
  // domain.* only exists with a domain; zoneName and zoneId exclude each other (rules/edge.ts).
  "domain.name", "domain.aliases", "domain.zoneName", "domain.zoneId", "domain.originName", "domain.keepHttpOrigin",
  // slow_query_log is on in the parameter group whatever is exported to CloudWatch Logs.
  "database.engineVersion", "database.instanceClass", "database.allocatedStorageGiB", "database.maxAllocatedStorageGiB",
  "database.applyImmediately", "database.masterSecretKmsKeyId", "database.port", "database.masterUsername",
  "database.backupRetentionDays", "database.deletionProtection", "database.multiAz", "database.skipFinalSnapshot",
  "database.replicaAz", "database.logExports", "database.slowQuerySeconds",
  // The dashboard stands without alarms (it graphs the request path).
  "alarms.enabled", "alarms.dashboard",
  "backend.kind",
  // Each suppression that suppresses nothing is refused after the guardrails ran (src/app.ts).
  "guardrails.suppress",
  // dr.* exists only with a standby region, which dr requires (dr.promote's case is in PAIRS).
  "dr.region", "dr.network.vpcCidr", "dr.network.availabilityZones", "dr.network.subnets.public", "dr.network.subnets.web",
  "dr.network.subnets.database", "dr.network.natGateways", "dr.network.flowLogRetentionDays", "dr.mode",
  "dr.backupRetentionDays",
  // The master secret is always replicated into dr.region; with no key the replica uses aws/secretsmanager there.
  "dr.masterSecretKmsKeyId",
];

describe("going through the schema", () => {
  it("puts every setting either among those always read or in a pair with its test", () => {
    const paired = new Set(PAIRS.map(([setting]) => setting));
    // A pair on a whole group (web.autoScaling) covers the settings in it.
    const inPairedGroup = (setting: string) => [...paired].some((group) => setting.startsWith(`${group}.`));
    const fromTable = (setting: string) =>
      DEPENDENT_SETTINGS.some((d) => d.setting === setting || (d.setting.endsWith(".*") && setting.startsWith(d.setting.slice(0, -1))));
    const unclassified = leafSettings().filter((setting) => !ALWAYS_READ.includes(setting) && !paired.has(setting) && !inPairedGroup(setting) && !fromTable(setting));
    expect(unclassified).toEqual([]);
    // And the reverse: every setting of the table has its case in PAIRS.
    for (const { setting } of DEPENDENT_SETTINGS) {
      if (setting.endsWith(".*")) expect([...paired].some((p) => p.startsWith(setting.slice(0, -1)))).toBe(true);
      else expect(paired).toContain(setting);
    }
  });
});

describe("production alarms need a recipient", () => {
  const production = (alarms: SettingsInput["alarms"]): SettingsInput => ({ production: true, alarms });

  it("refuses production alarms that notify no one, with the fix", () => {
    expect(problemsOf(production({ enabled: true }))).toEqual([
      'staging.alarms.emails [] is empty and so is alarms.httpsEndpoints: the alarms of a production environment (production is true) would notify no one. Set alarms.emails (like ["ops@example.com"]) or alarms.httpsEndpoints (a pager\'s or chat tool\'s endpoint for Amazon SNS), or set alarms.consoleOnly to true to accept alarms seen only in the CloudWatch console',
    ]);
  });

  it("accepts an address, an HTTPS endpoint, or alarms left to the console on purpose", () => {
    expect(problemsOf(production({ enabled: true, emails: ["ops@example.com"] }))).toEqual([]);
    expect(problemsOf(production({ enabled: true, httpsEndpoints: ["https://events.example.com/sns"] }))).toEqual([]);
    expect(problemsOf(production({ enabled: true, consoleOnly: true }))).toEqual([]);
    // Not production, or no alarms: nothing to notify about.
    expect(problemsOf({ alarms: { enabled: true } })).toEqual([]);
    expect(problemsOf({ production: true })).toEqual([]);
  });

  it("refuses consoleOnly beside a recipient, naming both", () => {
    expect(problemsOf({ alarms: { enabled: true, consoleOnly: true, emails: ["ops@example.com"] } })).toEqual([
      "staging.alarms.consoleOnly true contradicts alarms.emails, which notify someone; remove one or the other",
    ]);
  });

  it("refuses an endpoint that is not HTTPS", () => {
    expect(problemsOf({ alarms: { enabled: true, httpsEndpoints: ["http://events.example.com/sns"] } })).toEqual([
      "staging.alarms.httpsEndpoints[0] http://events.example.com/sns must be an https:// URL (a pager's or chat tool's endpoint for Amazon SNS)",
    ]);
  });
});
