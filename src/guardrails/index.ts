/**
 * Guardrails: security and reliability rules checked on every synthesized stack (issue 5).
 * See docs/guardrails.md "Guardrails" for the table of rules and how to suppress one.
 */
export { applyGuardrails } from "./apply";
export { appliesIn, type Finding, formatSuppression, formatViolation, GuardrailError, Guardrails } from "./guardrails";
export { RULES } from "./pack";
export { type AwsRefusal, awsRefusal } from "./aws-refusal";
export { AWS_REFUSALS } from "./aws-refusals";
export { guardrailsTable } from "./readme";
export { Compliance, type Rule, type RuleEnvironments, type Severity, type StackView, type SynthesizedResource } from "./rule";
