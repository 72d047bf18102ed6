import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { synthesize } from "../../src/app";
import { ConfigError } from "../../src/config/errors";
import { loadSettings } from "../../src/config/load";
import type { SettingsInput } from "../../src/config/schema";
import { MYSQL_ENGINE_VERSIONS } from "../../src/config/versions";
import { synthStack } from "../helpers";
import { passwordLiterals, subnetLayoutProblems, unresolvedReferences, worldOpenRules } from "../helpers/invariants";

/** Private /16-/22 blocks from each RFC 1918 range. */
const vpcBlock = fc.oneof(
  fc.record({ a: fc.constant(10), b: fc.integer({ min: 0, max: 255 }), bits: fc.integer({ min: 16, max: 22 }) }),
  fc.record({ a: fc.constant(172), b: fc.integer({ min: 16, max: 31 }), bits: fc.integer({ min: 16, max: 22 }) }),
  fc.record({ a: fc.constant(192), b: fc.constant(168), bits: fc.integer({ min: 16, max: 22 }) }),
);

const REGIONS = ["ap-northeast-2", "us-east-1", "eu-west-1", "ap-southeast-1"];

/** Carves `count` distinct, aligned subnets of the same size out of a VPC block. */
function carve(a: number, b: number, vpcBits: number, count: number, shuffle: number[]): string[] {
  const extra = Math.ceil(Math.log2(count));
  const bits = Math.min(vpcBits + extra + 1, 28);
  const size = 2 ** (32 - bits);
  const base = ((a << 24) | (b << 16)) >>> 0;
  const slots = shuffle.slice(0, count);
  return slots.map((slot) => {
    const n = base + slot * size;
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${bits}`;
  });
}

/** A random configuration that honours every rule. */
const validConfig: fc.Arbitrary<SettingsInput> = fc
  .record({
    vpc: vpcBlock,
    region: fc.constantFrom(...REGIONS),
    zones: fc.uniqueArray(fc.constantFrom("a", "b", "c", "d"), { minLength: 2, maxLength: 3 }),
    // AWS keeps names starting with internal- (ALBs) and sg- (security groups) for itself.
    prefix: fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?$/).filter((p) => !/^(internal|sg)-/.test(p)),
    nat: fc.constantFrom("single" as const, "perAz" as const),
    count: fc.integer({ min: 1, max: 3 }),
    // An Auto Scaling fleet, sized from per-zone figures (undefined: the defaults), or fixed servers.
    scaling: fc.option(fc.record({ extraMin: fc.integer({ min: 0, max: 2 }), extraMax: fc.integer({ min: 0, max: 4 }) }), { nil: undefined }),
    asg: fc.boolean(),
    ami: fc.constantFrom("al2023" as const, "al2" as const),
    engine: fc.constantFrom(...MYSQL_ENGINE_VERSIONS),
    retention: fc.integer({ min: 1, max: 35 }),
    protect: fc.boolean(),
    multiAz: fc.boolean(),
    admin: fc.option(fc.constantFrom("203.0.113.0/24", "198.51.100.7/32", "10.0.0.0/8"), { nil: undefined }),
    order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], { minLength: 16, maxLength: 16 }),
  })
  .map((r) => {
    const azs = r.zones.map((z) => `${r.region}${z}`);
    const cidrs = carve(r.vpc.a, r.vpc.b, r.vpc.bits, azs.length * 3, r.order);
    const tier = (i: number) => cidrs.slice(i * azs.length, (i + 1) * azs.length).map((cidr) => ({ cidr }));
    return {
      namePrefix: r.prefix,
      region: r.region,
      protectStatefulResources: r.protect,
      network: {
        vpcCidr: `${r.vpc.a}.${r.vpc.b}.0.0/${r.vpc.bits}`,
        availabilityZones: azs,
        subnets: { public: tier(0), web: tier(1), database: tier(2) },
        natGateways: r.nat,
      },
      web: r.asg
        ? {
            fleet: "autoScaling" as const,
            amiFamily: r.ami,
            adminCidr: r.admin,
            autoScaling: r.scaling && { min: azs.length + r.scaling.extraMin, max: azs.length + r.scaling.extraMin + r.scaling.extraMax },
          }
        : { countPerAz: r.count, amiFamily: r.ami, adminCidr: r.admin },
      database: {
        engineVersion: r.engine,
        backupRetentionDays: r.retention,
        deletionProtection: r.protect,
        skipFinalSnapshot: !r.protect,
        multiAz: r.multiAz,
      },
    } satisfies SettingsInput;
  });

describe("random valid configurations", () => {
  it("always synthesize a stack that passes the whole-stack invariants", () => {
    fc.assert(
      fc.property(validConfig, (input) => {
        const [settings] = loadSettings(["prop"], {}, { prop: input });
        const { tf } = synthStack(settings);
        const problems = [
          ...unresolvedReferences(tf),
          ...subnetLayoutProblems(tf),
          ...worldOpenRules(tf, [80, 443]),
          ...passwordLiterals(tf),
        ];
        expect(problems).toEqual([]);
        const zones = input.network!.availabilityZones!.length;
        expect(Object.keys(tf.resource.aws_subnet)).toHaveLength(zones * 3);
        if (input.web!.fleet === "autoScaling") {
          expect(tf.resource.aws_instance).toBeUndefined();
          const [group] = Object.values(tf.resource.aws_autoscaling_group);
          expect(group.vpc_zone_identifier).toHaveLength(zones);
          expect(group.min_size).toBe(input.web!.autoScaling?.min ?? zones);
          expect(group.min_size).toBeGreaterThanOrEqual(zones);
          expect(group.max_size).toBeGreaterThanOrEqual(group.min_size);
        } else expect(Object.keys(tf.resource.aws_instance)).toHaveLength(zones * input.web!.countPerAz!);
        expect(Object.keys(tf.resource.aws_nat_gateway)).toHaveLength(input.network!.natGateways === "perAz" ? zones : 1);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  });
});

type Mutation = { path: string; apply: (input: any) => void };

/** Changes that each break exactly one rule, and the setting the error must name. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom("8.8.0.0/16", "100.64.0.0/16", "10.0.0.0/12", "10.0.0.0/29").map((cidr) => ({
    path: "network.vpcCidr",
    apply: (c: any) => (c.network.vpcCidr = cidr),
  })),
  fc.integer({ min: 0, max: 1 }).map((i) => ({
    path: `network.subnets.web[${i}].cidr`,
    apply: (c: any) => (c.network.subnets.web[i] = { cidr: "192.0.2.0/24" }),
  })),
  fc.integer({ min: -5, max: 0 }).map((n) => ({ path: "web.countPerAz", apply: (c: any) => (c.web.countPerAz = n) })),
  fc
    .constantFrom("0.0.0.0/0", "::/0", "2001:db8::/48", "10.1/16", "203.0.113.7/24", "0.0.0.0/1", "10.0.0.0/7")
    .map((cidr) => ({ path: "web.adminCidr", apply: (c: any) => (c.web.adminCidr = cidr) })),
  fc.oneof(fc.integer({ min: -10, max: 0 }), fc.integer({ min: 36, max: 400 })).map((days) => ({
    path: "database.backupRetentionDays",
    apply: (c: any) => (c.database.backupRetentionDays = days),
  })),
  fc.constant({
    path: "database.replicaAz",
    apply: (c: any) => (c.database.replicaAz = c.database.primaryAz = c.network.availabilityZones[0]),
  }),
  fc.constant({
    path: "database.skipFinalSnapshot",
    apply: (c: any) => Object.assign(c.database, { deletionProtection: true, skipFinalSnapshot: true }),
  }),
  fc.stringMatching(/^[a-z]{30,40}$/).map((prefix) => ({ path: "namePrefix", apply: (c: any) => (c.namePrefix = prefix) })),
  fc
    .constantFrom("Upper", "-lead", "trail-", "dou--ble", "", "internal-web", "sg-web")
    .map((prefix) => ({ path: "namePrefix", apply: (c: any) => (c.namePrefix = prefix) })),
  // A zone of a region none of the valid configurations uses.
  fc.integer({ min: 0, max: 1 }).map((i) => ({
    path: `network.availabilityZones[${i}]`,
    apply: (c: any) => (c.network.availabilityZones[i] = "sa-east-1a"),
  })),
  fc.constant({
    path: "network.availabilityZones[1]",
    apply: (c: any) => (c.network.availabilityZones[1] = c.network.availabilityZones[0]),
  }),
  // A web subnet on top of the public subnet of its zone.
  fc.integer({ min: 0, max: 1 }).map((i) => ({
    path: `network.subnets.web[${i}].cidr`,
    apply: (c: any) => (c.network.subnets.web[i] = { ...c.network.subnets.public[i] }),
  })),
  // The first /29.. /32 of a public subnet: still inside the VPC and overlapping nothing, only too small.
  fc.integer({ min: 29, max: 32 }).map((bits) => ({
    path: "network.subnets.public[0].cidr",
    apply: (c: any) => (c.network.subnets.public[0].cidr = `${c.network.subnets.public[0].cidr.split("/")[0]}/${bits}`),
  })),
  fc.constantFrom("8.0.23", "5.7", "9.1", "8").map((version) => ({
    path: "database.engineVersion",
    apply: (c: any) => (c.database.engineVersion = version),
  })),
  fc.integer({ min: 21, max: 100_000 }).map((n) => ({ path: "web.countPerAz", apply: (c: any) => (c.web.countPerAz = n) })),
  fc.constantFrom("/", "/health/", "/../../etc/passwd", "/./health", "/index.html", "health", "/a b").map((healthPath) => ({
    path: "web.healthCheckPath",
    apply: (c: any) => (c.web.healthCheckPath = healthPath),
  })),
  fc.constantFrom("/state", "state/", "a//b", "/").map((keyPrefix) => ({
    path: "backend.keyPrefix",
    apply: (c: any) => (c.backend = { keyPrefix }),
  })),
  fc.constantFrom(2, 4, 45, 100, 5000).map((days) => ({
    path: "network.flowLogRetentionDays",
    apply: (c: any) => (c.network.flowLogRetentionDays = days),
  })),
  fc
    .constantFrom<[string, string]>(
      ["tags.Project", "Project"],
      ["tags.ManagedBy", "ManagedBy"],
      ['tags["aws:x"]', "aws:x"],
      ['tags[""]', ""],
      ["tags.environment", "environment"],
      ["tags.Name", "Name"],
      ['tags["cost#center"]', "cost#center"],
    )
    .map(([path, key]) => ({ path, apply: (c: any) => (c.tags = { CostCenter: "web", [key]: "v" }) })),
  // Inputs of the right type that AWS would refuse only at apply.
  fc.constantFrom("ami-123", "ami-0123456789ABCDEF0", "img-0123456789abcdef0").map((id) => ({
    path: "web.image.id",
    apply: (c: any) => (c.web.image = { id }),
  })),
  fc.integer({ min: 1, max: 1149 }).map((port) => ({ path: "database.port", apply: (c: any) => (c.database.port = port) })),
  fc.oneof(fc.integer({ min: 1, max: 79 }), fc.integer({ min: 81, max: 442 }), fc.integer({ min: 444, max: 1023 })).map((listenerPort) => ({
    path: "loadBalancer.listenerPort",
    apply: (c: any) => (c.loadBalancer = { listenerPort }),
  })),
  fc.constantFrom("ap-northeast-9", "us-gov-west-1", "eu-west-9").map((region) => ({ path: "region", apply: (c: any) => (c.region = region) })),
  fc.constantFrom("192.168.1.1", "xn--state", "sthree-state", "state-s3alias", "state--ol-s3").map((bucket) => ({
    path: "backend.bucket",
    apply: (c: any) => (c.backend = { bucket }),
  })),
  fc.constantFrom("rdsadmin", "1admin", "db-admin", "a_seventeen_chars").map((name) => ({
    path: "database.masterUsername",
    apply: (c: any) => (c.database.masterUsername = name),
  })),
  // A value of the wrong JSON type where each kind of setting lives.
  fc
    .constantFrom<[string, unknown]>(
      ["web.countPerAz", "2"],
      ["web.countPerAz", 1.5],
      ["database.multiAz", "yes"],
      ["protectStatefulResources", 1],
      ["network.vpcCidr", 10],
      ["network.availabilityZones", "ap-northeast-2a"],
      ["network.subnets.web", { cidr: "10.0.1.0/24" }],
      ["database.backupRetentionDays", null],
      ["tags", ["CostCenter"]],
      ["web", "t3.micro"],
    )
    .map(([path, value]) => ({ path, apply: (c: any) => setAt(c, path, value) })),
  fc.constantFrom("instanceTyp", "colour").map((key) => ({ path: `web.${key}`, apply: (c: any) => (c.web[key] = "t3.small") })),
);

/** Sets the setting at a dotted path (`network.subnets.web`), creating the objects on the way. */
function setAt(config: any, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  const last = keys.pop()!;
  let target = config;
  for (const key of keys) target = target[key] ??= {};
  target[last] = value;
}

describe("random mutations that break a rule", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-props-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("always give a configuration error naming the setting: never a crash, never a stack", () => {
    // The whole app, as `npm run synth` runs it: the broken environment comes from a JSON file
    // (MULTIPLE_SERVER_CONFIG), and the output folder must still not exist afterwards.
    const file = path.join(work, "envs.json");
    const outdir = path.join(work, "cdktf.out");
    const env = { MULTIPLE_SERVER_CONFIG: file, MULTIPLE_SERVER_ENVIRONMENTS: "prop" };
    fc.assert(
      fc.property(validConfig, mutation, (input, m) => {
        const broken = structuredClone(input);
        m.apply(broken);
        fs.writeFileSync(file, JSON.stringify({ environments: { prop: broken } }));
        let error: unknown;
        let built: unknown;
        try {
          built = synthesize({ outdir, env });
        } catch (e) {
          error = e;
        }
        expect(built).toBeUndefined();
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.map((p) => p.path)).toContain(m.path);
        expect(fs.readdirSync(work)).toEqual(["envs.json"]);
      }),
      { numRuns: 300 },
    );
  });
});
