import { CloudfrontVpcOrigin } from "../../../src/aws";
import { replaceableVpcOrigin } from "../../../src/constructs/edge/vpc-origin";
import { ref, resourcesOf, settingsFor, synthConstruct, synthStack, synthStandby, type TerraformJson } from "../../helpers";

const DOMAIN = { domain: { name: "www.example.com", zoneName: "example.com" } };

/** The VPC origin of a stack and the trigger it is replaced by. */
function vpcOriginOf(tf: TerraformJson) {
  const [[originId, origin]] = resourcesOf(tf, "aws_cloudfront_vpc_origin");
  const [[endpointId, endpoint]] = resourcesOf(tf, "terraform_data").filter(([id]) => id.includes("vpc-origin-endpoint"));
  return { originId, origin, endpointId, trigger: endpoint.triggers_replace };
}

describe("replaceableVpcOrigin", () => {
  const { json, tf } = synthConstruct((scope) => {
    replaceableVpcOrigin(scope, { baseName: "multiple-server-vpc-origin", loadBalancerArn: "${aws_lb.alb.arn}", httpPort: 80, https: true });
  });
  const { origin, endpointId, trigger } = vpcOriginOf(tf);
  const name = `multiple-server-vpc-origin-\${substr(terraform_data.${endpointId}.id, 0, 8)}`;

  it("replaces the VPC origin create-before-destroy whenever its trigger changes, never updating it in place", () => {
    expect(origin.lifecycle).toEqual({ create_before_destroy: true, replace_triggered_by: [`terraform_data.${endpointId}`] });
  });

  it("puts the whole endpoint into the trigger: the ALB's ARN, ports, protocol, TLS versions and the name's base", () => {
    expect(trigger).toEqual({
      base_name: "multiple-server-vpc-origin",
      arn: "${aws_lb.alb.arn}",
      http_port: 80,
      https_port: 443,
      origin_protocol_policy: "https-only",
      origin_ssl_protocols: ["TLSv1.2"],
    });
  });

  it("names each replacement after its trigger, so the new VPC origin never shares the old one's name", () => {
    expect(json).toHaveResourceWithProperties(CloudfrontVpcOrigin, {
      vpc_origin_endpoint_config: [
        {
          name,
          arn: "${aws_lb.alb.arn}",
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: "https-only",
          origin_ssl_protocols: [{ items: ["TLSv1.2"], quantity: 1 }],
        },
      ],
      tags: { Name: name },
    });
  });
});

// One test per change that used to update the VPC origin in place while the distribution used it
// (CloudFront's 409, hashicorp/terraform-provider-aws#40905): each changes the trigger, which
// replaces the VPC origin. __tests__/integration/vpc-origin-replacement.test.ts plans each with terraform.
describe("what replaces prod's VPC origin", () => {
  const prod = vpcOriginOf(synthStack(settingsFor("prod")).tf);

  it("a domain added: the trigger's protocol becomes https-only", () => {
    const withDomain = vpcOriginOf(synthStack(settingsFor("prod", DOMAIN)).tf);
    expect([prod.trigger.origin_protocol_policy, withDomain.trigger.origin_protocol_policy]).toEqual(["http-only", "https-only"]);
    expect(withDomain.origin.vpc_origin_endpoint_config[0].origin_protocol_policy).toBe("https-only");
  });

  it("the prefix renamed: the trigger's base name follows it", () => {
    const renamed = vpcOriginOf(synthStack(settingsFor("prod", { namePrefix: "shop-prod" })).tf);
    expect([prod.trigger.base_name, renamed.trigger.base_name]).toEqual(["multiple-server-prod-vpc-origin", "shop-prod-vpc-origin"]);
  });

  it("the ALB replaced: the trigger holds the ALB's ARN, which a new ALB changes", () => {
    const { tf } = synthStack(settingsFor("prod"));
    const [[albId]] = resourcesOf(tf, "aws_lb");
    expect(prod.trigger.arn).toBe(ref("aws_lb", albId, "arn"));
    expect(prod.origin.vpc_origin_endpoint_config[0].arn).toBe(prod.trigger.arn);
  });

  it("the distribution follows the new VPC origin's id", () => {
    const { tf } = synthStack(settingsFor("prod"));
    const [[, distribution]] = resourcesOf(tf, "aws_cloudfront_distribution");
    expect(distribution.origin[0].vpc_origin_config).toEqual({ vpc_origin_id: ref("aws_cloudfront_vpc_origin", prod.originId, "id") });
  });
});

describe("the standby's VPC origin", () => {
  it("is replaced the same way: at a failover a distribution uses it", () => {
    const settings = settingsFor("prod", { dr: { region: "ap-northeast-1" } });
    const { origin, endpointId, trigger } = vpcOriginOf(synthStandby(settings).tf);
    expect(origin.lifecycle).toEqual({ create_before_destroy: true, replace_triggered_by: [`terraform_data.${endpointId}`] });
    expect(trigger.base_name).toBe("multiple-server-prod-dr-vpc-origin");
  });
});
