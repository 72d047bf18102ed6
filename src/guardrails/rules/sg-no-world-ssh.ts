import { SSH_PORT } from "../../config/constants";
import { compliantIf, type Rule } from "../rule";
import { covers, INGRESS_TYPES, WORLD_SOURCES, worldIngress } from "../ingress";

/**
 * A separate rule from MS-SG-1 so that suppressing world ingress for a public endpoint never
 * opens SSH with it: administration goes through Session Manager or `web.adminCidr`.
 */
export const SgNoWorldSsh: Rule = {
  id: "MS-SG-2",
  description: `SSH (port ${SSH_PORT}) is never admitted from ${WORLD_SOURCES}`,
  checkov: "CKV_AWS_24",
  severity: "high",
  environments: "all",
  resourceTypes: INGRESS_TYPES,
  fix: "use Session Manager (no SSH rule at all), or set web.adminCidr to your admin network",
  check: (resource) => compliantIf(!worldIngress(resource).some((r) => covers(r, SSH_PORT))),
};
