import { CloudfrontVpcOrigin } from "../../../src/aws";
import { replaceableVpcOrigin } from "../../../src/constructs/edge/vpc-origin";
import { Compliance } from "../../../src/guardrails";
import { AwsVpcOriginReplaced } from "../../../src/guardrails/rules/aws-vpc-origin-replaced";
import { judge } from "../fixtures";

const ENDPOINT = { name: "alb", arn: "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/alb/1", httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only" };

/** The verdict on the one VPC origin `build` makes. */
function verdictOn(build: Parameters<typeof judge>[1]): Compliance {
  const verdicts = Object.values(judge(AwsVpcOriginReplaced, build));
  expect(verdicts).toHaveLength(1);
  return verdicts[0];
}

describe("MS-AWS-3: a VPC origin is replaced, never updated in place", () => {
  it("violated: a bare VPC origin, which the provider updates in place (CloudFront's 409 while a distribution uses it)", () => {
    expect(verdictOn((s) => new CloudfrontVpcOrigin(s, "vpc-origin", { vpcOriginEndpointConfig: [ENDPOINT] }))).toBe(Compliance.NON_COMPLIANT);
  });

  it("violated: create_before_destroy alone, nothing that replaces it", () => {
    const verdict = verdictOn((s) => new CloudfrontVpcOrigin(s, "vpc-origin", { vpcOriginEndpointConfig: [ENDPOINT], lifecycle: { createBeforeDestroy: true } }));
    expect(verdict).toBe(Compliance.NON_COMPLIANT);
  });

  it("violated: the trigger given to cdktf as a resource, which it writes as \"${terraform_data.x}\" and Terraform refuses", () => {
    const verdict = verdictOn((s) => {
      const built = replaceableVpcOrigin(s, { baseName: "alb", loadBalancerArn: ENDPOINT.arn, httpPort: 80, https: true });
      built.vpcOrigin.addOverride("lifecycle.replace_triggered_by", [`\${terraform_data.${built.endpoint.friendlyUniqueId}}`]);
    });
    expect(verdict).toBe(Compliance.NON_COMPLIANT);
  });

  it("compliant: replaceableVpcOrigin, a trigger holding the whole endpoint and a name following it", () => {
    expect(verdictOn((s) => replaceableVpcOrigin(s, { baseName: "alb", loadBalancerArn: ENDPOINT.arn, httpPort: 80, https: true }))).toBe(Compliance.COMPLIANT);
  });
});
