import { Construct } from "constructs";
import { CloudfrontDistribution, DataAwsCloudfrontCachePolicy, DataAwsCloudfrontOriginRequestPolicy } from "../aws";
import { AWS_MANAGED, HTTPS_PORT } from "../config/constants";
import type { CdnSettings } from "../config/schema";
import type { OriginHeader } from "./load-balancer";
import { Naming } from "../naming";

export interface CdnProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Price class. @default the `cdn` defaults of config/schema.ts */
  readonly settings: CdnSettings;
  /** DNS name of the ALB origin. Required. */
  readonly originDomainName: string;
  /** HTTP port of the ALB listener. @default 80 (config `loadBalancer.listenerPort`) */
  readonly originHttpPort: number;
  /** Secret header the ALB requires. Required. */
  readonly originHeader: OriginHeader;
  /** ARN of a WAFv2 web ACL of scope CLOUDFRONT to attach (`EdgeFirewall.webAclArn`). @default none */
  readonly webAclArn?: string;
}

const ORIGIN_ID = "alb";
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const CACHED_METHODS = ["GET", "HEAD"];

/**
 * CloudFront in front of the ALB: viewers are redirected to HTTPS, nothing is cached (the pages
 * are dynamic), every viewer header reaches the origin, and each origin request carries the secret
 * header. The origin leg is HTTP, as in the article: the ALB has no certificate of its own.
 */
export class Cdn extends Construct {
  public readonly distribution: CloudfrontDistribution;
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const { naming } = props;
    const cachePolicy = new DataAwsCloudfrontCachePolicy(this, "caching-disabled", { name: AWS_MANAGED.cachePolicy });
    const originRequestPolicy = new DataAwsCloudfrontOriginRequestPolicy(this, "all-viewer", {
      name: AWS_MANAGED.originRequestPolicy,
    });

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
          customOriginConfig: {
            httpPort: props.originHttpPort,
            httpsPort: HTTPS_PORT,
            originProtocolPolicy: "http-only",
            originSslProtocols: ["TLSv1.2"],
          },
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
        // CloudFront compresses only what a cache policy with Gzip/Brotli lets it cache, and
        // Managed-CachingDisabled caches nothing: the flag would promise what never happens.
        compress: false,
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: { cloudfrontDefaultCertificate: true },
      // CloudFront takes a WAFv2 web ACL by its ARN (a WAF Classic one by its id).
      webAclId: props.webAclArn,
      tags: { Name: naming.name("cdn") },
    });
    this.domainName = this.distribution.domainName;
  }
}
