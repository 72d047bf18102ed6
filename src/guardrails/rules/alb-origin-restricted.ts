import { blocks, compliantIf, type Rule } from "../rule";

/**
 * The ALB is internet-facing; it must serve only requests that carry CloudFront's secret origin
 * header, so its default action must not forward: a listener rule matching the header does.
 */
export const AlbListenerDeniesByDefault: Rule = {
  id: "MS-ALB-4",
  description: "Load balancer listeners do not forward by default (only a rule matching CloudFront's secret header forwards)",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
  fix: "give the listener a fixed-response 403 default action and forward from an LbListenerRule on the origin header",
  check: ({ config }) =>
    compliantIf(!blocks(config.default_action).some((action) => action.type === "forward" || blocks(action.forward).length > 0)),
};
