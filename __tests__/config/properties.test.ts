import fc from "fast-check";
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
    prefix: fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?$/),
    nat: fc.constantFrom("single" as const, "perAz" as const),
    count: fc.integer({ min: 1, max: 3 }),
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
      web: { countPerAz: r.count, amiFamily: r.ami, adminCidr: r.admin },
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
        expect(Object.keys(tf.resource.aws_instance)).toHaveLength(zones * input.web!.countPerAz!);
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
  fc.constantFrom("Upper", "-lead", "trail-", "dou--ble", "").map((prefix) => ({ path: "namePrefix", apply: (c: any) => (c.namePrefix = prefix) })),
);

describe("random mutations that break a rule", () => {
  it("always give a configuration error naming the setting: never a crash, never a stack", () => {
    fc.assert(
      fc.property(validConfig, mutation, (input, m) => {
        const broken = structuredClone(input);
        m.apply(broken);
        let error: unknown;
        let built: unknown;
        try {
          built = loadSettings(["prop"], {}, { prop: broken });
        } catch (e) {
          error = e;
        }
        expect(built).toBeUndefined();
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.map((p) => p.path)).toContain(m.path);
      }),
      { numRuns: 200 },
    );
  });
});
