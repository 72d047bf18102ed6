/** Helpers shared by the load balancer rules (MS-ALB-1 to MS-ALB-3). */
import { Compliance, type Config } from "./rule";

/** The types an application (or network) load balancer is written as. */
export const LOAD_BALANCER_TYPES = ["aws_lb", "aws_alb"] as const;

/** Whether the load balancer is an ALB (Terraform's default type), the only kind the HTTP rules concern. */
export function isApplication(config: Config): boolean {
  return (config.load_balancer_type ?? "application") === "application";
}

/** NOT_APPLICABLE for a network or gateway load balancer, else `check()`. */
export function forApplication(config: Config, check: () => Compliance): Compliance {
  return isApplication(config) ? check() : Compliance.NOT_APPLICABLE;
}
