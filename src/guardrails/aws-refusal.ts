import type { Rule } from "./rule";

/** What a rule of the category says: what AWS (or the provider) refuses, and where that is written. */
export interface AwsRefusal extends Omit<Rule, "description" | "source" | "checkov"> {
  /** `MS-AWS-<n>`. */
  readonly id: `MS-AWS-${number}`;
  /** What a stack must be for AWS to accept it, one line. */
  readonly accepts: string;
  /** The AWS document (guide and section, or API reference) or provider issue it comes from. */
  readonly source: string;
}

/**
 * A rule of the MS-AWS category: what AWS refuses at apply time (or answers with errors once
 * applied), which `terraform validate` and `plan` cannot see. Its description ends with its source,
 * so every violation and the table in docs/guardrails.md say where AWS writes it.
 */
export function awsRefusal(rule: AwsRefusal): Rule {
  const { accepts, ...rest } = rule;
  return { ...rest, description: `${accepts} (source: ${rule.source})` };
}
