import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import {
  DataAwsIamPolicyDocument,
  DataAwsPartition,
  DataAwsSsmParameter,
  IamInstanceProfile,
  IamRole,
  IamRolePolicyAttachment,
  Instance,
} from "../aws";
import { AMI_SSM_PARAMETERS, AWS_MANAGED, IMDS_HOP_LIMIT } from "../config/constants";
import type { WebSettings } from "../config/schema";
import { managedPolicyArn, Naming } from "../naming";
import { webUserData } from "./web-user-data";

export interface WebTierProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Instance type, count per zone, AMI family, port, health path. @default the `web` defaults of config/schema.ts */
  readonly settings: WebSettings;
  /** Private subnets to place servers in, one per zone. Required. */
  readonly subnetIds: string[];
  /** Zones of `subnetIds`, same order. Required. */
  readonly availabilityZones: string[];
  /** Security group of the web servers. Required. */
  readonly securityGroupId: string;
  /** What must exist before the servers boot and install packages (NAT routes, egress rules). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Web servers in the private subnets: no public IP, no key pair, IMDSv2 only, encrypted gp3 root
 * volume, reached through Session Manager via an instance role that holds only
 * AmazonSSMManagedInstanceCore.
 */
export class WebTier extends Construct {
  public readonly instances: Instance[];
  public readonly instanceIds: string[];
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: WebTierProps) {
    super(scope, id);
    const { naming, settings } = props;

    const partition = new DataAwsPartition(this, "partition");
    const assume = new DataAwsIamPolicyDocument(this, "assume-ec2", {
      statement: [
        { actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: naming.name("web-iam"),
      assumeRolePolicy: assume.json,
      tags: { Name: naming.name("web-iam") },
    });
    new IamRolePolicyAttachment(this, "ssm-core", {
      role: this.role.name,
      policyArn: managedPolicyArn(partition.partition, AWS_MANAGED.ssmInstancePolicy),
    });
    const profile = new IamInstanceProfile(this, "profile", {
      name: naming.name("web-iam"),
      role: this.role.name,
      tags: { Name: naming.name("web-iam") },
    });

    const ami = new DataAwsSsmParameter(this, "ami", { name: AMI_SSM_PARAMETERS[settings.amiFamily] });

    this.instances = props.subnetIds.flatMap((subnetId, zone) => {
      const az = props.availabilityZones[zone];
      return Array.from({ length: settings.countPerAz }, (_, n) => {
        const name = naming.webServer(az, n, settings.countPerAz);
        return new Instance(this, settings.countPerAz === 1 ? `web-${zone}` : `web-${zone}-${n}`, {
          // insecure_value: the AMI id is public; `value` would hide it in every plan.
          ami: ami.insecureValue,
          instanceType: settings.instanceType,
          subnetId,
          vpcSecurityGroupIds: [props.securityGroupId],
          iamInstanceProfile: profile.name,
          associatePublicIpAddress: false,
          metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: IMDS_HOP_LIMIT },
          rootBlockDevice: { volumeType: "gp3", volumeSize: settings.rootVolumeGiB, encrypted: true },
          userData: webUserData(settings, name),
          userDataReplaceOnChange: true,
          dependsOn: props.dependsOn,
          // A new AMI release must not replace running servers on an unrelated plan; roll them
          // on purpose with `terraform apply -replace`.
          lifecycle: { ignoreChanges: ["ami"] },
          tags: { Name: name },
        });
      });
    });
    this.instanceIds = this.instances.map((instance) => instance.id);
  }
}
