/**
 * The vocabulary of the guardrails: what a rule is, what it reads and what it answers.
 *
 * A rule reads the resource as it is written to `cdk.tf.json` (snake_case keys, references as
 * `${type.name.attribute}`, `lifecycle` included), never the construct's props: it then holds
 * however the resource was built — through our constructs, a bare provider class, an escape
 * hatch or `addOverride` on the resource or on its stack.
 */

/** A rule's answer for one resource, as in cdk-nag. */
export enum Compliance {
  COMPLIANT = "compliant",
  NON_COMPLIANT = "non-compliant",
  /** The rule does not concern this resource (a read replica for a backup rule, an NLB for a header rule). */
  NOT_APPLICABLE = "not-applicable",
}

/** How bad a violation is; every violation fails the synth, the severity orders the work. */
export type Severity = "high" | "medium" | "low";

/** `all`: every environment; `prod`: only the environments whose `production` setting is on. */
export type RuleEnvironments = "all" | "prod";

/** Synthesized configuration: JSON values as cdktf writes them. */
export type Config = Record<string, any>;

/** One synthesized element of a stack: a resource, or the stack's backend block. */
export interface SynthesizedResource {
  /** Terraform type (`aws_instance`), `backend.<kind>` (`backend.s3`) for the backend block, or `cloud` for HCP Terraform's `cloud` block. */
  readonly type: string;
  /** Logical name in the synthesized JSON (`web_web-0_1A2B3C4D`); the backend's kind (or `cloud`) for a backend. */
  readonly name: string;
  /** Where Terraform knows it: `aws_instance.web_web-0_1A2B3C4D`, `terraform.backend.s3` or `terraform.cloud`. */
  readonly address: string;
  /** Construct path (`multiple-server-dev/web/web-0`). */
  readonly path: string;
  /** The resolved configuration, exactly what `cdk.tf.json` holds for it. */
  readonly config: Config;
  /** Whether the resource type takes a `tags` argument. */
  readonly taggable: boolean;
}

/** Read-only facts of the stack around the resource a rule looks at. */
export interface StackView {
  /** Stack name (`multiple-server-prod`). */
  readonly name: string;
  /** Environment of the stack (`prod`). */
  readonly environment: string;
  /** Every synthesized resource of `type` in the stack. */
  resources(type: string): SynthesizedResource[];
  /** Every data source of `type` in the stack (`address` is `data.<type>.<name>`). */
  dataSources(type: string): SynthesizedResource[];
  /** Region of the AWS provider `resource` uses (its alias's, else the default provider's); undefined when not a literal. */
  providerRegion(resource: SynthesizedResource): string | undefined;
  /** The `default_tags` of the AWS provider `resource` uses ({} when it has none). */
  defaultTags(resource: SynthesizedResource): Record<string, string>;
}

/** One guardrail. */
export interface Rule {
  /** Stable id used in messages and suppressions: `MS-<AREA>-<n>`. */
  readonly id: string;
  /** What the rule enforces, one line. */
  readonly description: string;
  /** The corresponding checkov check(s), when one exists. */
  readonly checkov?: string;
  /** The AWS document or provider issue the rule comes from (every MS-AWS rule has one; it ends its description too). */
  readonly source?: string;
  readonly severity: Severity;
  readonly environments: RuleEnvironments;
  /** Types the rule reads; every other type is not applicable. */
  readonly resourceTypes: readonly string[];
  /** How to comply, in this project's terms. */
  readonly fix: string;
  /** The check itself: a pure function of the resource (and read-only facts of its stack). */
  readonly check: (resource: SynthesizedResource, stack: StackView) => Compliance;
}

/** COMPLIANT when `ok`, else NON_COMPLIANT. */
export function compliantIf(ok: boolean): Compliance {
  return ok ? Compliance.COMPLIANT : Compliance.NON_COMPLIANT;
}

/** A nested block as a list: cdktf writes single blocks as objects and repeated ones as lists. */
export function blocks(value: unknown): Config[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Config[];
}

/*
 * Booleans as Terraform reads them. Terraform converts the strings "true"/"1" and "false"/"0" to
 * a bool, so `addOverride("publicly_accessible", "true")` is as public as `true`; some provider
 * arguments (a launch template's `encrypted`, `associate_public_ip_address`) are such strings
 * by schema, with "" meaning unset. Anything else — above all an unresolved `${...}` expression,
 * decided only at plan time — is neither provably true nor provably false, so a rule treats it
 * conservatively: a protective flag (encryption, deletion protection) counts as on only when
 * `isTrue`, a risky flag (public access, skipping a snapshot) counts as off only when `isFalse`
 * (or `isUnset` where the provider's default is off).
 */
const TRUE_VALUES: readonly unknown[] = [true, "true", "1"];
const FALSE_VALUES: readonly unknown[] = [false, "false", "0"];

/** A boolean argument that is certainly true: `true`, `"true"` or `"1"`. */
export function isTrue(value: unknown): boolean {
  return TRUE_VALUES.includes(value);
}

/** A boolean argument that is certainly false: `false`, `"false"` or `"0"` (not unset, not an expression). */
export function isFalse(value: unknown): boolean {
  return FALSE_VALUES.includes(value);
}

/** An argument left out: absent, `null` (Terraform's "omitted") or "" (a string boolean's "unspecified"). */
export function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/**
 * A number argument as Terraform reads it (`7` or `"7"`); undefined when unset or an expression,
 * which a rule must then treat as failing whatever it requires.
 */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The Terraform expression cdktf writes for a reference to `resource.attribute`. */
export function referenceTo(resource: SynthesizedResource, attribute: string): string {
  return `\${${resource.type}.${resource.name}.${attribute}}`;
}

/**
 * Prefix lengths below which a CIDR counts as the whole internet. `0.0.0.0/1` plus `128.0.0.0/1`
 * is every IPv4 address, so checking for `/0` alone is easy to get around. A /8 is the largest
 * block ever assigned to one organisation (the legacy class A networks), so a shorter IPv4 prefix
 * spans many unrelated owners and names no network anyone administers. A /16 of IPv6 holds
 * 65,536 /32s, a /32 being the standard allocation of a whole ISP, so a shorter prefix is a slice
 * of the internet too. The world split into 256 /8s is not recognised: that would not pass review.
 */
export const WORLD_PREFIX_BELOW = { ipv4: 8, ipv6: 16 } as const;

/**
 * A CIDR as large as the internet (`0.0.0.0/0`, `::/0`, `0.0.0.0/1`, `2000::/3`: see
 * WORLD_PREFIX_BELOW). An expression (`${aws_vpc.main.cidr_block}`, `${var.cidr}`) is not
 * judged: most are the VPC's own block, and refusing them all would refuse the usual case.
 */
export function isWholeInternet(cidr: unknown): boolean {
  const match = typeof cidr === "string" ? /^([0-9A-Fa-f.:]+)\/(\d{1,3})$/.exec(cidr.trim()) : null;
  if (!match) return false;
  const prefix = Number(match[2]);
  return prefix < (match[1].includes(":") ? WORLD_PREFIX_BELOW.ipv6 : WORLD_PREFIX_BELOW.ipv4);
}

/** A database instance created from another one: it inherits backups, password and storage from its source. */
export function isReadReplica(config: Config): boolean {
  return config.replicate_source_db !== undefined && config.replicate_source_db !== null;
}
