/** Helpers shared by the load balancer rules (MS-ALB-1 to MS-ALB-5). */
import { Compliance, type Config, isTrue, referenceTo, type StackView, type SynthesizedResource } from "./rule";

/** The types an application (or network) load balancer is written as. */
export const LOAD_BALANCER_TYPES = ["aws_lb", "aws_alb"] as const;
/** The types a listener is written as (aws_alb_* are the provider's aliases). */
export const LISTENER_TYPES = ["aws_lb_listener", "aws_alb_listener"] as const;
/** The types a listener rule is written as. */
export const LISTENER_RULE_TYPES = ["aws_lb_listener_rule", "aws_alb_listener_rule"] as const;

/** The types that are not ALBs; the HTTP rules do not concern them. */
const OTHER_TYPES: readonly unknown[] = ["network", "gateway"];

/**
 * Whether the load balancer is an ALB (Terraform's default type), the only kind the HTTP rules
 * concern. Only a literal "network" or "gateway" exempts it: an expression could be "application".
 */
export function isApplication(config: Config): boolean {
  return !OTHER_TYPES.includes(config.load_balancer_type);
}

/** NOT_APPLICABLE for a network or gateway load balancer, else `check()`. */
export function forApplication(config: Config, check: () => Compliance): Compliance {
  return isApplication(config) ? check() : Compliance.NOT_APPLICABLE;
}

/** The resource of one of `types` in the stack that `reference` names by its `arn` or `id` (the same for these types). */
function referencedIn(stack: StackView, types: readonly string[], reference: unknown): SynthesizedResource | undefined {
  return types
    .flatMap((type) => stack.resources(type))
    .find((r) => reference === referenceTo(r, "arn") || reference === referenceTo(r, "id"));
}

/**
 * Whether a listener or listener rule may belong to an internet-facing ALB. Only a load balancer
 * found in the stack that is internal or not an ALB says no: a literal ARN or a listener of
 * another stack could be anything, so it is read as the risky case.
 */
export function mayServeInternetAlb(resource: SynthesizedResource, stack: StackView): boolean {
  const listener = (LISTENER_RULE_TYPES as readonly string[]).includes(resource.type)
    ? referencedIn(stack, LISTENER_TYPES, resource.config.listener_arn)
    : resource;
  const lb = listener && referencedIn(stack, LOAD_BALANCER_TYPES, listener.config.load_balancer_arn);
  return !lb || (isApplication(lb.config) && !isTrue(lb.config.internal));
}
