import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "../cdk";
import { AwsProvider, RandomProvider } from "../aws";
import { DB_STATUS_PATH, EDGE_REGION } from "../config/constants";
import { fleetOf } from "../config/fleet";
import type { Settings } from "../config/schema";
import type { Database } from "../constructs/data/database";
import { databaseUsersNames, type DatabaseUsers } from "../constructs/data/database-users";
import type { MasterCredentials } from "../constructs/data/master-credentials";
import type { Cdn } from "../constructs/edge/cdn";
import type { CdnLogBucket } from "../constructs/edge/cdn-log-bucket";
import type { EdgeFirewall } from "../constructs/edge/firewall";
import { SiteDomain } from "../constructs/edge/site-domain";
import type { Monitoring } from "../constructs/monitoring/monitoring";
import { Network } from "../constructs/network/network";
import { LogKey } from "../constructs/shared/log-key";
import { SecretKey, type SecretKms } from "../constructs/shared/secret-key";
import { StateBackend } from "../constructs/shared/state-backend";
import { LoadBalancer } from "../constructs/web/load-balancer";
import type { WebAutoScalingGroup } from "../constructs/web/web-auto-scaling-group";
import { WebTier } from "../constructs/web/web-tier";
import { Naming, PROJECT, stackName } from "../naming";
import { dataTier } from "./data-tier";
import { edge, originPlan } from "./edge";
import { primaryMonitoring } from "./monitoring";
import { securityGroups } from "./security-groups";
import { webFleet } from "./web-fleet";

export { STANDBY_ORIGIN_VARIABLE, STANDBY_VPC_ORIGIN_VARIABLE } from "./edge";

/** Alias of the us-east-1 provider (`aws.us_east_1` in the synthesized JSON). */
export const EDGE_PROVIDER_ALIAS = "us_east_1";

/** Alias of the standby region's provider in a primary stack with `dr` (`aws.dr`): only the secrets key's replica uses it. */
export const STANDBY_PROVIDER_ALIAS = "dr";

/** The tags every resource carries through the provider's `default_tags`. */
export function defaultTags(settings: Settings): Record<string, string> {
  return { ...settings.tags, Project: PROJECT, Environment: settings.environment, ManagedBy: "cdktf" };
}

/**
 * One environment of the architecture: CloudFront -> ALB -> web servers -> RDS primary and
 * replica, in its own VPC, with its own state. It only wires constructs together, in the order of
 * the architecture; every value comes from `settings`, already validated. The tiers built by a
 * function (edge, dataTier, primaryMonitoring, securityGroups, webFleet) create their constructs
 * in this stack's scope: construct paths, and so logical ids, are those of the constructs alone.
 */
export class MultipleServerStack extends TerraformStack {
  public readonly network: Network;
  public readonly web: WebTier;
  /** The web servers' Auto Scaling group, with the `autoScaling` fleet. */
  public readonly webFleet?: WebAutoScalingGroup;
  public readonly loadBalancer: LoadBalancer;
  public readonly cdn: Cdn;
  /** The web ACL in front of CloudFront, when `cdn.waf.enabled`. */
  public readonly firewall?: EdgeFirewall;
  /** The site's own domain, zone and certificates, when `domain` is set. */
  public readonly domain?: SiteDomain;
  public readonly database: Database;
  /** The database master credentials' secret, which the stack owns. */
  public readonly credentials: MasterCredentials;
  /** The database tier's function that creates the application's user. */
  public readonly databaseUsers: DatabaseUsers;
  /** Alarms and dashboard, when `alarms.enabled` or `alarms.dashboard`. */
  public readonly monitoring?: Monitoring;
  /** The customer managed key of the stack's secrets, with `secretKmsEncryption`. */
  public readonly secretKey?: SecretKey;
  /** The bucket of CloudFront's standard logs, with `cdn.accessLogs`. */
  public readonly cdnLogs?: CdnLogBucket;
  private readonly settings: Settings;
  private edge?: AwsProvider;
  private standbyRegion?: AwsProvider;

  constructor(scope: Construct, settings: Settings) {
    const id = stackName(settings.environment);
    super(scope, id);
    this.settings = settings;
    const naming = new Naming(settings.namePrefix);
    const protect = settings.protectStatefulResources;
    this.providersAndState(id);
    const origin = originPlan(settings);
    // First, as the load balancer's HTTPS listener serves the origin name's certificate.
    this.domain = settings.domain ? new SiteDomain(this, "domain", { naming, domain: settings.domain, edgeProvider: this.edgeProvider() }) : undefined;
    this.secretKey = this.secretKeyOf(naming);
    const secretKms: SecretKms | undefined = this.secretKey ? { keyId: this.secretKey.keyArn, replicaKeyId: this.secretKey.replicaKeyArn } : undefined;
    const logKmsKeyArn = this.logKey(naming);

    this.network = new Network(this, "network", { naming, settings: settings.network, protect, logKmsKeyArn, region: settings.region });
    const cloudfrontSource = origin.vpc && settings.cdn.vpcOriginIngress === "serviceGroup" ? "vpcOriginGroup" : "prefixList";
    const groups = securityGroups(this, settings, { naming, vpcId: this.network.vpcId, origin, cloudfrontSource, databaseUsersFunction: true });
    // Names only: the servers learn the endpoints from SSM at request time (DatabaseAccess).
    const database = { region: settings.region, port: settings.database.port, parameters: naming.databaseParameters() };
    this.web = new WebTier(this, "web", {
      naming,
      settings: settings.web,
      database,
      subnetIds: this.network.webSubnets.ids,
      availabilityZones: this.network.availabilityZones,
      securityGroupId: groups.webSecurityGroupId,
      dependsOn: [...this.network.privateInternetConnectivity, ...groups.webEgress],
    });
    this.loadBalancer = new LoadBalancer(this, "load-balancer", {
      naming,
      settings: settings.loadBalancer,
      region: settings.region,
      vpcId: this.network.vpcId,
      // A VPC origin reaches an internal ALB in the web subnets: nothing of it is on the internet.
      internal: origin.vpc,
      subnetIds: origin.vpc ? this.network.webSubnets.ids : this.network.publicSubnets.ids,
      securityGroupId: groups.albSecurityGroupId,
      targetInstanceIds: this.web.instanceIds,
      targetPort: settings.web.port,
      healthCheckPath: settings.web.healthCheckPath,
      protect,
      http: origin.serveHttp,
      https: this.domain ? { certificateArn: this.domain.originCertificate.certificateArn } : undefined,
      // The VPC's owner rather than STS: a failover's targeted apply reaches the ALB (providersAndState).
      accountId: settings.dr?.region ? this.network.vpc.ownerId : undefined,
    });
    const fleet = fleetOf(settings.web, this.network.availabilityZones.length);
    if (fleet.kind === "autoScaling") {
      const targetGroupArn = this.loadBalancer.targetGroup.arn;
      this.webFleet = webFleet(this, { naming, web: settings.web, tier: this.web, network: this.network, groups, targetGroupArn, database, sizes: fleet, tags: defaultTags(settings) });
    }

    const edgeProvider = () => this.edgeProvider();
    ({ cdn: this.cdn, firewall: this.firewall, cdnLogs: this.cdnLogs } = edge(this, {
      naming,
      settings,
      origin,
      edgeProvider,
      domain: this.domain,
      network: this.network,
      loadBalancer: this.loadBalancer,
      secretKms,
    }));
    ({ credentials: this.credentials, database: this.database, databaseUsers: this.databaseUsers } = dataTier(this, settings, {
      naming,
      network: this.network,
      groups,
      web: this.web,
      database,
      logKmsKeyArn,
      secretKms,
    }));
    this.monitoring = primaryMonitoring(this, settings, {
      naming,
      edgeProvider,
      network: this.network,
      loadBalancer: this.loadBalancer,
      database: this.database,
      cdn: this.cdn,
      webFleet: this.webFleet,
    });
    this.outputs(origin.vpc);
  }

  /**
   * The providers (AWS in the stack's region, random) and the state backend.
   *
   * With a standby, the failover's targeted applies of this stack run while this region is down:
   * the provider's own STS calls (at start, and data.aws_caller_identity) then go to the standby
   * region (`sts_region` sets the STS client's region: hashicorp/terraform-provider-aws,
   * internal/service/sts/service_package.go), and nothing the failover targets reads a data
   * source bound to this region (docs/disaster-recovery.md "Disaster recovery", __tests__/runbook).
   */
  private providersAndState(id: string): void {
    const settings = this.settings;
    new AwsProvider(this, "aws", {
      region: settings.region,
      stsRegion: settings.dr?.region,
      defaultTags: [{ tags: defaultTags(settings) }],
    });
    new RandomProvider(this, "random");
    new StateBackend(this, "state", { settings: settings.backend, environment: settings.environment, defaultWorkspace: id });
  }

  /**
   * With secretKmsEncryption, a key for the secrets that have no key of their own: the origin
   * secret (with dr), and the master secret unless database.masterSecretKmsKeyId names one.
   */
  private secretKeyOf(naming: Naming): SecretKey | undefined {
    const settings = this.settings;
    const drRegion = settings.dr?.region;
    const used = settings.database.masterSecretKmsKeyId === undefined || drRegion !== undefined;
    if (!settings.secretKmsEncryption || !used) return undefined;
    return new SecretKey(this, "secret-key", {
      naming,
      region: settings.region,
      replica: drRegion ? { region: drRegion, provider: this.standbyProvider(drRegion) } : undefined,
      protect: settings.protectStatefulResources,
    });
  }

  /** With logKmsEncryption, a key per region for exactly the log groups the stack declares there. */
  private logKey(naming: Naming): string | undefined {
    const settings = this.settings;
    if (!settings.logKmsEncryption) return undefined;
    const logGroupNames = [
      ...(settings.network.flowLogRetentionDays > 0 ? [naming.flowLogGroup()] : []),
      ...[settings.database.primaryAz ?? settings.network.availabilityZones[0], settings.database.replicaAz ?? settings.network.availabilityZones[1]]
        .map((az) => naming.perAz("db", az))
        .flatMap((identifier) => settings.database.logExports.map((type) => naming.rdsLogGroup(identifier, type))),
      databaseUsersNames(naming).logGroup,
    ];
    return new LogKey(this, "log-key", { naming, region: settings.region, logGroupNames, protect: settings.protectStatefulResources }).keyArn;
  }

  private outputs(vpcOrigin: boolean): void {
    const output = (name: string, value: unknown, description: string) =>
      new TerraformOutput(this, name, { value, description });
    output("cloudfront_domain", this.cdn.domainName, "Domain name of the CloudFront distribution: the site's address");
    output(
      "alb_dns_name",
      this.loadBalancer.dnsName,
      vpcOrigin
        ? "DNS name of the internal ALB (private addresses: reachable only inside the VPC; 403 without CloudFront's header)"
        : "DNS name of the ALB (answers 403 without CloudFront's header)",
    );
    output("db_primary_endpoint", this.database.primaryEndpoint, "Endpoint of the RDS primary (writes)");
    output("db_replica_endpoint", this.database.replicaEndpoint, "Endpoint of the RDS read replica (reads)");
    output("db_master_secret_arn", this.credentials.secretArn, "Secrets Manager ARN of the master credentials (the stack's own secret)");
    if (this.webFleet) {
      output(
        "web_autoscaling_group",
        this.webFleet.groupName,
        "Name of the web servers' Auto Scaling group (list them with `aws autoscaling describe-auto-scaling-groups`, then `aws ssm start-session`)",
      );
    } else output("web_instance_ids", this.web.instanceIds, "Ids of the web servers (for `aws ssm start-session`)");
    output("vpc_id", this.network.vpcId, "Id of the VPC");
    // A stack with none of the edge features keeps the article's outputs: cloudfront_domain is its address.
    const host = this.domain ? this.domain.viewerNames[0] : this.cdn.domainName;
    if (this.domain || this.firewall || vpcOrigin) {
      output("site_url", `https://${host}`, "The site's address: its own domain when one is set, else the cloudfront.net name");
    }
    if (this.domain) {
      output("viewer_certificate_arn", this.domain.viewerCertificate.certificateArn, "ARN of the site's certificate (us-east-1, CloudFront)");
      output("origin_certificate_arn", this.domain.originCertificate.certificateArn, "ARN of the origin name's certificate (the ALB's HTTPS listener)");
    }
    output(
      "db_status_url",
      `https://${host}${DB_STATUS_PATH}`,
      "The web servers' page saying whether the database writer and reader answer (200 when both do)",
    );
  }

  /**
   * The aliased provider of `EDGE_REGION` (us-east-1), created on first use so that a stack with
   * no edge resource (dev as the article builds it) synthesizes no second provider. Every resource
   * that must live there (CloudFront's certificate, its web ACL and log group, CloudFront's alarms)
   * names it; nothing else may.
   */
  edgeProvider(): AwsProvider {
    this.edge ??= new AwsProvider(this, "aws-edge", {
      alias: EDGE_PROVIDER_ALIAS,
      region: EDGE_REGION,
      defaultTags: [{ tags: defaultTags(this.settings) }],
    });
    return this.edge;
  }

  /** The aliased provider of the standby region (`aws.dr`), created on first use: a stack without `dr` has none. */
  private standbyProvider(region: string): AwsProvider {
    this.standbyRegion ??= new AwsProvider(this, "aws-standby", {
      alias: STANDBY_PROVIDER_ALIAS,
      region,
      defaultTags: [{ tags: defaultTags(this.settings) }],
    });
    return this.standbyRegion;
  }
}
