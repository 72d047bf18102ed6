import { CONFIG_FILE_VARIABLE, environmentDefinitions, loadSettings } from "../config/load";
import { ENVIRONMENTS } from "../config/environments";
import { ConfigError } from "../config/errors";
import { hasStandby } from "../config/standby";
import { runbookFacts, synthesizeForRunbook } from "./facts";
import { renderRunbook } from "./render";

type Env = Record<string, string | undefined>;

/** Where the shipped environments are defined. */
const SHIPPED_FILE = "src/config/environments.ts";

/**
 * The runbook of `environment` as configured (the shipped environments plus MULTIPLE_SERVER_CONFIG's,
 * validated as a synth validates them): a ConfigError when the environment is unknown, invalid or
 * has no standby.
 */
export function runbook(environment: string, env: Env = process.env): string {
  const { definitions, problems } = environmentDefinitions(env);
  const [settings] = loadSettings([environment], env, definitions, problems);
  if (!hasStandby(settings)) {
    throw new ConfigError([{ environment, path: "dr", value: settings.dr, rule: "must be set for a runbook: the environment has no standby region" }]);
  }
  const configFile = env[CONFIG_FILE_VARIABLE] || undefined;
  const facts = runbookFacts(environment, settings.dr.mode, synthesizeForRunbook(settings));
  return renderRunbook(facts, {
    configSource: Object.hasOwn(ENVIRONMENTS, environment) || !configFile ? SHIPPED_FILE : configFile,
    configFile,
  });
}

/** `npm run -s runbook -- <environment>`: prints the runbook; a configuration mistake is its message and exit code 1, without a trace. */
export function main(args: string[], env: Env = process.env): number {
  if (args.length !== 1 || args[0].startsWith("-")) {
    console.error("usage: npm run -s runbook -- <environment>   (an environment with dr set; MULTIPLE_SERVER_CONFIG as for the synth)");
    return 2;
  }
  try {
    process.stdout.write(runbook(args[0], env));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
