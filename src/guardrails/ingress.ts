/** Helpers shared by the security-group rules (MS-SG-1, MS-SG-2, MS-SG-3). */
import { blocks, type Config, isWholeInternet, numberOf, type SynthesizedResource, WORLD_PREFIX_BELOW } from "./rule";

/** How the rules' descriptions name a source that is the whole internet (see WORLD_PREFIX_BELOW). */
export const WORLD_SOURCES = `0.0.0.0/0, ::/0 or any block wider than an IPv4 /${WORLD_PREFIX_BELOW.ipv4} or an IPv6 /${WORLD_PREFIX_BELOW.ipv6}`;

/** The resource types that can admit traffic into a security group. */
export const INGRESS_TYPES = ["aws_vpc_security_group_ingress_rule", "aws_security_group_rule", "aws_security_group"] as const;

/** The resource types that can let traffic out of a security group. */
export const EGRESS_TYPES = ["aws_vpc_security_group_egress_rule", "aws_security_group_rule", "aws_security_group"] as const;

/** A port range one ingress or egress entry allows; `undefined` bounds mean every port. */
export interface PortRange {
  readonly from?: number;
  readonly to?: number;
}

const ALL_PROTOCOLS = new Set(["-1", "all"]);

/**
 * What an entry admits. A protocol or port that is an expression (or unset) is read as the widest
 * it could be: every protocol, every port from or to that bound.
 */
function range(protocol: unknown, from: unknown, to: unknown): PortRange {
  if (typeof protocol !== "string" && typeof protocol !== "number") return {};
  if (ALL_PROTOCOLS.has(String(protocol).toLowerCase()) || String(protocol).includes("${")) return {};
  return { from: numberOf(from), to: numberOf(to) };
}

/**
 * The port ranges a resource admits from the whole internet (isWholeInternet), whichever of
 * the three ways it was written: a standalone rule, a legacy `aws_security_group_rule`, or an
 * inline `ingress` block. A prefix list (CloudFront's origin-facing servers) or a referenced
 * security group is never the whole internet.
 */
export function worldIngress(resource: SynthesizedResource): PortRange[] {
  return worldRanges(resource, "ingress");
}

/** The port ranges a resource lets out to the whole internet, written any of the same three ways. */
export function worldEgress(resource: SynthesizedResource): PortRange[] {
  return worldRanges(resource, "egress");
}

function worldRanges(resource: SynthesizedResource, direction: "ingress" | "egress"): PortRange[] {
  const c = resource.config;
  switch (resource.type) {
    case `aws_vpc_security_group_${direction}_rule`:
      return isWholeInternet(c.cidr_ipv4) || isWholeInternet(c.cidr_ipv6) ? [range(c.ip_protocol, c.from_port, c.to_port)] : [];
    case "aws_security_group_rule":
      return c.type === direction && opensToWorld(c) ? [range(c.protocol, c.from_port, c.to_port)] : [];
    case "aws_security_group":
      return blocks(c[direction])
        .filter(opensToWorld)
        .map((block) => range(block.protocol, block.from_port, block.to_port));
    default:
      return [];
  }
}

function opensToWorld(c: Config): boolean {
  return [...blocks(c.cidr_blocks), ...blocks(c.ipv6_cidr_blocks)].some(isWholeInternet);
}

/** Whether `port` lies in `r`. */
export function covers(r: PortRange, port: number): boolean {
  return (r.from === undefined || r.from <= port) && (r.to === undefined || port <= r.to);
}
