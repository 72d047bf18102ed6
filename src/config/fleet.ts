import { autoScalingSchema, type WebSettings } from "./schema";

/**
 * The web fleet an environment's settings describe, with the defaults that depend on the number
 * of availability zones filled in. The rules and the stack both read it from here, so the sizes
 * the rules check are the sizes the stack builds.
 */

/** Default most servers of an Auto Scaling group, per availability zone (6 over the default two zones). */
export const AUTO_SCALING_MAX_PER_AZ = 3;
/** Servers per zone of the `instances` fleet when `countPerAz` is left out (the article's one). */
export const DEFAULT_COUNT_PER_AZ = 1;

export interface InstancesFleet {
  readonly kind: "instances";
  readonly countPerAz: number;
}

export interface AutoScalingFleet {
  readonly kind: "autoScaling";
  readonly min: number;
  readonly desired: number;
  readonly max: number;
  readonly targetCpuPercent: number;
  readonly healthCheckGraceSeconds: number;
}

export type Fleet = InstancesFleet | AutoScalingFleet;

/** The fleet of `web` over `zoneCount` availability zones. */
export function fleetOf(web: WebSettings, zoneCount: number): Fleet {
  if (web.fleet === "instances") return { kind: "instances", countPerAz: web.countPerAz ?? DEFAULT_COUNT_PER_AZ };
  const settings = web.autoScaling ?? autoScalingSchema.parse({});
  const min = settings.min ?? zoneCount;
  return {
    kind: "autoScaling",
    min,
    desired: settings.desired ?? min,
    max: settings.max ?? AUTO_SCALING_MAX_PER_AZ * zoneCount,
    targetCpuPercent: settings.targetCpuPercent,
    healthCheckGraceSeconds: settings.healthCheckGraceSeconds,
  };
}
