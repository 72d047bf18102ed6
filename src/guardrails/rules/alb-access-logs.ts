import { blocks, compliantIf, isTrue, type Rule } from "../rule";
import { forApplication, LOAD_BALANCER_TYPES } from "../load-balancers";

/** Access logs are the only record of who asked for what when an incident is investigated. */
export const AlbAccessLogs: Rule = {
  id: "MS-ALB-3",
  description: "Application load balancers write access logs to S3",
  checkov: "CKV_AWS_91",
  severity: "medium",
  environments: "prod",
  resourceTypes: LOAD_BALANCER_TYPES,
  fix: "set loadBalancer.accessLogs: true for the environment (LoadBalancer creates the bucket and its ELB delivery policy)",
  check: ({ config }) =>
    forApplication(config, () => compliantIf(blocks(config.access_logs).some((logs) => isTrue(logs.enabled) && Boolean(logs.bucket)))),
};
