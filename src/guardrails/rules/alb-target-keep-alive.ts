import { ALB_DEFAULT_IDLE_TIMEOUT_SECONDS } from "../../config/constants";
import { blocks, Compliance, compliantIf, type Config, numberOf, type Rule, referenceTo, type StackView, type SynthesizedResource } from "../rule";
import { isApplication, LOAD_BALANCER_TYPES } from "../load-balancers";

/** Apache's directive, in seconds or with an `ms` suffix; Apache takes the last one it reads. */
const KEEP_ALIVE_TIMEOUT = /^[ \t]*KeepAliveTimeout[ \t]+(\d+)(ms)?[ \t]*$/gim;
const KEEP_ALIVE_OFF = /^[ \t]*KeepAlive[ \t]+Off[ \t]*$/im;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The boot script as the server will run it: `user_data` (plain, base64, or a `${base64encode("...")}`
 * expression whose string still holds the text, with `\n` escapes) or `user_data_base64`.
 */
export function bootScript(config: Config): string {
  const decode = (text: string) => Buffer.from(text, "base64").toString("utf8");
  if (typeof config.user_data_base64 === "string" && BASE64.test(config.user_data_base64)) return decode(config.user_data_base64);
  const data = config.user_data;
  if (typeof data !== "string") return "";
  if (BASE64.test(data) && data.length % 4 === 0) return decode(data);
  return data.includes("${") ? data.replace(/\\n/g, "\n") : data;
}

/** Seconds Apache keeps an idle connection per the boot script; undefined when it does not say (Apache's 5 s) or turns keep-alive off. */
export function keepAliveSeconds(script: string): number | undefined {
  if (KEEP_ALIVE_OFF.test(script)) return undefined;
  const last = [...script.matchAll(KEEP_ALIVE_TIMEOUT)].at(-1);
  if (!last) return undefined;
  return last[2] ? Number(last[1]) / 1000 : Number(last[1]);
}

/** The longest idle timeout of the stack's ALBs (AWS's 60 s where unset, or when none is in the stack); undefined when one is an expression. */
function albIdleTimeout(stack: StackView): number | undefined {
  const albs = LOAD_BALANCER_TYPES.flatMap((type) => stack.resources(type)).filter((r) => isApplication(r.config));
  const timeouts = albs.map(({ config }) =>
    config.idle_timeout === undefined || config.idle_timeout === null ? ALB_DEFAULT_IDLE_TIMEOUT_SECONDS : numberOf(config.idle_timeout),
  );
  if (timeouts.some((t) => t === undefined)) return undefined;
  return timeouts.length ? Math.max(...(timeouts as number[])) : ALB_DEFAULT_IDLE_TIMEOUT_SECONDS;
}

/** Whether the instance, or the Auto Scaling group launched from the template, is registered with a target group. */
function isTarget(resource: SynthesizedResource, stack: StackView): boolean {
  if (resource.type === "aws_instance") {
    const id = referenceTo(resource, "id");
    return [...stack.resources("aws_lb_target_group_attachment"), ...stack.resources("aws_alb_target_group_attachment")].some(
      (a) => a.config.target_id === id,
    );
  }
  const mention = `\${${resource.type}.${resource.name}.`;
  return stack
    .resources("aws_autoscaling_group")
    .filter((group) => JSON.stringify(group.config).includes(mention))
    .some((group) => {
      if (blocks(group.config.target_group_arns).length > 0) return true;
      const name = [referenceTo(group, "name"), referenceTo(group, "id")];
      return stack.resources("aws_autoscaling_attachment").some((a) => name.includes(a.config.autoscaling_group_name));
    });
}

/**
 * An ALB reuses its connections to a target while they are idle for up to its idle timeout (60 s
 * by default). Apache closes them after its KeepAliveTimeout (5 s by default): the ALB then sends
 * a request on a connection the server has just closed, and the viewer gets a 502 (AWS's ALB
 * troubleshooting guide). The keep-alive lives only in the boot script, so the rule reads the
 * `KeepAliveTimeout` directive the script writes into Apache's configuration: it checks what Apache
 * will read, not a tag or a setting that could say otherwise. A script that sets none keeps
 * Apache's 5 s and fails.
 */
export const AlbTargetKeepAlive: Rule = {
  id: "MS-ALB-5",
  description:
    "Web servers behind an ALB keep idle connections longer than the ALB does: the KeepAliveTimeout their user data gives Apache is above the ALB's idle_timeout",
  severity: "medium",
  environments: "all",
  resourceTypes: ["aws_instance", "aws_launch_template"],
  fix: "keep web.keepAliveTimeoutSeconds above loadBalancer.idleTimeoutSeconds (the boot script writes it as Apache's KeepAliveTimeout)",
  check: (resource, stack) => {
    if (!isTarget(resource, stack)) return Compliance.NOT_APPLICABLE;
    const keepAlive = keepAliveSeconds(bootScript(resource.config));
    const idle = albIdleTimeout(stack);
    return compliantIf(keepAlive !== undefined && idle !== undefined && keepAlive > idle);
  },
};
