import { Naming, standbyStateBucketName } from "../naming";
import type { DrSettings, NetworkSettings, Settings } from "./schema";

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

/** Web servers of the primary fleet: the size the standby rises to when promoted. */
export function primaryFleetSize(settings: Settings): number {
  return settings.web.countPerAz * settings.network.availabilityZones.length;
}

/** Web servers the standby runs: none in pilot light, `dr.webMin` in warm standby, the primary's size once promoted. */
export function standbyFleetSize(settings: StandbySettings): number {
  const zones = standbyNetwork(settings.dr).availabilityZones.length;
  if (settings.dr.promote) return settings.web.countPerAz * zones;
  if (settings.dr.mode === "pilotLight") return 0;
  return settings.dr.webMin ?? zones;
}

/** Identifier of the environment's RDS primary, as the primary stack names it (`multiple-server-db-a`). */
export function primaryDatabaseIdentifier(settings: Settings): string {
  return new Naming(settings.namePrefix).perAz("db", settings.database.primaryAz ?? settings.network.availabilityZones[0]);
}
