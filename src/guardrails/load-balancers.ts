/** Helpers shared by the load balancer rules (MS-ALB-1 to MS-ALB-3). */
import { Compliance, type Config } from "./rule";

/** The types an application (or network) load balancer is written as. */
export const LOAD_BALANCER_TYPES = ["aws_lb", "aws_alb"] as const;

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
