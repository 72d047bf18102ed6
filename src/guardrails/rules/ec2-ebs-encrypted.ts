import { blocks, compliantIf, isTrue, type Rule } from "../rule";

/**
 * An unencrypted volume leaks its data through every snapshot and AMI made of it. An unset
 * `encrypted` depends on the account's EBS default, which this code does not control.
 */
export const Ec2EbsEncrypted: Rule = {
  id: "MS-EC2-2",
  description: "EBS volumes (instance root and data volumes, standalone volumes) are encrypted",
  checkov: "CKV_AWS_8, CKV_AWS_3",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_instance", "aws_ebs_volume"],
  fix: "set rootBlockDevice: { encrypted: true } and encrypted: true on every ebsBlockDevice / EbsVolume",
  check: ({ type, config }) => {
    if (type === "aws_ebs_volume") return compliantIf(isTrue(config.encrypted));
    const root = blocks(config.root_block_device);
    const volumes = [...(root.length ? root : [{}]), ...blocks(config.ebs_block_device)];
    return compliantIf(volumes.every((volume) => isTrue(volume.encrypted)));
  },
};
