import { type S3BackendConfig, TerraformVariable } from "../../src/cdk";
import type { Construct } from "constructs";
import {
  CloudfrontDistribution,
  CloudwatchLogGroup,
  DbInstance,
  DbInstanceAutomatedBackupsReplication,
  DbParameterGroup,
  DefaultSecurityGroup,
  Eip,
  FlowLog,
  Instance,
  Lb,
  LbListener,
  LbListenerRule,
  LbTargetGroup,
  LbTargetGroupAttachment,
  S3Bucket,
  SecurityGroup,
  Vpc,
  VpcSecurityGroupEgressRule,
  VpcSecurityGroupIngressRule,
  Wafv2WebAcl,
  Wafv2WebAclLoggingConfiguration,
} from "../../src/aws";
import { Guardrails, RULES } from "../../src/guardrails";
import { EphemeralResource } from "../../src/ephemeral";
import { AWS_REFUSALS } from "../../src/guardrails/aws-refusals";
import { replaceableVpcOrigin } from "../../src/constructs/edge/vpc-origin";
import { check, compliantAlb, compliantDistribution, compliantInstance, compliantPrimary, edgeProvider, header, OWNED_PASSWORD, resource, TLS_PARAMETER_GROUP } from "./fixtures";

/** The three lines of one violation, as the user reads them. */
function violation(resource: string, address: string, rule: string, fix: string): string {
  return [`  - stack test, construct test/${resource}, resource ${address}`, `    ${rule}`, `    fix: ${fix}`].join("\n");
}

const withoutKey = <T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> => {
  const { [key]: _dropped, ...rest } = o;
  return rest;
};

const WORLD = "0.0.0.0/0, ::/0 or any block wider than an IPv4 /8 or an IPv6 /16";
const SG1 = `MS-SG-1 (high, checkov CKV_AWS_260, CKV_AWS_277): No security-group ingress from ${WORLD} (CloudFront arrives through its origin-facing prefix list)`;
const SG1_FIX = "admit the CloudFront origin-facing prefix list (prefixListId), a source security group (referencedSecurityGroupId) or a named network";
const SG2 = `MS-SG-2 (high, checkov CKV_AWS_24): SSH (port 22) is never admitted from ${WORLD}`;
const SG3 = `MS-SG-3 (medium): No security-group egress to ${WORLD} on HTTP (port 80): package repositories, Session Manager and AWS APIs use HTTPS`;
const SG3_FIX = "let servers out on 443 only (SecurityGroups does); Amazon Linux 2 gets port 80 with a suppression saying why";

const ALB4 =
  "MS-ALB-4 (high): Internet-facing ALBs forward only requests with CloudFront's secret header: no listener forwards by default, every forwarding listener rule has that http_header condition";
const ALB4_FIX =
  "give the listener a fixed-response 403 default action and forward only from an LbListenerRule with an httpHeader condition on the origin header CloudFront sends (LoadBalancer does this)";

const CDN_6 = "MS-CDN-6 (high): CloudFront distributions with their own domain (aliases) reach every custom or VPC origin over HTTPS only";
const CDN_6_FIX =
  'set originProtocolPolicy: "https-only" on every custom origin and VPC origin (Cdn does with a domain; the load balancer then needs a certificate for the origin\'s name)';

const CDN_3 =
  "MS-CDN-3 (high, checkov CKV_AWS_68, CKV2_AWS_47): Production CloudFront distributions have a WAFv2 web ACL of the stack that runs AWS's AWSManagedRulesAnonymousIpList group and blocks with its AWSManagedRulesKnownBadInputsRuleSet group";
const CDN_3_FIX = "set cdn.waf.enabled: true for the environment (EdgeFirewall), and keep the known-bad-inputs group out of cdn.waf.countOnly";

/** A CLOUDFRONT web ACL running the known-bad-inputs group with `overrideAction`, and the anonymous IP list (counting) unless `anonymousIpList` is false. */
function webAcl(scope: Construct, overrideAction: { none?: object; count?: object }, anonymousIpList = true) {
  const visibilityConfig = { cloudwatchMetricsEnabled: true, metricName: "acl", sampledRequestsEnabled: true };
  return {
    provider: edgeProvider(scope), // WAF takes CLOUDFRONT web ACLs in us-east-1 only (MS-AWS-5)
    name: "acl",
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    rule: [
      {
        name: "bad-inputs",
        priority: 0,
        overrideAction,
        statement: { managed_rule_group_statement: { vendor_name: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } },
        visibilityConfig,
      },
      // checkov's CKV2_AWS_47 and MS-CDN-3 ask for it, whatever its action: here it only counts.
      ...(anonymousIpList
        ? [
            {
              name: "anonymous-ip",
              priority: 1,
              overrideAction: { count: {} },
              statement: { managed_rule_group_statement: { vendor_name: "AWS", name: "AWSManagedRulesAnonymousIpList" } },
              visibilityConfig,
            },
          ]
        : []),
    ],
    visibilityConfig,
  };
}

/** The same, with its logging configuration beside it in `scope`. */
function loggedWebAcl(scope: Construct, overrideAction: { none?: object; count?: object }, anonymousIpList = true) {
  const config = webAcl(scope, overrideAction, anonymousIpList);
  const group = new CloudwatchLogGroup(scope, "waf-logs", { name: "aws-waf-logs-test", retentionInDays: 7, lifecycle: { preventDestroy: true } });
  // The ACL is built by the caller; the logging configuration refers to it by the id it will get.
  new Wafv2WebAclLoggingConfiguration(scope, "waf-logging", { resourceArn: "${aws_wafv2_web_acl.acl.arn}", logDestinationConfigs: [group.arn] });
  return config;
}

/** A listener of `alb` that answers 403 unless a rule forwards. */
function denyingListener(scope: Construct, alb: Lb): LbListener {
  return new LbListener(scope, "listener", {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: "HTTP",
    defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403" } }],
  });
}

const ALB5 =
  "MS-ALB-5 (medium): Web servers behind an ALB keep idle connections longer than the ALB does: the KeepAliveTimeout their user data gives Apache is above the ALB's idle_timeout";
const ALB5_FIX = "keep web.keepAliveTimeoutSeconds above loadBalancer.idleTimeoutSeconds (the boot script writes it as Apache's KeepAliveTimeout)";
const bootWithKeepAlive = (seconds: number) => `#!/bin/bash\ncat > /etc/httpd/conf.d/keepalive.conf <<CONF\nKeepAlive On\nKeepAliveTimeout ${seconds}\nCONF\n`;

/** A web server registered with a target group, booting with `userData`; an ALB with `idleTimeout` beside it. */
function albTarget(s: Construct, userData: string, idleTimeout?: number): Instance {
  new Lb(s, "alb", { ...compliantAlb, idleTimeout });
  const web = new Instance(s, "web", { ...compliantInstance, userData });
  new LbTargetGroupAttachment(s, "web-target", { targetGroupArn: "arn:tg", targetId: web.id });
  return web;
}

const EC2_2 =
  "MS-EC2-2 (high, checkov CKV_AWS_8, CKV_AWS_3): EBS volumes (instance and launch configuration root and data volumes, launch template block devices, standalone volumes) are encrypted";
const EC2_2_FIX =
  'set rootBlockDevice: { encrypted: true } and encrypted: true on every ebsBlockDevice / EbsVolume, and ebs: { encrypted: "true" } on every launch template blockDeviceMappings';
const EC2_3 =
  "MS-EC2-3 (high, checkov CKV_AWS_88): EC2 instances get no public IP address: associate_public_ip_address = false (instances, launch templates and configurations), no Elastic IP on an instance or network interface";
const EC2_3_FIX =
  'set associatePublicIpAddress: false (a launch template: networkInterfaces: [{ associatePublicIpAddress: "false" }]), attach no Elastic IP, and keep servers in private subnets (reach them via the ALB or Session Manager)';

/** A launch template that passes every rule, as cdk.tf.json holds it (its booleans are strings by schema). */
const compliantTemplate = {
  image_id: "ami-0123456789abcdef0",
  instance_type: "t3.micro",
  metadata_options: { http_tokens: "required" },
  network_interfaces: [{ associate_public_ip_address: "false", security_groups: ["sg-1"] }],
  block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true", volume_size: 8 } }],
};

/** An Auto Scaling group behind a target group that passes every rule. */
const compliantGroup = {
  min_size: 2,
  max_size: 6,
  vpc_zone_identifier: ["subnet-a", "subnet-c"],
  launch_template: { id: "lt-1", version: "$Latest" },
  target_group_arns: ["arn:tg"],
  health_check_type: "ELB",
};
const ASG_1 = "MS-ASG-1 (high): Auto Scaling groups behind a load balancer use its health checks (health_check_type = ELB)";
const ASG_1_FIX =
  'set healthCheckType: "ELB" with a healthCheckGracePeriod covering the boot script (WebAutoScalingGroup does when given target groups)';

const MON_1 =
  "MS-MON-1 (high): Load balancer target groups have an alarm on HealthyHostCount with an action (unless only Auto Scaling groups of min 0 serve them)";
const MON_1_FIX = "set alarms.enabled: true for the environment (Monitoring builds a healthy-hosts alarm per zone that notifies <prefix>-alarms)";
const MON_2 = "MS-MON-2 (high): RDS instances have at least one alarm on their metrics (AWS/RDS, DBInstanceIdentifier) with an action";
const MON_2_FIX =
  "set alarms.enabled: true for the environment (Monitoring builds CPU, storage, memory, connections and replica lag alarms that notify <prefix>-alarms)";

/** An alarm with an action on `metric` of AWS/RDS for `db`: production databases need one (MS-MON-2). */
function rdsAlarm(scope: Construct, db: DbInstance, args: Record<string, unknown> = {}) {
  return resource(scope, `aws_cloudwatch_metric_alarm`, `${db.node.id}-cpu`, {
    alarm_name: "db-cpu",
    namespace: "AWS/RDS",
    metric_name: "CPUUtilization",
    dimensions: { DBInstanceIdentifier: db.identifier },
    statistic: "Average",
    period: 300,
    evaluation_periods: 3,
    comparison_operator: "GreaterThanThreshold",
    threshold: 80,
    alarm_actions: ["arn:aws:sns:ap-northeast-2:111122223333:alarms"],
    ...args,
  });
}

/** `db`, watched by an alarm with an action, so that only the rule under test fires in production. */
function watched(scope: Construct, db: DbInstance): DbInstance {
  rdsAlarm(scope, db);
  return db;
}

/** A target group and a healthy-hosts alarm on it, `args` laid over the alarm. */
function targetGroupWithAlarm(scope: Construct, args: Record<string, unknown>): void {
  const group = new LbTargetGroup(scope, "tg", { name: "tg", port: 80, protocol: "HTTP", vpcId: "vpc-1" });
  resource(scope, "aws_cloudwatch_metric_alarm", "tg-healthy", {
    alarm_name: "tg-healthy-hosts",
    namespace: "AWS/ApplicationELB",
    metric_name: "HealthyHostCount",
    dimensions: { TargetGroup: group.arnSuffix, LoadBalancer: "app/alb/1" },
    statistic: "Minimum",
    period: 60,
    evaluation_periods: 3,
    comparison_operator: "LessThanThreshold",
    threshold: 1,
    alarm_actions: ["arn:aws:sns:ap-northeast-2:111122223333:alarms"],
    ...args,
  });
}

const VPC_1 = "MS-VPC-1 (medium, checkov CKV2_AWS_11): Every VPC has flow logs";
const VPC_1_FIX = "keep network.flowLogRetentionDays above 0 for the environment (default 7 days)";
const VPC_3 = "MS-VPC-3 (medium): VPC flow logs go to a CloudWatch log group or S3 bucket of the stack with a retention";
const VPC_3_FIX =
  "set network.flowLogRetentionDays (e.g. 90) for the environment (Network sends them to a CloudWatch log group kept that long)";

const RDS_2 = "MS-RDS-2 (high, checkov CKV_AWS_17): RDS instances, Aurora cluster instances and Multi-AZ DB clusters are not publicly accessible";
const RDS_2_FIX = "set publiclyAccessible: false and keep the instance in the database subnets";
const RDS_5 = "MS-RDS-5 (high, checkov CKV_AWS_293, CKV_AWS_139): RDS instances and clusters (Aurora, Multi-AZ DB clusters) have deletion protection";
const RDS_5_FIX = "set database.deletionProtection: true for the environment (deletionProtection: true on an RdsCluster)";
const RDS_6 = "MS-RDS-6 (high): RDS primaries and clusters keep a named final snapshot when deleted";
const RDS_6_FIX = "set database.skipFinalSnapshot: false (Database then names the final snapshot; on an RdsCluster set finalSnapshotIdentifier too)";
const RDS_8 = "MS-RDS-8 (high): RDS MySQL and MariaDB instances refuse connections without TLS: their parameter group sets require_secure_transport = 1";
const RDS_8_FIX =
  'keep { name: "require_secure_transport", value: "1" } in the parameter group Database builds, and its parameterGroupName on every instance';
const RDS_9 =
  "MS-RDS-9 (medium): RDS instances grow their storage automatically up to a ceiling: max_allocated_storage above allocated_storage (a replica's above its source's)";
const RDS_9_FIX =
  "keep database.maxAllocatedStorageGiB above database.allocatedStorageGiB (default 5 times it); Database sets it on the primary and the replica";
const STATE_2 =
  "MS-STATE-2 (high): Stateful resources (aws_db_instance, aws_rds_cluster, aws_ebs_volume, aws_efs_file_system, aws_s3_bucket, aws_dynamodb_table, aws_cloudwatch_log_group, aws_secretsmanager_secret) carry lifecycle prevent_destroy";
const STATE_2_FIX = "set protectStatefulResources: true for the environment (or lifecycle: { preventDestroy: true })";

const RDS_4 =
  "MS-RDS-4 (high): RDS master passwords come from a Secrets Manager secret of the stack through the write-only password_wo (an ephemeral aws_secretsmanager_secret_version of that secret): no password argument, not RDS-managed";
const RDS_4_FIX =
  "give the database its password through MasterCredentials (src/constructs/data/master-credentials.ts): passwordWo and passwordWoVersion, no password, no manageMasterUserPassword";

const RDS_10 =
  "MS-RDS-10 (high): RDS read replicas of a source named by ARN (another region's) are encrypted with a KMS key of their own region (kms_key_id)";
const RDS_10_FIX = "give the replica storageEncrypted: true and kmsKeyId: a KmsKey of its region (StandbyDatabase does)";
const DR_1 =
  "MS-DR-1 (high): A cross-region RDS replica (a standby) has its source's automated backups replicated into its region: an aws_db_instance_automated_backups_replication of the same source ARN";
const DR_1_FIX = "keep the standby stack's StandbyDatabase, which replicates the primary's backups (dr.backupRetentionDays)";

/** A standby's cross-region replica that passes every rule but MS-DR-1 (its backups replication is the case's to add). */
const standbyReplica = {
  identifier: "standby",
  replicateSourceDb: "arn:aws:rds:ap-northeast-2:111122223333:db:db",
  instanceClass: "db.t3.micro",
  storageEncrypted: true,
  kmsKeyId: "arn:aws:kms:ap-northeast-1:111122223333:key/k",
  parameterGroupName: TLS_PARAMETER_GROUP,
  maxAllocatedStorage: 100,
  publiclyAccessible: false,
  deletionProtection: true,
  skipFinalSnapshot: true,
  lifecycle: { preventDestroy: true },
};

/** An Aurora cluster that passes every rule, production ones included, as cdk.tf.json holds it. */
const compliantCluster = {
  cluster_identifier: "db",
  engine: "aurora-mysql",
  master_username: "admin",
  master_password_wo: OWNED_PASSWORD,
  master_password_wo_version: 1,
  storage_encrypted: true,
  deletion_protection: true,
  skip_final_snapshot: false,
  final_snapshot_identifier: "db-final",
  lifecycle: { prevent_destroy: true },
};

interface Case {
  readonly rule: string;
  readonly title: string;
  /** Checked with the production rules. */
  readonly production?: boolean;
  /** Settings laid over the test stack's (encrypted, locked) S3 backend. */
  readonly backend?: Partial<S3BackendConfig>;
  /** Backend arguments laid over it as synthesized. */
  readonly backendArgs?: Record<string, unknown>;
  readonly build: (scope: Construct) => void;
  readonly expected: string;
}

// One minimal construct per rule that breaks that rule and no other, with the exact message.
const CASES: Case[] = [
  {
    rule: "MS-EC2-1",
    title: "an instance without metadata_options (IMDSv1 allowed)",
    build: (s) => new Instance(s, "web", withoutKey(compliantInstance, "metadataOptions")),
    expected: violation(
      "web",
      "aws_instance.web",
      "MS-EC2-1 (high, checkov CKV_AWS_79): EC2 instances require IMDSv2 (session tokens) for instance metadata",
      'set metadataOptions: { httpTokens: "required" } (or httpEndpoint: "disabled")',
    ),
  },
  {
    rule: "MS-EC2-1",
    title: "a launch template that allows IMDSv1 (http_tokens optional)",
    build: (s) => resource(s, "aws_launch_template", "web", { ...compliantTemplate, metadata_options: { http_tokens: "optional" } }),
    expected: violation(
      "web",
      "aws_launch_template.web",
      "MS-EC2-1 (high, checkov CKV_AWS_79): EC2 instances require IMDSv2 (session tokens) for instance metadata",
      'set metadataOptions: { httpTokens: "required" } (or httpEndpoint: "disabled")',
    ),
  },
  {
    rule: "MS-ASG-1",
    title: "an Auto Scaling group registered with a target group but judged by EC2 status checks only",
    build: (s) => resource(s, "aws_autoscaling_group", "web", { ...compliantGroup, health_check_type: "EC2" }),
    expected: violation("web", "aws_autoscaling_group.web", ASG_1, ASG_1_FIX),
  },
  {
    rule: "MS-ASG-1",
    title: "an Auto Scaling group attached to a target group by an aws_autoscaling_attachment, with no health_check_type (EC2)",
    build: (s) => {
      const group = resource(s, "aws_autoscaling_group", "web", { ...withoutKey(compliantGroup, "health_check_type"), target_group_arns: undefined });
      resource(s, "aws_autoscaling_attachment", "web-tg", { autoscaling_group_name: "${aws_autoscaling_group.web.name}", lb_target_group_arn: "arn:tg" });
      void group;
    },
    expected: violation("web", "aws_autoscaling_group.web", ASG_1, ASG_1_FIX),
  },
  {
    rule: "MS-MON-1",
    title: "a production target group whose healthy-hosts alarm notifies nobody",
    production: true,
    build: (s) => targetGroupWithAlarm(s, { alarm_actions: [] }),
    expected: violation("tg", "aws_lb_target_group.tg", MON_1, MON_1_FIX),
  },
  {
    rule: "MS-MON-1",
    title: "a production target group whose only alarm watches unhealthy hosts, not healthy ones",
    production: true,
    build: (s) => targetGroupWithAlarm(s, { metric_name: "UnHealthyHostCount" }),
    expected: violation("tg", "aws_lb_target_group.tg", MON_1, MON_1_FIX),
  },
  {
    rule: "MS-MON-2",
    title: "a production database with no alarm",
    production: true,
    build: (s) => new DbInstance(s, "db", compliantPrimary),
    expected: violation("db", "aws_db_instance.db", MON_2, MON_2_FIX),
  },
  {
    rule: "MS-MON-2",
    title: "a production database whose alarm has its actions switched off",
    production: true,
    build: (s) => rdsAlarm(s, new DbInstance(s, "db", compliantPrimary), { actions_enabled: false }),
    expected: violation("db", "aws_db_instance.db", MON_2, MON_2_FIX),
  },
  {
    rule: "MS-EC2-2",
    title: "an instance whose root volume encryption was switched off through an escape hatch",
    build: (s) => new Instance(s, "web", compliantInstance).addOverride("root_block_device.encrypted", false),
    expected: violation("web", "aws_instance.web", EC2_2, EC2_2_FIX),
  },
  {
    rule: "MS-EC2-2",
    title: "a launch template whose EBS block device is not encrypted",
    build: (s) => resource(s, "aws_launch_template", "web", { ...compliantTemplate, block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "false" } }] }),
    expected: violation("web", "aws_launch_template.web", EC2_2, EC2_2_FIX),
  },
  {
    rule: "MS-EC2-3",
    title: "an instance that leaves its public IP to the subnet",
    build: (s) => new Instance(s, "web", withoutKey(compliantInstance, "associatePublicIpAddress")),
    expected: violation("web", "aws_instance.web", EC2_3, EC2_3_FIX),
  },
  {
    rule: "MS-EC2-3",
    title: "a launch template whose network interface asks for a public IP",
    build: (s) => resource(s, "aws_launch_template", "web", { ...compliantTemplate, network_interfaces: [{ associate_public_ip_address: "true", security_groups: ["sg-1"] }] }),
    expected: violation("web", "aws_launch_template.web", EC2_3, EC2_3_FIX),
  },
  {
    rule: "MS-EC2-3",
    title: "an Elastic IP on an instance",
    build: (s) => new Eip(s, "web-ip", { domain: "vpc", instance: "i-0123456789abcdef0" }),
    expected: violation("web-ip", "aws_eip.web-ip", EC2_3, EC2_3_FIX),
  },
  {
    rule: "MS-EC2-3",
    title: "an Elastic IP associated with an instance afterwards",
    build: (s) => resource(s, "aws_eip_association", "web-ip", { allocation_id: "eipalloc-1", instance_id: "i-0123456789abcdef0" }),
    expected: violation("web-ip", "aws_eip_association.web-ip", EC2_3, EC2_3_FIX),
  },
  {
    rule: "MS-SG-1",
    title: "HTTPS from 0.0.0.0/0 as a standalone ingress rule",
    build: (s) =>
      new VpcSecurityGroupIngressRule(s, "https-in", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
    expected: violation(
      "https-in",
      "aws_vpc_security_group_ingress_rule.https-in",
      SG1,
      "admit the CloudFront origin-facing prefix list (prefixListId), a source security group (referencedSecurityGroupId) or a named network",
    ),
  },
  {
    rule: "MS-SG-1",
    title: "HTTP from ::/0 as an inline ingress block",
    build: (s) =>
      new SecurityGroup(s, "alb-sg", {
        name: "alb",
        ingress: [{ fromPort: 80, toPort: 80, protocol: "tcp", ipv6CidrBlocks: ["::/0"] }],
      }),
    expected: violation(
      "alb-sg",
      "aws_security_group.alb-sg",
      SG1,
      "admit the CloudFront origin-facing prefix list (prefixListId), a source security group (referencedSecurityGroupId) or a named network",
    ),
  },
  {
    rule: "MS-SG-1",
    title: "HTTPS from half the internet (0.0.0.0/1; 128.0.0.0/1 would be the other half)",
    build: (s) =>
      new VpcSecurityGroupIngressRule(s, "https-in", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/1" }),
    expected: violation("https-in", "aws_vpc_security_group_ingress_rule.https-in", SG1, SG1_FIX),
  },
  {
    rule: "MS-SG-1",
    title: "HTTP from every global unicast IPv6 address (2000::/3) in a legacy security group rule",
    build: (s) =>
      resource(s, "aws_security_group_rule", "http-in", { security_group_id: "sg-1", type: "ingress", protocol: "tcp", from_port: 80, to_port: 80, ipv6_cidr_blocks: ["2000::/3"] }),
    expected: violation("http-in", "aws_security_group_rule.http-in", SG1, SG1_FIX),
  },
  {
    rule: "MS-SG-2",
    title: "SSH from 0.0.0.0/0, even with world ingress suppressed",
    build: (s) => {
      const ssh = new VpcSecurityGroupIngressRule(s, "ssh-in", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" });
      Guardrails.suppress(ssh, "MS-SG-1", "a public endpoint, accepted");
    },
    expected: violation(
      "ssh-in",
      "aws_vpc_security_group_ingress_rule.ssh-in",
      SG2,
      "use Session Manager (no SSH rule at all), or set web.adminCidr to your admin network",
    ),
  },
  {
    rule: "MS-SG-2",
    title: "SSH from the upper half of the internet (128.0.0.0/1), world ingress suppressed",
    build: (s) => {
      const ssh = new VpcSecurityGroupIngressRule(s, "ssh-in", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "128.0.0.0/1" });
      Guardrails.suppress(ssh, "MS-SG-1", "a public endpoint, accepted");
    },
    expected: violation("ssh-in", "aws_vpc_security_group_ingress_rule.ssh-in", SG2, "use Session Manager (no SSH rule at all), or set web.adminCidr to your admin network"),
  },
  {
    rule: "MS-VPC-1",
    title: "a VPC without flow logs, in any environment",
    build: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc.id, ingress: [], egress: [] });
    },
    expected: violation("vpc", "aws_vpc.vpc", VPC_1, VPC_1_FIX),
  },
  {
    rule: "MS-VPC-1",
    title: "a production VPC without flow logs: MS-VPC-1 alone, MS-VPC-3 has nothing to read",
    production: true,
    build: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc.id, ingress: [], egress: [] });
    },
    expected: violation("vpc", "aws_vpc.vpc", VPC_1, VPC_1_FIX),
  },
  {
    rule: "MS-VPC-3",
    title: "a production VPC whose flow logs are kept forever",
    production: true,
    build: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc.id, ingress: [], egress: [] });
      const group = new CloudwatchLogGroup(s, "flow-logs", { name: "flow-logs", lifecycle: { preventDestroy: true } });
      new FlowLog(s, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestination: group.arn, iamRoleArn: "arn:role" });
    },
    expected: violation("vpc", "aws_vpc.vpc", VPC_3, VPC_3_FIX),
  },
  {
    rule: "MS-VPC-3",
    title: "a production VPC whose flow logs go to a destination outside the stack",
    production: true,
    build: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc.id, ingress: [], egress: [] });
      new FlowLog(s, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::somewhere" });
    },
    expected: violation("vpc", "aws_vpc.vpc", VPC_3, VPC_3_FIX),
  },
  {
    rule: "MS-VPC-2",
    title: "a VPC whose default security group is left as AWS made it",
    build: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new FlowLog(s, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::logs" });
    },
    expected: violation(
      "vpc",
      "aws_vpc.vpc",
      "MS-VPC-2 (medium, checkov CKV2_AWS_12): Every VPC's default security group is managed (aws_default_security_group) with no rules",
      "add a DefaultSecurityGroup for the VPC with ingress: [] and egress: [] (Network does this)",
    ),
  },
  {
    rule: "MS-SG-3",
    title: "HTTP out to 0.0.0.0/0 as a standalone egress rule (the web servers' old 'package mirrors' rule)",
    build: (s) =>
      new VpcSecurityGroupEgressRule(s, "web-out-http", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" }),
    expected: violation("web-out-http", "aws_vpc_security_group_egress_rule.web-out-http", SG3, SG3_FIX),
  },
  {
    rule: "MS-SG-3",
    title: "every port to ::/0 as an inline egress block (80 among them)",
    build: (s) =>
      new SecurityGroup(s, "open-sg", { name: "open", egress: [{ fromPort: 0, toPort: 0, protocol: "-1", ipv6CidrBlocks: ["::/0"] }] }),
    expected: violation("open-sg", "aws_security_group.open-sg", SG3, SG3_FIX),
  },
  {
    rule: "MS-SG-3",
    title: "ports 1-1024 to half the internet in a legacy security group rule",
    build: (s) =>
      resource(s, "aws_security_group_rule", "low-out", { security_group_id: "sg-1", type: "egress", protocol: "tcp", from_port: 1, to_port: 1024, cidr_blocks: ["0.0.0.0/1"] }),
    expected: violation("low-out", "aws_security_group_rule.low-out", SG3, SG3_FIX),
  },
  {
    rule: "MS-RDS-8",
    title: "a MySQL parameter group that leaves require_secure_transport off",
    build: (s) => new DbParameterGroup(s, "params", { name: "plain", family: "mysql8.4", parameter: [{ name: "slow_query_log", value: "1" }] }),
    expected: violation("params", "aws_db_parameter_group.params", RDS_8, RDS_8_FIX),
  },
  {
    rule: "MS-RDS-8",
    title: "a MySQL primary on RDS's default parameter group (TLS optional)",
    build: (s) => new DbInstance(s, "db", withoutKey(compliantPrimary, "parameterGroupName")),
    expected: violation("db", "aws_db_instance.db", RDS_8, RDS_8_FIX),
  },
  {
    rule: "MS-RDS-8",
    title: "a replica of a MySQL primary, on a group whose require_secure_transport is OFF",
    build: (s) => {
      const primary = new DbInstance(s, "db", compliantPrimary);
      const off = new DbParameterGroup(s, "off", { name: "off", family: "mysql8.4", parameter: [{ name: "require_secure_transport", value: "OFF" }] });
      Guardrails.suppress(off, "MS-RDS-8", "the group itself is not under test here");
      new DbInstance(s, "replica", {
        identifier: "replica",
        instanceClass: "db.t3.micro",
        replicateSourceDb: primary.identifier,
        parameterGroupName: off.name,
        maxAllocatedStorage: 100,
        storageEncrypted: true,
        deletionProtection: true,
      });
    },
    expected: violation("replica", "aws_db_instance.replica", RDS_8, RDS_8_FIX),
  },
  {
    rule: "MS-RDS-9",
    title: "a primary without a storage autoscaling ceiling (a full disk stops it)",
    build: (s) => new DbInstance(s, "db", withoutKey(compliantPrimary, "maxAllocatedStorage")),
    expected: violation("db", "aws_db_instance.db", RDS_9, RDS_9_FIX),
  },
  {
    rule: "MS-RDS-9",
    title: "a ceiling equal to the allocation (autoscaling off)",
    build: (s) => new DbInstance(s, "db", { ...compliantPrimary, maxAllocatedStorage: 20 }),
    expected: violation("db", "aws_db_instance.db", RDS_9, RDS_9_FIX),
  },
  {
    rule: "MS-RDS-9",
    title: "a replica whose ceiling is below its source's allocation",
    build: (s) => {
      const primary = new DbInstance(s, "db", { ...compliantPrimary, allocatedStorage: 200, maxAllocatedStorage: 1000 });
      new DbInstance(s, "replica", {
        identifier: "replica",
        instanceClass: "db.t3.micro",
        replicateSourceDb: primary.identifier,
        parameterGroupName: "mysql-tls",
        maxAllocatedStorage: 100,
        storageEncrypted: true,
        deletionProtection: true,
      });
    },
    expected: violation("replica", "aws_db_instance.replica", RDS_9, RDS_9_FIX),
  },
  {
    rule: "MS-RDS-1",
    title: "an unencrypted database",
    build: (s) => new DbInstance(s, "db", { ...compliantPrimary, storageEncrypted: false }),
    expected: violation("db", "aws_db_instance.db", "MS-RDS-1 (high, checkov CKV_AWS_16): RDS storage is encrypted at rest", "set storageEncrypted: true"),
  },
  {
    rule: "MS-RDS-2",
    title: "a publicly accessible database",
    build: (s) => new DbInstance(s, "db", { ...compliantPrimary, publiclyAccessible: true }),
    expected: violation("db", "aws_db_instance.db", RDS_2, RDS_2_FIX),
  },
  {
    rule: "MS-RDS-2",
    title: "a publicly accessible Aurora cluster instance",
    build: (s) => resource(s, "aws_rds_cluster_instance", "db-1", { cluster_identifier: "db", instance_class: "db.r6g.large", engine: "aurora-mysql", publicly_accessible: true }),
    expected: violation("db-1", "aws_rds_cluster_instance.db-1", RDS_2, RDS_2_FIX),
  },
  {
    rule: "MS-RDS-3",
    title: "a database without automated backups",
    build: (s) => new DbInstance(s, "db", { ...compliantPrimary, backupRetentionPeriod: 0 }),
    expected: violation(
      "db",
      "aws_db_instance.db",
      "MS-RDS-3 (high, checkov CKV_AWS_133): RDS primaries keep automated backups (backup_retention_period of 1 day or more)",
      "set database.backupRetentionDays to 1 or more (backupRetentionPeriod)",
    ),
  },
  {
    rule: "MS-RDS-4",
    title: "a database with a literal master password",
    build: (s) => new DbInstance(s, "db", { ...withoutKey(compliantPrimary, "passwordWo"), password: "correct-horse-battery" }),
    expected: violation("db", "aws_db_instance.db", RDS_4, RDS_4_FIX),
  },
  {
    rule: "MS-RDS-4",
    title: "a new database with a master user and no password from anywhere",
    build: (s) => new DbInstance(s, "db", withoutKey(compliantPrimary, "passwordWo")),
    expected: violation("db", "aws_db_instance.db", RDS_4, RDS_4_FIX),
  },
  {
    rule: "MS-RDS-4",
    title: "a database whose password RDS manages (which RDS then refuses to replicate)",
    build: (s) => new DbInstance(s, "db", { ...withoutKey(compliantPrimary, "passwordWo"), manageMasterUserPassword: true }),
    expected: violation("db", "aws_db_instance.db", RDS_4, RDS_4_FIX),
  },
  {
    rule: "MS-RDS-4",
    title: "a write-only password straight from a generator: kept in no secret, so nobody can read it back",
    build: (s) => {
      const generated = new EphemeralResource(s, "generated", "aws_secretsmanager_random_password", { password_length: 32 });
      new DbInstance(s, "db", { ...compliantPrimary, passwordWo: generated.getStringAttribute("random_password") });
    },
    expected: violation("db", "aws_db_instance.db", RDS_4, RDS_4_FIX),
  },
  {
    rule: "MS-RDS-4",
    title: "a write-only password read from a secret the stack does not own (named by a literal ARN)",
    build: (s) => {
      const foreign = new EphemeralResource(s, "foreign", "aws_secretsmanager_secret_version", { secret_id: "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:other" });
      new DbInstance(s, "db", { ...compliantPrimary, passwordWo: `\${jsondecode(${foreign.getStringAttribute("secret_string")}).password}` });
    },
    expected: violation("db", "aws_db_instance.db", RDS_4, RDS_4_FIX),
  },
  {
    rule: "MS-RDS-5",
    title: "a production database without deletion protection",
    production: true,
    build: (s) => watched(s, new DbInstance(s, "db", { ...compliantPrimary, deletionProtection: false })),
    expected: violation("db", "aws_db_instance.db", RDS_5, RDS_5_FIX),
  },
  {
    rule: "MS-RDS-5",
    title: "a production Aurora cluster without deletion protection",
    production: true,
    build: (s) => resource(s, "aws_rds_cluster", "db", { ...compliantCluster, deletion_protection: undefined }),
    expected: violation("db", "aws_rds_cluster.db", RDS_5, RDS_5_FIX),
  },
  {
    rule: "MS-RDS-6",
    title: "a production database that skips its final snapshot",
    production: true,
    build: (s) => watched(s, new DbInstance(s, "db", { ...withoutKey(compliantPrimary, "finalSnapshotIdentifier"), skipFinalSnapshot: true })),
    expected: violation("db", "aws_db_instance.db", RDS_6, RDS_6_FIX),
  },
  {
    rule: "MS-RDS-6",
    title: "a production Aurora cluster that skips its final snapshot",
    production: true,
    build: (s) => resource(s, "aws_rds_cluster", "db", { ...compliantCluster, skip_final_snapshot: true, final_snapshot_identifier: undefined }),
    expected: violation("db", "aws_rds_cluster.db", RDS_6, RDS_6_FIX),
  },
  {
    rule: "MS-RDS-7",
    title: "a production primary in one zone",
    production: true,
    build: (s) => watched(s, new DbInstance(s, "db", { ...compliantPrimary, multiAz: false })),
    expected: violation(
      "db",
      "aws_db_instance.db",
      "MS-RDS-7 (medium, checkov CKV_AWS_157): RDS primaries are Multi-AZ",
      "set database.multiAz: true for the environment",
    ),
  },
  {
    rule: "MS-RDS-10",
    title: "a replica of another region's database without a KMS key of its own region",
    build: (s) => new DbInstance(s, "standby", withoutKey(standbyReplica, "kmsKeyId")),
    expected: violation("standby", "aws_db_instance.standby", RDS_10, RDS_10_FIX),
  },
  {
    rule: "MS-DR-1",
    title: "a production standby replica whose source's backups are not replicated into its region",
    production: true,
    build: (s) => watched(s, new DbInstance(s, "standby", standbyReplica)),
    expected: violation("standby", "aws_db_instance.standby", DR_1, DR_1_FIX),
  },
  {
    rule: "MS-DR-1",
    title: "backups replicated from another database than the replica's source",
    production: true,
    build: (s) => {
      watched(s, new DbInstance(s, "standby", standbyReplica));
      new DbInstanceAutomatedBackupsReplication(s, "backups", { sourceDbInstanceArn: "arn:aws:rds:ap-northeast-2:111122223333:db:other", kmsKeyId: "arn:aws:kms:ap-northeast-1:111122223333:key/k" });
    },
    expected: violation("standby", "aws_db_instance.standby", DR_1, DR_1_FIX),
  },
  {
    rule: "MS-ALB-1",
    title: "an ALB that passes invalid headers on",
    build: (s) => new Lb(s, "alb", { ...compliantAlb, dropInvalidHeaderFields: false }),
    expected: violation(
      "alb",
      "aws_lb.alb",
      "MS-ALB-1 (medium, checkov CKV_AWS_131): Application load balancers drop HTTP headers with invalid fields",
      "set dropInvalidHeaderFields: true",
    ),
  },
  {
    rule: "MS-ALB-2",
    title: "a production ALB without deletion protection",
    production: true,
    build: (s) => new Lb(s, "alb", withoutKey(compliantAlb, "enableDeletionProtection")),
    expected: violation(
      "alb",
      "aws_lb.alb",
      "MS-ALB-2 (medium, checkov CKV_AWS_150): Application load balancers have deletion protection",
      "set loadBalancer.deletionProtection: true for the environment",
    ),
  },
  {
    rule: "MS-ALB-3",
    title: "a production ALB without access logs",
    production: true,
    build: (s) => new Lb(s, "alb", withoutKey(compliantAlb, "accessLogs")),
    expected: violation(
      "alb",
      "aws_lb.alb",
      "MS-ALB-3 (medium, checkov CKV_AWS_91): Application load balancers write access logs to S3",
      "set loadBalancer.accessLogs: true for the environment (LoadBalancer creates the bucket and its ELB delivery policy)",
    ),
  },
  {
    rule: "MS-ALB-4",
    title: "a listener that forwards every request, secret header or not",
    build: (s) =>
      new LbListener(s, "listener", {
        loadBalancerArn: "arn:alb",
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }],
      }),
    expected: violation("listener", "aws_lb_listener.listener", ALB4, ALB4_FIX),
  },
  {
    rule: "MS-ALB-4",
    title: "a listener that denies by default, and a rule on path /* that forwards everyone anyway",
    build: (s) => {
      const listener = denyingListener(s, new Lb(s, "alb", compliantAlb));
      new LbListenerRule(s, "everything", {
        listenerArn: listener.arn,
        priority: 1,
        condition: [{ pathPattern: { values: ["/*"] } }],
        action: [{ type: "forward", targetGroupArn: "arn:tg" }],
      });
    },
    expected: violation("everything", "aws_lb_listener_rule.everything", ALB4, ALB4_FIX),
  },
  {
    rule: "MS-ALB-4",
    title: "a forwarding rule on a header CloudFront does not send",
    build: (s) => {
      const listener = denyingListener(s, new Lb(s, "alb", compliantAlb));
      new CloudfrontDistribution(s, "cdn", compliantDistribution());
      new LbListenerRule(s, "from-cdn", {
        listenerArn: listener.arn,
        priority: 1,
        condition: [{ httpHeader: { httpHeaderName: "X-Origin-Verify", values: ["guessable"] } }],
        action: [{ type: "forward", targetGroupArn: "arn:tg" }],
      });
    },
    expected: violation("from-cdn", "aws_lb_listener_rule.from-cdn", ALB4, ALB4_FIX),
  },
  {
    rule: "MS-ALB-4",
    title: "a forwarding rule whose header value is a wildcard (CloudFront in another stack)",
    build: (s) =>
      new LbListenerRule(s, "from-cdn", {
        listenerArn: "arn:listener",
        condition: [{ httpHeader: { httpHeaderName: "X-Origin-Verify", values: ["*"] } }],
        action: [{ type: "forward", targetGroupArn: "arn:tg" }],
      }),
    expected: violation("from-cdn", "aws_lb_listener_rule.from-cdn", ALB4, ALB4_FIX),
  },
  {
    rule: "MS-ALB-5",
    title: "a target whose boot script leaves Apache's 5 s keep-alive (the 502s of the review)",
    build: (s) => albTarget(s, "#!/bin/bash\ndnf install -y httpd\nsystemctl enable --now httpd\n"),
    expected: violation("web", "aws_instance.web", ALB5, ALB5_FIX),
  },
  {
    rule: "MS-ALB-5",
    title: "a keep-alive equal to the ALB's default idle timeout (60 s)",
    build: (s) => albTarget(s, bootWithKeepAlive(60)),
    expected: violation("web", "aws_instance.web", ALB5, ALB5_FIX),
  },
  {
    rule: "MS-ALB-5",
    title: "the ALB's idle timeout raised above the servers' 65 s",
    build: (s) => albTarget(s, bootWithKeepAlive(65), 120),
    expected: violation("web", "aws_instance.web", ALB5, ALB5_FIX),
  },
  {
    rule: "MS-ALB-5",
    title: "a later KeepAliveTimeout (Apache takes the last) shorter than the idle timeout",
    build: (s) => albTarget(s, `${bootWithKeepAlive(65)}echo 'KeepAliveTimeout 5' >> /etc/httpd/conf.d/zz.conf\nKeepAliveTimeout 5\n`),
    expected: violation("web", "aws_instance.web", ALB5, ALB5_FIX),
  },
  {
    rule: "MS-ALB-5",
    title: "a launch template (base64 user data, 30 s) behind an Auto Scaling group registered with a target group",
    build: (s) => {
      new Lb(s, "alb", compliantAlb);
      const template = resource(s, "aws_launch_template", "web", { ...compliantTemplate, user_data: Buffer.from(bootWithKeepAlive(30)).toString("base64") });
      resource(s, "aws_autoscaling_group", "web-asg", {
        min_size: 2,
        max_size: 4,
        launch_template: { id: `\${aws_launch_template.${template.friendlyUniqueId}.id}` },
        target_group_arns: ["arn:tg"],
        health_check_type: "ELB",
      });
    },
    expected: violation("web", "aws_launch_template.web", ALB5, ALB5_FIX),
  },
  {
    rule: "MS-CDN-1",
    title: "a distribution that serves viewers over plain HTTP",
    build: (s) => new CloudfrontDistribution(s, "cdn", compliantDistribution({ viewerProtocolPolicy: "allow-all" })),
    expected: violation(
      "cdn",
      "aws_cloudfront_distribution.cdn",
      "MS-CDN-1 (high, checkov CKV_AWS_34): CloudFront cache behaviors redirect viewers to HTTPS (or accept HTTPS only)",
      'set viewerProtocolPolicy: "redirect-to-https" on the default and every ordered cache behavior',
    ),
  },
  {
    rule: "MS-CDN-2",
    title: "a distribution that sends no secret header to its ALB origin",
    build: (s) => new CloudfrontDistribution(s, "cdn", compliantDistribution({ customHeader: undefined })),
    expected: violation(
      "cdn",
      "aws_cloudfront_distribution.cdn",
      "MS-CDN-2 (high): CloudFront sends a secret custom header to every custom or VPC (ALB) origin",
      "add customHeader: [{ name: originHeader.name, value: originHeader.value }] to the origin (Cdn does this)",
    ),
  },
  {
    rule: "MS-ALB-6",
    title: "an HTTPS listener left on the default security policy (TLS 1.0 allowed)",
    build: (s) =>
      new LbListener(s, "https", {
        loadBalancerArn: "arn:alb",
        port: 443,
        protocol: "HTTPS",
        certificateArn: "arn:certificate",
        defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403" } }],
      }),
    expected: violation(
      "https",
      "aws_lb_listener.https",
      "MS-ALB-6 (high, checkov CKV_AWS_103): Load balancer HTTPS and TLS listeners use a security policy of TLS 1.2 or newer",
      'set sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" (ALB_TLS_POLICY, what LoadBalancer uses)',
    ),
  },
  {
    rule: "MS-CDN-5",
    title: "a distribution on its own certificate that still accepts TLS 1.1 viewers",
    build: (s) =>
      new CloudfrontDistribution(s, "cdn", {
        ...compliantDistribution({ originProtocolPolicy: "https-only" }),
        aliases: ["www.example.com"],
        viewerCertificate: { acmCertificateArn: "arn:certificate", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.1_2016" },
      }),
    expected: violation(
      "cdn",
      "aws_cloudfront_distribution.cdn",
      "MS-CDN-5 (high, checkov CKV_AWS_174): CloudFront distributions with their own certificate accept viewers over TLSv1.2_2021 or newer only",
      "set viewerCertificate.minimumProtocolVersion to TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025 (Cdn does with a domain)",
    ),
  },
  {
    rule: "MS-CDN-6",
    title: "a distribution on its own domain that reaches its ALB over HTTP",
    build: (s) =>
      new CloudfrontDistribution(s, "cdn", {
        ...compliantDistribution(),
        aliases: ["www.example.com"],
        viewerCertificate: { acmCertificateArn: "arn:certificate", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      }),
    expected: violation("cdn", "aws_cloudfront_distribution.cdn", CDN_6, CDN_6_FIX),
  },
  {
    rule: "MS-CDN-2",
    title: "a distribution that sends no secret header through its VPC origin",
    build: (s) => {
      const { customOriginConfig: _custom, ...origin } = compliantDistribution({ customHeader: undefined }).origin[0];
      new CloudfrontDistribution(s, "cdn", { ...compliantDistribution(), origin: [{ ...origin, vpcOriginConfig: { vpcOriginId: "vo_1" } }] });
    },
    expected: violation(
      "cdn",
      "aws_cloudfront_distribution.cdn",
      "MS-CDN-2 (high): CloudFront sends a secret custom header to every custom or VPC (ALB) origin",
      "add customHeader: [{ name: originHeader.name, value: originHeader.value }] to the origin (Cdn does this)",
    ),
  },
  {
    rule: "MS-CDN-6",
    title: "a distribution on its own domain whose VPC origin reaches the ALB over HTTP",
    build: (s) => {
      const { vpcOrigin } = replaceableVpcOrigin(s, { baseName: "alb", loadBalancerArn: "arn:alb", httpPort: 80, https: false });
      const { customOriginConfig: _custom, ...origin } = compliantDistribution().origin[0];
      new CloudfrontDistribution(s, "cdn", {
        ...compliantDistribution(),
        origin: [{ ...origin, vpcOriginConfig: { vpcOriginId: vpcOrigin.id } }],
        aliases: ["www.example.com"],
        viewerCertificate: { acmCertificateArn: "arn:certificate", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      });
    },
    expected: violation("cdn", "aws_cloudfront_distribution.cdn", CDN_6, CDN_6_FIX),
  },
  {
    rule: "MS-CDN-3",
    title: "a production distribution with no web ACL",
    production: true,
    build: (s) => new CloudfrontDistribution(s, "cdn", compliantDistribution()),
    expected: violation("cdn", "aws_cloudfront_distribution.cdn", CDN_3, CDN_3_FIX),
  },
  {
    rule: "MS-CDN-3",
    title: "a production distribution whose web ACL only counts the known-bad-inputs group",
    production: true,
    build: (s) => {
      const acl = new Wafv2WebAcl(s, "acl", loggedWebAcl(s, { count: {} }));
      new CloudfrontDistribution(s, "cdn", { ...compliantDistribution(), webAclId: acl.arn });
    },
    expected: violation("cdn", "aws_cloudfront_distribution.cdn", CDN_3, CDN_3_FIX),
  },
  {
    rule: "MS-CDN-3",
    title: "a production distribution whose web ACL blocks known bad inputs but lacks the anonymous IP list (checkov CKV2_AWS_47 fails it too)",
    production: true,
    build: (s) => {
      const acl = new Wafv2WebAcl(s, "acl", loggedWebAcl(s, { none: {} }, false));
      new CloudfrontDistribution(s, "cdn", { ...compliantDistribution(), webAclId: acl.arn });
    },
    expected: violation("cdn", "aws_cloudfront_distribution.cdn", CDN_3, CDN_3_FIX),
  },
  {
    rule: "MS-CDN-4",
    title: "a production web ACL that logs nowhere",
    production: true,
    build: (s) => new Wafv2WebAcl(s, "acl", webAcl(s, { none: {} })),
    expected: violation(
      "acl",
      "aws_wafv2_web_acl.acl",
      "MS-CDN-4 (medium, checkov CKV2_AWS_31): Production WAFv2 web ACLs log their requests (aws_wafv2_web_acl_logging_configuration)",
      "keep cdn.waf.enabled (EdgeFirewall logs to aws-waf-logs-<namePrefix>), or add a Wafv2WebAclLoggingConfiguration for the ACL",
    ),
  },
  {
    rule: "MS-STATE-1",
    title: "an S3 backend that stores the state unencrypted",
    backend: { encrypt: false },
    build: () => undefined,
    expected: violation(
      "backend",
      "terraform.backend.s3",
      "MS-STATE-1 (high): The S3 state backend encrypts the state and locks it (use_lockfile or a DynamoDB table)",
      "keep backend.encrypt: true and backend.useLockfile: true (or backend.dynamodbTable for Terraform < 1.10)",
    ),
  },
  {
    rule: "MS-STATE-1",
    title: "an S3 backend that locks nothing (use_lockfile false, no DynamoDB table)",
    backendArgs: { use_lockfile: false },
    build: () => undefined,
    expected: violation(
      "backend",
      "terraform.backend.s3",
      "MS-STATE-1 (high): The S3 state backend encrypts the state and locks it (use_lockfile or a DynamoDB table)",
      "keep backend.encrypt: true and backend.useLockfile: true (or backend.dynamodbTable for Terraform < 1.10)",
    ),
  },
  {
    rule: "MS-STATE-2",
    title: "a production bucket without prevent_destroy",
    production: true,
    build: (s) => new S3Bucket(s, "bucket", { bucket: "data" }),
    expected: violation("bucket", "aws_s3_bucket.bucket", STATE_2, STATE_2_FIX),
  },
  {
    rule: "MS-STATE-2",
    title: "a production Aurora cluster without prevent_destroy",
    production: true,
    build: (s) => resource(s, "aws_rds_cluster", "db", { ...compliantCluster, lifecycle: undefined }),
    expected: violation("db", "aws_rds_cluster.db", STATE_2, STATE_2_FIX),
  },
  {
    rule: "MS-STATE-2",
    title: "a production EBS volume without prevent_destroy",
    production: true,
    build: (s) => resource(s, "aws_ebs_volume", "data", { availability_zone: "ap-northeast-2a", size: 100, encrypted: true }),
    expected: violation("data", "aws_ebs_volume.data", STATE_2, STATE_2_FIX),
  },
];

describe("every rule, broken by a minimal construct", () => {
  it.each(CASES.map((c) => [c.rule, c.title, c] as const))("%s: %s", (_rule, _title, c) => {
    const { error } = check(c.build, "test", { backend: c.backend, backendArgs: c.backendArgs, production: c.production });
    expect(error).toBe(`${header(1)}\n${c.expected}`);
  });

  it("MS-TAG-1: a resource without the ownership tags, in a stack whose provider has no default_tags", () => {
    const { error } = check((s) => new S3Bucket(s, "bucket", { bucket: "data", tags: { Name: "data" } }), "test", { tagged: false });
    expect(error).toBe(
      `${header(1)}\n` +
        violation(
          "bucket",
          "aws_s3_bucket.bucket",
          "MS-TAG-1 (low): Every taggable AWS resource carries Project, Environment, ManagedBy (from the provider's default_tags or its own tags)",
          "give the AWS provider defaultTags with Project, Environment and ManagedBy (MultipleServerStack does), or tag the resource",
        ),
    );
  });

  it("has a case for every rule of the pack", () => {
    // MS-AWS rules: one test file each under __tests__/guardrails/rules/ (aws-refusals.test.ts checks it).
    const covered = new Set([...CASES.map((c) => c.rule), "MS-TAG-1", ...AWS_REFUSALS.map((r) => r.id)]);
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("lists every violation at once, in one message", () => {
    const { error } = check((s) => {
      new Instance(s, "web", {});
      new DbInstance(s, "db", { ...compliantPrimary, publiclyAccessible: true, storageEncrypted: false });
    });
    expect(error?.split("\n")[0]).toBe(header(5));
    expect(error?.match(/^ {4}MS-[A-Z0-9]+-\d+/gm)?.map((s) => s.trim())).toEqual(["MS-EC2-1", "MS-EC2-2", "MS-EC2-3", "MS-RDS-1", "MS-RDS-2"]);
  });
});

describe("what the rules leave alone", () => {
  it.each([
    ["CloudFront's origin-facing prefix list on the ALB", (s: Construct) =>
      new VpcSecurityGroupIngressRule(s, "cf-in", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 80, toPort: 80, prefixListId: "pl-1" })],
    ["SSH from a named admin network", (s: Construct) =>
      new VpcSecurityGroupIngressRule(s, "ssh-in", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.0/24" })],
    ["a whole /8 and a /16 of IPv6, the largest blocks still taken for one network", (s: Construct) =>
      new SecurityGroup(s, "corp", {
        name: "corp",
        ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: ["2001::/16"] }],
      })],
    ["a promoted replica, which keeps its source's user and password (no username, no password argument)", (s: Construct) =>
      new DbInstance(s, "promoted", { ...withoutKey(withoutKey(compliantPrimary, "passwordWo"), "username"), passwordWoVersion: undefined })],
    ["a read replica, which inherits backups, password and snapshots from its primary (its storage ceiling is its own)", (s: Construct) =>
      new DbInstance(s, "replica", { identifier: "replica", instanceClass: "db.t3.micro", replicateSourceDb: "db", maxAllocatedStorage: 100, storageEncrypted: true, skipFinalSnapshot: true })],
    ["HTTPS out to the internet, and MySQL to a named network", (s: Construct) => {
      new VpcSecurityGroupEgressRule(s, "https-out", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
      new VpcSecurityGroupEgressRule(s, "db-out", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 80, toPort: 3306, cidrIpv4: "10.0.0.0/16" });
    }],
    ["a PostgreSQL parameter group and instance (require_secure_transport is MySQL's)", (s: Construct) => {
      new DbParameterGroup(s, "pg", { name: "pg", family: "postgres16", parameter: [{ name: "log_min_duration_statement", value: "2000" }] });
      new DbInstance(s, "pg-db", { ...compliantPrimary, identifier: "pg", engine: "postgres", parameterGroupName: "pg" });
    }],
    ["a target keeping connections 65 s behind an ALB of the default 60 s, and a server behind no load balancer", (s: Construct) => {
      albTarget(s, bootWithKeepAlive(65));
      new Instance(s, "worker", { ...compliantInstance, userData: "#!/bin/bash\necho no web server here\n" });
    }],
    ["a keep-alive in milliseconds above a 30 s idle timeout", (s: Construct) => albTarget(s, bootWithKeepAlive(30).replace("KeepAliveTimeout 30", "KeepAliveTimeout 31000ms"), 30)],
    ["a network load balancer, to which the HTTP rules do not apply", (s: Construct) =>
      new Lb(s, "nlb", { name: "nlb", loadBalancerType: "network", subnets: ["subnet-a"] })],
    ["a forwarding rule on the header and value CloudFront sends", (s: Construct) => {
      const listener = denyingListener(s, new Lb(s, "alb", compliantAlb));
      new CloudfrontDistribution(s, "cdn", compliantDistribution());
      new LbListenerRule(s, "from-cdn", {
        listenerArn: listener.arn,
        condition: [{ httpHeader: { httpHeaderName: "x-origin-verify", values: ["secret"] } }],
        action: [{ type: "forward", targetGroupArn: "arn:tg" }],
      });
    }],
    ["a forwarding rule on the secret header, CloudFront being in another stack", (s: Construct) =>
      new LbListenerRule(s, "from-cdn", {
        listenerArn: "arn:listener",
        condition: [{ pathPattern: { values: ["/*"] } }, { httpHeader: { httpHeaderName: "X-Origin-Verify", values: ["${var.origin_secret}"] } }],
        action: [{ type: "forward", targetGroupArn: "arn:tg" }],
      })],
    ["an internal ALB, which CloudFront does not reach, forwarding by default", (s: Construct) => {
      const alb = new Lb(s, "alb", { ...compliantAlb, internal: true });
      new LbListener(s, "listener", { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP", defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }] });
    }],
    ["a launch template with an encrypted volume and a private network interface", (s: Construct) =>
      resource(s, "aws_launch_template", "web", compliantTemplate)],
    ["a NAT gateway's Elastic IP", (s: Construct) => new Eip(s, "nat-ip", { domain: "vpc" })],
    ["a VPC whose flow logs go outside the stack, outside production (MS-VPC-3 is prod only)", (s: Construct) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc.id, ingress: [], egress: [] });
      new FlowLog(s, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::somewhere" });
    }],
    ["the production rules outside production", (s: Construct) =>
      new DbInstance(s, "db", { ...compliantPrimary, deletionProtection: false, multiAz: false, skipFinalSnapshot: true, lifecycle: undefined })],
  ])("%s", (_title, build) => {
    expect(check(build).error).toBeUndefined();
  });

  it("a protected Aurora cluster in production (Multi-AZ is its reader instances' business, see MS-RDS-7)", () => {
    expect(check((s) => resource(s, "aws_rds_cluster", "db", compliantCluster), "test", { production: true }).error).toBeUndefined();
  });
});

/** The rule ids an error names, in order; [] when the stack passes. */
function rulesBroken(error: string | undefined): string[] {
  return error?.match(/^ {4}MS-[A-Z0-9]+-\d+/gm)?.map((s) => s.trim()) ?? [];
}

// Terraform converts "true"/"1" and "false"/"0" to booleans and "7" to a number, so a rule reads
// them as it does; an expression known only at plan time counts as the unsafe value.
describe("arguments written as strings or expressions", () => {
  const db = (s: Construct) => watched(s, new DbInstance(s, "db", compliantPrimary));
  const planTime = (s: Construct) => new TerraformVariable(s, "flag", { type: "bool" }).booleanValue;
  it.each([
    ["publicly_accessible \"true\" is public", (s: Construct) => db(s).addOverride("publicly_accessible", "true"), false, ["MS-RDS-2"]],
    ["publicly_accessible \"1\" is public", (s: Construct) => db(s).addOverride("publicly_accessible", "1"), false, ["MS-RDS-2"]],
    ["publicly_accessible from a variable may be public", (s: Construct) => db(s).addOverride("publicly_accessible", planTime(s)), false, ["MS-RDS-2"]],
    ["publicly_accessible \"false\" is private", (s: Construct) => db(s).addOverride("publicly_accessible", "false"), false, []],
    ["skip_final_snapshot \"true\" skips it", (s: Construct) => db(s).addOverride("skip_final_snapshot", "true"), true, ["MS-RDS-6"]],
    ["skip_final_snapshot from a variable may skip it", (s: Construct) => db(s).addOverride("skip_final_snapshot", planTime(s)), true, ["MS-RDS-6"]],
    ["skip_final_snapshot unset takes the snapshot", (s: Construct) => db(s).addOverride("skip_final_snapshot", null), true, []],
    ["storage_encrypted from a variable may be off", (s: Construct) => db(s).addOverride("storage_encrypted", planTime(s)), false, ["MS-RDS-1"]],
    ["storage_encrypted \"false\" is off", (s: Construct) => db(s).addOverride("storage_encrypted", "false"), false, ["MS-RDS-1"]],
    ["deletion_protection, multi_az, storage_encrypted \"true\" are on", (s: Construct) => {
      const d = db(s);
      ["deletion_protection", "multi_az", "storage_encrypted"].forEach((k) => d.addOverride(k, "true"));
      d.addOverride("lifecycle.prevent_destroy", "true");
    }, true, []],
    ["deletion_protection \"0\" is off", (s: Construct) => db(s).addOverride("deletion_protection", "0"), true, ["MS-RDS-5"]],
    ["multi_az from a variable may be off", (s: Construct) => db(s).addOverride("multi_az", planTime(s)), true, ["MS-RDS-7"]],
    ["backup_retention_period \"7\" keeps backups", (s: Construct) => db(s).addOverride("backup_retention_period", "7"), false, []],
    ["backup_retention_period \"0\" keeps none", (s: Construct) => db(s).addOverride("backup_retention_period", "0"), false, ["MS-RDS-3"]],
    ["drop_invalid_header_fields \"true\" drops them", (s: Construct) => new Lb(s, "alb", compliantAlb).addOverride("drop_invalid_header_fields", "true"), false, []],
    ["drop_invalid_header_fields from a variable may not", (s: Construct) => new Lb(s, "alb", compliantAlb).addOverride("drop_invalid_header_fields", planTime(s)), false, ["MS-ALB-1"]],
    ["enable_deletion_protection \"false\" is off", (s: Construct) => new Lb(s, "alb", compliantAlb).addOverride("enable_deletion_protection", "false"), true, ["MS-ALB-2"]],
    ["access_logs.enabled \"true\" is on", (s: Construct) => new Lb(s, "alb", compliantAlb).addOverride("access_logs.enabled", "true"), true, []],
    ["a load_balancer_type from a variable may be an ALB", (s: Construct) => {
      const type = new TerraformVariable(s, "type", { type: "string" }).stringValue;
      new Lb(s, "alb", { ...compliantAlb, dropInvalidHeaderFields: false, loadBalancerType: type });
    }, false, ["MS-ALB-1"]],
    ["root volume encrypted \"true\" is encrypted", (s: Construct) => new Instance(s, "web", compliantInstance).addOverride("root_block_device.encrypted", "true"), false, []],
    ["associate_public_ip_address \"false\" is no address", (s: Construct) => new Instance(s, "web", compliantInstance).addOverride("associate_public_ip_address", "false"), false, []],
    ["associate_public_ip_address from a variable may be one", (s: Construct) => new Instance(s, "web", compliantInstance).addOverride("associate_public_ip_address", planTime(s)), false, ["MS-EC2-3"]],
    ["SSH on port \"22\" from the world", (s: Construct) =>
      new VpcSecurityGroupIngressRule(s, "ssh-in", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })
        .addOverride("from_port", "22"), false, ["MS-SG-1", "MS-SG-2"]],
  ] as const)("%s", (_title, build, production, broken) => {
    expect(rulesBroken(check(build, "test", { production }).error)).toEqual(broken);
  });

  it("a production target group and database with alarms that notify comply; outside production none is needed", () => {
    const watchedStack = (s: Construct) => {
      targetGroupWithAlarm(s, {});
      watched(s, new DbInstance(s, "db", compliantPrimary));
    };
    expect(rulesBroken(check(watchedStack, "test", { production: true }).error)).toEqual([]);
    const bare = (s: Construct) => {
      new LbTargetGroup(s, "tg", { name: "tg", port: 80, protocol: "HTTP", vpcId: "vpc-1" });
      new DbInstance(s, "db", compliantPrimary);
    };
    expect(rulesBroken(check(bare, "test", { production: false }).error)).toEqual([]);
    expect(rulesBroken(check(bare, "test", { production: true }).error)).toEqual(["MS-MON-1", "MS-MON-2"]);
    // A target group that only a min-0 Auto Scaling group serves (a pilot-light standby) needs none;
    // one that a group of min 1, or an attached instance, serves does.
    const servedBy = (minSize: number, attachInstance = false) => (s: Construct) => {
      const group = new LbTargetGroup(s, "tg", { name: "tg", port: 80, protocol: "HTTP", vpcId: "vpc-1" });
      resource(s, "aws_autoscaling_group", "web", { ...compliantGroup, min_size: minSize, target_group_arns: [group.arn] });
      if (attachInstance) resource(s, "aws_lb_target_group_attachment", "web-a", { target_group_arn: group.arn, target_id: "i-1" });
    };
    expect(rulesBroken(check(servedBy(0), "test", { production: true }).error)).toEqual([]);
    expect(rulesBroken(check(servedBy(1), "test", { production: true }).error)).toEqual(["MS-MON-1"]);
    expect(rulesBroken(check(servedBy(0, true), "test", { production: true }).error)).toEqual(["MS-MON-1"]);
    // An alarm naming the database by its literal identifier counts too.
    const literal = (s: Construct) => {
      const db = new DbInstance(s, "db", { ...compliantPrimary, identifier: "app-db" });
      rdsAlarm(s, db, { dimensions: { DBInstanceIdentifier: "app-db" } });
    };
    expect(rulesBroken(check(literal, "test", { production: true }).error)).toEqual([]);
  });

  it.each([
    ["an Auto Scaling group behind a target group with ELB checks", compliantGroup, []],
    ["an Auto Scaling group behind no load balancer, EC2 checks (not applicable)", { ...compliantGroup, target_group_arns: [], health_check_type: "EC2" }, []],
    ["an Auto Scaling group behind a classic load balancer, EC2 checks", { ...compliantGroup, target_group_arns: undefined, load_balancers: ["web-elb"], health_check_type: "EC2" }, ["MS-ASG-1"]],
    ["an Auto Scaling group with a traffic source, no health_check_type", { ...withoutKey(compliantGroup, "health_check_type"), target_group_arns: undefined, traffic_source: [{ identifier: "arn:tg", type: "elbv2" }] }, ["MS-ASG-1"]],
  ] as const)("%s", (_title, args, broken) => {
    expect(rulesBroken(check((s) => resource(s, "aws_autoscaling_group", "web", args)).error)).toEqual(broken);
  });

  it.each([
    ["a launch template that leaves volume encryption and the public IP to the account and subnet", "aws_launch_template", {
      image_id: "ami-0123456789abcdef0",
      metadata_options: { http_tokens: "required" },
      block_device_mappings: [{ device_name: "/dev/xvda", ebs: { volume_size: 8 } }],
    }, ["MS-EC2-2", "MS-EC2-3"]],
    ["a launch configuration with nothing set", "aws_launch_configuration", { image_id: "ami-0123456789abcdef0", instance_type: "t3.micro" }, ["MS-EC2-1", "MS-EC2-2", "MS-EC2-3"]],
  ] as const)("%s", (_title, type, args, broken) => {
    expect(rulesBroken(check((s) => resource(s, type, "web", args)).error)).toEqual(broken);
  });

  it.each([
    ["use_lockfile left out and no DynamoDB table: unlocked", { use_lockfile: undefined }, ["MS-STATE-1"]],
    ["use_lockfile \"false\": unlocked", { use_lockfile: "false" }, ["MS-STATE-1"]],
    ["use_lockfile left out, a DynamoDB table: locked the old way", { use_lockfile: undefined, dynamodb_table: "locks" }, []],
  ] as const)("an S3 backend with %s", (_title, backendArgs, broken) => {
    expect(rulesBroken(check(() => undefined, "test", { backendArgs }).error)).toEqual(broken);
  });

  it("an S3 backend with encrypt \"true\" is encrypted", () => {
    expect(check(() => undefined, "test", { backend: { encrypt: "true" as unknown as boolean } }).error).toBeUndefined();
  });
});
