// Region and network settings (schema `region`, `network`): zones, CIDR blocks, flow logs.
import ipaddr from "ipaddr.js";
import { AWS_REGIONS, CLOUDWATCH_LOG_RETENTION_DAYS } from "../constants";
import type { NetworkSettings } from "../schema";
import { type Problem, check } from "./check";

const VPC_PREFIX = { min: 16, max: 28 } as const;

/** AWS's smallest subnet. */
const SMALLEST_SUBNET_PREFIX = 28;

const REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;

/** A parsed, network-aligned IPv4 block, or the reason it is not one. */
export function parseIpv4Block(cidr: string): { block?: [ipaddr.IPv4, number]; error?: string } {
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

export function contains(outer: [ipaddr.IPv4, number], inner: [ipaddr.IPv4, number]): boolean {
  return inner[1] >= outer[1] && inner[0].match(outer);
}

/** Why `region` is not one the stack can use, if it is not. */
export function regionRule(region: string): string | undefined {
  if (!REGION.test(region)) return "is not an AWS region name (like ap-northeast-2)";
  if (!AWS_REGIONS.includes(region)) return "is not a known AWS region (the list is in src/config/constants.ts: add a new region there)";
  return undefined;
}

export const checkRegion = check(["region"], (s, problem) => {
  const rule = regionRule(s.region);
  if (rule) problem("region", s.region, rule);
});

/**
 * The rules of one VPC's settings (`network`, or the standby's `dr.network`) in `region`; `base`
 * is the setting's path in messages.
 */
export function checkZonesInRegion(net: NetworkSettings, region: string, base: string, problem: Problem): void {
  net.availabilityZones.forEach((az, i) => {
    if (!(az.startsWith(region) && /^[a-z]$/.test(az.slice(region.length)))) {
      problem(`${base}.availabilityZones[${i}]`, az, `is not a zone of region ${region} (like ${region}a)`);
    }
  });
}

export function checkZones(net: NetworkSettings, base: string, problem: Problem): void {
  const azs = net.availabilityZones;
  azs.forEach((az, i) => {
    const first = azs.indexOf(az);
    if (first !== i) problem(`${base}.availabilityZones[${i}]`, az, `repeats ${base}.availabilityZones[${first}]`);
  });
  if (new Set(azs).size < 2) {
    problem(`${base}.availabilityZones`, azs, "must name at least two distinct zones (the ALB and the replica need two)");
  }
}

export function checkCidrs(net: NetworkSettings, base: string, problem: Problem): void {
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

export function checkFlowLogs(net: NetworkSettings, base: string, problem: Problem): void {
  const days = net.flowLogRetentionDays;
  if (days !== 0 && !CLOUDWATCH_LOG_RETENTION_DAYS.includes(days)) {
    problem(
      `${base}.flowLogRetentionDays`,
      days,
      `must be 0 (off) or a retention CloudWatch Logs accepts (${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")})`,
    );
  }
}

export const checkNetworkZonesInRegion = check(["region", "network"], (s, problem) => {
  checkZonesInRegion(s.network, s.region, "network", problem);
});

export const checkNetwork = check(["network"], (s, problem) => {
  checkZones(s.network, "network", problem);
  checkCidrs(s.network, "network", problem);
  checkFlowLogs(s.network, "network", problem);
});
