import { Wafv2WebAcl } from "../../../src/aws";
import { Compliance } from "../../../src/guardrails";
import { AwsWafCloudfrontScopeRegion } from "../../../src/guardrails/rules/aws-waf-cloudfront-region";
import { edgeProvider, judge } from "../fixtures";

const VISIBILITY = { cloudwatchMetricsEnabled: true, metricName: "acl", sampledRequestsEnabled: true };

/** A web ACL of `scope`, made with the us-east-1 provider or the stack's (ap-northeast-2). */
function webAcl(scope: "CLOUDFRONT" | "REGIONAL", edge: boolean): Compliance {
  return judge(AwsWafCloudfrontScopeRegion, (s) => {
    new Wafv2WebAcl(s, "acl", { name: "acl", scope, defaultAction: { allow: {} }, visibilityConfig: VISIBILITY, provider: edge ? edgeProvider(s) : undefined });
  })["aws_wafv2_web_acl.acl"];
}

describe("MS-AWS-5: CLOUDFRONT-scoped WAF resources are created in us-east-1", () => {
  it("violated: a CLOUDFRONT web ACL made in ap-northeast-2 (WAF: the scope is not valid)", () => {
    expect(webAcl("CLOUDFRONT", false)).toBe(Compliance.NON_COMPLIANT);
  });

  it("compliant: the same made with the us-east-1 provider", () => {
    expect(webAcl("CLOUDFRONT", true)).toBe(Compliance.COMPLIANT);
  });

  it("not applicable: a REGIONAL web ACL, wherever it is", () => {
    expect(webAcl("REGIONAL", false)).toBe(Compliance.NOT_APPLICABLE);
  });
});
