import { AutoscalingGroup, AutoscalingPolicy, LaunchTemplate } from "../../../src/aws";
import { WebAutoScalingGroup, type WebAutoScalingGroupProps } from "../../../src/constructs/web/web-auto-scaling-group";
import { resourcesOf, synthConstruct } from "../../helpers";

const base: WebAutoScalingGroupProps = {
  name: "multiple-server-prod-web",
  imageId: "ami-0123456789abcdef0",
  instanceType: "t3.micro",
  instanceProfileName: "multiple-server-prod-web-iam",
  securityGroupIds: ["sg-web"],
  userData: '#!/bin/bash\necho "hello ${USER}"\n',
  rootVolumeGiB: 8,
  subnetIds: ["subnet-a", "subnet-c"],
  targetGroupArns: ["arn:tg"],
  minSize: 2,
  maxSize: 6,
  instanceTags: { Project: "multiple-server", Environment: "prod", ManagedBy: "cdktf" },
};

const build = (props: Partial<WebAutoScalingGroupProps> = {}) =>
  synthConstruct((scope) => {
    new WebAutoScalingGroup(scope, "web-fleet", { ...base, ...props });
  });

describe("WebAutoScalingGroup", () => {
  const { json, tf } = build();
  const [[templateId, template]] = resourcesOf(tf, "aws_launch_template");
  const [[groupId, group]] = resourcesOf(tf, "aws_autoscaling_group");

  it("launches servers from a template: IMDSv2 only with one hop, encrypted gp3 root, no public IP, the SSM profile", () => {
    expect(json).toHaveResourceWithProperties(LaunchTemplate, {
      name: "multiple-server-prod-web",
      image_id: "ami-0123456789abcdef0",
      instance_type: "t3.micro",
      iam_instance_profile: { name: "multiple-server-prod-web-iam" },
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
      network_interfaces: [{ device_index: 0, associate_public_ip_address: "false", delete_on_termination: "true", security_groups: ["sg-web"] }],
      block_device_mappings: [
        { device_name: "/dev/xvda", ebs: { volume_type: "gp3", volume_size: 8, encrypted: "true", delete_on_termination: "true" } },
      ],
      update_default_version: true,
    });
    expect(template.key_name).toBeUndefined();
    expect(template.vpc_security_group_ids).toBeUndefined();
  });

  it("passes the boot script verbatim, base64-encoded (quotes and ${ need no Terraform escaping)", () => {
    expect(Buffer.from(template.user_data, "base64").toString("utf8")).toBe(base.userData);
  });

  it("spreads a group over the web subnets, registered with the target group and judged by its health checks", () => {
    expect(json).toHaveResourceWithProperties(AutoscalingGroup, {
      name: "multiple-server-prod-web",
      min_size: 2,
      max_size: 6,
      desired_capacity: 2,
      vpc_zone_identifier: ["subnet-a", "subnet-c"],
      target_group_arns: ["arn:tg"],
      health_check_type: "ELB",
      health_check_grace_period: 300,
      default_instance_warmup: 300,
    });
  });

  it("leaves the desired count to the scaling policy after creation", () => {
    expect(group.lifecycle).toEqual({ ignore_changes: ["desired_capacity"] });
  });

  it("rolls the fleet when the template changes: the group follows latest_version, with a rolling refresh keeping half in service", () => {
    expect(group.launch_template).toEqual({
      id: `\${aws_launch_template.${templateId}.id}`,
      version: `\${aws_launch_template.${templateId}.latest_version}`,
    });
    expect(group.instance_refresh).toEqual({
      strategy: "Rolling",
      preferences: { min_healthy_percentage: 50, instance_warmup: "300" },
    });
    // A new boot script or AMI changes the template (a new version), and with it the group's version.
    const changed = build({ userData: "#!/bin/bash\necho changed\n", imageId: "ami-0fedcba9876543210" });
    const [[, newTemplate]] = resourcesOf(changed.tf, "aws_launch_template");
    expect(newTemplate.user_data).not.toBe(template.user_data);
    expect(newTemplate.image_id).toBe("ami-0fedcba9876543210");
  });

  it("tracks average CPU at the target", () => {
    expect(json).toHaveResourceWithProperties(AutoscalingPolicy, {
      name: "multiple-server-prod-web-cpu",
      autoscaling_group_name: `\${aws_autoscaling_group.${groupId}.name}`,
      policy_type: "TargetTrackingScaling",
      target_tracking_configuration: {
        predefined_metric_specification: { predefined_metric_type: "ASGAverageCPUUtilization" },
        target_value: 50,
      },
    });
    const [[, tuned]] = resourcesOf(build({ targetCpuPercent: 70 }).tf, "aws_autoscaling_policy");
    expect(tuned.target_tracking_configuration.target_value).toBe(70);
  });

  it("tags every server with its Name and the default tags at launch, and its root volume through the template", () => {
    const expected = { Project: "multiple-server", Environment: "prod", ManagedBy: "cdktf", Name: "multiple-server-prod-web" };
    expect(Object.fromEntries(group.tag.map((t: any) => [t.key, t.value]))).toEqual(expected);
    expect(group.tag.every((t: any) => t.propagate_at_launch === true)).toBe(true);
    expect(template.tag_specifications).toEqual([{ resource_type: "volume", tags: expected }]);
  });

  it("uses EC2 status checks when no load balancer judges the servers", () => {
    expect(build({ targetGroupArns: [] }).json).toHaveResourceWithProperties(AutoscalingGroup, { health_check_type: "EC2" });
  });

  it("accepts an empty pilot-light group (min 0) and a desired count of its own", () => {
    expect(build({ minSize: 0, maxSize: 4 }).json).toHaveResourceWithProperties(AutoscalingGroup, { min_size: 0, desired_capacity: 0 });
    expect(build({ desiredCapacity: 4 }).json).toHaveResourceWithProperties(AutoscalingGroup, { desired_capacity: 4 });
  });

  it.each([
    [{ minSize: 3, maxSize: 2 }, "min 3, desired 3, max 2"],
    [{ desiredCapacity: 7 }, "min 2, desired 7, max 6"],
    [{ minSize: -1 }, "min -1, desired -1, max 6"],
  ])("refuses sizes %p before building anything", (sizes, detail) => {
    expect(() => build(sizes)).toThrow(`WebAutoScalingGroup multiple-server-prod-web: sizes must satisfy 0 <= min <= desired <= max (${detail})`);
  });
});
