import { blocks, compliantIf, type Rule, referenceTo } from "../rule";

/**
 * A VPC's default security group admits everything from itself and lets everything out; any
 * resource created without a group lands in it. Managing it with no rules closes that door.
 */
export const VpcDefaultSgClosed: Rule = {
  id: "MS-VPC-2",
  description: "Every VPC's default security group is managed (aws_default_security_group) with no rules",
  checkov: "CKV2_AWS_12",
  severity: "medium",
  environments: "all",
  resourceTypes: ["aws_vpc"],
  fix: "add a DefaultSecurityGroup for the VPC with ingress: [] and egress: [] (Network does this)",
  check: (vpc, stack) =>
    compliantIf(
      stack
        .resources("aws_default_security_group")
        .some((g) => g.config.vpc_id === referenceTo(vpc, "id") && !blocks(g.config.ingress).length && !blocks(g.config.egress).length),
    ),
};
