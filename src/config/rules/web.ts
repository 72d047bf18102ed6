// Web settings (schema `web`): instance type, health check path, admin CIDR, fleet sizes, keep-alive.
import ipaddr from "ipaddr.js";
import { ANY_IPV4, ANY_IPV6, AWS_MANAGED, DB_STATUS_PATH, WEB_ROOT, ZONE_PAGE_PATH } from "../constants";
import { fleetOf } from "../fleet";
import { instanceTypeRule } from "./instance-types";
import { check, type Problem } from "./check";
import { parseIpv4Block } from "./network";

/**
 * The broadest admin network SSH may be opened to: a /8 is already sixteen million addresses, and
 * anything broader (`0.0.0.0/1` is half the internet) is no one's office.
 */
const MIN_ADMIN_CIDR_PREFIX = 8;

/** An AMI id: `ami-` and 8 (older) or 17 hexadecimal digits. */
export const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** An SSM parameter name (Systems Manager user guide, "Parameter names"): a path of letters, digits and _ . -. */
const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/**
 * Systems Manager's rules for a name in a hierarchy (API reference, PutParameter Name: "For
 * parameters in a hierarchy, you must include a leading forward slash character (/)"; user guide,
 * "Working with parameter hierarchies": at most 15 levels).
 */
const SSM_MAX_LEVELS = 15;

/** The path is written into the boot script, so only plain path characters pass. */
const HTTP_PATH = /^\/[A-Za-z0-9._~\/-]*$/;

export const checkWeb = check(["web"], (s, problem) => {
  const w = s.web;
  const typeRule = instanceTypeRule(w.instanceType);
  if (typeRule) problem("web.instanceType", w.instanceType, typeRule);
  const image = w.image;
  if (image && "id" in image && !AMI_ID.test(image.id)) problem("web.image.id", image.id, "is not an AMI id (ami- and 8 or 17 hexadecimal digits)");
  if (image && "ssmParameter" in image) checkSsmParameterName(image.ssmParameter, problem.bind(null, "web.image.ssmParameter", image.ssmParameter));
  if (w.countPerAz !== undefined && w.countPerAz < 1) problem("web.countPerAz", w.countPerAz, "must be at least 1 (each zone needs a server behind the ALB)");
  checkHealthCheckPath(w.healthCheckPath, problem.bind(null, "web.healthCheckPath", w.healthCheckPath));
  if (w.sshPort === w.port) problem("web.sshPort", w.sshPort, `must differ from web.port ${w.port}`);
  if (w.adminCidr !== undefined) checkAdminCidr(w.adminCidr, problem.bind(null, "web.adminCidr", w.adminCidr));
  checkManagedPolicyArns(w.managedPolicyArns ?? [], problem);
});

/**
 * An IAM policy ARN: partition, `aws` or an account id, optional path, then the name (1 to 128 of
 * letters, digits and `+=,.@_-`; IAM User Guide, "IAM identifiers" and "IAM and AWS STS quotas").
 */
const POLICY_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(?:aws|\d{12}):policy\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,128}$/;

/**
 * The partition of a region's ARNs (AWS General Reference, "Amazon Resource Names (ARNs)":
 * `aws` for commercial regions, `aws-cn` for China, `aws-us-gov` for GovCloud). `region` only
 * takes commercial regions today (AWS_REGIONS), so every ARN must be `arn:aws:`; the mapping
 * keeps the rule right should the others be allowed.
 */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** An ARN's partition: its second field. */
const ARN_PARTITION = /^arn:([^:]+):/;

/** AWS managed policies that give a web server the account: a compromised server must not own it. */
const REFUSED_AWS_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

/**
 * IAM attaches at most 10 managed policies to a role unless the quota is raised (IAM User Guide,
 * "IAM and AWS STS quotas": managed policies per role, default 10, up to 20); ours,
 * AmazonSSMManagedInstanceCore, takes one.
 */
export const MAX_WEB_MANAGED_POLICIES = 9;

function checkManagedPolicyArns(arns: readonly string[], problem: Problem): void {
  if (arns.length > MAX_WEB_MANAGED_POLICIES) {
    problem("web.managedPolicyArns", arns.length, `policies are more than the ${MAX_WEB_MANAGED_POLICIES} IAM attaches to a role beside ours by default (10 per role)`);
  }
  arns.forEach((arn, i) => {
    const path = `web.managedPolicyArns[${i}]`;
    if (!POLICY_ARN.test(arn)) problem(path, arn, "is not an IAM policy ARN (arn:aws:iam::<account or aws>:policy/<name>)");
    else if (REFUSED_AWS_POLICIES.some((name) => arn.endsWith(`:iam::aws:policy/${name}`))) {
      problem(path, arn, "would give every web server (and whoever takes one over) the whole account; attach a policy that grants only what your application calls");
    } else if (arn.endsWith(`:iam::aws:policy/${AWS_MANAGED.ssmInstancePolicy}`)) {
      // IAM holds one attachment per role and policy (AttachRolePolicy on an attached policy
      // changes nothing), so a second aws_iam_role_policy_attachment of the pair manages the same
      // attachment, and destroying it (DetachRolePolicy) takes Session Manager from the servers.
      problem(path, arn, "is already attached by the stack (Session Manager); listed here it would be a second attachment of the same policy, and removing it later would detach Session Manager from the servers");
    } else if (arns.indexOf(arn) !== i) problem(path, arn, `is listed twice (first at web.managedPolicyArns[${arns.indexOf(arn)}])`);
  });
}

/**
 * A policy of another partition than the stack's: partitions are isolated, so a role of one cannot
 * have another's policy attached (AWS General Reference, "Amazon Resource Names (ARNs)", partition;
 * IAM User Guide: IAM credentials of one partition cannot reach resources in another), and the
 * attachment fails at apply.
 */
export const checkPolicyPartition = check(["web", "region"], (s, problem) => {
  const partition = partitionOf(s.region);
  (s.web.managedPolicyArns ?? []).forEach((arn, i) => {
    const given = ARN_PARTITION.exec(arn)?.[1];
    if (POLICY_ARN.test(arn) && given !== partition) {
      problem(`web.managedPolicyArns[${i}]`, arn, `is in partition ${given}, not the ${partition} partition of region ${s.region}; write it arn:${partition}:iam::...`);
    }
  });
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

function checkSsmParameterName(name: string, problem: (rule: string) => void): void {
  if (!SSM_PARAMETER_NAME.test(name)) problem("is not an SSM parameter name (letters, digits and _ . - /, like /my-app/ami-id)");
  else if (name.includes("/") && !name.startsWith("/")) problem(`must start with / (Systems Manager requires it of a name in a hierarchy: /${name})`);
  else if (name.split("/").filter(Boolean).length > SSM_MAX_LEVELS) {
    problem(`has ${name.split("/").filter(Boolean).length} levels, more than the ${SSM_MAX_LEVELS} Systems Manager allows in a parameter hierarchy`);
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
export const checkFleet = check(["web", "network"], (s, problem) => {
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

export const checkKeepAlive = check(["web", "loadBalancer"], (s, problem) => {
  const idle = s.loadBalancer.idleTimeoutSeconds;
  if (s.web.keepAliveTimeoutSeconds <= idle) {
    problem(
      "web.keepAliveTimeoutSeconds",
      s.web.keepAliveTimeoutSeconds,
      `must be greater than loadBalancer.idleTimeoutSeconds ${idle} (a server that closes an idle connection before the load balancer does causes intermittent 502s)`,
    );
  }
});
