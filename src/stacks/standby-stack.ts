import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "../cdk";
import { AwsProvider, DataAwsLaunchTemplate } from "../aws";
import type { BackendSettings } from "../config/schema";
import { type StandbySettings, standbyFleet, standbyNetwork, standbyStateBucket } from "../config/standby";
import type { StandbyMasterCredentials } from "../constructs/data/master-credentials";
import type { StandbyDatabase } from "../constructs/data/standby-database";
import { StandbyOriginSecret } from "../constructs/edge/shared-origin-secret";
import type { Monitoring } from "../constructs/monitoring/monitoring";
import { Network } from "../constructs/network/network";
import { LogKey } from "../constructs/shared/log-key";
import { StateBackend } from "../constructs/shared/state-backend";
import { StandbyOrigin } from "../constructs/standby/standby-origin";
import { StandbyVpcOrigin } from "../constructs/standby/standby-vpc-origin";
import { LoadBalancer } from "../constructs/web/load-balancer";
import type { WebAutoScalingGroup } from "../constructs/web/web-auto-scaling-group";
import { WebTier } from "../constructs/web/web-tier";
import { Naming, STANDBY_SUFFIX, standbyPrefix, standbyStackName } from "../naming";
import { standbyDataTier } from "./data-tier";
import { originPlan } from "./edge";
import { standbyMonitoring } from "./monitoring";
import { securityGroups } from "./security-groups";
import { defaultTags } from "./stack";
import { webFleet } from "./web-fleet";

/**
 * Where the standby keeps its state: the primary's backend kind, in the standby region. S3: the
 * standby bucket in `dr.region`, locked with S3's lock file and encrypted with `dr.stateKmsKeyId`
 * when set (the primary's DynamoDB table and KMS key belong to the primary region). HCP Terraform: the workspace `<primary's>-dr`. Local: a
 * file of its own.
 */
export function standbyBackend(settings: StandbySettings): BackendSettings {
  const b = settings.backend;
  return {
    ...b,
    bucket: b.kind === "s3" ? standbyStateBucket(settings) : b.bucket,
    region: settings.dr.region,
    kmsKeyId: settings.dr.stateKmsKeyId,
    dynamodbTable: undefined,
    useLockfile: true,
    workspace: b.workspace === undefined ? undefined : `${b.workspace}-${STANDBY_SUFFIX}`,
    localPath: b.localPath === undefined ? undefined : `${b.localPath.replace(/\.tfstate$/, "")}-${STANDBY_SUFFIX}.tfstate`,
  };
}

/**
 * `multiple-server-<env>-dr`: the standby of one environment in `dr.region` (docs/disaster-recovery.md
 * "Disaster recovery"). Its own stack with its own state in that region, and every resource on that
 * region's provider, because a failover has to be planned and applied while the primary region's
 * APIs are down: it reads nothing of the primary stack's state (the replica's source is an ARN
 * built from the account, region and identifier; the origin secret is read from its replica in
 * this region by name).
 */
export class StandbyStack extends TerraformStack {
  public readonly network: Network;
  public readonly loadBalancer: LoadBalancer;
  public readonly database: StandbyDatabase;
  /** The VPC origin of the standby's internal ALB, with `cdn.origin: "vpc"`. */
  public readonly vpcOrigin?: StandbyVpcOrigin;
  /** The standby's side of the origin name, when the environment has a domain. */
  public readonly origin?: StandbyOrigin;
  /** Role, instance profile and AMI of the standby's servers. */
  public readonly web: WebTier;
  /** The standby's web servers: none in pilot light, dr.webMin in warm standby, the primary's size once promoted. */
  public readonly webFleet: WebAutoScalingGroup;
  /** Alarms of the standby (replica, hosts, NAT gateways), when `alarms.enabled`. */
  public readonly monitoring?: Monitoring;
  private readonly credentials: StandbyMasterCredentials;

  constructor(scope: Construct, settings: StandbySettings) {
    const id = standbyStackName(settings.environment);
    super(scope, id);
    const dr = settings.dr;
    const naming = new Naming(standbyPrefix(settings.namePrefix));
    const protect = settings.protectStatefulResources;
    const network = standbyNetwork(dr);

    new AwsProvider(this, "aws", { region: dr.region, defaultTags: [{ tags: defaultTags(settings) }] });
    new StateBackend(this, "state", { settings: standbyBackend(settings), environment: `${settings.environment}-${STANDBY_SUFFIX}`, defaultWorkspace: id });
    // As the primary's: with a domain, CloudFront reaches whichever ALB the origin name answers with over HTTPS.
    const origin = originPlan(settings);
    this.origin = settings.domain ? new StandbyOrigin(this, "origin", { naming, domain: settings.domain }) : undefined;
    const logKmsKeyArn = standbyLogKey(this, settings, naming);

    this.network = new Network(this, "network", { naming, settings: network, protect, logKmsKeyArn, region: dr.region });
    const groups = securityGroups(this, settings, { naming, vpcId: this.network.vpcId, origin });
    // Whatever the primary's fleet, the standby's is an Auto Scaling group: its size is the
    // one thing a mode and a promotion change (min 0 in pilot light).
    // The servers find the database through SSM parameters of this region (DatabaseAccess).
    const database = { region: dr.region, port: settings.database.port, parameters: naming.databaseParameters() };
    this.web = new WebTier(this, "web", {
      naming,
      database,
      // An AMI id is the primary region's: the standby boots its own region's copy (dr.image).
      settings: { ...settings.web, fleet: "autoScaling", countPerAz: undefined, image: dr.image ?? settings.web.image },
      subnetIds: this.network.webSubnets.ids,
      availabilityZones: network.availabilityZones,
      securityGroupId: groups.webSecurityGroupId,
    });
    const originSecret = new StandbyOriginSecret(this, "origin-secret", { primaryNaming: new Naming(settings.namePrefix) });
    this.loadBalancer = new LoadBalancer(this, "load-balancer", {
      naming,
      settings: settings.loadBalancer,
      region: dr.region,
      vpcId: this.network.vpcId,
      // As the primary: behind a VPC origin the ALB is internal, in the web subnets.
      internal: origin.vpc,
      subnetIds: origin.vpc ? this.network.webSubnets.ids : this.network.publicSubnets.ids,
      securityGroupId: groups.albSecurityGroupId,
      targetInstanceIds: [],
      targetPort: settings.web.port,
      healthCheckPath: settings.web.healthCheckPath,
      protect,
      originSecretValue: originSecret.value,
      http: origin.serveHttp,
      https: this.origin ? { certificateArn: this.origin.certificate.certificateArn } : undefined,
    });
    const fleet = standbyFleet(settings);
    const targetGroupArn = this.loadBalancer.targetGroup.arn;
    const imageId = pinnedImage(this, settings, naming);
    this.webFleet = webFleet(this, { imageId, naming, web: settings.web, tier: this.web, network: this.network, groups, targetGroupArn, database, sizes: fleet, tags: defaultTags(settings) });

    this.vpcOrigin = this.edge(settings, naming);
    ({ database: this.database, credentials: this.credentials } = standbyDataTier(this, settings, { naming, network: this.network, groups, web: this.web, database, logKmsKeyArn }));
    this.monitoring = standbyMonitoring(this, settings, { naming, network: this.network, loadBalancer: this.loadBalancer, database: this.database, fleet });
    this.outputs(dr);
  }

  /**
   * The standby's side of the edge: the VPC origin of its ALB, or, with a domain and a public
   * origin, the SECONDARY of the origin name's failover pair (the pair exists only where
   * CloudFront resolves the origin name: not behind a VPC origin).
   */
  private edge(settings: StandbySettings, naming: Naming): StandbyVpcOrigin | undefined {
    if (settings.cdn.origin !== "vpc") {
      this.origin?.pointAt({ dnsName: this.loadBalancer.dnsName, hostedZoneId: this.loadBalancer.zoneId });
      return undefined;
    }
    return new StandbyVpcOrigin(this, "vpc-origin", {
      naming,
      loadBalancerArn: this.loadBalancer.arn,
      httpPort: settings.loadBalancer.listenerPort,
      https: settings.domain !== undefined,
      dependsOn: [this.network.internetGateway],
    });
  }

  private outputs(dr: StandbySettings["dr"]): void {
    const output = (name: string, value: unknown, description: string) => new TerraformOutput(this, name, { value, description });
    output("standby_mode", dr.promote ? "promoted" : dr.mode, "pilotLight or warmStandby while standing by; promoted once dr.promote is applied");
    output("alb_dns_name", this.loadBalancer.dnsName, "DNS name of the standby ALB (answers 403 without CloudFront's header)");
    if (this.vpcOrigin) output("vpc_origin_id", this.vpcOrigin.id, "Id of the standby ALB's CloudFront VPC origin: the primary's distribution switches to it at a failover");
    if (dr.promote) {
      output("db_writer_endpoint", this.database.endpoint, "Endpoint of the promoted standby database: the writer now");
      output("db_master_secret_arn", this.credentials.secretArn, "Secrets Manager ARN of the master credentials in this region (the primary's secret, replicated)");
    } else {
      output("db_replica_endpoint", this.database.endpoint, "Endpoint of the cross-region read replica (read-only until promoted)");
      output("db_source_arn", this.database.sourceArn, "ARN of the primary database the standby replicates");
    }
    output("web_autoscaling_group", this.webFleet.groupName, "Name of the standby's Auto Scaling group (min 0 in pilot light)");
    output("vpc_id", this.network.vpcId, "Id of the standby VPC");
  }
}

/** As the primary's: a key of the standby's region for exactly the log groups the standby declares there, with logKmsEncryption. */
function standbyLogKey(stack: Construct, settings: StandbySettings, naming: Naming): string | undefined {
  if (!settings.logKmsEncryption) return undefined;
  const network = standbyNetwork(settings.dr);
  return new LogKey(stack, "log-key", {
    naming,
    region: settings.dr.region,
    logGroupNames: [
      ...(network.flowLogRetentionDays > 0 ? [naming.flowLogGroup()] : []),
      ...settings.database.logExports.map((type) => naming.rdsLogGroup(naming.perAz("db", network.availabilityZones[0]), type)),
    ],
    protect: settings.protectStatefulResources,
  }).keyArn;
}

/**
 * Promoted, the servers keep the image the standby was last applied with (its own launch
 * template's latest version, which the group runs and the data source reads:
 * hashicorp/terraform-provider-aws, internal/service/ec2/ec2_launch_template_data_source.go), read
 * in this region: a failover apply that resolved the current image would change the template and
 * start an instance refresh of a warm fleet mid-failover. Standing by, every apply (deploy.yml
 * applies the standby after the primary) takes the current one.
 */
function pinnedImage(stack: Construct, settings: StandbySettings, naming: Naming): string | undefined {
  return settings.dr.promote ? new DataAwsLaunchTemplate(stack, "pinned-image", { name: naming.name("web") }).imageId : undefined;
}
