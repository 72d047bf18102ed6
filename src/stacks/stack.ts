import { Construct } from "constructs";
import { Fn, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { AwsProvider, RandomProvider } from "../aws";
import { AliasRecords } from "../constructs/alias-records";
import { Cdn } from "../constructs/cdn";
import { DB_STATUS_PATH, EDGE_REGION, FAILOVER_SET, HTTPS_PORT } from "../config/constants";
import { fleetOf } from "../config/fleet";
import type { Settings } from "../config/schema";
import { Database } from "../constructs/database";
import { DatabaseAccess } from "../constructs/database-access";
import { DatabaseUsers, databaseUsersNames } from "../constructs/database-users";
import { LogKey } from "../constructs/log-key";
import { EnhancedMonitoring } from "../constructs/enhanced-monitoring";
import { MasterCredentials } from "../constructs/master-credentials";
import { EdgeFirewall } from "../constructs/firewall";
import { LoadBalancer } from "../constructs/load-balancer";
import { Monitoring } from "../constructs/monitoring";
import { Naming, PROJECT, stackName } from "../naming";
import { Network } from "../constructs/network";
import { OriginHealthCheck } from "../constructs/origin-health-check";
import { SecurityGroups } from "../constructs/security-groups";
import { SharedOriginSecret } from "../constructs/shared-origin-secret";
import { SiteDomain } from "../constructs/site-domain";
import { StateBackend } from "../constructs/state-backend";
import type { WebAutoScalingGroup } from "../constructs/web-auto-scaling-group";
import { WebTier } from "../constructs/web-tier";
import { webFleet } from "./web-fleet";

/** Alias of the us-east-1 provider (`aws.us_east_1` in the synthesized JSON). */
export const EDGE_PROVIDER_ALIAS = "us_east_1";

/** Variable of a primary stack with `dr` naming the standby ALB CloudFront serves from during a failover. */
export const STANDBY_ORIGIN_VARIABLE = "standby_origin_domain";

/** Variable of a primary stack with `dr` and a VPC origin naming the standby's VPC origin CloudFront serves from during a failover. */
export const STANDBY_VPC_ORIGIN_VARIABLE = "standby_vpc_origin_id";

/** The tags every resource carries through the provider's `default_tags`. */
export function defaultTags(settings: Settings): Record<string, string> {
  return { ...settings.tags, Project: PROJECT, Environment: settings.environment, ManagedBy: "cdktf" };
}

/**
 * One environment of the architecture: CloudFront -> ALB -> web servers -> RDS primary and
 * replica, in its own VPC, with its own state. It only wires constructs together; every value
 * comes from `settings`, already validated.
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
  private readonly settings: Settings;
  private edge?: AwsProvider;

  constructor(scope: Construct, settings: Settings) {
    const id = stackName(settings.environment);
    super(scope, id);
    this.settings = settings;
    const naming = new Naming(settings.namePrefix);
    const protect = settings.protectStatefulResources;

    // With a standby, the failover's targeted applies of this stack run while this region is down:
    // the provider's own STS calls (at start, and data.aws_caller_identity) then go to the standby
    // region (`sts_region` sets the STS client's region: hashicorp/terraform-provider-aws,
    // internal/service/sts/service_package.go), and nothing the failover targets reads a data
    // source bound to this region (docs/disaster-recovery.md "Disaster recovery", __tests__/runbook).
    new AwsProvider(this, "aws", {
      region: settings.region,
      stsRegion: settings.dr?.region,
      defaultTags: [{ tags: defaultTags(settings) }],
    });
    new RandomProvider(this, "random");
    new StateBackend(this, "state", { settings: settings.backend, environment: settings.environment, defaultWorkspace: id });

    // With a domain CloudFront reaches the ALB over HTTPS on 443; keepHttpOrigin keeps HTTP beside
    // it while a running environment moves over (docs/domain-and-edge.md "Your own domain").
    const domainSettings = settings.domain;
    const vpcOrigin = settings.cdn.origin === "vpc";
    const serveHttp = !domainSettings || domainSettings.keepHttpOrigin;
    const originPorts = [...(serveHttp ? [settings.loadBalancer.listenerPort] : []), ...(domainSettings ? [HTTPS_PORT] : [])];
    this.domain = domainSettings ? new SiteDomain(this, "domain", { naming, domain: domainSettings, edgeProvider: this.edgeProvider() }) : undefined;

    // With logKmsEncryption, a key per region for exactly the log groups the stack declares there.
    const logGroupNames = [
      ...(settings.network.flowLogRetentionDays > 0 ? [naming.flowLogGroup()] : []),
      ...[settings.database.primaryAz ?? settings.network.availabilityZones[0], settings.database.replicaAz ?? settings.network.availabilityZones[1]]
        .map((az) => naming.perAz("db", az))
        .flatMap((identifier) => settings.database.logExports.map((type) => naming.rdsLogGroup(identifier, type))),
      databaseUsersNames(naming).logGroup,
    ];
    const logKeyArn = settings.logKmsEncryption ? new LogKey(this, "log-key", { naming, region: settings.region, logGroupNames, protect }).keyArn : undefined;
    this.network = new Network(this, "network", { naming, settings: settings.network, protect, logKmsKeyArn: logKeyArn, region: settings.region });
    const groups = new SecurityGroups(this, "security-groups", {
      naming,
      vpcId: this.network.vpcId,
      listenerPort: settings.loadBalancer.listenerPort,
      originPorts,
      cloudfrontSource: vpcOrigin && settings.cdn.vpcOriginIngress === "serviceGroup" ? "vpcOriginGroup" : "prefixList",
      webPort: settings.web.port,
      databasePort: settings.database.port,
      adminCidr: settings.web.adminCidr,
      sshPort: settings.web.sshPort,
      webHttpEgress: settings.web.amiFamily === "al2",
      databaseUsersFunction: true,
    });
    // Names only: the servers learn the endpoints from SSM at request time (DatabaseAccess).
    const databaseSource = { region: settings.region, port: settings.database.port, parameters: naming.databaseParameters() };
    this.web = new WebTier(this, "web", {
      naming,
      settings: settings.web,
      database: databaseSource,
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
      internal: vpcOrigin,
      subnetIds: vpcOrigin ? this.network.webSubnets.ids : this.network.publicSubnets.ids,
      securityGroupId: groups.albSecurityGroupId,
      targetInstanceIds: this.web.instanceIds,
      targetPort: settings.web.port,
      healthCheckPath: settings.web.healthCheckPath,
      protect,
      http: serveHttp,
      https: this.domain ? { certificateArn: this.domain.originCertificate.certificateArn } : undefined,
      // The VPC's owner rather than STS: a failover's targeted apply reaches the ALB (above).
      accountId: settings.dr?.region ? this.network.vpc.ownerId : undefined,
    });
    const fleet = fleetOf(settings.web, this.network.availabilityZones.length);
    if (fleet.kind === "autoScaling") {
      this.webFleet = webFleet(this, {
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
    }
    // With a standby, the origin name is the PRIMARY of a failover pair whose SECONDARY the
    // standby stack owns: CloudFront keeps one origin name and needs no apply to fail over. Not
    // with a VPC origin: it names this ALB by ARN, and no DNS answer moves it.
    const failover =
      this.domain && settings.dr?.region && !vpcOrigin
        ? {
            type: "PRIMARY" as const,
            setIdentifier: FAILOVER_SET.primary,
            healthCheckId: new OriginHealthCheck(this, "origin-health", {
              naming,
              region: settings.region,
              loadBalancerArnSuffix: this.loadBalancer.alb.arnSuffix,
              targetGroupArnSuffix: this.loadBalancer.targetGroup.arnSuffix,
            }).healthCheckId,
          }
        : undefined;
    // Promoted, the standby is the writer: the PRIMARY record goes (Route 53's API is global, so
    // a targeted apply removes it while the primary region is down), the name answers only with
    // the SECONDARY, and the primary region coming back cannot pull traffic to its stale database.
    const pinnedToStandby = failover !== undefined && settings.dr?.promote === true;
    const originRecord = this.domain && !pinnedToStandby
      ? new AliasRecords(this, "origin-record", {
          zoneId: this.domain.zoneId,
          names: [this.domain.originName],
          target: { dnsName: this.loadBalancer.dnsName, hostedZoneId: this.loadBalancer.zoneId },
          evaluateTargetHealth: true,
          failover,
        })
      : undefined;
    const waf = settings.cdn.waf;
    this.firewall = waf.enabled
      ? new EdgeFirewall(this, "firewall", {
          naming,
          provider: this.edgeProvider(),
          rateLimit: waf.rateLimit,
          countOnly: waf.countOnly,
          logRetentionDays: waf.logRetentionDays,
          logKmsKeyArn: settings.logKmsEncryption
            ? new LogKey(this, "edge-log-key", {
                naming,
                provider: this.edgeProvider(),
                region: EDGE_REGION,
                aliasName: "logs-edge",
                logGroupNames: [naming.wafLogGroup()],
                protect,
              }).keyArn
            : undefined,
          protect,
        })
      : undefined;
    // With a domain, CloudFront reaches the ALB at the origin's own name, which its certificate names.
    let originDomainName = this.domain ? this.domain.originName : this.loadBalancer.dnsName;
    let standbyVpcOriginId: string | undefined;
    if (settings.dr?.region) {
      // Promoted, the standby is the writer: the standby variables have no default and must not be
      // empty, so an apply of this stack that forgets them fails instead of sending CloudFront
      // back to this region's stale database (fail closed; docs/disaster-recovery.md "Disaster recovery").
      const standbyVariable = (name: string, description: string) =>
        new TerraformVariable(this, name, {
          type: "string",
          description,
          ...(settings.dr?.promote
            ? { validation: [{ condition: `\${length(var.${name}) > 0}`, errorMessage: `Set ${name} from the standby stack's outputs: dr.promote is true, and without it CloudFront would serve from the lost region.` }] }
            : { default: "" }),
        });
      new SharedOriginSecret(this, "origin-secret", {
        naming,
        value: this.loadBalancer.originHeader.value,
        replicaRegion: settings.dr.region,
        recoveryWindowDays: settings.secretRecoveryWindowDays,
        protect,
      });
      // With a domain (public origin) the origin is its own name, which fails over in DNS (above).
      // A VPC origin names this ALB: failing over switches the distribution to the standby's VPC
      // origin, one targeted apply with this variable set (docs/disaster-recovery.md "Disaster recovery").
      if (vpcOrigin) {
        standbyVpcOriginId = standbyVariable(
          STANDBY_VPC_ORIGIN_VARIABLE,
          "Id of the standby's CloudFront VPC origin to serve from while the primary region is down; empty serves from this stack's",
        ).stringValue;
      }
      if (!this.domain) {
        // Without a domain, failing over repoints CloudFront at the standby ALB: one targeted apply
        // of this stack from the replicated state with this variable set (docs/disaster-recovery.md "Disaster recovery").
        // coalesce skips an empty string: unset, the origin is this stack's ALB. Promoted, the
        // variable alone, so the targeted apply does not even reach this region's ALB.
        const standbyOrigin = standbyVariable(
          STANDBY_ORIGIN_VARIABLE,
          "DNS name of the standby ALB to serve from while the primary region is down; empty serves from this stack's ALB",
        );
        originDomainName = settings.dr.promote ? standbyOrigin.stringValue : Fn.coalesce([standbyOrigin.stringValue, this.loadBalancer.dnsName]);
      }
    }
    this.cdn = new Cdn(this, "cdn", {
      naming,
      settings: settings.cdn,
      originDomainName,
      originHttpPort: settings.loadBalancer.listenerPort,
      originProtocol: this.domain ? "https" : "http",
      originHeader: this.loadBalancer.originHeader,
      webAclArn: this.firewall?.webAclArn,
      domain: this.domain ? { names: this.domain.viewerNames, certificateArn: this.domain.viewerCertificate.certificateArn } : undefined,
      // CloudFront must find the origin's name and its HTTPS listener when it switches to them.
      dependsOn: originRecord ? [...originRecord.records, ...this.loadBalancer.listeners] : undefined,
      // AWS creates a VPC origin only in a VPC with an internet gateway attached.
      vpcOrigin: vpcOrigin
        ? { loadBalancerArn: this.loadBalancer.arn, dependsOn: [this.network.internetGateway], failoverId: standbyVpcOriginId }
        : undefined,
    });
    if (this.domain) {
      new AliasRecords(this, "site-records", {
        zoneId: this.domain.zoneId,
        names: this.domain.viewerNames,
        target: { dnsName: this.cdn.domainName, hostedZoneId: this.cdn.distribution.hostedZoneId },
        ipv6: true,
      });
    }
    const azs = this.network.availabilityZones;
    this.credentials = new MasterCredentials(this, "master-credentials", {
      naming,
      username: settings.database.masterUsername,
      version: settings.database.passwordVersion,
      kmsKeyId: settings.database.masterSecretKmsKeyId,
      recoveryWindowDays: settings.secretRecoveryWindowDays,
      replica: settings.dr?.region ? { region: settings.dr.region, kmsKeyId: settings.dr.masterSecretKmsKeyId } : undefined,
      protect,
    });
    this.database = new Database(this, "database", {
      naming,
      settings: settings.database,
      subnetIds: this.network.databaseSubnets.ids,
      securityGroupId: groups.databaseSecurityGroupId,
      primaryAz: settings.database.primaryAz ?? azs[0],
      replicaAz: settings.database.replicaAz ?? azs[1],
      masterPassword: { value: this.credentials.password, version: this.credentials.version },
      logKmsKeyArn: logKeyArn,
      monitoring: settings.database.monitoringIntervalSeconds
        ? new EnhancedMonitoring(this, "rds-monitoring", { naming, region: settings.region, intervalSeconds: settings.database.monitoringIntervalSeconds })
        : undefined,
      protect,
    });
    // The application's user, created by the database tier; the web servers connect as it with IAM.
    this.databaseUsers = new DatabaseUsers(this, "database-users", {
      naming,
      region: settings.region,
      subnetIds: this.network.databaseSubnets.ids,
      securityGroupId: groups.databaseUsersSecurityGroupId!,
      masterSecretArn: this.credentials.secretArn,
      secretKmsKeyArn: settings.database.masterSecretKmsKeyId,
      primary: { address: this.database.writerAddress, port: settings.database.port, resourceId: this.database.primary.resourceId },
      username: settings.database.appUsername,
      schema: settings.database.appSchema,
      passwordVersion: this.credentials.version,
      logKmsKeyArn: logKeyArn,
      dependsOn: [
        this.database.primary,
        ...this.network.privateInternetConnectivity,
        ...this.network.databaseInternetConnectivity,
        ...groups.databaseUsersRules,
      ],
      protect,
    });
    new DatabaseAccess(this, "database-access", {
      naming,
      region: settings.region,
      roleName: this.web.role.name,
      parameters: databaseSource.parameters,
      writerAddress: this.database.writerAddress,
      readerAddress: this.database.readerAddress,
      username: settings.database.appUsername,
      databaseResourceIds: [this.database.primary.resourceId, this.database.replica.resourceId],
    });

    if (settings.alarms.enabled || settings.alarms.dashboard) {
      this.monitoring = new Monitoring(this, "monitoring", {
        naming,
        settings: settings.alarms,
        region: settings.region,
        edgeProvider: () => this.edgeProvider(),
        loadBalancer: {
          name: naming.name("alb"),
          arnSuffix: this.loadBalancer.alb.arnSuffix,
          targetGroupArnSuffix: this.loadBalancer.targetGroup.arnSuffix,
        },
        availabilityZones: azs,
        // Named as the database construct names them; the dimension is a reference, so alarms follow the instance.
        databases: [
          { az: settings.database.primaryAz ?? azs[0], db: this.database.primary, replica: false },
          { az: settings.database.replicaAz ?? azs[1], db: this.database.replica, replica: true },
        ].map(({ az, db, replica }) => ({
          name: naming.perAz("db", az),
          identifier: db.identifier,
          allocatedStorageGiB: settings.database.allocatedStorageGiB,
          replica,
        })),
        databaseInstanceClass: settings.database.instanceClass,
        natGateways: this.network.natGateways.map((nat) => ({ name: nat.tagsInput?.Name ?? nat.node.id, id: nat.id })),
        distribution: { name: naming.name("cdn"), id: this.cdn.distribution.id },
        autoScalingGroupName: this.webFleet?.groupName,
      });
    }

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
}
