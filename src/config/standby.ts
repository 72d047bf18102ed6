import { Naming, standbyStateBucketName } from "../naming";
import { fleetOf } from "./fleet";
import { autoScalingSchema, type DrSettings, type NetworkSettings, type Settings } from "./schema";

/**
 * What the standby of an environment resolves to: the settings `dr` leaves to defaults that
 * depend on other settings (its zones on `dr.region`, its state bucket on `backend.bucket`).
 * The rules and the stacks both read them from here, so the checked values are the built ones.
 */

/** Zone letters of the default standby zones: `a` and `c` exist in every region the project has served from. */
export const DEFAULT_STANDBY_ZONE_LETTERS = ["a", "c"] as const;

/** The settings of an environment that has a standby, with `dr.region` set (the rules refuse it unset). */
export type StandbySettings = Settings & { readonly dr: DrSettings & { readonly region: string } };

/** Whether `settings` has a standby region (an empty `dr` has none and is refused by the rules). */
export function hasStandby(settings: Settings): settings is StandbySettings {
  return settings.dr?.region !== undefined;
}

/** The standby VPC as a `network` setting: `dr.network` with its zones filled in. */
export function standbyNetwork(dr: DrSettings & { readonly region: string }): NetworkSettings {
  return {
    ...dr.network,
    availabilityZones: dr.network.availabilityZones ?? DEFAULT_STANDBY_ZONE_LETTERS.map((letter) => `${dr.region}${letter}`),
  };
}

/** The standby region's state bucket. */
export function standbyStateBucket(settings: StandbySettings): string {
  return settings.dr.stateBucket ?? standbyStateBucketName(settings.backend.bucket, settings.dr.region);
}

/** Sizes of the standby's Auto Scaling group. */
export interface StandbyFleet {
  readonly min: number;
  readonly desired: number;
  readonly max: number;
  readonly targetCpuPercent: number;
  readonly healthCheckGraceSeconds: number;
}

/**
 * The primary's fleet as Auto Scaling sizes: an `instances` fleet is its fixed count at every
 * size. What a promoted standby rises to, and the most a standby may keep warm.
 */
export function primaryFleetSizes(settings: Pick<Settings, "web" | "network">): { min: number; desired: number; max: number } {
  const fleet = fleetOf(settings.web, settings.network.availabilityZones.length);
  if (fleet.kind === "autoScaling") return fleet;
  const count = fleet.countPerAz * settings.network.availabilityZones.length;
  return { min: count, desired: count, max: count };
}

/**
 * The standby's web fleet, always an Auto Scaling group over its zones: min 0 in pilot light,
 * `dr.webMin` (default one per standby zone) in warm standby, the primary's sizes once promoted.
 * Its max is the primary's, so the scaling policy can grow it as far as the primary goes.
 */
export function standbyFleet(settings: StandbySettings): StandbyFleet {
  const primary = primaryFleetSizes(settings);
  const own = settings.web.autoScaling ?? autoScalingSchema.parse({});
  const zones = standbyNetwork(settings.dr).availabilityZones.length;
  const dr = settings.dr;
  const min = dr.promote ? primary.min : dr.mode === "pilotLight" ? 0 : (dr.webMin ?? zones);
  return {
    min,
    desired: dr.promote ? primary.desired : min,
    max: Math.max(primary.max, min),
    targetCpuPercent: own.targetCpuPercent,
    healthCheckGraceSeconds: own.healthCheckGraceSeconds,
  };
}

/** Identifier of the environment's RDS primary, as the primary stack names it (`multiple-server-db-a`). */
export function primaryDatabaseIdentifier(settings: Settings): string {
  return new Naming(settings.namePrefix).perAz("db", settings.database.primaryAz ?? settings.network.availabilityZones[0]);
}
