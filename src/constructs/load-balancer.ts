import { Construct } from "constructs";
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
} from "../aws";
import {
  ACCESS_LOG_PREFIX,
  ELB_LOG_DELIVERY_ACCOUNT_REGIONS,
  ELB_LOG_DELIVERY_SERVICE,
  LOG_RETENTION_DAYS,
  ORIGIN_RULE_PRIORITY,
} from "../config/constants";
import type { LoadBalancerSettings } from "../config/schema";
import { Naming } from "../naming";
import { SecureBucket } from "./secure-bucket";

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
  /** Public subnets in at least two zones. Required. */
  readonly subnetIds: string[];
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
   * Value of the origin header, when it is generated elsewhere (a standby's ALB accepts its
   * primary's value, read from Secrets Manager). @default a `random_password` generated here
   */
  readonly originSecretValue?: string;
}

/** The header CloudFront must send for the ALB to forward a request. */
export interface OriginHeader {
  readonly name: string;
  /** Generated at deploy time by the random provider (or read from Secrets Manager); lives only in state. */
  readonly value: string;
}

/**
 * Internet-facing ALB over the public subnets. Its listener answers 403 unless the request
 * carries the secret origin header that only the CloudFront distribution adds, so the ALB's
 * own DNS name serves nothing to someone who bypasses the CDN.
 */
export class LoadBalancer extends Construct {
  public readonly alb: Lb;
  public readonly dnsName: string;
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

    const logs = settings.accessLogs ? this.accessLogBucket(naming, props.region, props.protect ?? false) : undefined;

    this.alb = new Lb(this, "alb", {
      name: naming.name("alb"),
      internal: false,
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

    const listener = new LbListener(this, "listener", {
      loadBalancerArn: this.alb.arn,
      port: settings.listenerPort,
      protocol: "HTTP",
      defaultAction: [
        { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } },
      ],
      tags: { Name: naming.name("alb-listener") },
    });
    new LbListenerRule(this, "from-cloudfront", {
      listenerArn: listener.arn,
      priority: ORIGIN_RULE_PRIORITY,
      condition: [{ httpHeader: { httpHeaderName: this.originHeader.name, values: [this.originHeader.value] } }],
      action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      tags: { Name: naming.name("alb-from-cloudfront") },
    });
  }

  /** Bucket for access logs, writable only by this region's ELB log delivery under this account's prefix. */
  private accessLogBucket(naming: Naming, region: string, protect: boolean): SecureBucket {
    const account = new DataAwsCallerIdentity(this, "account");
    const delivery = this.logDeliveryPrincipal(region);
    return new SecureBucket(this, "access-logs", {
      bucketPrefix: naming.bucketPrefix("alb-logs"),
      versioned: false,
      expirationDays: LOG_RETENTION_DAYS,
      protect,
      policyStatements: (bucketArn) => [
        {
          sid: "AllowElbLogDelivery",
          principals: [delivery],
          actions: ["s3:PutObject"],
          resources: [`${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${account.accountId}/*`],
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
