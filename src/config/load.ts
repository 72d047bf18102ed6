import * as fs from "node:fs";
import { dirname, isAbsolute, resolve as absolutePath } from "node:path";
import { z } from "zod";
import { PROJECT } from "../naming";
import { DEFAULT_ENVIRONMENTS, ENVIRONMENTS } from "./environments";
import { ConfigError, type ConfigProblem } from "./errors";
import { checkAcrossEnvironments } from "./across-environments";
import { checkDependentSettings } from "./dependent-settings";
import { checkEnvironmentName, checkRules, type Section } from "./rules";
import { DEFAULT_STANDBY_VPC_CIDR, DEFAULT_VPC_CIDR, DEFAULT_ZONE_COUNT, settingsSchema, type Settings, type SettingsInput } from "./schema";
import { didYouMean, editDistance, TYPO_DISTANCE } from "./spelling";
import { DEFAULT_STANDBY_ZONE_LETTERS } from "./standby";
import { withDerivedSubnets } from "./subnets";

/**
 * Environment variable naming a JSON file of extra environments: `{ "environments": { "staging": {...} } }`.
 * It adds environments only: a shipped one (`dev`, `prod`) cannot be redefined there.
 */
export const CONFIG_FILE_VARIABLE = "MULTIPLE_SERVER_CONFIG";
/** Where the shipped environments are defined, for messages that send the user there. */
const SHIPPED_ENVIRONMENTS_FILE = "src/config/environments.ts";
/** Set by scripts/cdktf.js (npm run deploy, diff, destroy) to the command the synth is for. */
export const COMMAND_VARIABLE = "MULTIPLE_SERVER_COMMAND";
/** The state bucket the schema defaults to: a name S3 has surely given to someone else already. */
export const DEFAULT_STATE_BUCKET = `${PROJECT}-tfstate`;
/** Environment variable naming the environments to synthesize, comma-separated. */
export const ENVIRONMENTS_VARIABLE = "MULTIPLE_SERVER_ENVIRONMENTS";
/** Key of `context` in cdktf.json with the same meaning (the variable wins). */
export const ENVIRONMENTS_CONTEXT_KEY = "environments";

/**
 * Environment variables that override backend settings of every environment, so CI and
 * laptops can point the same code at their own state without editing it.
 */
export const BACKEND_VARIABLES = {
  MULTIPLE_SERVER_BACKEND: "kind",
  MULTIPLE_SERVER_STATE_BUCKET: "bucket",
  MULTIPLE_SERVER_STATE_REGION: "region",
  MULTIPLE_SERVER_STATE_KEY_PREFIX: "keyPrefix",
  MULTIPLE_SERVER_STATE_KMS_KEY_ID: "kmsKeyId",
  MULTIPLE_SERVER_STATE_LOCK_TABLE: "dynamodbTable",
  MULTIPLE_SERVER_STATE_USE_LOCKFILE: "useLockfile",
} as const;

/** Backend variables holding a boolean: `true` or `false`, anything else is refused rather than guessed. */
const BOOLEAN_BACKEND_VARIABLES: ReadonlySet<string> = new Set(["MULTIPLE_SERVER_STATE_USE_LOCKFILE"]);

/**
 * Terraform's own variables for the `cloud` block, used only where an environment's entry leaves
 * the value out: that is how Terraform itself reads them, and what the schema documents.
 */
export const CLOUD_FALLBACK_VARIABLES = {
  TF_CLOUD_ORGANIZATION: "organization",
  TF_CLOUD_HOSTNAME: "hostname",
  TF_WORKSPACE: "workspace",
} as const;

type Env = Record<string, string | undefined>;

/**
 * A context value: from CDKTF_CONTEXT_JSON when a caller set it, else from the `context` of
 * cdktf.json in the working directory (the cdktf 0.21 CLI does not forward that file's context).
 */
export function contextValue(env: Env, key: string, cdktfJson = "cdktf.json"): unknown {
  const context = env.CDKTF_CONTEXT_JSON ? parseJson(env.CDKTF_CONTEXT_JSON, "CDKTF_CONTEXT_JSON", env.CDKTF_CONTEXT_JSON) : undefined;
  const fromEnv = (context as Record<string, unknown> | null | undefined)?.[key];
  if (fromEnv !== undefined || !fs.existsSync(cdktfJson)) return fromEnv;
  const file = parseJson(fs.readFileSync(cdktfJson, "utf8"), "cdktf.json", absolutePath(cdktfJson)) as { context?: Record<string, unknown> } | null;
  return file?.context?.[key];
}

/** A file or variable the user wrote as JSON: a syntax error is theirs, so a ConfigError rather than a trace. */
function parseJson(text: string, where: string, value: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ environment: "app", path: where, value, rule: `is not valid JSON (${jsonSyntaxError(text, error as Error)})` }]);
  }
}

/**
 * JSON.parse's message with its character offset ("at position 52") turned into the line and
 * column an editor shows ("at line 3, column 9"); a message without an offset as it is. Node 22
 * appends its own "(line 3 column 9)" to the offset: that goes too, so the message reads the same
 * on Node 20 and 22.
 */
export function jsonSyntaxError(text: string, error: Error): string {
  const match = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(error.message);
  if (!match) return error.message;
  const before = text.slice(0, Number(match[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${error.message.slice(0, match.index)} at line ${line}, column ${column}${error.message.slice(match.index + match[0].length)}`;
}

/** Which environments to build: the variable, else the context value, else dev and prod. */
export function selectEnvironments(env: Env, contextValue?: unknown): string[] {
  // Checked even when the variable wins: a broken cdktf.json should not wait for the day it is read.
  const isNameList = Array.isArray(contextValue) && contextValue.every((name) => typeof name === "string");
  if (contextValue !== undefined && typeof contextValue !== "string" && !isNameList) {
    throw new ConfigError([
      {
        environment: "app",
        path: `context.${ENVIRONMENTS_CONTEXT_KEY}`,
        value: contextValue,
        rule: 'must be a comma-separated string or a list of environment names (like "dev,prod" or ["dev", "prod"])',
      },
    ]);
  }
  const raw = env[ENVIRONMENTS_VARIABLE] ?? (typeof contextValue === "string" ? contextValue : undefined);
  const list = Array.isArray(contextValue) && raw === undefined ? contextValue.map(String) : (raw ?? "").split(",");
  const names = list.map((s) => s.trim()).filter(Boolean);
  return names.length ? [...new Set(names)] : DEFAULT_ENVIRONMENTS;
}

/** The variables of `variables` that are set, with their setting keys; CI systems pass unset inputs as "". */
function fromVariables(env: Env, variables: Record<string, string>): Array<[variable: string, key: string, value: string]> {
  return Object.entries(variables).flatMap(([variable, key]): Array<[string, string, string]> => {
    const value = env[variable];
    return value === undefined || value === "" ? [] : [[variable, key, value]];
  });
}

/**
 * An environment entry's `backend` with the variables applied: MULTIPLE_SERVER_* over the
 * entry's own values, TF_CLOUD_* and TF_WORKSPACE only where the entry has none. A boolean
 * variable holding anything but true or false is a problem of that setting.
 */
function backendWithVariables(
  environment: string,
  backend: unknown,
  env: Env,
  shared?: SharedBackend,
): { backend: unknown; problems: ConfigProblem[]; origins: ReadonlyMap<string, string> } {
  const problems: ConfigProblem[] = [];
  const overrides: Record<string, string | boolean> = {};
  // `backend.bucket` -> MULTIPLE_SERVER_STATE_BUCKET: a problem of a value a variable gave names the variable.
  const origins = new Map<string, string>();
  for (const [variable, key, value] of fromVariables(env, BACKEND_VARIABLES)) {
    origins.set(`backend.${key}`, variable);
    if (!BOOLEAN_BACKEND_VARIABLES.has(variable)) overrides[key] = value;
    else if (value === "true" || value === "false") overrides[key] = value === "true";
    else problems.push({ environment, path: `backend.${key}`, value, rule: `must be true or false (from ${variable})` });
  }
  const fallbacks = Object.fromEntries(fromVariables(env, CLOUD_FALLBACK_VARIABLES).map(([, key, value]) => [key, value]));
  // A backend that is not an object is left for the schema to report, not spread into one.
  const mergeable = backend === undefined || (typeof backend === "object" && backend !== null && !Array.isArray(backend));
  const sharedKeys = Object.keys(shared?.backend ?? {});
  if (!mergeable || (!Object.keys(overrides).length && !Object.keys(fallbacks).length && !sharedKeys.length)) return { backend, problems, origins };
  const own = Object.fromEntries(Object.entries(backend ?? {}).filter(([, value]) => value !== undefined));
  for (const key of sharedKeys) if (!(key in own) && !origins.has(`backend.${key}`)) origins.set(`backend.${key}`, `"backend" of ${shared!.file}`);
  return { backend: { ...fallbacks, ...shared?.backend, ...own, ...overrides }, problems, origins };
}

/** `network.subnets.web[1].cidr` from zod's `["network","subnets","web",1,"cidr"]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `a number`, `an object`: the article a type's name takes. */
function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

/** What a value is, in the words of a type message. */
function typeOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : withArticle(typeof value);
}

/** Turns zod's issue into our sentence: the rule follows the value. */
function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type": {
      const expected = issue.expected === "int" ? "a whole number" : withArticle(issue.expected);
      if (value === undefined) return `must be set to ${expected}`;
      // Infinity (`1e309` in JSON) or NaN: a number, but not one any setting can hold.
      if (typeof value === "number" && !Number.isFinite(value)) return "must be a finite number";
      // 1.5 for a whole number: the type is right, only the fraction is wrong.
      if (issue.expected === "int" && typeof value === "number") return `must be ${expected}`;
      return `must be ${expected}, not ${typeOf(value)}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
    case "too_big":
      // A message the schema wrote itself (`{ error: "must ..." }`) is already our sentence.
      if (issue.message.startsWith("must ")) return issue.message;
      if (issue.code === "too_big") return `must be at most ${issue.maximum}`;
      return issue.origin === "string" ? "must not be empty" : `must be at least ${issue.minimum}`;
    default:
      return issue.message;
  }
}

/** The setting names the schema allows at `path` (an object of settings), or none. */
function settingNamesAt(path: ReadonlyArray<PropertyKey>): string[] {
  let schema: z.ZodType | undefined = settingsSchema;
  for (let i = 0; schema; i++) {
    // Defaults and optional wrappers hold the schema that says what is allowed.
    while (schema instanceof z.ZodPrefault || schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) {
      schema = schema.unwrap() as z.ZodType;
    }
    if (i === path.length) return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<PropertyKey, z.ZodType>)[path[i]];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else return [];
  }
  return [];
}

/** The setting an unknown key was probably meant to be, if one is near enough. */
function meantSetting(key: string, known: string[]): string | undefined {
  return known.find((name) => name.toLowerCase() === key.toLowerCase()) ?? known.find((name) => editDistance(name, key) <= TYPO_DISTANCE);
}

/** The rule for an unknown key: the setting it was probably meant to be, else the ones there are. */
function unknownKeyRule(key: string, known: string[]): string {
  const near = meantSetting(key, known);
  if (near) return `is not a setting (did you mean ${near}?)`;
  return known.length ? `is not a setting (settings here: ${known.join(", ")})` : "is not a setting";
}

/** Our problems for one zod issue: one per unknown key, each at its own path. */
function problemsOfIssue(environment: string, issue: z.core.$ZodIssue, input: unknown): ConfigProblem[] {
  if (issue.code === "unrecognized_keys") {
    const known = settingNamesAt(issue.path);
    return issue.keys.map((key) => ({
      environment,
      path: formatPath([...issue.path, key]),
      value: valueAt(input, [...issue.path, key]),
      rule: unknownKeyRule(key, known),
    }));
  }
  const value = valueAt(input, issue.path);
  return [{ environment, path: formatPath(issue.path), value, rule: describeIssue(issue, value), quoted: issue.code === "invalid_type" }];
}

/**
 * Settings parsed with every top-level setting that had a type error left out, so that its
 * default stands in and the rules reading none of them can still run, plus the names of those
 * settings (`failed`). Undefined when the entry as a whole is wrong.
 */
function parseWithoutFailed(
  environment: string,
  input: Record<string, unknown>,
  issues: readonly z.core.$ZodIssue[],
): { settings: Settings; failed: ReadonlySet<Section> } | undefined {
  const sections = settingNamesAt([]);
  const failed = new Set<Section>();
  const unknown = new Set<string>();
  for (const issue of issues) {
    const [top] = issue.path;
    if (top !== undefined) failed.add(String(top) as Section);
    else if (issue.code !== "unrecognized_keys") return undefined;
    else {
      for (const key of issue.keys) {
        unknown.add(key);
        // `netwrok` was meant as network: network's default would stand in for what the user wrote.
        const meant = meantSetting(key, sections);
        if (meant) failed.add(meant as Section);
      }
    }
  }
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => !failed.has(key as Section) && !unknown.has(key)));
  const parsed = settingsSchema.safeParse(rest);
  return parsed.success ? { settings: { ...parsed.data, environment }, failed } : undefined;
}

/** The entry with the subnets it leaves out derived from its VPC blocks (`subnets.ts`), the primary's and the standby's. */
function deriveSubnetsOf(environment: string, input: SettingsInput): { input: SettingsInput; problems: ConfigProblem[] } {
  const primary = withDerivedSubnets(input.network, { vpcCidr: DEFAULT_VPC_CIDR, zoneCount: DEFAULT_ZONE_COUNT }, "network", environment);
  let out: SettingsInput = primary.network === input.network ? input : { ...input, network: primary.network as SettingsInput["network"] };
  const dr = input.dr as Record<string, unknown> | undefined;
  const standby = withDerivedSubnets(dr?.network, { vpcCidr: DEFAULT_STANDBY_VPC_CIDR, zoneCount: DEFAULT_STANDBY_ZONE_LETTERS.length }, "dr.network", environment);
  if (dr && standby.network !== dr.network) out = { ...out, dr: { ...dr, network: standby.network } as SettingsInput["dr"] };
  return { input: out, problems: [...primary.problems, ...standby.problems] };
}

/**
 * Parses and checks one environment; returns its settings and its problems. After a type error
 * the settings come as `partial`, with the top-level settings whose defaults stand in for the
 * error: every rule that reads none of those still runs, so one run reports all it can.
 */
export function resolveEnvironment(
  environment: string,
  input: SettingsInput,
  env: Env = {},
  shared?: SharedBackend,
): { settings?: Settings; partial?: { settings: Settings; failed: ReadonlySet<Section> }; problems: ConfigProblem[] } {
  // `"staging": null` in a JSON file is a mistake, not a request for the defaults (that is `{}`).
  if (input !== undefined && (typeof input !== "object" || input === null || Array.isArray(input))) {
    return { problems: [{ environment, path: "", value: input, rule: "must be an object of settings ({} keeps every default)" }] };
  }
  const base = input ?? {};
  const variables = backendWithVariables(environment, base.backend, env, shared);
  const { input: merged, problems: subnetProblems } = deriveSubnetsOf(environment, (variables.backend === base.backend ? base : { ...base, backend: variables.backend }) as SettingsInput);
  const parsed = settingsSchema.safeParse(merged);
  // A bad value a variable gave is the variable's: the entry may not even have the setting.
  const named = (problems: ConfigProblem[]) =>
    problems.map((p) => {
      const variable = variables.origins.get(p.path);
      return variable && !p.rule.includes(variable) ? { ...p, rule: `${p.rule} (from ${variable})` } : p;
    });
  if (!parsed.success) {
    const typeProblems = parsed.error.issues.flatMap((issue) => problemsOfIssue(environment, issue, merged));
    const partial = parseWithoutFailed(environment, merged, parsed.error.issues);
    const ruleProblems = partial ? [...checkRules(partial.settings, partial.failed), ...checkDependentSettings(base, partial.settings, partial.failed)] : [];
    return { partial, problems: [...variables.problems, ...subnetProblems, ...named([...typeProblems, ...ruleProblems])] };
  }
  const settings: Settings = { ...parsed.data, environment };
  return { settings, problems: [...variables.problems, ...subnetProblems, ...named([...checkRules(settings), ...checkDependentSettings(base, settings)])] };
}

/**
 * The settings of the selected environments, or a ConfigError listing every problem of every
 * one of them, after `earlier` ones (those of the file the definitions came from). Nothing is
 * built before this returns.
 */
export function loadSettings(
  names: string[],
  env: Env = {},
  definitions: Record<string, SettingsInput> = ENVIRONMENTS,
  earlier: readonly ConfigProblem[] = [],
  sources: Readonly<Record<string, string>> = {},
  shared?: SharedBackend,
): Settings[] {
  const problems: ConfigProblem[] = [...earlier];
  const all: Settings[] = [];
  // Every environment that parsed, some with defaults standing in for type errors (`failed`).
  const checked: Settings[] = [];
  const failed = new Map<string, ReadonlySet<Section>>();
  for (const name of names) {
    const badName = checkEnvironmentName(name);
    if (badName.length) {
      problems.push(...badName);
      continue;
    }
    if (!Object.hasOwn(definitions, name)) {
      const defined = Object.keys(definitions);
      const near = didYouMean(name, defined);
      // An environment of a JSON file exists only while the variable names the file, on every command.
      const hint = near || env[CONFIG_FILE_VARIABLE] ? "" : `; an environment defined in a JSON file needs ${CONFIG_FILE_VARIABLE}=<file> set for this and every later command`;
      problems.push({ environment: "app", path: "environments", value: name, rule: `is not a defined environment${near} (defined: ${defined.join(", ")})${hint}` });
      continue;
    }
    const result = resolveEnvironment(name, definitions[name], env, shared);
    problems.push(...result.problems);
    if (result.settings) all.push(result.settings);
    const parsed = result.settings ?? result.partial?.settings;
    if (parsed) checked.push(parsed);
    if (result.partial) failed.set(name, result.partial.failed);
  }
  // Every environment that parsed takes part, even one with problems of its own: one run lists everything.
  problems.push(...checkAcrossEnvironments(checked, failed, unselectedEnvironments(names, env, definitions, shared)));
  problems.push(...checkCommandPath(all, env));
  if (problems.length) throw new ConfigError(problems.map((p) => (p.file === undefined && Object.hasOwn(sources, p.environment) ? { ...p, file: sources[p.environment] } : p)));
  return all;
}

/**
 * A deploy, diff or destroy (MULTIPLE_SERVER_COMMAND, set by `npm run deploy|diff|destroy`) must not
 * use the default state bucket: S3 bucket names are global, so it is almost certainly another
 * account's, and a backend pointed at it reads or writes a stranger's bucket. A synth may: it
 * writes files only.
 */
export function checkCommandPath(settings: readonly Settings[], env: Env): ConfigProblem[] {
  const command = env[COMMAND_VARIABLE];
  if (!command) return [];
  return settings
    .filter((s) => s.backend.kind === "s3" && s.backend.bucket === DEFAULT_STATE_BUCKET)
    .map((s) => ({
      environment: s.environment,
      path: "backend.bucket",
      value: s.backend.bucket,
      rule: `is the unconfigured default, almost certainly someone else's bucket (S3 names are global); before ${command}, name yours: MULTIPLE_SERVER_STATE_BUCKET=<bucket>, or "backend": { "bucket": "<bucket>" } at the top of the ${CONFIG_FILE_VARIABLE} file (docs/deploy-and-ci.md "Deploy")`,
    }));
}

/**
 * The defined environments not in `names`, as far as they parse: their own problems wait for the
 * day they are selected, but their names are taken in the account now.
 */
function unselectedEnvironments(names: readonly string[], env: Env, definitions: Record<string, SettingsInput>, shared?: SharedBackend): Settings[] {
  return Object.keys(definitions)
    .filter((name) => !names.includes(name) && checkEnvironmentName(name).length === 0)
    .flatMap((name) => {
      const result = resolveEnvironment(name, definitions[name], env, shared);
      const settings = result.settings ?? (result.partial?.failed.has("namePrefix") ? undefined : result.partial?.settings);
      return settings ? [settings] : [];
    });
}

/**
 * Backend settings of a configuration file's top level (`{ "backend": { "bucket": ... } }`): the
 * state of every environment, shipped ones included, where an entry or a variable does not say
 * otherwise; so the real state bucket can live in the file rather than in a variable every command
 * must carry.
 */
export interface SharedBackend {
  readonly file: string;
  readonly backend: Record<string, unknown>;
}

/** Environment entries by name, and the problems of the file some came from. */
export interface EnvironmentDefinitions {
  /** The file's top-level `backend`, if it has one (pass it to `loadSettings`). */
  readonly shared?: SharedBackend;
  readonly definitions: Record<string, SettingsInput>;
  /** The file each environment is defined in, for messages (pass them to `loadSettings`). */
  readonly sources: Record<string, string>;
  /** Reported with every other problem (pass them to `loadSettings`), not alone. */
  readonly problems: ConfigProblem[];
}

/** `web.bootScript` is relative to the file that names it: resolved here, where the file is known. */
function withBootScriptFrom(file: string, entry: SettingsInput): SettingsInput {
  const script = (entry as { web?: { bootScript?: unknown } } | null)?.web?.bootScript;
  if (typeof script !== "string" || script === "" || isAbsolute(script)) return entry;
  return { ...entry, web: { ...entry.web, bootScript: absolutePath(dirname(file), script) } };
}

/**
 * The shipped environments plus those of the JSON file named by MULTIPLE_SERVER_CONFIG. The file
 * adds environments but never redefines a shipped one: an entry replaces a whole environment, so
 * a file `prod` would drop prod's deletion protection, Multi-AZ and final snapshot, and plan to
 * replace its database. Such an entry is a problem and the shipped definition stays. A file that
 * cannot be read or parsed is a configuration error at once.
 */
export function environmentDefinitions(env: Env): EnvironmentDefinitions {
  const file = env[CONFIG_FILE_VARIABLE];
  const sources: Record<string, string> = Object.fromEntries(Object.keys(ENVIRONMENTS).map((name) => [name, SHIPPED_ENVIRONMENTS_FILE]));
  if (!file) return { definitions: ENVIRONMENTS, sources, problems: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(error as Error).message})`;
    throw new ConfigError([{ environment: "app", path: CONFIG_FILE_VARIABLE, value: file, rule: reason }]);
  }
  const parsed = parseJson(text, CONFIG_FILE_VARIABLE, file);
  const environments = (parsed as { environments?: unknown })?.environments;
  const sharedBackend = (parsed as { backend?: unknown })?.backend;
  const extraKeys = typeof parsed === "object" && parsed !== null ? Object.keys(parsed).filter((key) => key !== "environments" && key !== "backend") : [];
  if (sharedBackend !== undefined && (typeof sharedBackend !== "object" || sharedBackend === null || Array.isArray(sharedBackend))) {
    throw new ConfigError([{ environment: "app", path: CONFIG_FILE_VARIABLE, value: file, rule: 'has a "backend" that is not an object of backend settings ({ "bucket": "my-tfstate", ... })' }]);
  }
  if (extraKeys.length) {
    throw new ConfigError([
      { environment: "app", path: CONFIG_FILE_VARIABLE, value: file, rule: `has ${extraKeys.map((k) => JSON.stringify(k)).join(", ")} at its top level, which holds only "environments" and "backend"` },
    ]);
  }
  if (typeof environments !== "object" || environments === null || Array.isArray(environments)) {
    throw new ConfigError([
      { environment: "app", path: CONFIG_FILE_VARIABLE, value: file, rule: 'must hold an object { "environments": { "<name>": { ...settings } } }' },
    ]);
  }
  const problems: ConfigProblem[] = [];
  const definitions: Record<string, SettingsInput> = { ...ENVIRONMENTS };
  for (const [name, entry] of Object.entries(environments as Record<string, SettingsInput>)) {
    if (Object.hasOwn(ENVIRONMENTS, name)) {
      problems.push({
        environment: "app",
        path: CONFIG_FILE_VARIABLE,
        value: file,
        rule: `environments.${name} is already defined in ${SHIPPED_ENVIRONMENTS_FILE}; choose another name or edit that entry`,
      });
    } else {
      definitions[name] = withBootScriptFrom(file, entry);
      sources[name] = file;
    }
  }
  const shared = sharedBackend === undefined ? undefined : { file, backend: sharedBackend as Record<string, unknown> };
  return { definitions, sources, problems, shared };
}
