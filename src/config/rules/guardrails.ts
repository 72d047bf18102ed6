// Guardrail suppressions written in the configuration (schema `guardrails`).
import { didYouMean } from "../spelling";
import { RULES } from "../../guardrails/pack";
import { check } from "./check";

/** Every guardrail id (src/guardrails/pack.ts), for suppressions written in the configuration. */
export const checkSuppressions = check(["guardrails"], (s, problem) => {
  const ids = RULES.map((rule) => rule.id);
  s.guardrails.suppress.forEach((entry, i) => {
    if (!ids.includes(entry.rule)) {
      problem(`guardrails.suppress[${i}].rule`, entry.rule, `is not a guardrail${didYouMean(entry.rule, ids) || ` (docs/guardrails.md "Guardrails" lists them)`}`);
    }
  });
});
