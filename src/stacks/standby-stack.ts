import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider, DataAwsLaunchTemplate } from "../aws";
import type { BackendSettings } from "../config/schema";
import {
  primaryDatabaseIdentifier,
  type StandbySettings,
  standbyFleet,
  standbyNetwork,
  standbyStateBucket,
} from "../config/standby";
import { DatabaseAccess } from "../constructs/database-access";
import { StandbyMasterCredentials } from "../constructs/master-credentials";
import { LoadBalancer } from "../constructs/load-balancer";
import { Monitoring } from "../constructs/monitoring";
import { Network } from "../constructs/network";
import { SecurityGroups } from "../constructs/security-groups";
import { StandbyOriginSecret } from "../constructs/shared-origin-secret";
import { StandbyOrigin } from "../constructs/standby-origin";
import { StandbyVpcOrigin } from "../constructs/standby-vpc-origin";
import { HTTPS_PORT } from "../config/constants";
import { StandbyDatabase } from "../constructs/standby-database";
import { LogKey } from "../constructs/log-key";
import { EnhancedMonitoring } from "../constructs/enhanced-monitoring";
import { StateBackend } from "../constructs/state-backend";
import type { WebAutoScalingGroup } from "../constructs/web-auto-scaling-group";
import { WebTier } from "../constructs/web-tier";
import { webFleet } from "./web-fleet";
import { Naming, STANDBY_SUFFIX, standbyPrefix, standbyStackName } from "../naming";
import { defaultTags } from "./stack";

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

  constructor(scope: Construct, settings: StandbySettings) {
    const id = standbyStackName(settings.environment);
    super(scope, id);
    const dr = settings.dr;
    const naming = new Naming(standbyPrefix(settings.namePrefix));
    const protect = settings.protectStatefulResources;
    const network = standbyNetwork(dr);
    const zones = network.availabilityZones;

    new AwsProvider(this, "aws", { region: dr.region, defaultTags: [{ tags: defaultTags(settings) }] });
    new StateBackend(this, "state", {
      settings: standbyBackend(settings),
      environment: `${settings.environment}-${STANDBY_SUFFIX}`,
      defaultWorkspace: id,
    });

    // With a domain, CloudFront reaches whichever ALB the origin name answers with over HTTPS.
    const domain = settings.domain;
    const serveHttp = !domain || domain.keepHttpOrigin;
    // As the primary: behind a VPC origin the ALB is internal, in the web subnets.
    const vpcOrigin = settings.cdn.origin === "vpc";
    this.origin = domain ? new StandbyOrigin(this, "origin", { naming, domain }) : undefined;

    // As the primary's: a key of this region for exactly the log groups the standby declares here.
    const logKeyArn = settings.logKmsEncryption
      ? new LogKey(this, "log-key", {
          naming,
          region: dr.region,
          logGroupNames: [
            ...(network.flowLogRetentionDays > 0 ? [naming.flowLogGroup()] : []),
            ...settings.database.logExports.map((type) => naming.rdsLogGroup(naming.perAz("db", zones[0]), type)),
          ],
          protect,
        }).keyArn
      : undefined;
    this.network = new Network(this, "network", { naming, settings: network, protect, logKmsKeyArn: logKeyArn, region: dr.region });
    const groups = new SecurityGroups(this, "security-groups", {
      naming,
      vpcId: this.network.vpcId,
      listenerPort: settings.loadBalancer.listenerPort,
      originPorts: [...(serveHttp ? [settings.loadBalancer.listenerPort] : []), ...(domain ? [HTTPS_PORT] : [])],
      webPort: settings.web.port,
      databasePort: settings.database.port,
      adminCidr: settings.web.adminCidr,
      sshPort: settings.web.sshPort,
      webHttpEgress: settings.web.amiFamily === "al2",
    });

    // Whatever the primary's fleet, the standby's is an Auto Scaling group: its size is the
    // one thing a mode and a promotion change (min 0 in pilot light).
    // The servers find the database through SSM parameters of this region (DatabaseAccess).
    const databaseSource = { region: dr.region, port: settings.database.port, parameters: naming.databaseParameters() };
    this.web = new WebTier(this, "web", {
      naming,
      database: databaseSource,
      settings: { ...settings.web, fleet: "autoScaling", countPerAz: undefined },
      subnetIds: this.network.webSubnets.ids,
      availabilityZones: zones,
      securityGroupId: groups.webSecurityGroupId,
    });

    const originSecret = new StandbyOriginSecret(this, "origin-secret", { primaryNaming: new Naming(settings.namePrefix) });
    this.loadBalancer = new LoadBalancer(this, "load-balancer", {
      naming,
      settings: settings.loadBalancer,
      region: dr.region,
      vpcId: this.network.vpcId,
      internal: vpcOrigin,
      subnetIds: vpcOrigin ? this.network.webSubnets.ids : this.network.publicSubnets.ids,
      securityGroupId: groups.albSecurityGroupId,
      targetInstanceIds: [],
      targetPort: settings.web.port,
      healthCheckPath: settings.web.healthCheckPath,
      protect,
      originSecretValue: originSecret.value,
      http: serveHttp,
      https: this.origin ? { certificateArn: this.origin.certificate.certificateArn } : undefined,
    });
    this.vpcOrigin = vpcOrigin
      ? new StandbyVpcOrigin(this, "vpc-origin", {
          naming,
          loadBalancerArn: this.loadBalancer.arn,
          httpPort: settings.loadBalancer.listenerPort,
          https: domain !== undefined,
          dependsOn: [this.network.internetGateway],
        })
      : undefined;
    // The pair exists only where CloudFront resolves the origin name: not behind a VPC origin.
    if (settings.cdn.origin !== "vpc") this.origin?.pointAt({ dnsName: this.loadBalancer.dnsName, hostedZoneId: this.loadBalancer.zoneId });

    const fleet = standbyFleet(settings);
    // Promoted, the servers keep the image the standby was last applied with (its own launch
    // template's latest version, which the group runs and the data source reads:
    // hashicorp/terraform-provider-aws, internal/service/ec2/ec2_launch_template_data_source.go), read in this region: a failover apply that resolved the current image would
    // change the template and start an instance refresh of a warm fleet mid-failover. Standing
    // by, every apply (deploy.yml applies the standby after the primary) takes the current one.
    const pinnedImage = dr.promote ? new DataAwsLaunchTemplate(this, "pinned-image", { name: naming.name("web") }).imageId : undefined;
    this.webFleet = webFleet(this, {
      imageId: pinnedImage,
      naming,
      web: settings.web,
      tier: this.web,
      network: this.network,
      groups,
      targetGroupArn: this.loadBalancer.targetGroup.arn,
      database: databaseSource,
      sizes: fleet,
      tags: defaultTags(settings),
    });

    this.database = new StandbyDatabase(this, "database", {
      naming,
      settings: settings.database,
      primaryRegion: settings.region,
      primaryIdentifier: primaryDatabaseIdentifier(settings),
      subnetIds: this.network.databaseSubnets.ids,
      securityGroupId: groups.databaseSecurityGroupId,
      availabilityZone: zones[0],
      backupRetentionDays: dr.backupRetentionDays,
      promote: dr.promote,
      logKmsKeyArn: logKeyArn,
      monitoring: settings.database.monitoringIntervalSeconds
        ? new EnhancedMonitoring(this, "rds-monitoring", { naming, region: dr.region, intervalSeconds: settings.database.monitoringIntervalSeconds })
        : undefined,
      protect,
    });

    // A standby nobody watches is not ready: its replica's lag, CPU, storage and connections,
    // and (unless it stands at zero servers) its hosts, notify a topic of its own region.
    if (settings.alarms.enabled) {
      // A healthy-hosts alarm per zone needs a server in every zone at all times: none in pilot
      // light (guardrail MS-MON-1 finds nothing to require of a target group only a min-0 group serves).
      const everyZoneServed = fleet.min >= zones.length;
      this.monitoring = new Monitoring(this, "monitoring", {
        naming,
        settings: { ...settings.alarms, dashboard: false },
        region: dr.region,
        loadBalancer: {
          name: naming.name("alb"),
          arnSuffix: this.loadBalancer.alb.arnSuffix,
          targetGroupArnSuffix: this.loadBalancer.targetGroup.arnSuffix,
        },
        availabilityZones: everyZoneServed ? zones : [],
        databases: [
          {
            name: naming.perAz("db", zones[0]),
            identifier: this.database.instance.identifier,
            allocatedStorageGiB: settings.database.allocatedStorageGiB,
            replica: !dr.promote,
          },
        ],
        databaseInstanceClass: settings.database.instanceClass,
        natGateways: this.network.natGateways.map((nat) => ({ name: nat.tagsInput?.Name ?? nat.node.id, id: nat.id })),
      });
    }

    // The standby database is the writer and the reader: read-only while a replica (MySQL refuses
    // writes on an RDS replica), writable once promoted, at the same address. The application user
    // reached it by replication from the primary and stays through a promotion (the instance, and
    // so its resource id, stays too): the servers connect as it with IAM, as the primary's do, and
    // never read the master secret, whose replica in this region serves administrators.
    const credentials = new StandbyMasterCredentials(this, "master-credentials", { primaryNaming: new Naming(settings.namePrefix) });
    new DatabaseAccess(this, "database-access", {
      naming,
      region: dr.region,
      roleName: this.web.role.name,
      parameters: databaseSource.parameters,
      writerAddress: this.database.instance.address,
      readerAddress: this.database.instance.address,
      username: settings.database.appUsername,
      databaseResourceIds: [this.database.instance.resourceId],
    });

    const output = (name: string, value: unknown, description: string) => new TerraformOutput(this, name, { value, description });
    output("standby_mode", dr.promote ? "promoted" : dr.mode, "pilotLight or warmStandby while standing by; promoted once dr.promote is applied");
    output("alb_dns_name", this.loadBalancer.dnsName, "DNS name of the standby ALB (answers 403 without CloudFront's header)");
    if (this.vpcOrigin) output("vpc_origin_id", this.vpcOrigin.id, "Id of the standby ALB's CloudFront VPC origin: the primary's distribution switches to it at a failover");
    if (dr.promote) {
      output("db_writer_endpoint", this.database.endpoint, "Endpoint of the promoted standby database: the writer now");
      output("db_master_secret_arn", credentials.secretArn, "Secrets Manager ARN of the master credentials in this region (the primary's secret, replicated)");
    } else {
      output("db_replica_endpoint", this.database.endpoint, "Endpoint of the cross-region read replica (read-only until promoted)");
      output("db_source_arn", this.database.sourceArn, "ARN of the primary database the standby replicates");
    }
    output("web_autoscaling_group", this.webFleet.groupName, "Name of the standby's Auto Scaling group (min 0 in pilot light)");
    output("vpc_id", this.network.vpcId, "Id of the standby VPC");
  }
}
