import ipaddr from "ipaddr.js";
import { Naming, originHostName, STATE_STACK_NAME, stackName, standbyPrefix } from "../naming";
import {
  ACM_FIRST_NAME_MAX,
  ACM_NAMES_PER_CERTIFICATE,
  AMI_ARCHITECTURE,
  ANY_IPV4,
  ANY_IPV6,
  AWS_REGIONS,
  AWS_RESERVED_TAG_PREFIX,
  CLOUDWATCH_LOG_RETENTION_DAYS,
  DB_STATUS_PATH,
  DEFAULT_TAG_KEYS,
  HTTP_PORT,
  HTTPS_PORT,
  NAME_TAG_KEY,
  SECRET_RECOVERY_WINDOW_DAYS,
  WAF_RATE_LIMIT_RANGE,
  STORAGE_CEILING_MIN_PERCENT,
  WEB_ROOT,
  ZONE_PAGE_PATH,
} from "./constants";
import type { ConfigProblem } from "./errors";
import { fleetOf } from "./fleet";
import { EC2_INSTANCE_TYPES, INSTANCE_TYPES_SOURCE, RDS_MYSQL_INSTANCE_CLASSES } from "./instance-types.generated";
import { didYouMean } from "./spelling";
import { RULES } from "../guardrails/pack";
import { databaseAlarmLimits } from "./rds-memory";
import { type NetworkSettings, type Settings, storageCeilingGiB } from "./schema";
import { primaryFleetSizes, type StandbySettings, standbyNetwork, standbyStateBucket } from "./standby";

/**
 * Rules that relate settings to each other or to AWS's limits; the schema has already checked
 * shapes and types. Each rule returns problems, none throws: the user sees every one at once.
 */

const VPC_PREFIX = { min: 16, max: 28 } as const;
/** AWS's smallest subnet. */
const SMALLEST_SUBNET_PREFIX = 28;
const BACKUP_RETENTION = { min: 1, max: 35 } as const;
/**
 * The broadest admin network SSH may be opened to: a /8 is already sixteen million addresses, and
 * anything broader (`0.0.0.0/1` is half the internet) is no one's office.
 */
const MIN_ADMIN_CIDR_PREFIX = 8;
/** Lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen. */
const LOWERCASE_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
/** Starts of bucket names S3 keeps for its own (punycode, its console, its documentation's examples). */
const S3_RESERVED_BUCKET_STARTS: readonly string[] = ["xn--", "sthree-", "amzn-s3-demo-"];
/** Ends of bucket names S3 keeps for access point and Object Lambda aliases, Multi-Region access points, directory and table buckets. */
const S3_RESERVED_BUCKET_ENDS: readonly string[] = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
/** A bucket name S3 refuses as looking like an IP address (192.168.1.1). */
const IPV4_SHAPED = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/**
 * Name prefixes AWS keeps for itself: an ALB name may not start with internal-, a security group
 * name not with sg-, and the access-log bucket's name (which starts with the prefix) not with S3's.
 */
const RESERVED_NAME_STARTS: ReadonlyArray<readonly [start: string, service: string]> = [
  ["internal-", "ALB names"],
  ["sg-", "security group names"],
  ...S3_RESERVED_BUCKET_STARTS.map((start) => [start, "S3 bucket names"] as const),
];
/** MySQL on RDS: 1 to 16 letters, digits or underscores, starting with a letter. */
const MYSQL_MASTER_USERNAME = /^[A-Za-z][A-Za-z0-9_]{0,15}$/;
/** The user RDS runs the instance with; it refuses it as a master user name. */
const RDS_RESERVED_USERNAME = "rdsadmin";
const REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/**
 * EC2 families with Arm (Graviton) processors, which cannot boot the stack's x86_64 AMI: a `g`
 * among the letters after the generation digits (t4g, m6g, c7gn, r8g, im4gn, is4gen, x2gd, hpc7g,
 * g5g), and a1, the first Graviton family. In g4dn, g5 or g6 (x86 GPU families) the `g` is the
 * family letter before the digit, so it does not count.
 */
const ARM_FAMILY = /^(?:a1|[a-z]+\d+[a-z]*g[a-z]*)[.-]/;
/** Ports RDS for MySQL accepts for its endpoint; CreateDBInstance refuses any other. */
const RDS_MYSQL_PORT = { min: 1150, max: 65535 } as const;
/** Besides 80 and 443, the HTTP ports CloudFront connects to a custom origin (our ALB listener) on. */
const CLOUDFRONT_ORIGIN_PORT_RANGE = { min: 1024, max: 65535 } as const;
/** Longest tag key and value AWS accepts, in characters, on every taggable resource. */
const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;
/** Most tags AWS allows on one resource. */
const TAGS_PER_RESOURCE_MAX = 50;
/** Tag keys the stack writes on a resource itself: the default tags and its Name. */
const STACK_TAG_KEYS: readonly string[] = [...DEFAULT_TAG_KEYS, NAME_TAG_KEY];
/** User tags that fit beside the stack's own within AWS's limit per resource (46). */
const MAX_USER_TAGS = TAGS_PER_RESOURCE_MAX - STACK_TAG_KEYS.length;
/**
 * Characters every tagged service accepts in tag keys and values (EC2 alone allows more, but IAM,
 * S3, RDS and CloudWatch Logs do not): Unicode letters, digits and spaces, and _ . : / = + - @.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_RULE = "letters, digits, spaces and _ . : / = + - @";
const DB_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** The path is written into the boot script, so only plain path characters pass. */
const HTTP_PATH = /^\/[A-Za-z0-9._~\/-]*$/;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const BUCKET_NAME = /^[a-z0-9](?:[a-z0-9.-]{1,61})[a-z0-9]$/;

/** A top-level setting of an environment: a section (`network`) or a scalar (`namePrefix`). */
export type Section = Exclude<keyof Settings, "environment">;

/** Reports one problem: the setting's path, its value, the rule it breaks. */
type Problem = (path: string, value: unknown, rule: string) => void;

/**
 * One rule and the top-level settings it reads. When some top-level settings had type errors,
 * their defaults stand in so the environment still parses, and only the checks that read none of
 * them run: a problem is never computed from a default the user did not choose.
 */
interface Check {
  readonly reads: readonly Section[];
  readonly run: (s: Settings, problem: Problem) => void;
}

/**
 * A check that sees only the settings it declares: reading another is a type error, so `reads`
 * cannot fall behind the code.
 */
function check<K extends Section>(reads: readonly K[], run: (s: Pick<Settings, K>, problem: Problem) => void): Check {
  return { reads, run };
}

/** A parsed, network-aligned IPv4 block, or the reason it is not one. */
function parseIpv4Block(cidr: string): { block?: [ipaddr.IPv4, number]; error?: string } {
  // ipaddr.js also reads hex and short forms ("10.1/16"); AWS takes four decimal parts only.
  const [address4] = cidr.split("/");
  if (!ipaddr.IPv4.isValidCIDR(cidr) || !ipaddr.IPv4.isValidFourPartDecimal(address4)) return { error: "is not an IPv4 CIDR block (a.b.c.d/n)" };
  const [address, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr);
  if (network.toString() !== address.toString()) {
    return { error: `has host bits set (the block is ${network.toString()}/${bits})` };
  }
  return { block: [address, bits] };
}

function contains(outer: [ipaddr.IPv4, number], inner: [ipaddr.IPv4, number]): boolean {
  return inner[1] >= outer[1] && inner[0].match(outer);
}

const checkNamePrefix = check(["namePrefix"], (s, problem) => {
  if (!LOWERCASE_NAME.test(s.namePrefix)) {
    problem(
      "namePrefix",
      s.namePrefix,
      "must be lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen",
    );
    return;
  }
  for (const [start, service] of RESERVED_NAME_STARTS) {
    if (s.namePrefix.startsWith(start)) problem("namePrefix", s.namePrefix, `must not start with ${start} (AWS does not allow it at the start of ${service})`);
  }
});

const checkDerivedNames = check(["namePrefix", "network"], (s, problem) => {
  // A prefix of the wrong characters is reported above; its lengths would only add noise.
  if (!LOWERCASE_NAME.test(s.namePrefix)) return;
  const naming = new Naming(s.namePrefix);
  const lastAz = s.network.availabilityZones.at(-1) ?? "a";
  // The longest name each service derives from the prefix, against that service's limit.
  const limits: Array<[string, string, number]> = [
    ["ALB name", naming.name("alb"), 32],
    ["target group name", naming.name("tg"), 32],
    ["RDS identifier", naming.perAz("db", lastAz), 63],
    ["IAM role name", naming.name("flow-logs"), 64],
    ["S3 bucket prefix", naming.bucketPrefix("alb-logs"), 37],
  ];
  for (const [what, name, max] of limits) {
    if (name.length > max) {
      problem("namePrefix", s.namePrefix, `makes the ${what} ${name} ${name.length} characters long (AWS allows ${max})`);
    }
  }
});

/** Why `region` is not one the stack can use, if it is not. */
function regionRule(region: string): string | undefined {
  if (!REGION.test(region)) return "is not an AWS region name (like ap-northeast-2)";
  if (!AWS_REGIONS.includes(region)) return "is not a known AWS region (the list is in src/config/constants.ts: add a new region there)";
  return undefined;
}

const checkRegion = check(["region"], (s, problem) => {
  const rule = regionRule(s.region);
  if (rule) problem("region", s.region, rule);
});

/**
 * The rules of one VPC's settings (`network`, or the standby's `dr.network`) in `region`; `base`
 * is the setting's path in messages.
 */
function checkZonesInRegion(net: NetworkSettings, region: string, base: string, problem: Problem): void {
  net.availabilityZones.forEach((az, i) => {
    if (!(az.startsWith(region) && /^[a-z]$/.test(az.slice(region.length)))) {
      problem(`${base}.availabilityZones[${i}]`, az, `is not a zone of region ${region} (like ${region}a)`);
    }
  });
}

function checkZones(net: NetworkSettings, base: string, problem: Problem): void {
  const azs = net.availabilityZones;
  azs.forEach((az, i) => {
    const first = azs.indexOf(az);
    if (first !== i) problem(`${base}.availabilityZones[${i}]`, az, `repeats ${base}.availabilityZones[${first}]`);
  });
  if (new Set(azs).size < 2) {
    problem(`${base}.availabilityZones`, azs, "must name at least two distinct zones (the ALB and the replica need two)");
  }
}

function checkCidrs(net: NetworkSettings, base: string, problem: Problem): void {
  const vpc = parseIpv4Block(net.vpcCidr);
  if (vpc.error) problem(`${base}.vpcCidr`, net.vpcCidr, vpc.error);
  else if (vpc.block) {
    const [address, bits] = vpc.block;
    if (address.range() !== "private") {
      problem(`${base}.vpcCidr`, net.vpcCidr, "is not a private block (RFC 1918: 10/8, 172.16/12, 192.168/16)");
    }
    if (bits < VPC_PREFIX.min || bits > VPC_PREFIX.max) {
      problem(`${base}.vpcCidr`, net.vpcCidr, `must be between /${VPC_PREFIX.min} and /${VPC_PREFIX.max}`);
    }
  }

  const seen: Array<{ path: string; cidr: string; block: [ipaddr.IPv4, number] }> = [];
  const azCount = net.availabilityZones.length;
  for (const tier of ["public", "web", "database"] as const) {
    const subnets = net.subnets[tier];
    if (subnets.length !== azCount) {
      problem(
        `${base}.subnets.${tier}`,
        subnets.map((x) => x.cidr),
        `must have one subnet per availability zone (${azCount}), in zone order`,
      );
    }
    subnets.forEach(({ cidr }, i) => {
      const path = `${base}.subnets.${tier}[${i}].cidr`;
      const parsed = parseIpv4Block(cidr);
      if (!parsed.block) {
        problem(path, cidr, parsed.error ?? "is not a CIDR block");
        return;
      }
      if (parsed.block[1] > SMALLEST_SUBNET_PREFIX) {
        problem(path, cidr, `is smaller than /${SMALLEST_SUBNET_PREFIX}, the smallest subnet AWS allows`);
      }
      if (vpc.block && !contains(vpc.block, parsed.block)) {
        problem(path, cidr, `is outside the VPC ${net.vpcCidr}`);
      }
      const clash = seen.find((other) => contains(other.block, parsed.block!) || contains(parsed.block!, other.block));
      if (clash) problem(path, cidr, `overlaps ${clash.path} ${clash.cidr}`);
      seen.push({ path, cidr, block: parsed.block });
    });
  }
}

function checkFlowLogs(net: NetworkSettings, base: string, problem: Problem): void {
  const days = net.flowLogRetentionDays;
  if (days !== 0 && !CLOUDWATCH_LOG_RETENTION_DAYS.includes(days)) {
    problem(
      `${base}.flowLogRetentionDays`,
      days,
      `must be 0 (off) or a retention CloudWatch Logs accepts (${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")})`,
    );
  }
}

const checkNetworkZonesInRegion = check(["region", "network"], (s, problem) => {
  checkZonesInRegion(s.network, s.region, "network", problem);
});

const checkNetwork = check(["network"], (s, problem) => {
  checkZones(s.network, "network", problem);
  checkCidrs(s.network, "network", problem);
  checkFlowLogs(s.network, "network", problem);
});

/** `tags.CostCenter`, or `tags["aws:x"]` when the key is not a plain word. */
function tagPath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `tags.${key}` : `tags[${JSON.stringify(key)}]`;
}

const checkTags = check(["tags"], (s, problem) => {
  const keys = Object.keys(s.tags);
  if (keys.length > MAX_USER_TAGS) {
    problem(
      "tags",
      keys,
      `has ${keys.length} tags; AWS allows ${TAGS_PER_RESOURCE_MAX} per resource and the stack adds ${STACK_TAG_KEYS.length} (${STACK_TAG_KEYS.join(", ")}), so at most ${MAX_USER_TAGS}`,
    );
  }
  for (const [key, value] of Object.entries(s.tags)) {
    const path = tagPath(key);
    // IAM compares tag keys without case: `environment` beside the stack's Environment is refused.
    const stackKey = STACK_TAG_KEYS.find((own) => own.toLowerCase() === key.toLowerCase());
    if (key === "") problem(path, value, "has an empty key (AWS requires one)");
    else if (key.toLowerCase().startsWith(AWS_RESERVED_TAG_PREFIX)) {
      problem(path, value, `has a key starting with ${AWS_RESERVED_TAG_PREFIX}, a prefix AWS reserves for its own tags`);
    } else if (DEFAULT_TAG_KEYS.includes(key)) {
      problem(path, value, `is set by the stack on every resource (${DEFAULT_TAG_KEYS.join(", ")}), so this value would be silently replaced; use another key`);
    } else if (key === NAME_TAG_KEY) {
      problem(path, value, "is set by every resource to its own name, so this value would be silently replaced; use another key");
    } else if (stackKey) {
      problem(path, value, `differs from the stack's own ${stackKey} tag only in case, and IAM tag keys ignore case (a role cannot carry both); use another key`);
    } else if (!TAG_CHARACTERS.test(key)) {
      problem(path, value, `has a key with characters some tagged services refuse (allowed: ${TAG_CHARACTERS_RULE})`);
    }
    const keyLength = [...key].length;
    if (keyLength > TAG_KEY_MAX) problem(path, value, `has a key ${keyLength} characters long (AWS allows ${TAG_KEY_MAX})`);
    if (!TAG_CHARACTERS.test(value)) problem(path, value, `has characters some tagged services refuse (allowed: ${TAG_CHARACTERS_RULE})`);
    const valueLength = [...value].length;
    if (valueLength > TAG_VALUE_MAX) problem(path, value, `is ${valueLength} characters long (AWS allows ${TAG_VALUE_MAX})`);
  }
});

/** Where the lists of types and classes come from, and how to bring them up to date. */
const LIST_SOURCE = `src/config/instance-types.generated.ts, from ${INSTANCE_TYPES_SOURCE.package} ${INSTANCE_TYPES_SOURCE.version} of ${INSTANCE_TYPES_SOURCE.date}; a newer one: run node scripts/refresh-instance-types.js`;
const EC2_TYPES: ReadonlySet<string> = new Set(EC2_INSTANCE_TYPES);
const RDS_CLASSES: ReadonlySet<string> = new Set(RDS_MYSQL_INSTANCE_CLASSES);

/** Why `type` is not an EC2 instance type, if it is not: checked against EC2's own list, with the nearest names. */
function instanceTypeRule(type: string): string | undefined {
  if (EC2_TYPES.has(type)) return undefined;
  const near = didYouMean(type, EC2_INSTANCE_TYPES);
  if (near) return `is not an EC2 instance type${near}`;
  if (!INSTANCE_TYPE.test(type)) return "is not an EC2 instance type (like t3.micro)";
  return sizesRule(type, EC2_INSTANCE_TYPES) ?? `is not an EC2 instance type in the list of ${LIST_SOURCE}`;
}

/** Why `instanceClass` is not an RDS for MySQL instance class, if it is not. */
function instanceClassRule(instanceClass: string): string | undefined {
  if (RDS_CLASSES.has(instanceClass)) return undefined;
  // `t3.micro` for `db.t3.micro`: the EC2 type of the class.
  const near = RDS_CLASSES.has(`db.${instanceClass}`) ? ` (did you mean db.${instanceClass}?)` : didYouMean(instanceClass, RDS_MYSQL_INSTANCE_CLASSES);
  if (near) return `is not an RDS for MySQL instance class${near}`;
  if (!DB_INSTANCE_CLASS.test(instanceClass)) return "is not an RDS instance class (like db.t3.micro)";
  return sizesRule(instanceClass, RDS_MYSQL_INSTANCE_CLASSES) ?? `is not an RDS for MySQL instance class in the list of ${LIST_SOURCE}`;
}

/** For a known family and an unknown size (`t3.huge`, `db.t3.nano`): the sizes the family has. */
function sizesRule(name: string, known: readonly string[]): string | undefined {
  const family = name.slice(0, name.lastIndexOf(".") + 1);
  const sizes = known.filter((other) => other.startsWith(family)).map((other) => other.slice(family.length));
  return sizes.length ? `is not a size of ${family.slice(0, -1)} (its sizes: ${sizes.join(", ")}) in the list of ${LIST_SOURCE}` : undefined;
}

const checkWeb = check(["web"], (s, problem) => {
  const w = s.web;
  const typeRule = instanceTypeRule(w.instanceType);
  if (typeRule) problem("web.instanceType", w.instanceType, typeRule);
  else if (ARM_FAMILY.test(w.instanceType)) {
    problem(
      "web.instanceType",
      w.instanceType,
      `is an Arm (Graviton) type, but the ${w.amiFamily} AMI the stack boots is ${AMI_ARCHITECTURE}; choose an ${AMI_ARCHITECTURE} type (like t3.micro)`,
    );
  }
  if (w.countPerAz !== undefined && w.countPerAz < 1) problem("web.countPerAz", w.countPerAz, "must be at least 1 (each zone needs a server behind the ALB)");
  checkHealthCheckPath(w.healthCheckPath, problem.bind(null, "web.healthCheckPath", w.healthCheckPath));
  if (w.sshPort === w.port) problem("web.sshPort", w.sshPort, `must differ from web.port ${w.port}`);
  if (w.adminCidr !== undefined) checkAdminCidr(w.adminCidr, problem.bind(null, "web.adminCidr", w.adminCidr));
});

/**
 * The boot script runs as root and writes the health file at WEB_ROOT + path: the path must name a
 * file below WEB_ROOT (`/` alone makes `echo ok > /var/www/html/` fail and httpd never start,
 * `..` climbs into /etc) that is not the zone page.
 */
function checkHealthCheckPath(path: string, problem: (rule: string) => void): void {
  if (!HTTP_PATH.test(path)) problem("must be a path starting with / made of letters, digits and . _ ~ / -");
  else if (path.endsWith("/")) problem(`must name a file, not end with / (the boot script writes it under ${WEB_ROOT})`);
  else if (path.slice(1).split("/").some((segment) => segment === "" || segment === "." || segment === "..")) {
    problem(`must not have an empty, . or .. segment (the boot script writes it under ${WEB_ROOT})`);
  } else if (path === ZONE_PAGE_PATH) problem("must not be the zone page the servers answer with; name a file of its own like /health");
  else if (path === DB_STATUS_PATH || path.startsWith(`${DB_STATUS_PATH}/`)) {
    problem(`must not be the database status page ${DB_STATUS_PATH}: a database blip would take every server out of the load balancer`);
  }
}

/** The SSH source: the security group writes it to `cidr_ipv4`, so one IPv4 block of an admin network. */
function checkAdminCidr(cidr: string, problem: (rule: string) => void): void {
  const whole = "opens SSH to the whole internet; name your admin network instead";
  if (ipaddr.IPv6.isValidCIDR(cidr)) {
    problem(cidr === ANY_IPV6 || ipaddr.IPv6.parseCIDR(cidr)[1] === 0 ? whole : "is an IPv6 block; the SSH rule takes an IPv4 block (a.b.c.d/n)");
    return;
  }
  const parsed = parseIpv4Block(cidr);
  if (!parsed.block) problem(parsed.error ?? "is not an IPv4 CIDR block (a.b.c.d/n)");
  else if (cidr === ANY_IPV4 || parsed.block[1] === 0) problem(whole);
  else if (parsed.block[1] < MIN_ADMIN_CIDR_PREFIX) {
    problem(`is broader than /${MIN_ADMIN_CIDR_PREFIX} and opens SSH to much of the internet; name your admin network instead`);
  }
}

/** Settings of one fleet given with the other, and Auto Scaling sizes that cannot work. */
const checkFleet = check(["web", "network"], (s, problem) => {
  const w = s.web;
  if (w.fleet === "instances") {
    if (w.autoScaling !== undefined) {
      problem("web.autoScaling", w.autoScaling, 'is only read by the autoScaling fleet; remove it or set web.fleet to "autoScaling"');
    }
    return;
  }
  if (w.countPerAz !== undefined) {
    problem(
      "web.countPerAz",
      w.countPerAz,
      'is only read by the instances fleet (an Auto Scaling group sizes itself from web.autoScaling.min, desired and max); remove it or set web.fleet to "instances"',
    );
  }
  const zones = s.network.availabilityZones.length;
  const fleet = fleetOf(w, zones);
  if (fleet.kind !== "autoScaling") return;
  if (fleet.min < zones) {
    problem("web.autoScaling.min", fleet.min, `must be at least ${zones}, one server per availability zone (network.availabilityZones has ${zones})`);
  }
  if (fleet.min > fleet.max) problem("web.autoScaling.min", fleet.min, `must not exceed web.autoScaling.max ${fleet.max}`);
  else if (fleet.desired < fleet.min || fleet.desired > fleet.max) {
    problem("web.autoScaling.desired", fleet.desired, `must be between web.autoScaling.min ${fleet.min} and web.autoScaling.max ${fleet.max}`);
  }
});

/** The database alarms need the class's memory; a class the table does not know needs it given. */
const checkAlarms = check(["alarms", "database"], (s, problem) => {
  if (!s.alarms.enabled) return;
  const limits = databaseAlarmLimits(s.database.instanceClass, s.alarms.database);
  // A class that is not one is database.instanceClass's problem, reported there, not a missing memory size.
  if (limits.memoryGiB === undefined && instanceClassRule(s.database.instanceClass) === undefined) {
    problem(
      "alarms.database.instanceMemoryGiB",
      s.alarms.database.instanceMemoryGiB,
      `must be set: the memory of database.instanceClass ${s.database.instanceClass} is not in RDS_INSTANCE_MEMORY_GIB (src/config/rds-memory.ts), and the memory and connections alarms are shares of it`,
    );
  }
});

/**
 * Production alarms must reach someone: shipped prod once had twenty alarms and no subscription.
 * Alarms seen only in the console are a choice to write down (`alarms.consoleOnly`), not a default.
 */
const checkAlarmRecipients = check(["alarms", "production"], (s, problem) => {
  const a = s.alarms;
  if (!a.enabled) return; // settings of disabled alarms are refused as ignored (dependent-settings.ts)
  const recipients = [...(a.emails.length ? ["alarms.emails"] : []), ...(a.httpsEndpoints.length ? ["alarms.httpsEndpoints"] : [])];
  if (a.consoleOnly && recipients.length) {
    problem("alarms.consoleOnly", a.consoleOnly, `contradicts ${recipients.join(" and ")}, which notify someone; remove one or the other`);
  } else if (s.production && !a.consoleOnly && !recipients.length) {
    problem(
      "alarms.emails",
      a.emails,
      'is empty and so is alarms.httpsEndpoints: the alarms of a production environment (production is true) would notify no one. Set alarms.emails (like ["ops@example.com"]) or alarms.httpsEndpoints (a pager\'s or chat tool\'s endpoint for Amazon SNS), or set alarms.consoleOnly to true to accept alarms seen only in the CloudWatch console',
    );
  }
});

const checkLoadBalancer = check(["loadBalancer"], (s, problem) => {
  const port = s.loadBalancer.listenerPort;
  if (port !== HTTP_PORT && port !== HTTPS_PORT && (port < CLOUDFRONT_ORIGIN_PORT_RANGE.min || port > CLOUDFRONT_ORIGIN_PORT_RANGE.max)) {
    problem(
      "loadBalancer.listenerPort",
      port,
      `must be ${HTTP_PORT}, ${HTTPS_PORT} or ${CLOUDFRONT_ORIGIN_PORT_RANGE.min} to ${CLOUDFRONT_ORIGIN_PORT_RANGE.max} (the HTTP ports CloudFront connects to a custom origin on)`,
    );
  }
  if (!HEADER_NAME.test(s.loadBalancer.originHeaderName)) {
    problem("loadBalancer.originHeaderName", s.loadBalancer.originHeaderName, "must be an HTTP header name (letters, digits, hyphens)");
  }
});

const checkWaf = check(["cdn"], (s, problem) => {
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

const checkDomain = check(["domain"], (s, problem) => {
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

const checkDomainListeners = check(["domain", "loadBalancer"], (s, problem) => {
  if (s.domain?.keepHttpOrigin && s.loadBalancer.listenerPort === HTTPS_PORT) {
    problem(
      "loadBalancer.listenerPort",
      s.loadBalancer.listenerPort,
      `must not be ${HTTPS_PORT} while domain.keepHttpOrigin keeps the HTTP listener beside the HTTPS one on ${HTTPS_PORT}`,
    );
  }
});

const checkDatabase = check(["database"], (s, problem) => {
  const d = s.database;
  if (!MYSQL_MASTER_USERNAME.test(d.masterUsername)) {
    problem("database.masterUsername", d.masterUsername, "must be 1 to 16 letters, digits or underscores, starting with a letter (MySQL on RDS)");
  } else if (d.masterUsername.toLowerCase() === RDS_RESERVED_USERNAME) {
    problem("database.masterUsername", d.masterUsername, "is reserved by RDS for its own administration; choose another name");
  }
  const classRule = instanceClassRule(d.instanceClass);
  if (classRule) problem("database.instanceClass", d.instanceClass, classRule);
  if (d.port < RDS_MYSQL_PORT.min || d.port > RDS_MYSQL_PORT.max) {
    problem("database.port", d.port, `must be ${RDS_MYSQL_PORT.min} to ${RDS_MYSQL_PORT.max} (the ports RDS for MySQL accepts)`);
  }
  if (d.backupRetentionDays < BACKUP_RETENTION.min || d.backupRetentionDays > BACKUP_RETENTION.max) {
    problem(
      "database.backupRetentionDays",
      d.backupRetentionDays,
      `must be ${BACKUP_RETENTION.min} to ${BACKUP_RETENTION.max} days (a read replica needs automated backups)`,
    );
  }
  if (d.deletionProtection && d.skipFinalSnapshot) {
    problem("database.skipFinalSnapshot", d.skipFinalSnapshot, "must be false when database.deletionProtection is on (a protected database keeps a final snapshot)");
  }
});

/** A MySQL user or schema name the database tier's function quotes as an identifier (MySQL allows 32 characters in a user name). */
const MYSQL_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

const checkDatabaseUsers = check(["database"], (s, problem) => {
  const d = s.database;
  if (!MYSQL_IDENTIFIER.test(d.appUsername)) {
    problem("database.appUsername", d.appUsername, "must be 1 to 32 letters, digits or underscores, starting with a letter");
  } else if ([d.masterUsername.toLowerCase(), RDS_RESERVED_USERNAME].includes(d.appUsername.toLowerCase())) {
    problem("database.appUsername", d.appUsername, "must differ from database.masterUsername and rdsadmin (the application never connects as an administrator)");
  }
  if (d.appSchema !== undefined && !MYSQL_IDENTIFIER.test(d.appSchema)) {
    problem("database.appSchema", d.appSchema, "must be 1 to 32 letters, digits or underscores, starting with a letter");
  }
});

const checkStorageCeiling = check(["database"], (s, problem) => {
  const d = s.database;
  const ceiling = storageCeilingGiB(d);
  const least = Math.ceil((d.allocatedStorageGiB * STORAGE_CEILING_MIN_PERCENT) / 100);
  if (ceiling < least) {
    problem(
      "database.maxAllocatedStorageGiB",
      ceiling,
      `must be at least 10% above database.allocatedStorageGiB ${d.allocatedStorageGiB} (${least} or more; RDS refuses a lower storage autoscaling ceiling)`,
    );
  }
});

/** A KMS key ARN (not an alias: IAM grants kms:Decrypt on key ARNs) in `region`. */
const KMS_KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

const checkSecretKey = check(["database", "region"], (s, problem) => {
  const key = s.database.masterSecretKmsKeyId;
  if (key === undefined) return;
  const match = KMS_KEY_ARN.exec(key);
  if (!match) {
    problem("database.masterSecretKmsKeyId", key, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or id: the web role is granted kms:Decrypt on it by ARN");
  } else if (match[1] !== s.region) {
    problem("database.masterSecretKmsKeyId", key, `must be a key in the stack's region ${s.region} (the secret lives there)`);
  }
});

const checkSecretRecovery = check(["secretRecoveryWindowDays", "production"], (s, problem) => {
  const days = s.secretRecoveryWindowDays;
  const { min, max } = SECRET_RECOVERY_WINDOW_DAYS;
  if (days !== 0 && (days < min || days > max)) {
    problem("secretRecoveryWindowDays", days, `must be 0 (deleted at once) or ${min} to ${max}: the windows Secrets Manager allows`);
  } else if (days === 0 && s.production) {
    problem("secretRecoveryWindowDays", days, `must be ${min} to ${max} in a production environment: at 0 a destroyed database password can never be restored`);
  }
});

/** A secret replicated into dr.region is encrypted there with a key of that region, never the primary's. */
const checkDrSecretKey = check(["dr", "database"], (s, problem) => {
  const key = s.dr?.masterSecretKmsKeyId;
  if (!s.dr?.region) {
    if (key !== undefined) problem("dr.masterSecretKmsKeyId", key, "is only used with dr.region (it encrypts the master secret's replica there)");
    return;
  }
  if (key === undefined) {
    if (s.database.masterSecretKmsKeyId !== undefined) {
      problem("dr.masterSecretKmsKeyId", key, `must be set when database.masterSecretKmsKeyId is: a KMS key belongs to one region, and the master secret's replica in ${s.dr.region} needs a key there`);
    }
    return;
  }
  const rule = kmsKeyArnRule(key, s.dr.region);
  if (rule) problem("dr.masterSecretKmsKeyId", key, `${rule} (the standby's web role is granted kms:Decrypt on it by ARN)`);
});

const checkKeepAlive = check(["web", "loadBalancer"], (s, problem) => {
  const idle = s.loadBalancer.idleTimeoutSeconds;
  if (s.web.keepAliveTimeoutSeconds <= idle) {
    problem(
      "web.keepAliveTimeoutSeconds",
      s.web.keepAliveTimeoutSeconds,
      `must be greater than loadBalancer.idleTimeoutSeconds ${idle} (a server that closes an idle connection before the load balancer does causes intermittent 502s)`,
    );
  }
});

const checkDatabaseZones = check(["database", "network"], (s, problem) => {
  const d = s.database;
  const azs = s.network.availabilityZones;
  const primary = d.primaryAz ?? azs[0];
  const replica = d.replicaAz ?? azs[1];
  if (d.primaryAz !== undefined && !azs.includes(d.primaryAz)) {
    problem("database.primaryAz", d.primaryAz, `is not one of network.availabilityZones (${azs.join(", ")})`);
  }
  if (d.replicaAz !== undefined && !azs.includes(d.replicaAz)) {
    problem("database.replicaAz", d.replicaAz, `is not one of network.availabilityZones (${azs.join(", ")})`);
  }
  if (primary !== undefined && primary === replica) {
    problem("database.replicaAz", replica, `must differ from the primary's zone ${primary}`);
  }
});

const checkDatabasePort = check(["database", "web"], (s, problem) => {
  if (s.database.port === s.web.port) problem("database.port", s.database.port, `must differ from web.port ${s.web.port}`);
});

/** Why `bucket` is not a name S3 accepts: none when it is one. */
function bucketNameRules(bucket: string): string[] {
  if (!BUCKET_NAME.test(bucket) || bucket.includes("..")) return ["is not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)"];
  if (IPV4_SHAPED.test(bucket)) return ["is shaped like an IP address, which S3 refuses as a bucket name"];
  const rules: string[] = [];
  const start = S3_RESERVED_BUCKET_STARTS.find((reserved) => bucket.startsWith(reserved));
  if (start) rules.push(`must not start with ${start} (S3 keeps ${S3_RESERVED_BUCKET_STARTS.join(", ")} for its own names)`);
  const end = S3_RESERVED_BUCKET_ENDS.find((reserved) => bucket.endsWith(reserved));
  if (end) rules.push(`must not end with ${end} (S3 keeps ${S3_RESERVED_BUCKET_ENDS.join(", ")} for its own names)`);
  return rules;
}

const checkBackend = check(["backend"], (s, problem) => {
  const b = s.backend;
  if (b.kind === "s3") {
    for (const rule of bucketNameRules(b.bucket)) problem("backend.bucket", b.bucket, rule);
    const regionProblem = regionRule(b.region);
    if (regionProblem) problem("backend.region", b.region, regionProblem);
    // The key is `<keyPrefix>/<env>/terraform.tfstate`: terraform init refuses a key with an empty segment.
    if (b.keyPrefix.startsWith("/") || b.keyPrefix.endsWith("/") || b.keyPrefix.includes("//")) {
      problem("backend.keyPrefix", b.keyPrefix, "must not start or end with / nor contain // (terraform init refuses the state key as an Invalid Value)");
    }
    if (b.kmsKeyId && !b.encrypt) problem("backend.encrypt", b.encrypt, "must be true when backend.kmsKeyId is set");
    // Shared state without a lock lets two applies interleave and lose one's writes.
    if (!b.useLockfile && !b.dynamodbTable) {
      problem("backend.useLockfile", b.useLockfile, "must be true unless backend.dynamodbTable is set (the state would not be locked)");
    }
  }
  if (b.kind === "cloud" && !b.organization) {
    problem("backend.organization", b.organization, "is required for the cloud backend (or set TF_CLOUD_ORGANIZATION)");
  }
});

/** Retention RDS accepts for automated backups replicated into another region. */
const REPLICATED_BACKUP_RETENTION = { min: 1, max: 35 } as const;

const checkDrRegion = check(["dr", "region"], (s, problem) => {
  const dr = s.dr;
  if (!dr) return;
  if (dr.region === undefined) {
    if (dr.promote) problem("dr.promote", dr.promote, "needs a standby to promote: set dr.region (without it there is no standby stack)");
    else problem("dr.region", dr.region, "must be set when dr is set: the standby region (like ap-northeast-1)");
    return;
  }
  const rule = regionRule(dr.region);
  if (rule) problem("dr.region", dr.region, rule);
  else if (dr.region === s.region) problem("dr.region", dr.region, `must differ from region ${s.region} (a standby in the primary's region goes down with it)`);
});

const checkDrNetwork = check(["dr", "network"], (s, problem) => {
  const dr = s.dr;
  if (!dr?.region) return;
  const net = standbyNetwork({ ...dr, region: dr.region });
  // Zones of an unknown region would only repeat the region's problem.
  if (regionRule(dr.region) === undefined) checkZonesInRegion(net, dr.region, "dr.network", problem);
  checkZones(net, "dr.network", problem);
  checkCidrs(net, "dr.network", problem);
  checkFlowLogs(net, "dr.network", problem);
  const standby = parseIpv4Block(net.vpcCidr).block;
  const primary = parseIpv4Block(s.network.vpcCidr).block;
  if (standby && primary && (contains(standby, primary) || contains(primary, standby))) {
    problem(
      "dr.network.vpcCidr",
      net.vpcCidr,
      `overlaps the primary VPC network.vpcCidr ${s.network.vpcCidr} (the two regions' VPCs need separate blocks to be peered or routed to each other, for fail back)`,
    );
  }
});

const checkDrFleet = check(["dr", "web", "network"], (s, problem) => {
  const dr = s.dr;
  if (!dr?.region) return;
  if (dr.mode === "pilotLight") {
    if (dr.webMin !== undefined) {
      problem("dr.webMin", dr.webMin, "is only used with dr.mode warmStandby (a pilot light runs no web servers until promoted); remove it or set dr.mode");
    }
    return;
  }
  if (dr.webMin === undefined) return;
  const zones = standbyNetwork({ ...dr, region: dr.region }).availabilityZones.length;
  const largest = primaryFleetSizes(s).max;
  if (dr.webMin < zones) problem("dr.webMin", dr.webMin, `must be at least the number of standby zones (${zones}): a warm standby keeps a server in each`);
  if (dr.webMin > largest) {
    problem("dr.webMin", dr.webMin, `must be at most the primary fleet's largest size (${largest}), which the standby's Auto Scaling group shares`);
  }
});

const checkDrBackups = check(["dr"], (s, problem) => {
  const days = s.dr?.backupRetentionDays;
  if (days !== undefined && (days < REPLICATED_BACKUP_RETENTION.min || days > REPLICATED_BACKUP_RETENTION.max)) {
    problem(
      "dr.backupRetentionDays",
      days,
      `must be ${REPLICATED_BACKUP_RETENTION.min} to ${REPLICATED_BACKUP_RETENTION.max} days (what RDS keeps of automated backups replicated into another region)`,
    );
  }
});

/** Why `key` is not a KMS key ARN of `region`, if it is not. */
function kmsKeyArnRule(key: string, region: string): string | undefined {
  const match = KMS_KEY_ARN.exec(key);
  if (!match) return "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or a bare id,";
  if (match[1] !== region) return `must be a key of ${region} (a KMS key serves only its own region), not of ${match[1]},`;
  return undefined;
}

const checkDrState = check(["dr", "backend"], (s, problem) => {
  const dr = s.dr;
  const b = s.backend;
  if (!dr?.region || b.kind !== "s3") {
    if (dr?.stateBucket !== undefined && b.kind !== "s3") problem("dr.stateBucket", dr.stateBucket, `is only used with the s3 backend (backend.kind is ${b.kind})`);
    if (dr?.stateKmsKeyId !== undefined && b.kind !== "s3") problem("dr.stateKmsKeyId", dr.stateKmsKeyId, `is only used with the s3 backend (backend.kind is ${b.kind})`);
    return;
  }
  const bucket = standbyStateBucket({ ...s, dr: { ...dr, region: dr.region } } as StandbySettings);
  for (const rule of bucketNameRules(bucket)) problem("dr.stateBucket", bucket, rule);
  if (bucket === b.bucket) problem("dr.stateBucket", bucket, "must differ from backend.bucket (a bucket lives in one region; the standby's state must be readable while the primary region is down)");
  // The replication role's policy names the keys, and IAM matches a key only by its key ARN.
  if (b.kmsKeyId !== undefined) {
    const rule = kmsKeyArnRule(b.kmsKeyId, b.region);
    if (rule) problem("backend.kmsKeyId", b.kmsKeyId, `${rule} with dr (the state replication role is granted that key by ARN)`);
    if (dr.stateKmsKeyId === undefined) {
      problem("dr.stateKmsKeyId", dr.stateKmsKeyId, `must be set when backend.kmsKeyId is: a KMS key belongs to one region, and the state replicated into ${dr.region} needs a key there`);
    }
  }
  if (dr.stateKmsKeyId !== undefined) {
    const rule = kmsKeyArnRule(dr.stateKmsKeyId, dr.region);
    if (rule) problem("dr.stateKmsKeyId", dr.stateKmsKeyId, rule);
  }
  if (!b.useLockfile) {
    problem(
      "backend.useLockfile",
      b.useLockfile,
      "must be true with dr: the standby stack locks its state with S3's lock file in dr.region (a DynamoDB table of the primary region is out of reach when that region is down)",
    );
  }
});

const checkDrNames = check(["namePrefix", "dr"], (s, problem) => {
  if (!s.dr?.region || !LOWERCASE_NAME.test(s.namePrefix)) return;
  const naming = new Naming(standbyPrefix(s.namePrefix));
  const limits: Array<[string, string, number]> = [
    ["standby ALB name", naming.name("alb"), 32],
    ["standby RDS identifier", naming.name("db", "x"), 63],
    ["standby IAM role name", naming.name("flow-logs"), 64],
    ["standby target group name", naming.name("tg"), 32],
    ["standby S3 bucket prefix", naming.bucketPrefix("alb-logs"), 37],
  ];
  for (const [what, name, max] of limits) {
    if (name.length > max) problem("namePrefix", s.namePrefix, `makes the ${what} ${name} ${name.length} characters long (AWS allows ${max})`);
  }
});

/** Every guardrail id (src/guardrails/pack.ts), for suppressions written in the configuration. */
const checkSuppressions = check(["guardrails"], (s, problem) => {
  const ids = RULES.map((rule) => rule.id);
  s.guardrails.suppress.forEach((entry, i) => {
    if (!ids.includes(entry.rule)) {
      problem(`guardrails.suppress[${i}].rule`, entry.rule, `is not a guardrail${didYouMean(entry.rule, ids) || ` (docs/guardrails.md "Guardrails" lists them)`}`);
    }
  });
});

const CHECKS: Check[] = [
  checkNamePrefix,
  checkDerivedNames,
  checkTags,
  checkRegion,
  checkNetworkZonesInRegion,
  checkNetwork,
  checkWeb,
  checkFleet,
  checkAlarms,
  checkAlarmRecipients,
  checkLoadBalancer,
  checkWaf,
  checkDomain,
  checkDomainListeners,
  checkDatabase,
  checkDatabaseUsers,
  checkStorageCeiling,
  checkSecretKey,
  checkSecretRecovery,
  checkDrSecretKey,
  checkKeepAlive,
  checkDatabaseZones,
  checkDatabasePort,
  checkBackend,
  checkDrRegion,
  checkDrNetwork,
  checkDrFleet,
  checkDrBackups,
  checkDrState,
  checkDrNames,
  checkSuppressions,
];

/** Longest workspace name HCP Terraform accepts; the stack name is the default workspace. */
const MAX_WORKSPACE_NAME = 90;

/**
 * An environment's name becomes its stack id (`multiple-server-<name>`), a segment of its state
 * key and its Environment tag: a space breaks the stack id, a slash adds a folder to the key,
 * `Dev` beside `dev` would be two stacks for one idea, and `state` would be the bootstrap stack's id.
 */
export function checkEnvironmentName(name: string): ConfigProblem[] {
  const problem = (rule: string): ConfigProblem[] => [{ environment: "app", path: "environments", value: name, rule }];
  if (!LOWERCASE_NAME.test(name)) {
    return problem("is not an environment name (lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen)");
  }
  const workspace = stackName(name);
  // The state bootstrap stack is built beside the environments' stacks: two stacks with one id
  // make cdktf fail with a construct-name clash instead of a message.
  if (workspace === STATE_STACK_NAME) {
    return problem(`is reserved: its stack would be ${STATE_STACK_NAME}, the state bootstrap stack; choose another name`);
  }
  if (workspace.length > MAX_WORKSPACE_NAME) {
    return problem(`makes the stack and HCP Terraform workspace name ${workspace} ${workspace.length} characters long (HCP Terraform allows ${MAX_WORKSPACE_NAME})`);
  }
  return [];
}

/**
 * Every rule on one environment's settings, except those reading a top-level setting in `failed`
 * (one whose type error left its default standing in for what the user wrote).
 */
export function checkRules(settings: Settings, failed: ReadonlySet<Section> = new Set()): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const { reads, run } of CHECKS) {
    if (reads.some((section) => failed.has(section))) continue;
    run(settings, (path, value, rule) => problems.push({ environment: settings.environment, path, value, rule }));
  }
  return problems;
}
