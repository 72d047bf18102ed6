import * as fs from "node:fs";
import { z } from "zod";
import { DEFAULT_ENVIRONMENTS, ENVIRONMENTS } from "./environments";
import { ConfigError, type ConfigProblem } from "./errors";
import { checkRules, checkAcrossEnvironments } from "./rules";
import { settingsSchema, type Settings, type SettingsInput } from "./schema";

/** Environment variable naming a JSON file of extra environments: `{ "environments": { "staging": {...} } }`. */
export const CONFIG_FILE_VARIABLE = "MULTIPLE_SERVER_CONFIG";
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
  const fromEnv = env.CDKTF_CONTEXT_JSON ? JSON.parse(env.CDKTF_CONTEXT_JSON)[key] : undefined;
  if (fromEnv !== undefined || !fs.existsSync(cdktfJson)) return fromEnv;
  return JSON.parse(fs.readFileSync(cdktfJson, "utf8")).context?.[key];
}

/** Which environments to build: the variable, else the context value, else dev and prod. */
export function selectEnvironments(env: Env, contextValue?: unknown): string[] {
  const raw = env[ENVIRONMENTS_VARIABLE] ?? (typeof contextValue === "string" ? contextValue : undefined);
  const list = Array.isArray(contextValue) && raw === undefined ? contextValue.map(String) : (raw ?? "").split(",");
  const names = list.map((s) => s.trim()).filter(Boolean);
  return names.length ? [...new Set(names)] : DEFAULT_ENVIRONMENTS;
}

/** Backend overrides from the environment, applied over the environment entry's own. */
function backendOverrides(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [variable, key] of Object.entries(BACKEND_VARIABLES)) {
    const value = env[variable];
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
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

/** Turns zod's issue into our sentence: the rule follows the value. */
function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type": {
      const got = value === null ? "null" : Array.isArray(value) ? "a list" : `a ${typeof value}`;
      return `must be ${issue.expected === "int" ? "a whole number" : `a ${issue.expected}`}, not ${got}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "string" ? "must not be empty" : `must be at least ${issue.minimum}`;
    case "too_big":
      return `must be at most ${issue.maximum}`;
    case "unrecognized_keys":
      return `is not a setting (unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")})`;
    default:
      return issue.message;
  }
}

/** Parses and checks one environment; returns its settings or its problems. */
export function resolveEnvironment(
  environment: string,
  input: SettingsInput,
  env: Env = {},
): { settings?: Settings; problems: ConfigProblem[] } {
  const overrides = backendOverrides(env);
  const base = input ?? {};
  const merged = Object.keys(overrides).length ? { ...base, backend: { ...base.backend, ...overrides } } : base;
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        environment,
        path: formatPath(issue.path),
        value: issue.code === "unrecognized_keys" ? undefined : valueAt(merged, issue.path),
        rule: describeIssue(issue, valueAt(merged, issue.path)),
      })),
    };
  }
  const settings: Settings = { ...parsed.data, environment };
  return { settings, problems: checkRules(settings) };
}

/**
 * The settings of the selected environments, or a ConfigError listing every problem of every
 * one of them. Nothing is built before this returns.
 */
export function loadSettings(
  names: string[],
  env: Env = {},
  definitions: Record<string, SettingsInput> = ENVIRONMENTS,
): Settings[] {
  const problems: ConfigProblem[] = [];
  const all: Settings[] = [];
  for (const name of names) {
    if (!Object.hasOwn(definitions, name)) {
      const defined = Object.keys(definitions).join(", ");
      problems.push({ environment: "app", path: "environments", value: name, rule: `is not a defined environment (defined: ${defined})` });
      continue;
    }
    const result = resolveEnvironment(name, definitions[name], env);
    problems.push(...result.problems);
    if (result.settings) all.push(result.settings);
  }
  if (!problems.length) problems.push(...checkAcrossEnvironments(all));
  if (problems.length) throw new ConfigError(problems);
  return all;
}

/**
 * The shipped environments plus those of the JSON file named by MULTIPLE_SERVER_CONFIG (which
 * win on a name clash). A file that cannot be read or parsed is a configuration error too.
 */
export function environmentDefinitions(env: Env): Record<string, SettingsInput> {
  const file = env[CONFIG_FILE_VARIABLE];
  if (!file) return ENVIRONMENTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `is not valid JSON (${(error as Error).message})`;
    throw new ConfigError([{ environment: "app", path: CONFIG_FILE_VARIABLE, value: file, rule: reason }]);
  }
  const environments = (parsed as { environments?: unknown })?.environments;
  if (typeof environments !== "object" || environments === null || Array.isArray(environments)) {
    throw new ConfigError([
      { environment: "app", path: CONFIG_FILE_VARIABLE, value: file, rule: 'must hold an object { "environments": { "<name>": { ...settings } } }' },
    ]);
  }
  return { ...ENVIRONMENTS, ...(environments as Record<string, SettingsInput>) };
}
