import {
  CloudfrontDistribution,
  CloudfrontVpcOrigin,
  DataAwsCloudfrontCachePolicy,
  DataAwsCloudfrontOriginRequestPolicy,
  DataAwsCloudfrontResponseHeadersPolicy,
} from "../../../src/aws";
import { Cdn } from "../../../src/constructs/edge/cdn";
import { naming, settingsFor, synthConstruct } from "../../helpers";

describe("Cdn", () => {
  const { json, tf } = synthConstruct((scope) => {
    new Cdn(scope, "cdn", {
      naming,
      settings: settingsFor().cdn,
      originDomainName: "alb.example",
      originHttpPort: 80,
      originHeader: { name: "X-Origin-Verify", value: "${random_password.secret.result}" },
    });
  });
  const [[, distribution]] = Object.entries(tf.resource.aws_cloudfront_distribution) as [string, any][];

  it("creates multiple-server-cdn over the ALB origin on HTTP with the secret header", () => {
    expect(json).toHaveResourceWithProperties(CloudfrontDistribution, {
      enabled: true,
      comment: "multiple-server-cdn",
      tags: { Name: "multiple-server-cdn" },
      price_class: "PriceClass_200",
    });
    expect(distribution.origin).toEqual([
      expect.objectContaining({
        domain_name: "alb.example",
        custom_origin_config: expect.objectContaining({ http_port: 80, origin_protocol_policy: "http-only" }),
        custom_header: [{ name: "X-Origin-Verify", value: "${random_password.secret.result}" }],
      }),
    ]);
  });

  it("redirects viewers to HTTPS, allows every method, caches nothing", () => {
    const behavior = distribution.default_cache_behavior;
    expect(behavior.viewer_protocol_policy).toBe("redirect-to-https");
    expect([...behavior.allowed_methods].sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
    const [cacheId] = Object.keys(tf.data!.aws_cloudfront_cache_policy);
    const [requestId] = Object.keys(tf.data!.aws_cloudfront_origin_request_policy);
    expect(behavior.cache_policy_id).toBe(`\${data.aws_cloudfront_cache_policy.${cacheId}.id}`);
    expect(behavior.origin_request_policy_id).toBe(`\${data.aws_cloudfront_origin_request_policy.${requestId}.id}`);
  });

  it("does not ask CloudFront to compress: the caching-disabled policy lets it compress nothing", () => {
    expect(distribution.default_cache_behavior.compress).toBe(false);
  });

  it("looks the managed policies up by name", () => {
    expect(json).toHaveDataSourceWithProperties(DataAwsCloudfrontCachePolicy, { name: "Managed-CachingDisabled" });
    expect(json).toHaveDataSourceWithProperties(DataAwsCloudfrontOriginRequestPolicy, { name: "Managed-AllViewer" });
  });

  it("adds AWS's security headers (HSTS, nosniff, frame options) to every response, by the managed policy's name (checkov CKV2_AWS_32)", () => {
    expect(json).toHaveDataSourceWithProperties(DataAwsCloudfrontResponseHeadersPolicy, { name: "Managed-SecurityHeadersPolicy" });
    const [headersId] = Object.keys(tf.data!.aws_cloudfront_response_headers_policy);
    expect(distribution.default_cache_behavior.response_headers_policy_id).toBe(`\${data.aws_cloudfront_response_headers_policy.${headersId}.id}`);
  });

  it("writes no access logs unless given a bucket", () => expect(distribution).not.toHaveProperty("logging_config"));

  it("uses the default certificate and no geo restriction", () => {
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution.restrictions).toEqual({ geo_restriction: { restriction_type: "none" } });
    expect(distribution).not.toHaveProperty("web_acl_id");
  });
});

describe("Cdn with a web ACL", () => {
  it("attaches it by ARN (web_acl_id), and leaves web_acl_id out without one", () => {
    const { tf } = synthConstruct((scope) => {
      new Cdn(scope, "cdn", {
        naming,
        settings: settingsFor().cdn,
        originDomainName: "alb.example",
        originHttpPort: 80,
        originHeader: { name: "X-Origin-Verify", value: "${random_password.secret.result}" },
        webAclArn: "${aws_wafv2_web_acl.acl.arn}",
      });
    });
    const [[, distribution]] = Object.entries(tf.resource.aws_cloudfront_distribution) as [string, any][];
    expect(distribution.web_acl_id).toBe("${aws_wafv2_web_acl.acl.arn}");
  });
});

describe("Cdn on the site's own domain", () => {
  const { tf } = synthConstruct((scope) => {
    new Cdn(scope, "cdn", {
      naming,
      settings: settingsFor().cdn,
      originDomainName: "origin.www.example.com",
      originHttpPort: 80,
      originProtocol: "https",
      originHeader: { name: "X-Origin-Verify", value: "${random_password.secret.result}" },
      domain: { names: ["www.example.com", "example.com"], certificateArn: "${aws_acm_certificate_validation.viewer.certificate_arn}" },
    });
  });
  const [[, distribution]] = Object.entries(tf.resource.aws_cloudfront_distribution) as [string, any][];

  it("serves the names with their certificate, SNI only, TLS 1.2 (2021 policy) at least", () => {
    expect(distribution.aliases).toEqual(["www.example.com", "example.com"]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: "${aws_acm_certificate_validation.viewer.certificate_arn}",
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    });
  });

  it("reaches the origin's name over HTTPS only, TLS 1.2, still with the secret header", () => {
    expect(distribution.origin).toEqual([
      expect.objectContaining({
        domain_name: "origin.www.example.com",
        custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
        custom_header: [{ name: "X-Origin-Verify", value: "${random_password.secret.result}" }],
      }),
    ]);
  });
});

describe("Cdn through a VPC origin", () => {
  const { json, tf } = synthConstruct((scope) => {
    new Cdn(scope, "cdn", {
      naming,
      settings: settingsFor().cdn,
      originDomainName: "internal-alb.example",
      originHttpPort: 80,
      originHeader: { name: "X-Origin-Verify", value: "${random_password.secret.result}" },
      vpcOrigin: { loadBalancerArn: "${aws_lb.alb.arn}" },
    });
  });
  const [[vpcOriginId]] = Object.entries(tf.resource.aws_cloudfront_vpc_origin) as [string, any][];
  const [[, distribution]] = Object.entries(tf.resource.aws_cloudfront_distribution) as [string, any][];

  it("creates the VPC origin for the ALB with the protocol CloudFront uses towards it", () => {
    const [endpointId] = Object.keys(tf.resource.terraform_data);
    const name = `multiple-server-vpc-origin-\${substr(terraform_data.${endpointId}.id, 0, 8)}`;
    expect(json).toHaveResourceWithProperties(CloudfrontVpcOrigin, {
      vpc_origin_endpoint_config: [
        {
          name,
          arn: "${aws_lb.alb.arn}",
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: "http-only",
          origin_ssl_protocols: [{ items: ["TLSv1.2"], quantity: 1 }],
        },
      ],
      tags: { Name: name },
    });
  });

  it("reaches the origin through it (no custom origin config), with the secret header", () => {
    expect(distribution.origin).toEqual([
      {
        origin_id: "alb",
        domain_name: "internal-alb.example",
        vpc_origin_config: { vpc_origin_id: `\${aws_cloudfront_vpc_origin.${vpcOriginId}.id}` },
        custom_header: [{ name: "X-Origin-Verify", value: "${random_password.secret.result}" }],
      },
    ]);
  });
});
