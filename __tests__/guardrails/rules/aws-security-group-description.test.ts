import { SecurityGroup } from "../../../src/aws";
import { Compliance } from "../../../src/guardrails";
import { AwsSecurityGroupDescription } from "../../../src/guardrails/rules/aws-security-group-description";
import { judge } from "../fixtures";

/** The verdict on a security group named `name` described by `description`. */
function group(name: string, description: string): Compliance {
  return judge(AwsSecurityGroupDescription, (s) => new SecurityGroup(s, "sg", { name, description, vpcId: "vpc-1" }))["aws_security_group.sg"];
}

describe("MS-AWS-6: security group names and descriptions use characters EC2 accepts", () => {
  it("violated: an apostrophe, an arrow, a description longer than 255", () => {
    expect(group("alb-sg", "ALB: CloudFront's requests only")).toBe(Compliance.NON_COMPLIANT);
    expect(group("alb-sg", "CloudFront → ALB")).toBe(Compliance.NON_COMPLIANT);
    expect(group("alb-sg", "x".repeat(256))).toBe(Compliance.NON_COMPLIANT);
  });

  it("compliant: the ALB group's own name and description", () => {
    expect(group("multiple-server-alb-sg", "ALB: from CloudFront only, on the listener ports")).toBe(Compliance.COMPLIANT);
  });
});
