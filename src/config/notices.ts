import type { Settings } from "./schema";

/**
 * What a synth says about settings that are valid but deserve a word every time: today, alarms
 * that notify no one on purpose (`alarms.consoleOnly`), as shipped prod has them until someone
 * names a recipient. `sources` names the file each environment is defined in.
 */
export function settingsNotices(settings: readonly Settings[], sources: Readonly<Record<string, string>> = {}): string[] {
  return settings
    .filter((s) => s.alarms.enabled && s.alarms.consoleOnly)
    .map((s) => {
      const where = sources[s.environment] ? ` in ${sources[s.environment]}` : "";
      return `Notice: ${s.environment}'s alarms notify no one (alarms.consoleOnly is true${where}): they change state in the CloudWatch console only. Set alarms.emails or alarms.httpsEndpoints there and remove alarms.consoleOnly to be told.`;
    });
}
