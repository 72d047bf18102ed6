import { compliantIf, isFalse, type Rule } from "../rule";

/**
 * Servers live in the private subnets and are reached through the ALB and Session Manager. An
 * unset `associate_public_ip_address` follows the subnet's `map_public_ip_on_launch`, so a server
 * moved into a public subnet would silently get an address: the rule wants an explicit `false`.
 */
export const Ec2NoPublicIp: Rule = {
  id: "MS-EC2-3",
  description: "EC2 instances get no public IP address (associate_public_ip_address = false)",
  checkov: "CKV_AWS_88",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_instance"],
  fix: "set associatePublicIpAddress: false and place the instance in a private subnet (reach it via the ALB or Session Manager)",
  check: ({ config }) => compliantIf(isFalse(config.associate_public_ip_address)),
};
