import { Construct } from "constructs";
import type { ITerraformDependable } from "../../cdk";
import { AutoscalingGroup, AutoscalingPolicy, LaunchTemplate } from "../../aws";
import {
  AMAZON_LINUX_ROOT_DEVICE,
  AUTO_SCALING_GROUP_METRICS,
  IMDS_HOP_LIMIT,
  INSTANCE_REFRESH_MIN_HEALTHY_PERCENT,
  NAME_TAG_KEY,
} from "../../config/constants";

export interface WebAutoScalingGroupProps {
  /** AWS name of the launch template, the group and the scaling policy's prefix; also the servers' Name tag. Required. */
  readonly name: string;
  /** AMI id the servers boot. Every change makes a new launch template version, which rolls the fleet. Required. */
  readonly imageId: string;
  /** EC2 instance type. Required. */
  readonly instanceType: string;
  /** Instance profile of the servers (Session Manager). Required. */
  readonly instanceProfileName: string;
  /** Security groups of the servers' network interface. Required. */
  readonly securityGroupIds: string[];
  /** Boot script, as plain text (base64-encoded here). Changing it rolls the fleet. Required. */
  readonly userData: string;
  /** Size of the encrypted gp3 root volume in GiB. Required. */
  readonly rootVolumeGiB: number;
  /** Private subnets the group spreads over, one per zone. Required. */
  readonly subnetIds: string[];
  /**
   * Target groups the group registers its servers with. With any, the group takes the ALB's
   * health checks as its own (health_check_type ELB), so a server whose web server died is
   * replaced, not just taken out of rotation. @default none (EC2 status checks only)
   */
  readonly targetGroupArns?: string[];
  /** Fewest servers; 0 keeps a pilot-light group empty. Required. */
  readonly minSize: number;
  /** Most servers the policy may scale out to. Required. */
  readonly maxSize: number;
  /**
   * Servers at creation. Terraform ignores later changes of the group's desired capacity, so an
   * apply never undoes what the scaling policy did. @default minSize
   */
  readonly desiredCapacity?: number;
  /** Average CPU (percent) the target-tracking policy keeps the group at. @default 50 */
  readonly targetCpuPercent?: number;
  /** Seconds a new server may boot before its health counts, also its warm-up for scaling and refreshes. @default 300 */
  readonly healthCheckGraceSeconds?: number;
  /** Share of the group kept in service during an instance refresh. @default INSTANCE_REFRESH_MIN_HEALTHY_PERCENT (50) */
  readonly minHealthyPercent?: number;
  /**
   * Tags every server and its root volume carry besides Name, normally the stack's default tags:
   * the provider's default_tags tag the group and the template but never reach what the group
   * launches. @default none
   */
  readonly instanceTags?: Record<string, string>;
  /** What must exist before servers boot and install packages (NAT routes, egress rules). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A self-healing web fleet, after the AWS CDK's `AutoScalingGroup` and terraform-aws-modules'
 * autoscaling module: a launch template (IMDSv2 only with one hop, encrypted gp3 root, no public
 * IP) and an Auto Scaling group over private subnets, registered with the ALB's target groups
 * and judged by their health checks. A target-tracking policy on average CPU sets the size
 * between min and max; a change of the launch template (a new AMI, a new boot script) starts a
 * rolling instance refresh that keeps `minHealthyPercent` of the group serving.
 */
export class WebAutoScalingGroup extends Construct {
  public static readonly DEFAULT_TARGET_CPU_PERCENT = 50;
  public static readonly DEFAULT_HEALTH_CHECK_GRACE_SECONDS = 300;

  public readonly launchTemplate: LaunchTemplate;
  public readonly group: AutoscalingGroup;
  public readonly scalingPolicy: AutoscalingPolicy;
  /** Name of the group (for `aws autoscaling` commands and CloudWatch's AutoScalingGroupName dimension). */
  public readonly groupName: string;

  constructor(scope: Construct, id: string, props: WebAutoScalingGroupProps) {
    super(scope, id);
    const desired = props.desiredCapacity ?? props.minSize;
    if (props.minSize < 0 || props.minSize > props.maxSize || desired < props.minSize || desired > props.maxSize) {
      throw new Error(
        `WebAutoScalingGroup ${props.name}: sizes must satisfy 0 <= min <= desired <= max (min ${props.minSize}, desired ${desired}, max ${props.maxSize})`,
      );
    }
    if (props.subnetIds.length === 0) throw new Error(`WebAutoScalingGroup ${props.name}: needs at least one subnet`);
    const grace = props.healthCheckGraceSeconds ?? WebAutoScalingGroup.DEFAULT_HEALTH_CHECK_GRACE_SECONDS;
    const serverTags = { ...props.instanceTags, [NAME_TAG_KEY]: props.name };

    this.launchTemplate = new LaunchTemplate(this, "template", {
      name: props.name,
      description: `Web servers of ${props.name}`,
      imageId: props.imageId,
      instanceType: props.instanceType,
      iamInstanceProfile: { name: props.instanceProfileName },
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: IMDS_HOP_LIMIT },
      // The provider takes these booleans as strings ("" meaning unset).
      networkInterfaces: [
        { deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: props.securityGroupIds },
      ],
      blockDeviceMappings: [
        {
          deviceName: AMAZON_LINUX_ROOT_DEVICE,
          ebs: { volumeType: "gp3", volumeSize: props.rootVolumeGiB, encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      // Encoded here, not with Terraform's base64encode(): no quote or ${ in the script needs escaping.
      userData: Buffer.from(props.userData, "utf8").toString("base64"),
      // The group's tags reach the servers; volumes only get tags from here.
      tagSpecifications: [{ resourceType: "volume", tags: serverTags }],
      updateDefaultVersion: true,
      tags: { [NAME_TAG_KEY]: props.name },
    });

    this.group = new AutoscalingGroup(this, "group", {
      name: props.name,
      minSize: props.minSize,
      maxSize: props.maxSize,
      desiredCapacity: desired,
      vpcZoneIdentifier: props.subnetIds,
      targetGroupArns: props.targetGroupArns,
      healthCheckType: props.targetGroupArns?.length ? "ELB" : "EC2",
      healthCheckGracePeriod: grace,
      defaultInstanceWarmup: grace,
      // latest_version changes with every template change: that change is what starts the refresh.
      launchTemplate: { id: this.launchTemplate.id, version: `${this.launchTemplate.latestVersion}` },
      instanceRefresh: {
        strategy: "Rolling",
        preferences: { minHealthyPercentage: props.minHealthyPercent ?? INSTANCE_REFRESH_MIN_HEALTHY_PERCENT, instanceWarmup: String(grace) },
      },
      enabledMetrics: [...AUTO_SCALING_GROUP_METRICS],
      tag: Object.entries(serverTags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      dependsOn: props.dependsOn,
      // The scaling policy owns the count after creation.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });
    this.groupName = this.group.name;

    this.scalingPolicy = new AutoscalingPolicy(this, "cpu", {
      name: `${props.name}-cpu`,
      autoscalingGroupName: this.group.name,
      policyType: "TargetTrackingScaling",
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: props.targetCpuPercent ?? WebAutoScalingGroup.DEFAULT_TARGET_CPU_PERCENT,
      },
    });
  }
}
