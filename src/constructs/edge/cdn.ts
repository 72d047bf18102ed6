import { Construct } from "constructs";
import { Fn, type ITerraformDependable } from "../../cdk";
import {
  CloudfrontDistribution,
  CloudfrontVpcOrigin,
  DataAwsCloudfrontCachePolicy,
  DataAwsCloudfrontOriginRequestPolicy,
  DataAwsCloudfrontResponseHeadersPolicy,
} from "../../aws";
import { AWS_MANAGED, CLOUDFRONT_MINIMUM_PROTOCOL_VERSION, HTTPS_PORT, ORIGIN_SSL_PROTOCOLS } from "../../config/constants";
import { replaceableVpcOrigin } from "./vpc-origin";
import type { CdnSettings } from "../../config/schema";
import type { OriginHeader } from "../web/load-balancer";
import { Naming } from "../../naming";

export interface CdnProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Price class. @default the `cdn` defaults of config/schema.ts */
  readonly settings: CdnSettings;
  /** Name CloudFront reaches the ALB at: its DNS name, or the origin's own name with a domain. Required. */
  readonly originDomainName: string;
  /**
   * `http`: the article's plain HTTP to the ALB. `https`: HTTPS only, TLS 1.2, to `originDomainName`,
   * which the ALB's certificate must name. @default "http"
   */
  readonly originProtocol?: "http" | "https";
  /**
   * The site's own names and their certificate (in us-east-1, issued: `DnsValidatedCertificate.certificateArn`),
   * served with SNI and TLS 1.2 at least. @default none (the cloudfront.net name and its certificate)
   */
  readonly domain?: { readonly names: string[]; readonly certificateArn: string };
  /** What must exist before the distribution sends traffic to the origin (its DNS record, its listener). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Reach an internal ALB through a CloudFront VPC origin of this ARN instead of over the internet.
   * AWS requires the VPC to have an internet gateway attached (though the traffic never crosses it)
   * and the ALB to be active: `dependsOn` names what the VPC origin must wait for (the gateway).
   * @default none (a custom origin over the internet)
   */
  readonly vpcOrigin?: {
    readonly loadBalancerArn: string;
    readonly dependsOn?: ITerraformDependable[];
    /**
     * Id of another VPC origin to use instead when it is not empty: a standby region's, named at a
     * failover (docs/disaster-recovery.md "Disaster recovery"). @default none (always this ALB's)
     */
    readonly failoverId?: string;
  };
  /** HTTP port of the ALB listener. @default 80 (config `loadBalancer.listenerPort`) */
  readonly originHttpPort: number;
  /** Secret header the ALB requires. Required. */
  readonly originHeader: OriginHeader;
  /** ARN of a WAFv2 web ACL of scope CLOUDFRONT to attach (`EdgeFirewall.webAclArn`). @default none */
  readonly webAclArn?: string;
  /**
   * Standard access logs (legacy) into this bucket (`CdnLogBucket`: its domain name, key prefix, and
   * what must exist before CloudFront is told to write there: the Object Ownership that keeps ACLs on).
   * @default none (no access logs)
   */
  readonly accessLogs?: { readonly bucketDomainName: string; readonly prefix: string; readonly ready: ITerraformDependable };
}

const ORIGIN_ID = "alb";
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const CACHED_METHODS = ["GET", "HEAD"];

/**
 * CloudFront in front of the ALB: viewers are redirected to HTTPS, nothing is cached (the pages
 * are dynamic), every viewer header reaches the origin, and each origin request carries the secret
 * header. The origin leg is HTTP, as in the article, unless `originProtocol` is `https` (the ALB
 * then has a certificate of its own, for the origin's name).
 */
export class Cdn extends Construct {
  public readonly distribution: CloudfrontDistribution;
  /** The VPC origin, when CloudFront reaches an internal ALB. */
  public readonly vpcOrigin?: CloudfrontVpcOrigin;
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const { naming } = props;
    const cachePolicy = new DataAwsCloudfrontCachePolicy(this, "caching-disabled", { name: AWS_MANAGED.cachePolicy });
    // HSTS, nosniff, frame options and a referrer policy on every response: every environment
    // serves viewers over HTTPS (redirect-to-https). Looked up by name, as the other managed policies.
    const responseHeadersPolicy = new DataAwsCloudfrontResponseHeadersPolicy(this, "security-headers", { name: AWS_MANAGED.securityHeadersPolicy });
    const https = props.originProtocol === "https";
    // CloudFront checks an HTTPS origin's certificate against the Host it sends (CloudFront Developer
    // Guide, "HTTP 502 status code (Bad Gateway)": no match, no handshake, a 502). Forwarding the
    // viewer's Host (www.example.com) to an ALB whose certificate names origin.<domain> would fail
    // every request: towards HTTPS, every viewer header but Host, so the origin sees its own name.
    // Towards HTTP nothing is checked, and the article's policy stays.
    const originRequestPolicy = https
      ? new DataAwsCloudfrontOriginRequestPolicy(this, "all-viewer-except-host", { name: AWS_MANAGED.httpsOriginRequestPolicy })
      : new DataAwsCloudfrontOriginRequestPolicy(this, "all-viewer", { name: AWS_MANAGED.originRequestPolicy });

    // The same protocol settings, whether CloudFront reaches the ALB over the internet or through the VPC origin.
    const protocol = {
      httpPort: props.originHttpPort,
      httpsPort: HTTPS_PORT,
      originProtocolPolicy: https ? "https-only" : "http-only",
    };
    this.vpcOrigin = props.vpcOrigin
      ? replaceableVpcOrigin(this, {
          baseName: naming.name("vpc-origin"),
          loadBalancerArn: props.vpcOrigin.loadBalancerArn,
          httpPort: props.originHttpPort,
          https,
          dependsOn: props.vpcOrigin.dependsOn,
        }).vpcOrigin
      : undefined;
    // coalesce skips an empty string: with no failover id given, this ALB's VPC origin.
    const vpcOriginId =
      this.vpcOrigin && props.vpcOrigin?.failoverId !== undefined ? Fn.coalesce([props.vpcOrigin.failoverId, this.vpcOrigin.id]) : this.vpcOrigin?.id;

    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: naming.name("cdn"),
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: props.settings.priceClass,
      origin: [
        {
          originId: ORIGIN_ID,
          domainName: props.originDomainName,
          customOriginConfig: this.vpcOrigin ? undefined : { ...protocol, originSslProtocols: ORIGIN_SSL_PROTOCOLS },
          vpcOriginConfig: vpcOriginId ? { vpcOriginId } : undefined,
          customHeader: [{ name: props.originHeader.name, value: props.originHeader.value }],
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ALL_METHODS,
        cachedMethods: CACHED_METHODS,
        cachePolicyId: cachePolicy.id,
        originRequestPolicyId: originRequestPolicy.id,
        responseHeadersPolicyId: responseHeadersPolicy.id,
        // CloudFront compresses only what a cache policy with Gzip/Brotli lets it cache, and
        // Managed-CachingDisabled caches nothing: the flag would promise what never happens.
        compress: false,
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      aliases: props.domain?.names,
      viewerCertificate: props.domain
        ? {
            acmCertificateArn: props.domain.certificateArn,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: CLOUDFRONT_MINIMUM_PROTOCOL_VERSION,
          }
        : { cloudfrontDefaultCertificate: true },
      // CloudFront takes a WAFv2 web ACL by its ARN (a WAF Classic one by its id).
      webAclId: props.webAclArn,
      loggingConfig: props.accessLogs ? { bucket: props.accessLogs.bucketDomainName, prefix: props.accessLogs.prefix, includeCookies: false } : undefined,
      dependsOn: props.accessLogs ? [...(props.dependsOn ?? []), props.accessLogs.ready] : props.dependsOn,
      tags: { Name: naming.name("cdn") },
    });
    this.domainName = this.distribution.domainName;
  }
}
