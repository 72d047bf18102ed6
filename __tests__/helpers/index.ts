import { Testing } from "../../src/cdk";
import { Construct } from "constructs";
import { ENVIRONMENTS } from "../../src/config/environments";
import { ConfigError, formatProblem } from "../../src/config/errors";
import { loadSettings, resolveEnvironment } from "../../src/config/load";
import type { Settings, SettingsInput } from "../../src/config/schema";
import { Naming } from "../../src/naming";
import { hasStandby } from "../../src/config/standby";
import { MultipleServerStack } from "../../src/stacks/stack";
import { StandbyStack } from "../../src/stacks/standby-stack";

/** The naming of the default (dev) environment. */
export const naming = new Naming("multiple-server");

/** Parsed, rule-checked settings of a shipped environment with `overrides` laid over it. */
export function settingsFor(environment = "dev", overrides: SettingsInput = {}): Settings {
  const base = ENVIRONMENTS[environment] ?? {};
  const { settings, problems } = resolveEnvironment(environment, deepMerge(base, overrides));
  if (!settings || problems.length) {
    throw new Error(`test settings are invalid: ${JSON.stringify(problems)}`);
  }
  return settings;
}

/** Objects merge key by key; arrays and scalars from `over` replace. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(out[key], value);
  return out as T;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

export interface SynthesizedStack {
  /** The stack's JSON as a string, for the cdktf matchers. */
  readonly json: string;
  /** The same, parsed. */
  readonly tf: TerraformJson;
}

export interface TerraformJson {
  terraform: Record<string, any>;
  provider?: Record<string, any[]>;
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  /** Ephemeral resources (Terraform >= 1.10): never in plan or state. */
  ephemeral?: Record<string, Record<string, any>>;
  output?: Record<string, any>;
  variable?: Record<string, any>;
  locals?: Record<string, any>;
  module?: Record<string, any>;
  /** `removed` blocks: what Terraform forgets without destroying. */
  removed?: Array<{ from: string; lifecycle?: Array<{ destroy: boolean }> }>;
}

/** Synthesizes the whole stack of `settings`, as `cdktf synth` would. */
export function synthStack(settings: Settings = settingsFor()): SynthesizedStack {
  return memoized("stack", settings, () => Testing.synth(new MultipleServerStack(Testing.app(), settings)));
}

const synthesized = new Map<string, string>();
/**
 * A stack is a pure function of its settings: a test file that synthesizes the same settings again
 * (most files do, a test per property) reuses the JSON. Each call parses its own copy, so a test
 * that changes what it got changes nothing for the next.
 */
function memoized(kind: string, settings: Settings, synth: () => string): SynthesizedStack {
  const key = `${kind} ${JSON.stringify(settings)}`;
  let json = synthesized.get(key);
  if (json === undefined) synthesized.set(key, (json = synth()));
  return { json, tf: JSON.parse(json) };
}

/** Synthesizes constructs built by `build` inside a bare test stack. */
export function synthConstruct(build: (scope: Construct) => void): SynthesizedStack {
  const json = Testing.synthScope(build);
  return { json, tf: JSON.parse(json) };
}

/** The resources of one type, as [logical name, body] pairs. */
export function resourcesOf(tf: TerraformJson, type: string): Array<[string, any]> {
  return Object.entries(tf.resource?.[type] ?? {});
}

/** The one resource of `type` whose Name tag (or `name`/`identifier`) is `name`. */
export function byName(tf: TerraformJson, type: string, name: string): { id: string; body: any } {
  const found = resourcesOf(tf, type).filter(
    ([, body]) => body.tags?.Name === name || body.name === name || body.identifier === name,
  );
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return { id: found[0][0], body: found[0][1] };
}

/** A Terraform reference expression to a resource attribute. */
export function ref(type: string, id: string, attribute: string): string {
  return `\${${type}.${id}.${attribute}}`;
}

/** Synthesizes the standby stack of `settings` (which must set `dr`), as `cdktf synth` would. */
export function synthStandby(settings: Settings): SynthesizedStack {
  if (!hasStandby(settings)) throw new Error("test settings have no dr.region");
  return memoized("standby", settings, () => Testing.synth(new StandbyStack(Testing.app(), settings)));
}

/** The CloudWatch alarms of a stack by alarm name. */
export function alarmsOf(tf: TerraformJson): Record<string, any> {
  return Object.fromEntries(resourcesOf(tf, "aws_cloudwatch_metric_alarm").map(([, alarm]) => [alarm.alarm_name, alarm]));
}

/** The parts of an alarm that say what it watches and how: [namespace, metric, dimensions, statistic, period, periods, comparison, threshold, missing data]. */
export function alarmShape(alarm: any): unknown[] {
  return [
    alarm.namespace,
    alarm.metric_name,
    alarm.dimensions,
    alarm.statistic ?? alarm.extended_statistic,
    alarm.period,
    alarm.evaluation_periods,
    alarm.comparison_operator,
    alarm.threshold,
    alarm.treat_missing_data,
  ];
}

/** The formatted configuration problems `run` throws, or [] when it passes (any other error is rethrown). */
export function configProblems(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
}

/** The formatted problems of `input` loaded as environment `staging`, or [] when it loads. */
export function stagingProblems(input: SettingsInput): string[] {
  return configProblems(() => loadSettings(["staging"], {}, { staging: input }));
}
