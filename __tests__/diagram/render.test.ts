import { stackDiagram } from "../../src/diagram/render";
import { resourcesOf, settingsFor, synthStack, type TerraformJson } from "../helpers";
import { parseGraphvizSvg, type SvgGraph } from "../helpers/svg";

/** Addresses of every resource of `type` in the stack. */
function addresses(tf: TerraformJson, type: string): string[] {
  return resourcesOf(tf, type).map(([id]) => `${type}.${id}`);
}

/** The Name (or name/identifier) of every resource of `type`. */
function names(tf: TerraformJson, type: string): string[] {
  return resourcesOf(tf, type).map(([, body]) => body.tags?.Name ?? body.name ?? body.identifier);
}

/** The diagram's NAT gateways: node titles of NAT gateway resources, and their labels. */
function natNodes(graph: SvgGraph): string[][] {
  return [...graph.nodes].filter(([title]) => title.startsWith("aws_nat_gateway.")).map(([, texts]) => texts);
}

async function draw(environment: string, overrides = {}) {
  const { tf } = synthStack(settingsFor(environment, overrides));
  const { svg } = await stackDiagram(tf, `multiple-server-${environment}`);
  return { tf, svg, graph: parseGraphvizSvg(svg) };
}

describe.each(["dev", "prod"])("the %s diagram", (environment) => {
  let tf: TerraformJson;
  let graph: SvgGraph;
  beforeAll(async () => ({ tf, graph } = await draw(environment)));

  it("has a node for every resource of the topology, labelled with its name", () => {
    const types = ["aws_cloudfront_distribution", "aws_internet_gateway", "aws_nat_gateway", "aws_lb", "aws_instance", "aws_db_instance"];
    for (const type of types) {
      const drawn = addresses(tf, type).map((a) => graph.nodes.get(a)?.join(" "));
      expect(drawn).toEqual(names(tf, type).map((name) => expect.stringContaining(name)));
    }
  });

  it("draws the VPC, its zones as columns and every subnet with its CIDR and tier", () => {
    const vpc = resourcesOf(tf, "aws_vpc")[0][1];
    expect(graph.clusters.get("cluster_vpc")).toEqual([`VPC ${vpc.tags.Name}`, "10.0.0.0/16"]);
    expect(graph.clusters.get("cluster_zone_ap-northeast-2a")).toEqual(["Availability Zone ap-northeast-2a"]);
    expect(graph.clusters.get("cluster_zone_ap-northeast-2c")).toEqual(["Availability Zone ap-northeast-2c"]);
    for (const [id, subnet] of resourcesOf(tf, "aws_subnet")) {
      const tier = /-public-/.test(subnet.tags.Name) ? "public" : /private-db/.test(subnet.tags.Name) ? "database" : "web";
      expect(graph.clusters.get(`cluster_aws_subnet.${id}`)).toEqual([subnet.tags.Name, `${subnet.cidr_block} · ${tier}`]);
    }
  });

  it("draws the request path (WAF ->) CloudFront -> IGW -> ALB (prod: CloudFront -> VPC origin -> ALB) -> web -> RDS as arrows", () => {
    const [cdn] = addresses(tf, "aws_cloudfront_distribution");
    const [igw] = addresses(tf, "aws_internet_gateway");
    const [alb] = addresses(tf, "aws_lb");
    const [waf] = addresses(tf, "aws_wafv2_web_acl");
    expect(waf !== undefined).toBe(environment === "prod");
    const edge = waf ? [`viewers->${waf}`, `${waf}->${cdn}`] : [`viewers->${cdn}`];
    const origin = environment === "prod" ? [`${cdn}->${alb}`] : [`${cdn}->${igw}`, `${igw}->${alb}`];
    const expected = [...edge, ...origin];
    if (environment === "prod") expect([...graph.edges]).not.toContain(`${igw}->${alb}`);
    for (const web of addresses(tf, "aws_instance")) {
      expected.push(`${alb}->${web}`, ...addresses(tf, "aws_db_instance").map((db) => `${web}->${db}`));
    }
    expect([...graph.edges]).toEqual(expect.arrayContaining(expected));
  });
});

describe("diagrams of different configurations", () => {
  it("differ in the NAT gateways: one in dev, one per zone in prod", async () => {
    const [dev, prod] = await Promise.all([draw("dev"), draw("prod")]);
    expect(natNodes(dev.graph)).toEqual([["NAT gateway", "multiple-server-nat"]]);
    expect(natNodes(prod.graph)).toEqual([
      ["NAT gateway", "multiple-server-prod-nat-a"],
      ["NAT gateway", "multiple-server-prod-nat-c"],
    ]);
  });

  it("follow a change of the configuration: per-zone NAT in dev gives two NAT nodes", async () => {
    const { graph } = await draw("dev", { network: { natGateways: "perAz" } });
    expect(natNodes(graph)).toEqual([
      ["NAT gateway", "multiple-server-nat-a"],
      ["NAT gateway", "multiple-server-nat-c"],
    ]);
  });

  it("render the same graph to the same bytes (so the committed diagram can be compared)", async () => {
    const [first, second] = await Promise.all([draw("dev"), draw("dev")]);
    expect(first.svg).toBe(second.svg);
  });
});

describe("the diagram of a stack on its own domain", () => {
  it("draws Route 53 and its dotted DNS arrows to CloudFront and the ALB, and says what dotted means", async () => {
    const { tf, svg, graph } = await draw("prod", { domain: { name: "www.example.com", zoneName: "example.com" } });
    const [cdn] = addresses(tf, "aws_cloudfront_distribution");
    const [alb] = addresses(tf, "aws_lb");
    expect(graph.nodes.get("route53:example.com")).toEqual(["Route 53", "zone example.com"]);
    expect([...graph.edges]).toEqual(expect.arrayContaining(["viewers->route53:example.com", `route53:example.com->${cdn}`, `route53:example.com->${alb}`]));
    expect(svg).toContain("dotted: DNS names");
  });
});
