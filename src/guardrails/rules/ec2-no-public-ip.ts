import { blocks, Compliance, compliantIf, isFalse, isUnset, type Rule } from "../rule";

/**
 * Servers live in the private subnets and are reached through the ALB and Session Manager. An
 * unset `associate_public_ip_address` follows the subnet's `map_public_ip_on_launch`, so a server
 * moved into a public subnet would silently get an address: the rule wants an explicit `false`,
 * on an instance, a launch configuration and every network interface of a launch template (one
 * without any leaves the choice to the subnet). An Elastic IP on an instance, or on a network
 * interface (which only instances wear here), is a public IP all the same.
 */
export const Ec2NoPublicIp: Rule = {
  id: "MS-EC2-3",
  description:
    "EC2 instances get no public IP address: associate_public_ip_address = false (instances, launch templates and configurations), no Elastic IP on an instance or network interface",
  checkov: "CKV_AWS_88",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_instance", "aws_launch_configuration", "aws_launch_template", "aws_eip", "aws_eip_association"],
  fix:
    'set associatePublicIpAddress: false (a launch template: networkInterfaces: [{ associatePublicIpAddress: "false" }]), attach no Elastic IP, and keep servers in private subnets (reach them via the ALB or Session Manager)',
  check: ({ type, config }) => {
    switch (type) {
      case "aws_launch_template": {
        const interfaces = blocks(config.network_interfaces);
        return compliantIf(interfaces.length > 0 && interfaces.every((nic) => isFalse(nic.associate_public_ip_address)));
      }
      case "aws_eip":
        // An Elastic IP for a NAT gateway or a load balancer names neither.
        return compliantIf(isUnset(config.instance) && isUnset(config.network_interface));
      case "aws_eip_association":
        return Compliance.NON_COMPLIANT;
      default:
        return compliantIf(isFalse(config.associate_public_ip_address));
    }
  },
};
