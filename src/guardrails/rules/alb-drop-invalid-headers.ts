import { compliantIf, isTrue, type Rule } from "../rule";
import { forApplication, LOAD_BALANCER_TYPES } from "../load-balancers";

/** Headers with invalid characters are a request-smuggling vector towards the web servers. */
export const AlbDropsInvalidHeaders: Rule = {
  id: "MS-ALB-1",
  description: "Application load balancers drop HTTP headers with invalid fields",
  checkov: "CKV_AWS_131",
  severity: "medium",
  environments: "all",
  resourceTypes: LOAD_BALANCER_TYPES,
  fix: "set dropInvalidHeaderFields: true",
  check: ({ config }) => forApplication(config, () => compliantIf(isTrue(config.drop_invalid_header_fields))),
};
