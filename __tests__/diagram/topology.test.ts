import { DiagramError, readTopology, type Topology } from "../../src/diagram/topology";
import { byName, settingsFor, synthStack, type TerraformJson } from "../helpers";

/** Address of the resource of `type` named `name` in `tf`. */
function address(tf: TerraformJson, type: string, name: string): string {
  return `${type}.${byName(tf, type, name).id}`;
}

function edgesOf(topology: Topology, kind: string): Array<[string, string, string | undefined]> {
  return topology.edges.filter((e) => e.kind === kind).map((e) => [e.from, e.to, e.label]);
}

describe("readTopology of the dev stack", () => {
  const { tf } = synthStack(settingsFor("dev"));
  const topology = readTopology(tf);
  const at = (type: string, name: string) => address(tf, type, name);
  const cdn = Object.keys(tf.resource.aws_cloudfront_distribution).map((id) => `aws_cloudfront_distribution.${id}`)[0];

  it("knows the environment, region, VPC and zones", () => {
    expect(topology.environment).toBe("dev");
    expect(topology.region).toBe("ap-northeast-2");
    expect(topology.vpc).toEqual({ id: at("aws_vpc", "multiple-server-vpc"), name: "multiple-server-vpc", cidr: "10.0.0.0/16" });
    expect(topology.zones).toEqual(["ap-northeast-2a", "ap-northeast-2c"]);
  });

  it("sorts the subnets into tiers by routing and DB subnet group, zone by zone", () => {
    expect(topology.subnets.map((s) => [s.zone, s.tier, s.name, s.cidr])).toEqual([
      ["ap-northeast-2a", "public", "multiple-server-public-a", "10.0.0.0/24"],
      ["ap-northeast-2a", "web", "multiple-server-private-ap-a", "10.0.1.0/24"],
      ["ap-northeast-2a", "database", "multiple-server-private-db-a", "10.0.2.0/24"],
      ["ap-northeast-2c", "public", "multiple-server-public-c", "10.0.10.0/24"],
      ["ap-northeast-2c", "web", "multiple-server-private-ap-c", "10.0.11.0/24"],
      ["ap-northeast-2c", "database", "multiple-server-private-db-c", "10.0.12.0/24"],
    ]);
  });

  it("puts each NAT gateway, server and database in its subnet, labelled with its name", () => {
    const contents = Object.fromEntries(topology.subnets.map((s) => [s.name, s.nodes.map((n) => n.label)]));
    expect(contents).toEqual({
      "multiple-server-public-a": [["NAT gateway", "multiple-server-nat"]],
      "multiple-server-public-c": [],
      "multiple-server-private-ap-a": [["EC2 t3.micro", "multiple-server-web-a", "Amazon Linux 2023 (x86_64)"]],
      "multiple-server-private-ap-c": [["EC2 t3.micro", "multiple-server-web-c", "Amazon Linux 2023 (x86_64)"]],
      "multiple-server-private-db-a": [["RDS MySQL 8.4 primary", "multiple-server-db-a", "db.t3.micro"]],
      "multiple-server-private-db-c": [["RDS MySQL 8.4 read replica", "multiple-server-db-c", "db.t3.micro"]],
    });
  });

  it("keeps the IGW and the ALB in the VPC, CloudFront and the viewers outside", () => {
    expect(topology.vpcNodes.map((n) => n.label)).toEqual([
      ["Internet gateway", "multiple-server-igw"],
      ["Application Load Balancer", "multiple-server-alb"],
    ]);
    expect(topology.internet.map((n) => n.label)).toEqual([["Viewers"], ["CloudFront", "multiple-server-cdn", "PriceClass_200"]]);
  });

  it("follows the request path CloudFront -> IGW -> ALB -> web -> RDS through the references", () => {
    const igw = at("aws_internet_gateway", "multiple-server-igw");
    const alb = at("aws_lb", "multiple-server-alb");
    const [webA, webC] = ["multiple-server-web-a", "multiple-server-web-c"].map((n) => at("aws_instance", n));
    const [dbA, dbC] = ["multiple-server-db-a", "multiple-server-db-c"].map((n) => at("aws_db_instance", n));
    expect(edgesOf(topology, "request")).toEqual([
      [igw, alb, "HTTP :80"],
      [alb, webA, ":80"],
      [alb, webC, ":80"],
      [webA, dbA, "MySQL :3306"],
      [webA, dbC, "MySQL :3306"],
      [webC, dbA, "MySQL :3306"],
      [webC, dbC, "MySQL :3306"],
      ["viewers", cdn, "HTTPS"],
      [cdn, igw, "HTTP :80 + X-Origin-Verify"],
    ]);
    expect(edgesOf(topology, "replication")).toEqual([[dbA, dbC, "replication"]]);
  });

  it("sends both servers out through the one NAT gateway, and the NAT through the IGW", () => {
    const nat = at("aws_nat_gateway", "multiple-server-nat");
    expect(edgesOf(topology, "outbound")).toEqual([
      [nat, at("aws_internet_gateway", "multiple-server-igw"), undefined],
      [at("aws_instance", "multiple-server-web-a"), nat, undefined],
      [at("aws_instance", "multiple-server-web-c"), nat, undefined],
    ]);
  });
});

describe("readTopology after a configuration change", () => {
  it("draws a NAT gateway per zone, each serving its own zone, in prod", () => {
    const { tf } = synthStack(settingsFor("prod"));
    const topology = readTopology(tf);
    const nats = topology.subnets.filter((s) => s.tier === "public").map((s) => s.nodes.map((n) => n.label[1]));
    expect(nats).toEqual([["multiple-server-prod-nat-a"], ["multiple-server-prod-nat-c"]]);
    const group = `aws_autoscaling_group.${Object.keys(tf.resource.aws_autoscaling_group)[0]}`;
    const outbound = edgesOf(topology, "outbound").filter(([from]) => from.startsWith("aws_autoscaling_group."));
    expect(outbound).toEqual([
      [`${group}@ap-northeast-2a`, address(tf, "aws_nat_gateway", "multiple-server-prod-nat-a"), undefined],
      [`${group}@ap-northeast-2c`, address(tf, "aws_nat_gateway", "multiple-server-prod-nat-c"), undefined],
    ]);
    const primary = topology.subnets.flatMap((s) => s.nodes).find((n) => n.label[1] === "multiple-server-prod-db-a");
    expect(primary?.label[0]).toBe("RDS MySQL 8.4 primary, Multi-AZ");
  });

  it("draws the web ACL in front of CloudFront with its rules in order, when the firewall is on (prod)", () => {
    const { tf } = synthStack(settingsFor("prod", { cdn: { waf: { countOnly: ["AWSManagedRulesCommonRuleSet"] } } }));
    const topology = readTopology(tf);
    const acl = `aws_wafv2_web_acl.${Object.keys(tf.resource.aws_wafv2_web_acl)[0]}`;
    const cdn = `aws_cloudfront_distribution.${Object.keys(tf.resource.aws_cloudfront_distribution)[0]}`;
    expect(topology.internet.map((n) => n.label)).toEqual([
      ["Viewers"],
      ["CloudFront", "multiple-server-prod-cdn", "PriceClass_200"],
      [
        "AWS WAF",
        "multiple-server-prod-waf",
        "rate limit 2000 / 5 min",
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesAnonymousIpList",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesCommonRuleSet (count)",
      ],
    ]);
    const fromViewers = edgesOf(topology, "request").filter(([from, to]) => from === "viewers" || to === cdn);
    expect(fromViewers).toEqual([
      ["viewers", acl, "HTTPS"],
      [acl, cdn, "allowed"],
    ]);
  });

  it("draws prod's Auto Scaling group across the web subnets with its min and max, behind the ALB and in front of the databases", () => {
    const { tf } = synthStack(settingsFor("prod"));
    const topology = readTopology(tf);
    const group = `aws_autoscaling_group.${Object.keys(tf.resource.aws_autoscaling_group)[0]}`;
    const web = topology.subnets.filter((s) => s.tier === "web").map((s) => [s.zone, s.nodes.map((n) => [n.id, n.kind, n.label])]);
    const label = ["Auto Scaling group · EC2 t3.micro", "multiple-server-prod-web", "min 2 / max 6 across the zones", "Amazon Linux 2023 (x86_64)"];
    expect(web).toEqual([
      ["ap-northeast-2a", [[`${group}@ap-northeast-2a`, "asg", label]]],
      ["ap-northeast-2c", [[`${group}@ap-northeast-2c`, "asg", label]]],
    ]);
    const alb = address(tf, "aws_lb", "multiple-server-prod-alb");
    const requests = edgesOf(topology, "request");
    expect(requests.filter(([from]) => from === alb)).toEqual([
      [alb, `${group}@ap-northeast-2a`, ":80"],
      [alb, `${group}@ap-northeast-2c`, ":80"],
    ]);
    const primary = address(tf, "aws_db_instance", "multiple-server-prod-db-a");
    expect(requests.filter(([, to]) => to === primary)).toEqual([
      [`${group}@ap-northeast-2a`, primary, "MySQL :3306"],
      [`${group}@ap-northeast-2c`, primary, "MySQL :3306"],
    ]);
    expect(readTopology(synthStack(settingsFor("prod", { web: { autoScaling: { min: 3, max: 9 } } })).tf).subnets.find((s) => s.tier === "web")!.nodes[0].label[2]).toBe(
      "min 3 / max 9 across the zones",
    );
  });

  it("draws Route 53 resolving the site's names to CloudFront and the origin's to the ALB, and the origin leg as HTTPS :443", () => {
    const domain = { name: "www.example.com", aliases: ["example.com"], zoneName: "example.com" };
    const { tf } = synthStack(settingsFor("dev", { domain }));
    const topology = readTopology(tf);
    const cdn = `aws_cloudfront_distribution.${Object.keys(tf.resource.aws_cloudfront_distribution)[0]}`;
    const alb = address(tf, "aws_lb", "multiple-server-alb");
    const igw = address(tf, "aws_internet_gateway", "multiple-server-igw");
    expect(topology.internet.map((n) => n.label)).toContainEqual(["Route 53", "zone example.com"]);
    expect(edgesOf(topology, "dns")).toEqual([
      ["viewers", "route53:example.com", "DNS"],
      ["route53:example.com", alb, "origin.www.example.com"],
      ["route53:example.com", cdn, "www.example.com\nexample.com"],
    ]);
    expect(edgesOf(topology, "request")).toEqual(
      expect.arrayContaining([
        [igw, alb, "HTTPS :443"],
        [cdn, igw, "HTTPS :443 + X-Origin-Verify"],
      ]),
    );
  });

  it("draws CloudFront entering the VPC straight to an internal ALB through the VPC origin, not through the gateway", () => {
    const { tf } = synthStack(settingsFor("dev", { cdn: { origin: "vpc" } }));
    const topology = readTopology(tf);
    const cdn = `aws_cloudfront_distribution.${Object.keys(tf.resource.aws_cloudfront_distribution)[0]}`;
    const alb = address(tf, "aws_lb", "multiple-server-alb");
    const igw = address(tf, "aws_internet_gateway", "multiple-server-igw");
    const requests = edgesOf(topology, "request");
    expect(requests).toContainEqual([cdn, alb, "VPC origin\nHTTP :80 + X-Origin-Verify"]);
    expect(requests.filter(([from, to]) => to === alb || from === cdn)).toEqual([[cdn, alb, "VPC origin\nHTTP :80 + X-Origin-Verify"]]);
    expect(requests.filter(([from]) => from === igw)).toEqual([]);
    expect(topology.vpcNodes.find((n) => n.id === alb)).toEqual({ id: alb, kind: "alb", label: ["Application Load Balancer", "multiple-server-alb", "internal"] });
  });

  it("draws every server behind the ALB when there are two per zone", () => {
    const { tf } = synthStack(settingsFor("dev", { web: { countPerAz: 2 } }));
    const topology = readTopology(tf);
    const servers = topology.subnets.filter((s) => s.tier === "web").map((s) => s.nodes.map((n) => n.label[1]));
    expect(servers).toEqual([
      ["multiple-server-web-a1", "multiple-server-web-a2"],
      ["multiple-server-web-c1", "multiple-server-web-c2"],
    ]);
    expect(edgesOf(topology, "request").filter(([from]) => from.startsWith("aws_lb."))).toHaveLength(4);
  });
});

describe("readTopology of something else", () => {
  const { tf } = synthStack(settingsFor("dev"));

  it("refuses a stack without the VPC it draws, saying what is missing", () => {
    const { aws_vpc: _vpc, ...rest } = tf.resource;
    expect(() => readTopology({ ...tf, resource: rest })).toThrow(new DiagramError("the stack must have exactly one VPC (aws_vpc), it has 0"));
  });

  it("refuses a stack whose CloudFront does not front its ALB", () => {
    const { aws_cloudfront_distribution: _cdn, ...rest } = tf.resource;
    expect(() => readTopology({ ...tf, resource: rest })).toThrow(/no CloudFront distribution has multiple-server-alb as its origin/);
  });
});
