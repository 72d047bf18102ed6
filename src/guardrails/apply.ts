import type { TerraformStack } from "../cdk";
import { SHARED_ENVIRONMENT } from "../config/constants";
import type { Settings } from "../config/schema";
import { stackName, standbyStackName } from "../naming";
import { Guardrails } from "./guardrails";

/**
 * Puts the rule pack on every stack of the app. An environment's stack is checked as that
 * environment (and so is its standby stack), with the production rules when its `production` setting is on; a stack shared by
 * environments (the state bootstrap stack) as `shared`, with the production rules when it holds
 * a production environment's state: that is, when one keeps its state in S3 (the only kind the
 * bootstrap stack creates anything for).
 */
export function applyGuardrails(stacks: readonly TerraformStack[], settings: readonly Settings[]): Guardrails {
  const guardrails = new Guardrails();
  // An environment's standby stack is checked as that environment.
  const settingsOf = new Map(settings.flatMap((s) => [[stackName(s.environment), s] as const, [standbyStackName(s.environment), s] as const]));
  const holdsProductionState = settings.some((s) => s.production && s.backend.kind === "s3");
  for (const stack of stacks) {
    const s = settingsOf.get(stack.node.id);
    if (s) guardrails.applyTo(stack, s.environment, s.production);
    else guardrails.applyTo(stack, SHARED_ENVIRONMENT, holdsProductionState);
  }
  return guardrails;
}
