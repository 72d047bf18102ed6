import { compliantIf, type Rule } from "../rule";
import { INGRESS_TYPES, WORLD_SOURCES, worldIngress } from "../ingress";

/**
 * Only CloudFront reaches the ALB (through AWS's origin-facing prefix list); everything else is
 * reached from another security group. A world-open rule bypasses the CDN and its secret header;
 * half the internet (`0.0.0.0/1`) is as open as all of it, hence the prefix threshold.
 */
export const SgNoWorldIngress: Rule = {
  id: "MS-SG-1",
  description: `No security-group ingress from ${WORLD_SOURCES} (CloudFront arrives through its origin-facing prefix list)`,
  checkov: "CKV_AWS_260, CKV_AWS_277",
  severity: "high",
  environments: "all",
  resourceTypes: INGRESS_TYPES,
  fix: "admit the CloudFront origin-facing prefix list (prefixListId), a source security group (referencedSecurityGroupId) or a named network",
  check: (resource) => compliantIf(worldIngress(resource).length === 0),
};
