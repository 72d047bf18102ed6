import { AcmCertificate, CloudfrontDistribution, DataAwsCloudfrontOriginRequestPolicy } from "../../../src/aws";
import { Testing } from "../../../src/cdk";
import { Compliance, Guardrails } from "../../../src/guardrails";
import { MultipleServerStack } from "../../../src/stacks/stack";
import { settingsFor } from "../../helpers";
import { AwsHttpsOriginHost } from "../../../src/guardrails/rules/aws-https-origin-host";
import { compliantDistribution, judge } from "../fixtures";

const ADDRESS = "aws_cloudfront_distribution.cdn";
const ON_DOMAIN = {
  aliases: ["www.example.com"],
  viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/1", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
};

/** A distribution on www.example.com reaching origin.www.example.com over HTTPS with the managed origin request policy `policy`. */
function httpsOriginWith(policy: string, certificateNames: string[] = ["origin.www.example.com"]) {
  return judge(AwsHttpsOriginHost, (s) => {
    const requestPolicy = new DataAwsCloudfrontOriginRequestPolicy(s, "request-policy", { name: policy });
    const [first, ...rest] = certificateNames;
    new AcmCertificate(s, "origin-certificate", { domainName: first, subjectAlternativeNames: rest.length ? rest : undefined, validationMethod: "DNS" });
    const distribution = compliantDistribution({ originProtocolPolicy: "https-only" });
    new CloudfrontDistribution(s, "cdn", {
      ...distribution,
      ...ON_DOMAIN,
      origin: [{ ...distribution.origin[0], domainName: "origin.www.example.com" }],
      defaultCacheBehavior: { ...distribution.defaultCacheBehavior, originRequestPolicyId: requestPolicy.id },
    });
  })[ADDRESS];
}

describe("MS-AWS-2: an HTTPS origin is sent a Host its certificate names", () => {
  it("violated: Managed-AllViewer sends www.example.com to an origin whose certificate names only origin.www.example.com (a 502 for every request)", () => {
    expect(httpsOriginWith("Managed-AllViewer")).toBe(Compliance.NON_COMPLIANT);
  });

  it("violated: the same with a legacy forwarded_values naming Host, and on the cloudfront.net name", () => {
    const verdict = judge(AwsHttpsOriginHost, (s) => {
      const distribution = compliantDistribution({ originProtocolPolicy: "https-only" });
      const { cachePolicyId: _policy, ...behavior } = distribution.defaultCacheBehavior;
      new CloudfrontDistribution(s, "cdn", {
        ...distribution,
        defaultCacheBehavior: { ...behavior, forwardedValues: { headers: ["Host"], queryString: true, cookies: { forward: "all" } } },
      });
    });
    expect(verdict[ADDRESS]).toBe(Compliance.NON_COMPLIANT);
  });

  it("compliant: Managed-AllViewerExceptHostHeader, CloudFront sends the origin's own name", () => {
    expect(httpsOriginWith("Managed-AllViewerExceptHostHeader")).toBe(Compliance.COMPLIANT);
  });

  it("compliant: the viewer's Host forwarded to an origin whose certificate names every alias too", () => {
    expect(httpsOriginWith("Managed-AllViewer", ["origin.www.example.com", "www.example.com"])).toBe(Compliance.COMPLIANT);
  });

  it("not applicable: an HTTP origin, no certificate to match (the article's Managed-AllViewer)", () => {
    const verdict = judge(AwsHttpsOriginHost, (s) => {
      const requestPolicy = new DataAwsCloudfrontOriginRequestPolicy(s, "request-policy", { name: "Managed-AllViewer" });
      const distribution = compliantDistribution();
      new CloudfrontDistribution(s, "cdn", { ...distribution, defaultCacheBehavior: { ...distribution.defaultCacheBehavior, originRequestPolicyId: requestPolicy.id } });
    });
    expect(verdict[ADDRESS]).toBe(Compliance.NOT_APPLICABLE);
  });
});

describe("MS-AWS-2 on the shipped stack", () => {
  it("catches prod on its own domain as it was before the fix (Managed-AllViewer towards the HTTPS origin), in both origin modes", () => {
    for (const origin of ["public", "vpc"] as const) {
      const settings = settingsFor("prod", { domain: { name: "www.example.com", zoneName: "example.com" }, cdn: { origin } });
      const stack = new MultipleServerStack(Testing.app(), settings);
      (stack.cdn.node.findChild("all-viewer-except-host") as DataAwsCloudfrontOriginRequestPolicy).addOverride("name", "Managed-AllViewer");
      const guardrails = new Guardrails([AwsHttpsOriginHost]).applyTo(stack, "prod", true);
      Testing.synth(stack);
      expect(guardrails.violations.map((f) => f.resource.address)).toEqual([expect.stringMatching(/^aws_cloudfront_distribution\.cdn_distribution_/)]);
    }
  });
});
