import { Testing, TerraformStack } from "../../../src/cdk";
import { AwsProvider, DataAwsEc2ManagedPrefixList, DataAwsSecurityGroup, SecurityGroup } from "../../../src/aws";
import { Guardrails } from "../../../src/guardrails";
import { OWNERSHIP } from "../../guardrails/fixtures";
import { SecurityGroups, type SecurityGroupsProps } from "../../../src/constructs/network/security-groups";
import { byName, naming, ref, resourcesOf, synthConstruct } from "../../helpers";

const PORTS = { listenerPort: 80, webPort: 80, databasePort: 3306, sshPort: 22 };

const build = (extra: Partial<SecurityGroupsProps> = {}) =>
  synthConstruct((scope) => {
    new SecurityGroups(scope, "security-groups", { naming, vpcId: "vpc-test", ...PORTS, ...extra });
  });

describe("SecurityGroups", () => {
  const { json, tf } = build();
  const group = (name: string) => ref("aws_security_group", byName(tf, "aws_security_group", name).id, "id");
  const rules = (kind: "ingress" | "egress", groupName: string) =>
    resourcesOf(tf, `aws_vpc_security_group_${kind}_rule`)
      .map(([, r]) => r)
      .filter((r) => r.security_group_id === group(groupName));

  it.each(["multiple-server-alb-sg", "multiple-server-web-sg", "multiple-server-db-sg"])("creates %s in the VPC", (name) => {
    expect(json).toHaveResourceWithProperties(SecurityGroup, { name, vpc_id: "vpc-test", tags: { Name: name } });
  });

  it("describes the ALB group without a protocol, and keeps a running group's older description (a change would replace it)", () => {
    expect(json).toHaveResourceWithProperties(SecurityGroup, {
      name: "multiple-server-alb-sg",
      description: "ALB: from CloudFront only, on the listener ports",
      lifecycle: { ignore_changes: ["description"] },
    });
  });

  it("admits HTTP to the ALB only from CloudFront's origin-facing prefix list, looked up by name", () => {
    expect(json).toHaveDataSourceWithProperties(DataAwsEc2ManagedPrefixList, {
      name: "com.amazonaws.global.cloudfront.origin-facing",
    });
    const [id] = Object.keys(tf.data!.aws_ec2_managed_prefix_list);
    expect(rules("ingress", "multiple-server-alb-sg")).toEqual([
      expect.objectContaining({
        ip_protocol: "tcp",
        from_port: 80,
        to_port: 80,
        prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${id}.id}`,
      }),
    ]);
  });

  it("lets the ALB reach only the web group on the web port", () => {
    expect(rules("egress", "multiple-server-alb-sg")).toEqual([
      expect.objectContaining({ from_port: 80, to_port: 80, referenced_security_group_id: group("multiple-server-web-sg") }),
    ]);
  });

  it("admits the web servers' port only from the ALB group, and no SSH by default", () => {
    expect(rules("ingress", "multiple-server-web-sg")).toEqual([
      expect.objectContaining({ from_port: 80, to_port: 80, referenced_security_group_id: group("multiple-server-alb-sg") }),
    ]);
  });

  it("lets the web servers out on 443 only and to the database group on 3306 (nothing they run needs plain HTTP)", () => {
    const egress = rules("egress", "multiple-server-web-sg").map((r) => [r.from_port, r.cidr_ipv4 ?? r.referenced_security_group_id]);
    expect(egress.sort()).toEqual(
      [
        [443, "0.0.0.0/0"],
        [3306, group("multiple-server-db-sg")],
      ].sort(),
    );
  });

  it("admits MySQL to the database only from the web group and gives it no egress", () => {
    expect(rules("ingress", "multiple-server-db-sg")).toEqual([
      expect.objectContaining({ from_port: 3306, to_port: 3306, referenced_security_group_id: group("multiple-server-web-sg") }),
    ]);
    expect(rules("egress", "multiple-server-db-sg")).toEqual([]);
  });

  it("uses standalone rules, never inline ones (inline rules referencing each other form a cycle)", () => {
    for (const [, sg] of resourcesOf(tf, "aws_security_group")) {
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    }
  });

  it("opens SSH only to a configured admin CIDR", () => {
    const withAdmin = build({ adminCidr: "203.0.113.0/24" });
    const ssh = resourcesOf(withAdmin.tf, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.from_port === 22);
    expect(ssh).toEqual([[expect.any(String), expect.objectContaining({ cidr_ipv4: "203.0.113.0/24", to_port: 22 })]]);
  });

  it("lets Amazon Linux 2 servers out on 80 too (its yum mirror list), suppressing MS-SG-3 on that one rule with the reason", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "ap-northeast-2", defaultTags: [{ tags: OWNERSHIP }] });
    new SecurityGroups(stack, "security-groups", { naming, vpcId: "vpc-test", ...PORTS, webHttpEgress: true });
    const guardrails = new Guardrails().applyTo(stack, "test", false);
    const tf = JSON.parse(Testing.synth(stack));
    const http = resourcesOf(tf, "aws_vpc_security_group_egress_rule").filter(([, r]) => r.from_port === 80 && r.cidr_ipv4 === "0.0.0.0/0");
    expect(http).toHaveLength(1);
    expect(guardrails.violations).toEqual([]);
    expect(guardrails.suppressed.map((f) => [f.rule.id, f.resource.address, f.suppressedBecause])).toEqual([
      ["MS-SG-3", `aws_vpc_security_group_egress_rule.${http[0][0]}`, "web.amiFamily al2: Amazon Linux 2's yum may fetch its mirror list over plain HTTP"],
    ]);
  });
});

describe("SecurityGroups with an HTTPS origin", () => {
  const albIngress = (originPorts: number[]) => {
    const { tf } = build({ originPorts });
    const alb = ref("aws_security_group", byName(tf, "aws_security_group", "multiple-server-alb-sg").id, "id");
    return resourcesOf(tf, "aws_vpc_security_group_ingress_rule")
      .map(([, r]) => r)
      .filter((r) => r.security_group_id === alb)
      .map((r) => [r.description, r.from_port, r.to_port]);
  };

  it("admits 443 from CloudFront and nothing on 80 once the origin is HTTPS", () => {
    expect(albIngress([443])).toEqual([["HTTPS from CloudFront", 443, 443]]);
  });

  it("admits 80 to 443 in one rule while both listeners serve (a second prefix-list rule would pass the group's quota)", () => {
    expect(albIngress([80, 443])).toEqual([["HTTP and HTTPS from CloudFront", 80, 443]]);
  });
});

describe("SecurityGroups admitting only CloudFront's VPC origins", () => {
  const { json, tf } = build({ cloudfrontSource: "vpcOriginGroup" });

  it("looks up the group AWS creates with the first VPC origin in the VPC, by name", () => {
    expect(json).toHaveDataSourceWithProperties(DataAwsSecurityGroup, { name: "CloudFront-VPCOrigins-Service-SG", vpc_id: "vpc-test" });
    expect(tf.data!.aws_ec2_managed_prefix_list).toBeUndefined();
  });

  it("admits the ALB's port from that group alone, in the same rule (changed in place from the prefix list)", () => {
    const [serviceGroupId] = Object.keys(tf.data!.aws_security_group);
    const alb = ref("aws_security_group", byName(tf, "aws_security_group", "multiple-server-alb-sg").id, "id");
    const [[id, rule]] = resourcesOf(tf, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.security_group_id === alb);
    expect(id).toMatch(/^security-groups_alb-in-cloudfront_/);
    expect(rule).toMatchObject({ from_port: 80, to_port: 80, referenced_security_group_id: `\${data.aws_security_group.${serviceGroupId}.id}` });
    expect(rule.prefix_list_id).toBeUndefined();
  });
});
