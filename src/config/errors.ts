/** One invalid setting: where it is, what it holds, and the rule it breaks. */
export interface ConfigProblem {
  /** Environment the setting belongs to (`dev`), or `app` for app-wide choices. */
  readonly environment: string;
  /** Path of the setting inside the environment, e.g. `network.subnets.web[1].cidr`. */
  readonly path: string;
  /** The offending value, as the user wrote it (undefined when missing). */
  readonly value: unknown;
  /** The rule, phrased to follow the value: "is outside the VPC 10.0.0.0/16". */
  readonly rule: string;
  /**
   * Show a string value in quotes: set when the rule is about the value's type, where a bare
   * `2` would not tell the number from the string. @default false
   */
  readonly quoted?: boolean;
  /** File the environment is defined in (`src/config/environments.ts`, the MULTIPLE_SERVER_CONFIG file), when known. @default unknown */
  readonly file?: string;
}

/**
 * Shows a value the way a user wrote it: strings bare (quoted when asked, or when bare they
 * would be invisible or run into the words around them), numbers JSON cannot hold (`1e309` in a
 * JSON file reads as Infinity) by name rather than as JSON's `null`, the rest as JSON.
 */
export function showValue(value: unknown, quoted = false): string {
  if (value === undefined) return "(unset)";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "string") return quoted || value === "" || /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.path ? `${p.environment}.${p.path}` : p.environment;
  return `${p.file ? `${p.file}: ` : ""}${where} ${showValue(p.value, p.quoted)} ${p.rule}`;
}

/**
 * Every problem of the configuration at once. `main.ts` prints the message without a stack
 * trace: it is the user's input that is wrong, not the program.
 */
export class ConfigError extends Error {
  constructor(public readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}
