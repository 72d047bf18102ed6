import type { Construct } from "constructs";
import { Fn, TerraformVariable } from "../cdk";
import type { AwsProvider } from "../aws";
import { CLOUDFRONT_STANDARD_LOG_REGIONS, EDGE_REGION, FAILOVER_SET, HTTPS_PORT } from "../config/constants";
import type { Settings } from "../config/schema";
import { AliasRecords } from "../constructs/edge/alias-records";
import { Cdn } from "../constructs/edge/cdn";
import { CdnLogBucket } from "../constructs/edge/cdn-log-bucket";
import { EdgeFirewall } from "../constructs/edge/firewall";
import { OriginHealthCheck } from "../constructs/edge/origin-health-check";
import { SharedOriginSecret } from "../constructs/edge/shared-origin-secret";
import type { SiteDomain } from "../constructs/edge/site-domain";
import type { Network } from "../constructs/network/network";
import { LogKey } from "../constructs/shared/log-key";
import type { SecretKms } from "../constructs/shared/secret-key";
import type { LoadBalancer } from "../constructs/web/load-balancer";
import type { Naming } from "../naming";

/** Variable of a primary stack with `dr` naming the standby ALB CloudFront serves from during a failover. */
export const STANDBY_ORIGIN_VARIABLE = "standby_origin_domain";

/** Variable of a primary stack with `dr` and a VPC origin naming the standby's VPC origin CloudFront serves from during a failover. */
export const STANDBY_VPC_ORIGIN_VARIABLE = "standby_vpc_origin_id";

/** How CloudFront reaches an environment's ALB, the same in its primary and standby stacks. */
export interface OriginPlan {
  /** Through a CloudFront VPC origin: the ALB is internal, in the web subnets. */
  readonly vpc: boolean;
  /** The ALB keeps its HTTP listener: no domain, or `domain.keepHttpOrigin` while a running environment moves over. */
  readonly serveHttp: boolean;
  /** The ports CloudFront reaches the ALB on. */
  readonly ports: number[];
}

/**
 * With a domain CloudFront reaches the ALB over HTTPS on 443; keepHttpOrigin keeps HTTP beside
 * it while a running environment moves over (docs/domain-and-edge.md "Your own domain").
 */
export function originPlan(settings: Settings): OriginPlan {
  const serveHttp = !settings.domain || settings.domain.keepHttpOrigin;
  return {
    vpc: settings.cdn.origin === "vpc",
    serveHttp,
    ports: [...(serveHttp ? [settings.loadBalancer.listenerPort] : []), ...(settings.domain ? [HTTPS_PORT] : [])],
  };
}

/** What the edge of a primary stack is built from: the pieces the stack already has. */
export interface EdgeParts {
  readonly naming: Naming;
  readonly settings: Settings;
  readonly origin: OriginPlan;
  /** The provider of us-east-1, created on first use. */
  readonly edgeProvider: () => AwsProvider;
  /** The site's own domain, zone and certificates, when `domain` is set. */
  readonly domain?: SiteDomain;
  readonly network: Network;
  readonly loadBalancer: LoadBalancer;
  /** The key of the stack's secrets (the origin secret, with `dr`), with `secretKmsEncryption`. */
  readonly secretKms?: SecretKms;
}

/** The edge a primary stack built. */
export interface Edge {
  readonly cdn: Cdn;
  /** The web ACL in front of CloudFront, when `cdn.waf.enabled`. */
  readonly firewall?: EdgeFirewall;
  /** The bucket of CloudFront's standard logs, with `cdn.accessLogs`. */
  readonly cdnLogs?: CdnLogBucket;
}

/**
 * The edge of a primary stack: the origin's record and its failover choice, the firewall, the
 * origin secret the standby reads and the failover variables, CloudFront, and the site's records.
 * Not a construct: every child is created in the stack's own scope, under the id it always had, so
 * no logical id or construct path changes (cdktf derives the ids from the paths).
 */
export function edge(stack: Construct, parts: EdgeParts): Edge {
  const { naming, settings, origin, domain, loadBalancer } = parts;
  const failover = failoverChoice(stack, parts);
  // Promoted, the standby is the writer: the PRIMARY record goes (Route 53's API is global, so
  // a targeted apply removes it while the primary region is down), the name answers only with
  // the SECONDARY, and the primary region coming back cannot pull traffic to its stale database.
  const pinnedToStandby = failover !== undefined && settings.dr?.promote === true;
  const originRecord = domain && !pinnedToStandby
    ? new AliasRecords(stack, "origin-record", {
        zoneId: domain.zoneId,
        names: [domain.originName],
        target: { dnsName: loadBalancer.dnsName, hostedZoneId: loadBalancer.zoneId },
        evaluateTargetHealth: true,
        failover,
      })
    : undefined;
  const firewall = settings.cdn.waf.enabled ? edgeFirewall(stack, parts) : undefined;
  const standbyOrigin = settings.dr?.region ? standbyOriginOf(stack, parts) : {};
  // CloudFront's standard logs go to a bucket of the stack's region, or of us-east-1 where
  // CloudFront delivers none (CLOUDFRONT_STANDARD_LOG_REGIONS).
  const cdnLogs = settings.cdn.accessLogs
    ? new CdnLogBucket(stack, "cdn-logs", {
        naming,
        retentionDays: settings.cdn.accessLogRetentionDays,
        provider: CLOUDFRONT_STANDARD_LOG_REGIONS.includes(settings.region) ? undefined : parts.edgeProvider(),
        protect: settings.protectStatefulResources,
      })
    : undefined;
  // With a domain, CloudFront reaches the ALB at the origin's own name, which its certificate names.
  const cdn = new Cdn(stack, "cdn", {
    naming,
    settings: settings.cdn,
    originDomainName: standbyOrigin.domainName ?? (domain ? domain.originName : loadBalancer.dnsName),
    originHttpPort: settings.loadBalancer.listenerPort,
    originProtocol: domain ? "https" : "http",
    originHeader: loadBalancer.originHeader,
    webAclArn: firewall?.webAclArn,
    accessLogs: cdnLogs ? { bucketDomainName: cdnLogs.domainName, prefix: cdnLogs.prefix, ready: cdnLogs.ownership } : undefined,
    domain: domain ? { names: domain.viewerNames, certificateArn: domain.viewerCertificate.certificateArn } : undefined,
    // CloudFront must find the origin's name and its HTTPS listener when it switches to them.
    dependsOn: originRecord ? [...originRecord.records, ...loadBalancer.listeners] : undefined,
    // AWS creates a VPC origin only in a VPC with an internet gateway attached.
    vpcOrigin: origin.vpc
      ? { loadBalancerArn: loadBalancer.arn, dependsOn: [parts.network.internetGateway], failoverId: standbyOrigin.vpcOriginId }
      : undefined,
  });
  if (domain) {
    new AliasRecords(stack, "site-records", {
      zoneId: domain.zoneId,
      names: domain.viewerNames,
      target: { dnsName: cdn.domainName, hostedZoneId: cdn.distribution.hostedZoneId },
      ipv6: true,
    });
  }
  return { cdn, firewall, cdnLogs };
}

/**
 * With a standby, the origin name is the PRIMARY of a failover pair whose SECONDARY the standby
 * stack owns: CloudFront keeps one origin name and needs no apply to fail over. Not with a VPC
 * origin: it names this ALB by ARN, and no DNS answer moves it.
 */
function failoverChoice(stack: Construct, { naming, settings, origin, domain, loadBalancer }: EdgeParts) {
  if (!domain || !settings.dr?.region || origin.vpc) return undefined;
  return {
    type: "PRIMARY" as const,
    setIdentifier: FAILOVER_SET.primary,
    healthCheckId: new OriginHealthCheck(stack, "origin-health", {
      naming,
      region: settings.region,
      loadBalancerArnSuffix: loadBalancer.alb.arnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroup.arnSuffix,
    }).healthCheckId,
  };
}

function edgeFirewall(stack: Construct, { naming, settings, edgeProvider }: EdgeParts): EdgeFirewall {
  const waf = settings.cdn.waf;
  const protect = settings.protectStatefulResources;
  return new EdgeFirewall(stack, "firewall", {
    naming,
    provider: edgeProvider(),
    rateLimit: waf.rateLimit,
    countOnly: waf.countOnly,
    logRetentionDays: waf.logRetentionDays,
    logKmsKeyArn: settings.logKmsEncryption
      ? new LogKey(stack, "edge-log-key", {
          naming,
          provider: edgeProvider(),
          region: EDGE_REGION,
          aliasName: "logs-edge",
          logGroupNames: [naming.wafLogGroup()],
          protect,
        }).keyArn
      : undefined,
    protect,
  });
}

/**
 * With `dr`: the origin secret replicated for the standby, and the variables a failover's targeted
 * apply sets to point CloudFront at the standby. Returns what replaces the distribution's origin.
 */
function standbyOriginOf(stack: Construct, { naming, settings, origin, domain, loadBalancer, secretKms }: EdgeParts): { domainName?: string; vpcOriginId?: string } {
  const dr = settings.dr!;
  // Promoted, the standby is the writer: the standby variables have no default and must not be
  // empty, so an apply of this stack that forgets them fails instead of sending CloudFront
  // back to this region's stale database (fail closed; docs/disaster-recovery.md "Disaster recovery").
  const standbyVariable = (name: string, description: string) =>
    new TerraformVariable(stack, name, {
      type: "string",
      description,
      ...(dr.promote
        ? { validation: [{ condition: `\${length(var.${name}) > 0}`, errorMessage: `Set ${name} from the standby stack's outputs: dr.promote is true, and without it CloudFront would serve from the lost region.` }] }
        : { default: "" }),
    });
  new SharedOriginSecret(stack, "origin-secret", {
    naming,
    value: loadBalancer.originHeader.value,
    replicaRegion: dr.region!,
    recoveryWindowDays: settings.secretRecoveryWindowDays,
    protect: settings.protectStatefulResources,
    kms: secretKms,
  });
  // With a domain (public origin) the origin is its own name, which fails over in DNS (above).
  // A VPC origin names this ALB: failing over switches the distribution to the standby's VPC
  // origin, one targeted apply with this variable set (docs/disaster-recovery.md "Disaster recovery").
  const vpcOriginId = origin.vpc
    ? standbyVariable(
        STANDBY_VPC_ORIGIN_VARIABLE,
        "Id of the standby's CloudFront VPC origin to serve from while the primary region is down; empty serves from this stack's",
      ).stringValue
    : undefined;
  if (domain) return { vpcOriginId };
  // Without a domain, failing over repoints CloudFront at the standby ALB: one targeted apply
  // of this stack from the replicated state with this variable set (docs/disaster-recovery.md "Disaster recovery").
  // coalesce skips an empty string: unset, the origin is this stack's ALB. Promoted, the
  // variable alone, so the targeted apply does not even reach this region's ALB.
  const standbyOrigin = standbyVariable(
    STANDBY_ORIGIN_VARIABLE,
    "DNS name of the standby ALB to serve from while the primary region is down; empty serves from this stack's ALB",
  );
  return { vpcOriginId, domainName: dr.promote ? standbyOrigin.stringValue : Fn.coalesce([standbyOrigin.stringValue, loadBalancer.dnsName]) };
}
