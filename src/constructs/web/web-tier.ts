import { createHash } from "node:crypto";
import { Construct } from "constructs";
import type { ITerraformDependable } from "../../cdk";
import {
  DataAwsIamPolicyDocument,
  DataAwsPartition,
  DataAwsAmi,
  DataAwsSsmParameter,
  IamInstanceProfile,
  IamRole,
  IamRolePolicyAttachment,
  Instance,
} from "../../aws";
import { amiSsmParameter, AWS_MANAGED, IMDS_HOP_LIMIT } from "../../config/constants";
import { architectureOf } from "../../config/rules/instance-types";
import { DEFAULT_COUNT_PER_AZ } from "../../config/fleet";
import type { WebSettings } from "../../config/schema";
import { managedPolicyArn, Naming } from "../../naming";
import type { DatabaseStatusSource } from "./db-status-page";
import { webUserData } from "./web-user-data";

export interface WebTierProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /**
   * Instance type, fleet, count per zone, AMI family, port, health path. With the `autoScaling`
   * fleet no server is built here: `WebAutoScalingGroup` launches them from this tier's AMI,
   * profile and boot script. @default the `web` defaults of config/schema.ts
   */
  readonly settings: WebSettings;
  /** Private subnets to place servers in, one per zone. Required. */
  readonly subnetIds: string[];
  /** Zones of `subnetIds`, same order. Required. */
  readonly availabilityZones: string[];
  /** Security group of the web servers. Required. */
  readonly securityGroupId: string;
  /** Where the database status page finds the database; unset leaves the page out. @default unset */
  readonly database?: DatabaseStatusSource;
  /** What must exist before the servers boot and install packages (NAT routes, egress rules). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Web servers in the private subnets: no public IP, no key pair, IMDSv2 only, encrypted gp3 root
 * volume, reached through Session Manager via an instance role whose only managed policy is
 * AmazonSSMManagedInstanceCore (the stack adds DatabaseAccess's read policy for the database).
 */
export class WebTier extends Construct {
  /** The fixed servers of the `instances` fleet; none with `autoScaling`. */
  public readonly instances: Instance[];
  public readonly instanceIds: string[];
  public readonly role: IamRole;
  /** Session Manager's policy on the role: a server that boots before it exists registers without it. */
  public readonly ssmPolicyAttachment: IamRolePolicyAttachment;
  /** The user's `web.managedPolicyArns` on the role: a boot script may already call what they grant. */
  public readonly userPolicyAttachments: IamRolePolicyAttachment[];
  /** Instance profile of every web server, fixed or launched by an Auto Scaling group. */
  public readonly instanceProfileName: string;
  /** AMI id the web servers boot: `web.image.id`, or read at plan time from an SSM parameter (AWS's public one by default). */
  public readonly imageId: string;

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
    const ssmCore = (this.ssmPolicyAttachment = new IamRolePolicyAttachment(this, "ssm-core", {
      role: this.role.name,
      policyArn: managedPolicyArn(partition.partition, AWS_MANAGED.ssmInstancePolicy),
    }));
    const arns = settings.managedPolicyArns ?? [];
    const ids = policyAttachmentIds(arns);
    this.userPolicyAttachments = arns.map(
      (policyArn, i) =>
        new IamRolePolicyAttachment(this, ids[i], {
          role: this.role.name,
          policyArn,
        }),
    );
    const profile = new IamInstanceProfile(this, "profile", {
      name: naming.name("web-iam"),
      role: this.role.name,
      tags: { Name: naming.name("web-iam") },
    });

    this.instanceProfileName = profile.name;

    const image = settings.image;
    if (image !== undefined && "id" in image) this.imageId = image.id;
    else {
      const name = image?.ssmParameter ?? amiSsmParameter(settings.amiFamily, architectureOf(settings.instanceType));
      // insecure_value: the AMI id is public; `value` would hide it in every plan.
      this.imageId = new DataAwsSsmParameter(this, "ami", { name }).insecureValue;
    }
    if (image !== undefined) imageArchitectureCheck(this, this.imageId, settings.instanceType);

    const countPerAz = settings.fleet === "instances" ? (settings.countPerAz ?? DEFAULT_COUNT_PER_AZ) : 0;
    this.instances = props.subnetIds.flatMap((subnetId, zone) => {
      const az = props.availabilityZones[zone];
      return Array.from({ length: countPerAz }, (_, n) => {
        const name = naming.webServer(az, n, countPerAz);
        return new Instance(this, countPerAz === 1 ? `web-${zone}` : `web-${zone}-${n}`, {
          ami: this.imageId,
          instanceType: settings.instanceType,
          subnetId,
          vpcSecurityGroupIds: [props.securityGroupId],
          iamInstanceProfile: this.instanceProfileName,
          associatePublicIpAddress: false,
          metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: IMDS_HOP_LIMIT },
          rootBlockDevice: { volumeType: "gp3", volumeSize: settings.rootVolumeGiB, encrypted: true },
          userData: webUserData(settings, name, props.database),
          userDataReplaceOnChange: true,
          // The SSM agent registers at boot with the role's permissions as they are then.
          dependsOn: [...(props.dependsOn ?? []), ssmCore, ...this.userPolicyAttachments],
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

/**
 * An image the user names must be built for the instance type's architecture, which nothing at
 * synth can know (an AMI id is opaque). Read at plan time, it fails the plan naming the setting;
 * unchecked, RunInstances refuses the pair at apply, and an Auto Scaling group only after its
 * launches fail and the provider's capacity wait (10 minutes by default) runs out. EC2's
 * DescribeImages returns `Architecture` (EC2 API Reference, Image); the provider's `aws_ami`
 * reads it as `architecture` with an `image-id` filter. Terraform evaluates a data source's
 * postcondition right after reading it (Terraform docs, "Custom conditions").
 */
function imageArchitectureCheck(scope: Construct, imageId: string, instanceType: string): void {
  const architecture = architectureOf(instanceType);
  new DataAwsAmi(scope, "image", {
    filter: [{ name: "image-id", values: [imageId] }],
    lifecycle: {
      postcondition: [
        {
          condition: `\${self.architecture == "${architecture}"}`,
          errorMessage: `web.image: the image is built for \${self.architecture}, but web.instanceType ${instanceType} runs ${architecture} images: name an ${architecture} image, or an instance type of the image's architecture.`,
        },
      ],
    },
  });
}

/** Hex digits of an ARN's SHA-256 that set apart two ARNs whose construct ids would be the same. */
const POLICY_ID_HASH_LENGTH = 8;

/**
 * Construct ids of the attachments of `arns`, from the ARN rather than the list position, so
 * removing one policy does not re-create the others. The ARN's characters outside [A-Za-z0-9_-]
 * become `-`, so `policy/app.read` and `policy/app-read` would meet (and two constructs of one id
 * stop the synth): those, and only those, get a hash of the whole ARN, so every other id, and the
 * resource address Terraform keeps it under, stays what it was.
 */
export function policyAttachmentIds(arns: readonly string[]): string[] {
  const plain = arns.map((arn) => `managed-${arn.replace(/^arn:[^:]+:iam::/, "").replace(/[^A-Za-z0-9_-]/g, "-")}`);
  return plain.map((id, i) =>
    plain.indexOf(id) === plain.lastIndexOf(id) ? id : `${id}-${createHash("sha256").update(arns[i]).digest("hex").slice(0, POLICY_ID_HASH_LENGTH)}`,
  );
}
