import { Construct } from "constructs";
import type { ITerraformDependable } from "../../cdk";
import {
  DataAwsCallerIdentity,
  DataAwsElbServiceAccount,
  type DataAwsIamPolicyDocumentStatementPrincipals,
  Lb,
  LbListener,
  LbListenerRule,
  LbTargetGroup,
  LbTargetGroupAttachment,
  RandomPassword,
} from "../../aws";
import {
  ACCESS_LOG_PREFIX,
  ALB_TLS_POLICY,
  ELB_LOG_DELIVERY_ACCOUNT_REGIONS,
  ELB_LOG_DELIVERY_SERVICE,
  HTTPS_PORT,
  LOG_NONCURRENT_DAYS,
  LOG_RETENTION_DAYS,
  ORIGIN_RULE_PRIORITY,
} from "../../config/constants";
import type { LoadBalancerSettings } from "../../config/schema";
import { Naming } from "../../naming";
import { SecureBucket } from "../shared/secure-bucket";

export interface LoadBalancerProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Listener port, origin header, deletion protection, access logs. @default the `loadBalancer` defaults of config/schema.ts */
  readonly settings: LoadBalancerSettings;
  /**
   * Region of the ALB (the provider's). Decides who the access-log bucket policy lets write: ELB's
   * account in the regions of ELB_LOG_DELIVERY_ACCOUNT_REGIONS, its log-delivery service principal
   * everywhere else. Required.
   */
  readonly region: string;
  /** VPC of the target group. Required. */
  readonly vpcId: string;
  /** Subnets in at least two zones: the public ones, or private ones for an `internal` ALB. Required. */
  readonly subnetIds: string[];
  /** An internal ALB (private addresses only), reached through a CloudFront VPC origin. @default false (internet-facing) */
  readonly internal?: boolean;
  /** Security group of the ALB. Required. */
  readonly securityGroupId: string;
  /** Web server instance ids to register. Required. */
  readonly targetInstanceIds: string[];
  /** Port the web servers listen on. @default 80 (config `web.port`) */
  readonly targetPort: number;
  /** Path of the health check. @default "/health" (config `web.healthCheckPath`) */
  readonly healthCheckPath: string;
  /** `prevent_destroy` on the access-log bucket. @default false */
  readonly protect?: boolean;
  /**
   * Account the access logs are written under (the bucket policy's `AWSLogs/<account>/` prefix):
   * the VPC's `owner_id`, so that a targeted apply reaching the ALB (a failover's repointing of
   * CloudFront) reads no data source that calls the region's STS. @default looked up with
   * `aws_caller_identity`
   */
  readonly accountId?: string;
  /**
   * Value of the origin header, when it is generated elsewhere (a standby's ALB accepts its
   * primary's value, read from Secrets Manager). @default a `random_password` generated here
   */
  readonly originSecretValue?: string;
  /**
   * An HTTPS listener on 443 with this certificate (the origin name's, `SiteDomain.originCertificate`)
   * and the TLS policy ALB_TLS_POLICY, answering like the HTTP one: 403 unless the secret header is
   * there. @default none (HTTP only, as in the article)
   */
  readonly https?: { readonly certificateArn: string };
  /** The HTTP listener on `settings.listenerPort`; off once CloudFront reaches the ALB over HTTPS. @default true */
  readonly http?: boolean;
}

/** The header CloudFront must send for the ALB to forward a request. */
export interface OriginHeader {
  readonly name: string;
  /** Generated at deploy time by the random provider (or read from Secrets Manager); lives only in state. */
  readonly value: string;
}

/**
 * The ALB: internet-facing over the public subnets (the article), or `internal` over private ones
 * behind a CloudFront VPC origin. Its listener answers 403 unless the request carries the secret
 * origin header that only the CloudFront distribution adds, so the ALB's own DNS name serves
 * nothing to someone who bypasses the CDN.
 */
export class LoadBalancer extends Construct {
  public readonly alb: Lb;
  public readonly arn: string;
  public readonly dnsName: string;
  /** The ALB's own hosted zone id: the target of alias records. */
  public readonly zoneId: string;
  /** The listeners CloudFront's requests arrive on, each with its forwarding rule: depend on them before sending traffic. */
  public readonly listeners: ITerraformDependable[] = [];
  public readonly targetGroup: LbTargetGroup;
  public readonly originHeader: OriginHeader;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const { naming, settings } = props;

    const value =
      props.originSecretValue ??
      new RandomPassword(this, "origin-secret", {
        length: settings.originSecretLength,
        special: false,
      }).result;
    this.originHeader = { name: settings.originHeaderName, value };

    const logs = settings.accessLogs ? this.accessLogBucket(naming, props.region, props.protect ?? false, props.accountId) : undefined;

    this.alb = new Lb(this, "alb", {
      name: naming.name("alb"),
      internal: props.internal ?? false,
      loadBalancerType: "application",
      subnets: props.subnetIds,
      securityGroups: [props.securityGroupId],
      dropInvalidHeaderFields: true,
      // Set on purpose: the web servers' keep-alive is kept above it (web.keepAliveTimeoutSeconds).
      idleTimeout: settings.idleTimeoutSeconds,
      enableDeletionProtection: settings.deletionProtection,
      accessLogs: logs ? { bucket: logs.bucket.bucket, prefix: ACCESS_LOG_PREFIX, enabled: true } : undefined,
      // ELB checks that it may write to the bucket when logging is switched on.
      dependsOn: logs ? [logs.policy] : undefined,
      tags: { Name: naming.name("alb") },
    });
    this.dnsName = this.alb.dnsName;
    this.arn = this.alb.arn;
    this.zoneId = this.alb.zoneId;

    this.targetGroup = new LbTargetGroup(this, "tg", {
      name: naming.name("tg"),
      port: props.targetPort,
      protocol: "HTTP",
      targetType: "instance",
      vpcId: props.vpcId,
      healthCheck: { enabled: true, path: props.healthCheckPath, protocol: "HTTP", matcher: "200" },
      tags: { Name: naming.name("tg") },
    });
    props.targetInstanceIds.forEach(
      (targetId, i) =>
        new LbTargetGroupAttachment(this, `tg-attachment-${i}`, {
          targetGroupArn: this.targetGroup.arn,
          targetId,
          port: props.targetPort,
        }),
    );

    if (props.http ?? true) this.listen(naming, "", settings.listenerPort, "HTTP");
    if (props.https) this.listen(naming, "https-", HTTPS_PORT, "HTTPS", props.https.certificateArn);
  }

  /**
   * A listener that answers 403 by default, and its rule forwarding only requests with the secret
   * header. The HTTP pair keeps the article's ids (`listener`, `from-cloudfront`); the HTTPS pair's
   * start with `https-`.
   */
  private listen(naming: Naming, key: string, port: number, protocol: "HTTP" | "HTTPS", certificateArn?: string): void {
    const listener = new LbListener(this, `${key}listener`, {
      loadBalancerArn: this.alb.arn,
      port,
      protocol,
      certificateArn,
      sslPolicy: protocol === "HTTPS" ? ALB_TLS_POLICY : undefined,
      defaultAction: [
        { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } },
      ],
      tags: { Name: naming.name(`alb-${key}listener`) },
    });
    const rule = new LbListenerRule(this, `${key}from-cloudfront`, {
      listenerArn: listener.arn,
      priority: ORIGIN_RULE_PRIORITY,
      condition: [{ httpHeader: { httpHeaderName: this.originHeader.name, values: [this.originHeader.value] } }],
      action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      tags: { Name: naming.name(`alb-${key}from-cloudfront`) },
    });
    this.listeners.push(listener, rule);
  }

  /** Bucket for access logs, writable only by this region's ELB log delivery under this account's prefix. */
  private accessLogBucket(naming: Naming, region: string, protect: boolean, accountId?: string): SecureBucket {
    const account = accountId ?? new DataAwsCallerIdentity(this, "account").accountId;
    const delivery = this.logDeliveryPrincipal(region);
    return new SecureBucket(this, "access-logs", {
      bucketPrefix: naming.bucketPrefix("alb-logs"),
      // Versioned so a deleted log can be brought back for a week; expiry still removes it at 90 days.
      versioned: true,
      expirationDays: LOG_RETENTION_DAYS,
      noncurrentVersionExpirationDays: LOG_NONCURRENT_DAYS,
      protect,
      policyStatements: (bucketArn) => [
        {
          sid: "AllowElbLogDelivery",
          principals: [delivery],
          actions: ["s3:PutObject"],
          resources: [`${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${account}/*`],
        },
      ],
    });
  }

  /**
   * Who delivers ELB access logs in `region`: ELB's account there (looked up, so the partition is
   * right), or, in a region opened since August 2022 that has no such account, the service principal.
   */
  private logDeliveryPrincipal(region: string): DataAwsIamPolicyDocumentStatementPrincipals {
    if (ELB_LOG_DELIVERY_ACCOUNT_REGIONS.includes(region)) {
      return { type: "AWS", identifiers: [new DataAwsElbServiceAccount(this, "elb-account").arn] };
    }
    return { type: "Service", identifiers: [ELB_LOG_DELIVERY_SERVICE] };
  }
}
