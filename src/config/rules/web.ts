// Web settings (schema `web`): instance type, health check path, admin CIDR, fleet sizes, keep-alive.
import ipaddr from "ipaddr.js";
import { AMI_ARCHITECTURE, ANY_IPV4, ANY_IPV6, DB_STATUS_PATH, WEB_ROOT, ZONE_PAGE_PATH } from "../constants";
import { fleetOf } from "../fleet";
import { ARM_FAMILY, instanceTypeRule } from "./instance-types";
import { check } from "./check";
import { parseIpv4Block } from "./network";

/**
 * The broadest admin network SSH may be opened to: a /8 is already sixteen million addresses, and
 * anything broader (`0.0.0.0/1` is half the internet) is no one's office.
 */
const MIN_ADMIN_CIDR_PREFIX = 8;

/** The path is written into the boot script, so only plain path characters pass. */
const HTTP_PATH = /^\/[A-Za-z0-9._~\/-]*$/;

export const checkWeb = check(["web"], (s, problem) => {
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
