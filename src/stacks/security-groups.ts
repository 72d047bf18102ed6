import type { Construct } from "constructs";
import type { Settings } from "../config/schema";
import { SecurityGroups } from "../constructs/network/security-groups";
import type { Naming } from "../naming";
import type { OriginPlan } from "./edge";

/**
 * The security groups of a primary or standby stack (construct id "security-groups", in the
 * stack's scope): the ALB admits CloudFront on the origin's ports, the web servers the ALB, the
 * database the web servers (and, in a primary, the function that creates the application's user).
 */
export function securityGroups(
  stack: Construct,
  settings: Settings,
  parts: { naming: Naming; vpcId: string; origin: OriginPlan; cloudfrontSource?: "prefixList" | "vpcOriginGroup"; databaseUsersFunction?: boolean },
): SecurityGroups {
  return new SecurityGroups(stack, "security-groups", {
    naming: parts.naming,
    vpcId: parts.vpcId,
    listenerPort: settings.loadBalancer.listenerPort,
    originPorts: parts.origin.ports,
    cloudfrontSource: parts.cloudfrontSource,
    webPort: settings.web.port,
    databasePort: settings.database.port,
    adminCidr: settings.web.adminCidr,
    sshPort: settings.web.sshPort,
    webHttpEgress: settings.web.amiFamily === "al2",
    databaseUsersFunction: parts.databaseUsersFunction,
  });
}
