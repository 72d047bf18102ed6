import { blocks, compliantIf, isTrue, type Rule } from "../rule";

/**
 * An unencrypted volume leaks its data through every snapshot and AMI made of it. An unset
 * `encrypted` depends on the account's EBS default, which this code does not control; so does a
 * root volume left out (instance, launch configuration) or a launch template without an EBS
 * block device mapping, which takes the AMI's.
 */
export const Ec2EbsEncrypted: Rule = {
  id: "MS-EC2-2",
  description:
    "EBS volumes (instance and launch configuration root and data volumes, launch template block devices, standalone volumes) are encrypted",
  checkov: "CKV_AWS_8, CKV_AWS_3",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_instance", "aws_launch_configuration", "aws_launch_template", "aws_ebs_volume"],
  fix: 'set rootBlockDevice: { encrypted: true } and encrypted: true on every ebsBlockDevice / EbsVolume, and ebs: { encrypted: "true" } on every launch template blockDeviceMappings',
  check: ({ type, config }) => {
    if (type === "aws_ebs_volume") return compliantIf(isTrue(config.encrypted));
    if (type === "aws_launch_template") {
      const volumes = blocks(config.block_device_mappings).flatMap((mapping) => blocks(mapping.ebs));
      return compliantIf(volumes.length > 0 && volumes.every((volume) => isTrue(volume.encrypted)));
    }
    const root = blocks(config.root_block_device);
    const volumes = [...(root.length ? root : [{}]), ...blocks(config.ebs_block_device)];
    return compliantIf(volumes.every((volume) => isTrue(volume.encrypted)));
  },
};
