import ipaddr from "ipaddr.js";
import type { ConfigProblem } from "./errors";

/**
 * Default subnets derived from the VPC block, so that `network.vpcCidr` (or more zones) alone is
 * enough. Inside a /16, the article's layout: /24s whose third octet is 10 x zone + tier (public 0,
 * web 1, database 2: 10.0.0.0/24, 10.0.1.0/24, 10.0.2.0/24 in the first zone, 10.0.10.0/24 ... in
 * the second). A smaller VPC is cut into the fewest equal blocks that hold three per zone, zone
 * after zone, each tier in its zone's order.
 */

export const TIERS = ["public", "web", "database"] as const;
export type Tier = (typeof TIERS)[number];
type Subnets = Record<Tier, Array<{ cidr: string }>>;

/** The article's /16: /24 subnets, ten apart per zone. */
const ARTICLE = { vpcPrefix: 16, subnetPrefix: 24, zoneStride: 10 } as const;
/** AWS's smallest subnet. */
const SMALLEST_SUBNET_PREFIX = 28;

function toNumber(address: ipaddr.IPv4): number {
  return address.octets.reduce((n, octet) => n * 256 + octet, 0);
}

function toAddress(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** The subnets of `zoneCount` zones in `vpcCidr`, or why there are none (undefined when the block itself is invalid: the rules say why). */
export function deriveSubnets(vpcCidr: string, zoneCount: number): { subnets?: Subnets; tooSmall?: string } {
  if (!ipaddr.IPv4.isValidCIDR(vpcCidr) || !ipaddr.IPv4.isValidFourPartDecimal(vpcCidr.split("/")[0])) return {};
  const [address, bits] = ipaddr.IPv4.parseCIDR(vpcCidr);
  if (ipaddr.IPv4.networkAddressFromCIDR(vpcCidr).toString() !== address.toString() || zoneCount < 1) return {};
  const base = toNumber(address);
  const article = bits === ARTICLE.vpcPrefix && ARTICLE.zoneStride * (zoneCount - 1) + TIERS.length <= 2 ** (ARTICLE.subnetPrefix - bits);
  const prefix = article ? ARTICLE.subnetPrefix : bits + Math.ceil(Math.log2(TIERS.length * zoneCount));
  if (prefix > SMALLEST_SUBNET_PREFIX) {
    return { tooSmall: `is too small to hold ${TIERS.length * zoneCount} subnets of /${SMALLEST_SUBNET_PREFIX} (three per zone, AWS's smallest subnet); choose a larger block or set network.subnets yourself` };
  }
  const size = 2 ** (32 - prefix);
  const index = (tier: number, zone: number) => (article ? ARTICLE.zoneStride * zone + tier : TIERS.length * zone + tier);
  const subnets = Object.fromEntries(
    TIERS.map((tier, t) => [tier, Array.from({ length: zoneCount }, (_, z) => ({ cidr: `${toAddress(base + index(t, z) * size)}/${prefix}` }))]),
  ) as Subnets;
  return { subnets };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `network` as written, with every tier it leaves out derived from its block and zones (`defaults`
 * where it writes neither), when it writes `vpcCidr` or `availabilityZones`: otherwise the
 * schema's defaults, the article's own subnets, stand. `base` names the setting in messages.
 */
export function withDerivedSubnets(
  network: unknown,
  defaults: { vpcCidr: string; zoneCount: number },
  base: string,
  environment: string,
): { network: unknown; problems: ConfigProblem[] } {
  if (!isObject(network) || (network.vpcCidr === undefined && network.availabilityZones === undefined)) return { network, problems: [] };
  const written = isObject(network.subnets) ? network.subnets : network.subnets === undefined ? {} : undefined;
  if (!written || TIERS.every((tier) => written[tier] !== undefined)) return { network, problems: [] };
  const vpcCidr = typeof network.vpcCidr === "string" ? network.vpcCidr : defaults.vpcCidr;
  const zoneCount = Array.isArray(network.availabilityZones) ? network.availabilityZones.length : defaults.zoneCount;
  const derived = deriveSubnets(vpcCidr, zoneCount);
  if (derived.tooSmall) return { network, problems: [{ environment, path: `${base}.vpcCidr`, value: vpcCidr, rule: derived.tooSmall }] };
  if (!derived.subnets) return { network, problems: [] };
  const subnets = Object.fromEntries(TIERS.map((tier) => [tier, written[tier] ?? derived.subnets![tier]]));
  return { network: { ...network, subnets }, problems: [] };
}
