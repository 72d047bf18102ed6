import { InternetGateway, NatGateway, RouteTable, RouteTableAssociation, Subnet, Vpc } from "../../../src/aws";
import { Network } from "../../../src/constructs/network/network";
import { Naming } from "../../../src/naming";
import { byName, ref, resourcesOf, settingsFor, synthConstruct } from "../../helpers";

const build = (environment = "dev") =>
  synthConstruct((scope) => {
    const settings = settingsFor(environment);
    new Network(scope, "network", { naming: new Naming(settings.namePrefix), settings: settings.network, region: settings.region });
  });

describe("Network (dev: one NAT gateway)", () => {
  const { json, tf } = build();

  it("creates multiple-server-vpc 10.0.0.0/16 with DNS support and hostnames", () => {
    expect(json).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.0.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: "multiple-server-vpc" },
    });
  });

  it.each([
    ["multiple-server-public-a", "10.0.0.0/24", "ap-northeast-2a"],
    ["multiple-server-public-c", "10.0.10.0/24", "ap-northeast-2c"],
    ["multiple-server-private-ap-a", "10.0.1.0/24", "ap-northeast-2a"],
    ["multiple-server-private-ap-c", "10.0.11.0/24", "ap-northeast-2c"],
    ["multiple-server-private-db-a", "10.0.2.0/24", "ap-northeast-2a"],
    ["multiple-server-private-db-c", "10.0.12.0/24", "ap-northeast-2c"],
  ])("subnet %s is %s in %s and maps no public IP on launch (CKV_AWS_130: NAT gateways and the ALB bring their own)", (name, cidr, az) => {
    expect(json).toHaveResourceWithProperties(Subnet, {
      cidr_block: cidr,
      availability_zone: az,
      map_public_ip_on_launch: false,
      tags: { Name: name },
    });
    const vpc = byName(tf, "aws_vpc", "multiple-server-vpc");
    expect(byName(tf, "aws_subnet", name).body.vpc_id).toBe(ref("aws_vpc", vpc.id, "id"));
  });

  it("attaches multiple-server-igw to the VPC", () => {
    const vpc = byName(tf, "aws_vpc", "multiple-server-vpc");
    expect(json).toHaveResourceWithProperties(InternetGateway, {
      vpc_id: ref("aws_vpc", vpc.id, "id"),
      tags: { Name: "multiple-server-igw" },
    });
  });

  it("puts multiple-server-nat with its EIP in public-a, created after the IGW", () => {
    const nat = byName(tf, "aws_nat_gateway", "multiple-server-nat").body;
    const igw = byName(tf, "aws_internet_gateway", "multiple-server-igw");
    const publicA = byName(tf, "aws_subnet", "multiple-server-public-a");
    const eip = byName(tf, "aws_eip", "multiple-server-nat-eip");
    expect(nat.subnet_id).toBe(ref("aws_subnet", publicA.id, "id"));
    expect(nat.allocation_id).toBe(ref("aws_eip", eip.id, "allocation_id"));
    expect(eip.body.domain).toBe("vpc");
    expect(nat.depends_on).toContain(`aws_internet_gateway.${igw.id}`);
    expect(resourcesOf(tf, "aws_nat_gateway")).toHaveLength(1);
  });

  it("routes the public subnets to the IGW through multiple-server-rt-ext", () => {
    const igw = byName(tf, "aws_internet_gateway", "multiple-server-igw");
    const table = byName(tf, "aws_route_table", "multiple-server-rt-ext");
    expect(table.body.route).toEqual([expect.objectContaining({ cidr_block: "0.0.0.0/0", gateway_id: ref("aws_internet_gateway", igw.id, "id") })]);
    const associated = associatedSubnets(table.id);
    expect(associated.sort()).toEqual(["multiple-server-public-a", "multiple-server-public-c"]);
  });

  it("routes every private subnet to the NAT through multiple-server-rt-int", () => {
    const nat = byName(tf, "aws_nat_gateway", "multiple-server-nat");
    const table = byName(tf, "aws_route_table", "multiple-server-rt-int");
    expect(table.body.route).toEqual([expect.objectContaining({ cidr_block: "0.0.0.0/0", nat_gateway_id: ref("aws_nat_gateway", nat.id, "id") })]);
    expect(associatedSubnets(table.id).sort()).toEqual([
      "multiple-server-private-ap-a",
      "multiple-server-private-ap-c",
      "multiple-server-private-db-a",
      "multiple-server-private-db-c",
    ]);
  });

  it("takes over the default security group with no rules", () => {
    const [[, group]] = resourcesOf(tf, "aws_default_security_group");
    expect(group.ingress).toEqual([]);
    expect(group.egress).toEqual([]);
  });

  it("sends flow logs to a CloudWatch group kept 7 days by default, unprotected in dev", () => {
    const group = byName(tf, "aws_cloudwatch_log_group", "/aws/vpc/multiple-server-flow-logs");
    expect(group.body.retention_in_days).toBe(7);
    expect(group.body.lifecycle).toBeUndefined();
    const [[, flowLog], ...others] = resourcesOf(tf, "aws_flow_log");
    expect(others).toEqual([]);
    expect(flowLog.vpc_id).toBe(ref("aws_vpc", byName(tf, "aws_vpc", "multiple-server-vpc").id, "id"));
    expect(flowLog.log_destination).toBe(ref("aws_cloudwatch_log_group", group.id, "arn"));
  });

  it("lets only this account's flow logs in this region assume the flow-log role (confused deputy), the region from the settings (no data source: its attribute differs between provider 5.x and 6.x)", () => {
    expect(tf.data!.aws_region).toBeUndefined();
    const role = byName(tf, "aws_iam_role", "multiple-server-flow-logs");
    const documents = tf.data!.aws_iam_policy_document as Record<string, any>;
    const [assumeId] = /^\$\{data\.aws_iam_policy_document\.(.+)\.json\}$/.exec(role.body.assume_role_policy)!.slice(1);
    const partition = ref("data.aws_partition", Object.keys(tf.data!.aws_partition)[0], "partition");
    const account = ref("data.aws_caller_identity", Object.keys(tf.data!.aws_caller_identity)[0], "account_id");
    expect(documents[assumeId].statement).toEqual([
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:ec2:ap-northeast-2:${account}:vpc-flow-log/*`] },
        ],
      },
    ]);
  });

  it("lets the flow-log role write only log streams of its own group, and nothing else", () => {
    const group = byName(tf, "aws_cloudwatch_log_group", "/aws/vpc/multiple-server-flow-logs");
    const [[, policy], ...others] = resourcesOf(tf, "aws_iam_role_policy");
    expect(others).toEqual([]);
    const documentId = /^\$\{data\.aws_iam_policy_document\.(.+)\.json\}$/.exec(policy.policy)![1];
    expect(tf.data!.aws_iam_policy_document[documentId].statement).toEqual([
      {
        actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        resources: [`${ref("aws_cloudwatch_log_group", group.id, "arn")}:*`],
      },
    ]);
    expect(resourcesOf(tf, "aws_iam_role_policy_attachment")).toEqual([]);
  });

  it("has no flow logs when their retention is 0", () => {
    const off = synthConstruct((scope) => {
      const settings = settingsFor("dev", { network: { flowLogRetentionDays: 0 } });
      new Network(scope, "network", { naming: new Naming(settings.namePrefix), settings: settings.network, region: settings.region });
    });
    expect(resourcesOf(off.tf, "aws_flow_log")).toHaveLength(0);
    expect(resourcesOf(off.tf, "aws_cloudwatch_log_group")).toHaveLength(0);
  });

  function associatedSubnets(tableId: string): string[] {
    const subnetName = new Map(resourcesOf(tf, "aws_subnet").map(([id, s]) => [ref("aws_subnet", id, "id"), s.tags.Name]));
    return resourcesOf(tf, "aws_route_table_association")
      .filter(([, a]) => a.route_table_id === ref("aws_route_table", tableId, "id"))
      .map(([, a]) => subnetName.get(a.subnet_id));
  }
});

describe("Network (prod: one NAT gateway per zone)", () => {
  const { json, tf } = build("prod");
  const prod = "multiple-server-prod";

  it("puts multiple-server-nat-a and -c in their zone's public subnet", () => {
    for (const letter of ["a", "c"]) {
      const nat = byName(tf, "aws_nat_gateway", `${prod}-nat-${letter}`).body;
      expect(nat.subnet_id).toBe(ref("aws_subnet", byName(tf, "aws_subnet", `${prod}-public-${letter}`).id, "id"));
      expect(nat.depends_on).toHaveLength(1);
    }
    expect(resourcesOf(tf, "aws_nat_gateway")).toHaveLength(2);
  });

  it("gives each zone an rt-int table routing to its own NAT", () => {
    for (const letter of ["a", "c"]) {
      const nat = byName(tf, "aws_nat_gateway", `${prod}-nat-${letter}`);
      expect(json).toHaveResourceWithProperties(RouteTable, {
        tags: { Name: `${prod}-rt-int-${letter}` },
        route: [expect.objectContaining({ nat_gateway_id: ref("aws_nat_gateway", nat.id, "id") })],
      });
    }
    expect(json).toHaveResourceWithProperties(NatGateway, { tags: { Name: `${prod}-nat-a` } });
  });

  it.each(["a", "c"])("routes zone %s's web and database subnets through that zone's own rt-int table", (letter) => {
    const table = ref("aws_route_table", byName(tf, "aws_route_table", `${prod}-rt-int-${letter}`).id, "id");
    const subnets = [`${prod}-private-ap-${letter}`, `${prod}-private-db-${letter}`];
    for (const subnet of subnets) {
      expect(json).toHaveResourceWithProperties(RouteTableAssociation, {
        subnet_id: ref("aws_subnet", byName(tf, "aws_subnet", subnet).id, "id"),
        route_table_id: table,
      });
    }
    // ...and nothing else: no subnet of the other zone, no public subnet.
    const associated = resourcesOf(tf, "aws_route_table_association").filter(([, a]) => a.route_table_id === table);
    expect(associated).toHaveLength(subnets.length);
  });

  it("creates each NAT gateway after the internet gateway, and after nothing else", () => {
    const igw = byName(tf, "aws_internet_gateway", `${prod}-igw`);
    for (const letter of ["a", "c"]) {
      expect(json).toHaveResourceWithProperties(NatGateway, {
        tags: { Name: `${prod}-nat-${letter}` },
        depends_on: [`aws_internet_gateway.${igw.id}`],
      });
    }
  });

  it("sends flow logs to a CloudWatch group kept 90 days, written by a role scoped to it", () => {
    const group = byName(tf, "aws_cloudwatch_log_group", `${prod}-flow-logs`);
    expect(group.body.retention_in_days).toBe(90);
    const [[, flowLog]] = resourcesOf(tf, "aws_flow_log");
    expect(flowLog.traffic_type).toBe("ALL");
    expect(flowLog.log_destination).toBe(ref("aws_cloudwatch_log_group", group.id, "arn"));
    const write = Object.values(tf.data!.aws_iam_policy_document).find((d: any) =>
      d.statement[0].actions.includes("logs:PutLogEvents"),
    );
    expect(write.statement[0].resources).toEqual([`${ref("aws_cloudwatch_log_group", group.id, "arn")}:*`]);
  });
});
