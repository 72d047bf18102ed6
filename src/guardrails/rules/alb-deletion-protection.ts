import { compliantIf, isTrue, type Rule } from "../rule";
import { forApplication, LOAD_BALANCER_TYPES } from "../load-balancers";

/** Deleting the ALB takes the site down and changes its DNS name, which CloudFront points at. */
export const AlbDeletionProtection: Rule = {
  id: "MS-ALB-2",
  description: "Application load balancers have deletion protection",
  checkov: "CKV_AWS_150",
  severity: "medium",
  environments: "prod",
  resourceTypes: LOAD_BALANCER_TYPES,
  fix: "set loadBalancer.deletionProtection: true for the environment",
  check: ({ config }) => forApplication(config, () => compliantIf(isTrue(config.enable_deletion_protection))),
};
