import type { TerraformStack } from "cdktf";
import { SHARED_ENVIRONMENT } from "../config/constants";
import type { Settings } from "../config/schema";
import { stackName } from "../naming";
import { Guardrails, isProduction } from "./guardrails";

/**
 * Puts the rule pack on every stack of the app. An environment's stack is checked as that
 * environment; a stack shared by environments (the state bootstrap stack) as `shared`, with the
 * production rules when it serves a production environment: it holds that environment's state.
 */
export function applyGuardrails(stacks: readonly TerraformStack[], settings: readonly Settings[]): Guardrails {
  const guardrails = new Guardrails();
  const environmentOf = new Map(settings.map((s) => [stackName(s.environment), s.environment]));
  const servesProduction = settings.some((s) => isProduction(s.environment));
  for (const stack of stacks) {
    const environment = environmentOf.get(stack.node.id);
    if (environment) guardrails.applyTo(stack, environment);
    else guardrails.applyTo(stack, SHARED_ENVIRONMENT, servesProduction);
  }
  return guardrails;
}
