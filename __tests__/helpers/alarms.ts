import { ENVIRONMENTS } from "../../src/config/environments";
import type { AlarmSettings } from "../../src/config/schema";
import { settingsFor } from "./index";

/**
 * The alarm settings of prod (alarms on) with `overrides` laid over them. Read in dev, a
 * non-production environment, and without prod's `consoleOnly`: the constructs do not read it,
 * and it would be refused as ignored once an override turns the alarms off.
 */
export function alarmSettingsFor(overrides: Record<string, unknown> = {}): AlarmSettings {
  const { consoleOnly: _notRead, ...prodAlarms } = ENVIRONMENTS.prod.alarms ?? {};
  return settingsFor("dev", { alarms: { ...prodAlarms, ...overrides } }).alarms;
}
