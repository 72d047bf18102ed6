import { compliantIf, type Rule } from "../rule";
import { INGRESS_TYPES, WORLD_SOURCES, worldIngress } from "../ingress";

/**
 * Only CloudFront reaches the ALB (through AWS's origin-facing prefix list); everything else is
 * reached from another security group. A world-open rule bypasses the CDN and its secret header;
 * half the internet (`0.0.0.0/1`) is as open as all of it, hence the prefix threshold.
 *
 * checkov's CKV_AWS_260 (port 80) fails our port-80 rules that admit the CloudFront prefix list
 * or another security group: a false positive. Its AbsSecurityGroupUnrestrictedIngress.py
 * (checkov 3.3.30) reads an aws_vpc_security_group_ingress_rule as open when it has no CIDR and
 * no `prefix_list_ids`, `security_groups` or `source_security_group_id`, the attributes of the
 * older resources; this resource's `prefix_list_id` and `referenced_security_group_id` are not
 * read (bridgecrewio/checkov#6624, closed as stale, unfixed in 3.3.30). This rule reads them.
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
