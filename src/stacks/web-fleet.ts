import type { Construct } from "constructs";
import type { AutoScalingFleet } from "../config/fleet";
import type { WebSettings } from "../config/schema";
import type { Network } from "../constructs/network/network";
import type { SecurityGroups } from "../constructs/network/security-groups";
import { WebAutoScalingGroup } from "../constructs/web/web-auto-scaling-group";
import type { WebTier } from "../constructs/web/web-tier";
import type { DatabaseStatusSource } from "../constructs/web/db-status-page";
import { webUserData } from "../constructs/web/web-user-data";
import type { Naming } from "../naming";

/** What an Auto Scaling web fleet is built from: the pieces a stack already has. */
export interface WebFleetParts {
  readonly naming: Naming;
  readonly web: WebSettings;
  /** The web tier whose AMI, instance profile and SSM policy the fleet's servers use. */
  readonly tier: WebTier;
  readonly network: Network;
  readonly groups: SecurityGroups;
  readonly targetGroupArn: string;
  /** Where the servers' database status page finds the endpoints and the secret. */
  readonly database: DatabaseStatusSource;
  readonly sizes: Omit<AutoScalingFleet, "kind">;
  /** Tags of the servers the group launches (provider default_tags do not reach them). */
  readonly tags: Record<string, string>;
  /** AMI of the servers. @default the web tier's (the current image of its AMI family) */
  readonly imageId?: string;
}

/**
 * The web servers as an Auto Scaling group (construct id "web-fleet"), the same in a primary and
 * a standby stack: the web tier's launch pieces and boot script over the web subnets, behind the
 * target group, started only once their route out, their egress rules and the SSM policy exist.
 */
export function webFleet(scope: Construct, parts: WebFleetParts): WebAutoScalingGroup {
  const { naming, web, tier, network, groups, sizes } = parts;
  return new WebAutoScalingGroup(scope, "web-fleet", {
    name: naming.name("web"),
    imageId: parts.imageId ?? tier.imageId,
    instanceType: web.instanceType,
    instanceProfileName: tier.instanceProfileName,
    securityGroupIds: [groups.webSecurityGroupId],
    userData: webUserData(web, naming.name("web"), parts.database),
    rootVolumeGiB: web.rootVolumeGiB,
    subnetIds: network.webSubnets.ids,
    targetGroupArns: [parts.targetGroupArn],
    minSize: sizes.min,
    desiredCapacity: sizes.desired,
    maxSize: sizes.max,
    targetCpuPercent: sizes.targetCpuPercent,
    healthCheckGraceSeconds: sizes.healthCheckGraceSeconds,
    instanceTags: parts.tags,
    dependsOn: [...network.privateInternetConnectivity, ...groups.webEgress, tier.ssmPolicyAttachment],
  });
}
