import type { AlarmSettings } from "../../src/config/schema";
import { settingsFor } from "./index";

/** The alarm settings of prod (alarms on) with `overrides` laid over them. */
export function alarmSettingsFor(overrides: Record<string, unknown> = {}): AlarmSettings {
  return settingsFor("prod", { alarms: overrides }).alarms;
}
