import { resourcesOf, settingsFor, synthStack, synthStandby, type TerraformJson } from "../helpers";

/*
 * Which Host the ALB sees. CloudFront checks an HTTPS origin's certificate against the Host header
 * it sends (CloudFront Developer Guide, "HTTP 502 status code (Bad Gateway)"): with a domain the
 * viewer's Host (www.example.com) must not reach the ALB, whose certificate names only
 * origin.<domain.name>, in either origin mode; the standby's ALB answers the same requests.
 */

const DOMAIN = { domain: { name: "www.example.com", aliases: ["example.com"], zoneName: "example.com" } };
const TOKYO = { dr: { region: "ap-northeast-1" } };

/** The name of the managed origin request policy the distribution's default behavior uses. */
function originRequestPolicy(tf: TerraformJson): string {
  const [[, distribution]] = resourcesOf(tf, "aws_cloudfront_distribution");
  const id = /^\$\{data\.aws_cloudfront_origin_request_policy\.([^.]+)\.id\}$/.exec(distribution.default_cache_behavior.origin_request_policy_id)![1];
  return tf.data!.aws_cloudfront_origin_request_policy[id].name;
}

/** Each listener rule's conditions, by the protocol of its listener. */
function forwardingConditions(tf: TerraformJson): Array<[string, unknown]> {
  const listeners = Object.fromEntries(resourcesOf(tf, "aws_lb_listener").map(([id, l]) => [`\${aws_lb_listener.${id}.arn}`, l.protocol]));
  return resourcesOf(tf, "aws_lb_listener_rule").map(([, rule]) => [listeners[rule.listener_arn], rule.condition]);
}

describe.each(["public", "vpc"] as const)("with a domain and cdn.origin %s", (origin) => {
  const { tf } = synthStack(settingsFor("prod", { ...DOMAIN, cdn: { origin } }));

  it("sends every viewer header but Host (Managed-AllViewerExceptHostHeader): the ALB sees its own name", () => {
    expect(originRequestPolicy(tf)).toBe("Managed-AllViewerExceptHostHeader");
  });

  it("reaches the origin at the one name its certificate holds, over HTTPS only", () => {
    const [[, distribution]] = resourcesOf(tf, "aws_cloudfront_distribution");
    const originCertificate = resourcesOf(tf, "aws_acm_certificate").find(([, c]) => c.provider === undefined)![1];
    expect(distribution.origin[0].domain_name).toBe("origin.www.example.com");
    expect(originCertificate.domain_name).toBe("origin.www.example.com");
    expect(originCertificate.subject_alternative_names).toBeUndefined();
  });

  it("forwards on the secret header alone: no rule depends on the Host", () => {
    const conditions = forwardingConditions(tf);
    expect(conditions.map(([protocol]) => protocol)).toEqual(["HTTPS"]);
    expect(conditions[0][1]).toEqual([{ http_header: { http_header_name: "X-Origin-Verify", values: [expect.stringMatching(/^\$\{random_password\./)] } }]);
  });

  it("leaves the standby's ALB answering the same requests: HTTPS with the origin name's certificate, the secret header alone", () => {
    const standby = synthStandby(settingsFor("prod", { ...DOMAIN, ...TOKYO, cdn: { origin } })).tf;
    const [[, certificate]] = resourcesOf(standby, "aws_acm_certificate");
    expect(certificate.domain_name).toBe("origin.www.example.com");
    const conditions = forwardingConditions(standby);
    expect(conditions.map(([protocol]) => protocol)).toEqual(["HTTPS"]);
    expect(conditions[0][1]).toEqual([{ http_header: { http_header_name: "X-Origin-Verify", values: [expect.any(String)] } }]);
  });

  it("serves /db-status the same way: it is a path of the one site, whatever the Host", () => {
    const [[, distribution]] = resourcesOf(tf, "aws_cloudfront_distribution");
    expect(distribution.ordered_cache_behavior).toBeUndefined(); // one behavior: /db-status takes the same path as /
    expect(tf.output!.db_status_url.value).toBe("https://www.example.com/db-status");
  });
});

describe("without a domain (HTTP to the ALB: no certificate to match)", () => {
  it.each(["dev", "prod"])("%s keeps the article's Managed-AllViewer: the ALB sees the viewer's Host, the cloudfront.net name", (environment) => {
    expect(originRequestPolicy(synthStack(settingsFor(environment)).tf)).toBe("Managed-AllViewer");
  });
});
