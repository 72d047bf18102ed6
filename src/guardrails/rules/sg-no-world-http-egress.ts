import { HTTP_PORT } from "../../config/constants";
import { compliantIf, type Rule } from "../rule";
import { covers, EGRESS_TYPES, WORLD_SOURCES, worldEgress } from "../ingress";

/**
 * Plain HTTP to the whole internet is a way out for anything that runs on a server (and a way in
 * for a tampered download) that nothing of ours needs: Amazon Linux 2023's repositories, Session
 * Manager, Secrets Manager, SSM and the RDS CA bundle are all HTTPS. An all-ports rule covers 80 too.
 */
export const SgNoWorldHttpEgress: Rule = {
  id: "MS-SG-3",
  description: `No security-group egress to ${WORLD_SOURCES} on HTTP (port ${HTTP_PORT}): package repositories, Session Manager and AWS APIs use HTTPS`,
  severity: "medium",
  environments: "all",
  resourceTypes: EGRESS_TYPES,
  fix: "let servers out on 443 only (SecurityGroups does); Amazon Linux 2 gets port 80 with a suppression saying why",
  check: (resource) => compliantIf(!worldEgress(resource).some((r) => covers(r, HTTP_PORT))),
};
