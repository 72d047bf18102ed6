import type { IConstruct } from "constructs";
import { Aspects, type IAspect, TerraformStack } from "../cdk";
import { RULES } from "./pack";
import { Compliance, type Rule, type SynthesizedResource } from "./rule";
import { SynthesizedStack } from "./stack-view";

/** Metadata type under which a suppression is stored on its construct. */
const SUPPRESSION_METADATA = "multiple-server:guardrails:suppress";

interface SuppressionEntry {
  readonly ruleId: string;
  readonly reason: string;
}

/** One rule broken by one resource of one stack, suppressed or not. */
export interface Finding {
  readonly stack: string;
  readonly environment: string;
  readonly rule: Rule;
  readonly resource: SynthesizedResource;
  /** The reason given with `Guardrails.suppress`, when the finding is suppressed. */
  readonly suppressedBecause?: string;
}

/** Whether `rule` is enforced on a stack, production or not. */
export function appliesIn(rule: Rule, production: boolean): boolean {
  return rule.environments === "all" || production;
}

/** The violation as the user reads it: where (stack, construct, resource), which rule, how to fix. */
export function formatViolation(f: Finding): string {
  const about = [f.rule.severity, ...(f.rule.checkov ? [`checkov ${f.rule.checkov}`] : [])].join(", ");
  return [
    `  - stack ${f.stack}, construct ${f.resource.path}, resource ${f.resource.address}`,
    `    ${f.rule.id} (${about}): ${f.rule.description}`,
    `    fix: ${f.rule.fix}`,
  ].join("\n");
}

/** The line a suppression prints on every synth, so that it stays visible. */
export function formatSuppression(f: Finding): string {
  return `Guardrails: ${f.rule.id} suppressed on ${f.resource.path} (${f.resource.address}) in stack ${f.stack}: ${f.suppressedBecause}`;
}

/**
 * The stacks break guardrails. `main.ts` prints the message without a stack trace: the
 * infrastructure is what needs fixing, not the program.
 */
export class GuardrailError extends Error {
  constructor(public readonly violations: readonly Finding[]) {
    const n = violations.length;
    super(
      `Guardrails: ${n} violation${n === 1 ? "" : "s"}. Fix each one, or suppress it with ` +
        `Guardrails.suppress(construct, ruleId, reason) (docs/guardrails.md "Guardrails"):\n` +
        violations.map(formatViolation).join("\n"),
    );
    this.name = "GuardrailError";
  }
}

/**
 * The project's rule pack applied as a cdktf Aspect, in the spirit of cdk-nag: each stack's
 * resources are checked while the app synthesizes, every finding is collected (not only the
 * first), and `enforce()` then fails the synth with all of them before anything is published.
 *
 * ```ts
 * const guardrails = new Guardrails();
 * guardrails.applyTo(stack, "prod", true);
 * app.synth();
 * guardrails.enforce(); // throws GuardrailError, prints each suppression
 * ```
 *
 * Error annotations alone would not do: the cdktf CLI sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS
 * and writes the stacks anyway.
 */
export class Guardrails {
  /**
   * Exempts `construct` and everything under it from one rule. The reason is mandatory, shows in
   * every synth's output, and should say why the risk is accepted or handled elsewhere.
   */
  static suppress(construct: IConstruct, ruleId: string, reason: string): void {
    if (!RULES.some((rule) => rule.id === ruleId)) {
      throw new Error(`Guardrails.suppress: unknown rule ${ruleId} (rules: ${RULES.map((r) => r.id).join(", ")})`);
    }
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new Error(`Guardrails.suppress: suppressing ${ruleId} on ${construct.node.path} needs a reason`);
    }
    const entry: SuppressionEntry = { ruleId, reason: reason.trim() };
    construct.node.addMetadata(SUPPRESSION_METADATA, entry);
  }

  private readonly findings = new Map<string, Finding>();

  /** @param rules the pack to enforce. @default RULES, every rule of the project */
  constructor(private readonly rules: readonly Rule[] = RULES) {}

  /**
   * Checks every resource of `stack` when the app synthesizes.
   * @param environment the stack's environment, named in messages
   * @param production whether the production-only rules apply (the environment's `production`
   *   setting). Required: a forgotten argument would silently skip them.
   */
  applyTo(stack: TerraformStack, environment: string, production: boolean): this {
    Aspects.of(stack).add(new GuardrailsAspect(stack, environment, production, this.rules, (f) => this.record(f)));
    return this;
  }

  /** Findings not suppressed. */
  get violations(): Finding[] {
    return [...this.findings.values()].filter((f) => f.suppressedBecause === undefined);
  }

  /** Findings silenced by a suppression, with its reason. */
  get suppressed(): Finding[] {
    return [...this.findings.values()].filter((f) => f.suppressedBecause !== undefined);
  }

  /**
   * Reports each suppression through `log` and throws a GuardrailError listing every violation.
   * Call it after `app.synth()` and before the output is published.
   */
  enforce(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
    this.suppressed.forEach((f) => log(formatSuppression(f)));
    const violations = this.violations;
    if (violations.length) throw new GuardrailError(violations);
  }

  private record(finding: Finding): void {
    // A stack synthesized twice (tests do) is visited twice: one finding per stack, resource and rule.
    this.findings.set(`${finding.stack}\0${finding.resource.path}\0${finding.resource.address}\0${finding.rule.id}`, finding);
  }
}

/** The reason of the suppression of `ruleId` nearest to `node` (itself, then its scopes). */
function suppressionOf(node: IConstruct, ruleId: string): string | undefined {
  for (const scope of [...node.node.scopes].reverse()) {
    const entry = scope.node.metadata
      .filter((m) => m.type === SUPPRESSION_METADATA)
      .map((m) => m.data as SuppressionEntry)
      .find((s) => s.ruleId === ruleId);
    if (entry) return entry.reason;
  }
  return undefined;
}

class GuardrailsAspect implements IAspect {
  private view?: SynthesizedStack;

  constructor(
    private readonly stack: TerraformStack,
    private readonly environment: string,
    private readonly production: boolean,
    private readonly rules: readonly Rule[],
    private readonly report: (finding: Finding) => void,
  ) {}

  visit(node: IConstruct): void {
    // Built on the first visit (the stack itself), when the tree is complete: rules may look at the
    // rest of the stack, and the view holds the stack's own overrides too.
    this.view ??= new SynthesizedStack(this.stack, this.environment);
    for (const resource of this.view.of(node)) {
      for (const rule of this.rules) {
        if (!appliesIn(rule, this.production)) continue;
        if (!rule.resourceTypes.includes("*") && !rule.resourceTypes.includes(resource.type)) continue;
        if (rule.check(resource, this.view) !== Compliance.NON_COMPLIANT) continue;
        this.report({
          stack: this.view.name,
          environment: this.environment,
          rule,
          resource,
          suppressedBecause: suppressionOf(node, rule.id),
        });
      }
    }
  }
}
