import type { Construct } from "constructs";
import type { TerraformProvider } from "../cdk";
import type { AutoScalingFleet } from "../config/fleet";
import type { Settings } from "../config/schema";
import type { StandbySettings } from "../config/standby";
import type { Database } from "../constructs/data/database";
import type { StandbyDatabase } from "../constructs/data/standby-database";
import type { Cdn } from "../constructs/edge/cdn";
import { Monitoring } from "../constructs/monitoring/monitoring";
import type { Network } from "../constructs/network/network";
import type { LoadBalancer } from "../constructs/web/load-balancer";
import type { WebAutoScalingGroup } from "../constructs/web/web-auto-scaling-group";
import type { Naming } from "../naming";

/** What a stack's alarms and dashboard watch: the pieces the stack already has. */
export interface WatchedParts {
  readonly naming: Naming;
  readonly network: Network;
  readonly loadBalancer: LoadBalancer;
}

/**
 * Alarms and dashboard of a primary stack, when `alarms.enabled` or `alarms.dashboard` (construct
 * id "monitoring", in the stack's scope).
 */
export function primaryMonitoring(
  stack: Construct,
  settings: Settings,
  parts: WatchedParts & { database: Database; cdn: Cdn; webFleet?: WebAutoScalingGroup; edgeProvider: () => TerraformProvider },
): Monitoring | undefined {
  if (!settings.alarms.enabled && !settings.alarms.dashboard) return undefined;
  const { naming, network, database } = parts;
  const azs = network.availabilityZones;
  return new Monitoring(stack, "monitoring", {
    ...watched(settings, parts),
    settings: settings.alarms,
    region: settings.region,
    edgeProvider: parts.edgeProvider,
    availabilityZones: azs,
    // Named as the database construct names them; the dimension is a reference, so alarms follow the instance.
    databases: [
      { az: settings.database.primaryAz ?? azs[0], db: database.primary, replica: false },
      { az: settings.database.replicaAz ?? azs[1], db: database.replica, replica: true },
    ].map(({ az, db, replica }) => ({
      name: naming.perAz("db", az),
      identifier: db.identifier,
      allocatedStorageGiB: settings.database.allocatedStorageGiB,
      replica,
    })),
    distribution: { name: naming.name("cdn"), id: parts.cdn.distribution.id },
    autoScalingGroupName: parts.webFleet?.groupName,
  });
}

/**
 * A standby nobody watches is not ready: its replica's lag, CPU, storage and connections, and
 * (unless it stands at zero servers) its hosts, notify a topic of its own region, when
 * `alarms.enabled` (no dashboard).
 */
export function standbyMonitoring(
  stack: Construct,
  settings: StandbySettings,
  parts: WatchedParts & { database: StandbyDatabase; fleet: Omit<AutoScalingFleet, "kind"> },
): Monitoring | undefined {
  if (!settings.alarms.enabled) return undefined;
  const zones = parts.network.availabilityZones;
  // A healthy-hosts alarm per zone needs a server in every zone at all times: none in pilot
  // light (guardrail MS-MON-1 finds nothing to require of a target group only a min-0 group serves).
  const everyZoneServed = parts.fleet.min >= zones.length;
  return new Monitoring(stack, "monitoring", {
    ...watched(settings, parts),
    settings: { ...settings.alarms, dashboard: false },
    region: settings.dr.region,
    availabilityZones: everyZoneServed ? zones : [],
    databases: [
      {
        name: parts.naming.perAz("db", zones[0]),
        identifier: parts.database.instance.identifier,
        allocatedStorageGiB: settings.database.allocatedStorageGiB,
        replica: !settings.dr.promote,
      },
    ],
  });
}

/** What both stacks' monitoring watches alike: the load balancer, the NAT gateways, the database class. */
function watched(settings: Settings, { naming, network, loadBalancer }: WatchedParts) {
  return {
    naming,
    loadBalancer: { name: naming.name("alb"), arnSuffix: loadBalancer.alb.arnSuffix, targetGroupArnSuffix: loadBalancer.targetGroup.arnSuffix },
    databaseInstanceClass: settings.database.instanceClass,
    natGateways: network.natGateways.map((nat) => ({ name: nat.tagsInput?.Name ?? nat.node.id, id: nat.id })),
  };
}
