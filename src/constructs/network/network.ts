import { Construct } from "constructs";
import type { ITerraformDependable } from "../../cdk";
import {
  CloudwatchLogGroup,
  DataAwsCallerIdentity,
  DataAwsIamPolicyDocument,
  DataAwsPartition,
  DefaultSecurityGroup,
  Eip,
  FlowLog,
  IamRole,
  IamRolePolicy,
  InternetGateway,
  NatGateway,
  RouteTable,
  RouteTableAssociation,
  Subnet,
  Vpc,
} from "../../aws";
import { ANY_IPV4 } from "../../config/constants";
import type { NetworkSettings } from "../../config/schema";
import { Naming } from "../../naming";

export interface NetworkProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** VPC CIDR, zones, subnets per tier, NAT mode, flow logs. @default the `network` defaults of config/schema.ts */
  readonly settings: NetworkSettings;
  /** `prevent_destroy` on the flow-log group (it holds data). @default false */
  readonly protect?: boolean;
  /**
   * The region of the stack's provider, for the flow-log role's source ARN. Required. From the
   * settings rather than a `data "aws_region"`: the provider renamed that data source's attribute
   * (`name` in 5.x, `region` in 6.x), so reading it ties the stack to one major version.
   */
  readonly region: string;
  /** KMS key of the flow-log group (LogKey). @default unset (CloudWatch Logs' own encryption) */
  readonly logKmsKeyArn?: string;
}

/** The subnets of one tier, in zone order. */
export interface TierSubnets {
  readonly subnets: Subnet[];
  readonly ids: string[];
}

/**
 * VPC, three subnet tiers over the availability zones, internet gateway, NAT gateway(s) and
 * route tables. The VPC's default security group is taken over with no rules, so nothing that
 * forgets its own group lands in an allow-all one.
 */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly availabilityZones: string[];
  public readonly publicSubnets: TierSubnets;
  public readonly webSubnets: TierSubnets;
  public readonly databaseSubnets: TierSubnets;
  public readonly internetGateway: InternetGateway;
  public readonly natGateways: NatGateway[];
  /**
   * What a private-subnet resource that needs the internet at boot (package installs) must depend
   * on: the private route tables and associations, and the public route to the IGW behind the NAT.
   */
  public readonly privateInternetConnectivity: ITerraformDependable[];
  /** The database subnets' associations to the NAT route: what the database tier's function needs (with privateInternetConnectivity) to reach AWS's APIs. */
  public readonly databaseInternetConnectivity: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { naming, settings } = props;
    const azs = settings.availabilityZones;
    this.availabilityZones = azs;

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: settings.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: naming.name("vpc") },
    });
    this.vpcId = this.vpc.id;

    new DefaultSecurityGroup(this, "default-sg", {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: naming.name("default-sg-unused") },
    });

    // No subnet maps public IPs on launch (checkov CKV_AWS_130): the NAT gateways have Elastic IPs and
    // the ALB gets its own addresses; nothing launched into a public subnet needs one, and a server
    // put there by mistake gets none.
    const tier = (key: string, base: string, cidrs: { cidr: string }[]): TierSubnets => {
      const subnets = cidrs.map(
        ({ cidr }, i) =>
          new Subnet(this, `${key}-${i}`, {
            vpcId: this.vpc.id,
            cidrBlock: cidr,
            availabilityZone: azs[i],
            mapPublicIpOnLaunch: false,
            tags: { Name: naming.perAz(base, azs[i]) },
          }),
      );
      return { subnets, ids: subnets.map((s) => s.id) };
    };
    this.publicSubnets = tier("public", "public", settings.subnets.public);
    this.webSubnets = tier("web", "private-ap", settings.subnets.web);
    this.databaseSubnets = tier("db", "private-db", settings.subnets.database);

    this.internetGateway = new InternetGateway(this, "igw", {
      vpcId: this.vpc.id,
      tags: { Name: naming.name("igw") },
    });

    const publicTable = new RouteTable(this, "rt-ext", {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: ANY_IPV4, gatewayId: this.internetGateway.id }],
      tags: { Name: naming.name("rt-ext") },
    });
    const publicAssociations = this.publicSubnets.subnets.map(
      (subnet, i) => new RouteTableAssociation(this, `rt-ext-${i}`, { subnetId: subnet.id, routeTableId: publicTable.id }),
    );

    // single: one NAT in the first zone serves every zone; perAz: each zone has its own, and
    // the ids and names of each NAT's resources carry the zone.
    const perAz = settings.natGateways === "perAz";
    const natZones = perAz
      ? azs.map((az, i) => ({ i, key: `-${i}`, name: (base: string) => naming.perAz(base, az) }))
      : [{ i: 0, key: "", name: (base: string) => naming.name(base) }];
    this.natGateways = natZones.map(({ i, key, name }) => {
      const eip = new Eip(this, `nat-eip${key}`, { domain: "vpc", tags: { Name: naming.eipOf(name("nat")) } });
      return new NatGateway(this, `nat${key}`, {
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets.subnets[i].id,
        // A NAT gateway created before the IGW is attached never gets a route out.
        dependsOn: [this.internetGateway],
        tags: { Name: name("nat") },
      });
    });
    const privateTables = natZones.map(
      ({ key, name }, n) =>
        new RouteTable(this, `rt-int${key}`, {
          vpcId: this.vpc.id,
          route: [{ cidrBlock: ANY_IPV4, natGatewayId: this.natGateways[n].id }],
          tags: { Name: name("rt-int") },
        }),
    );
    const tableForAz = (i: number) => privateTables[perAz ? i : 0];
    this.privateInternetConnectivity = [];
    for (const [key, tierSubnets] of [
      ["web", this.webSubnets],
      ["db", this.databaseSubnets],
    ] as const) {
      tierSubnets.subnets.forEach((subnet, i) => {
        const association = new RouteTableAssociation(this, `rt-int-${key}-${i}`, {
          subnetId: subnet.id,
          routeTableId: tableForAz(i).id,
        });
        (key === "web" ? this.privateInternetConnectivity : this.databaseInternetConnectivity).push(association);
      });
    }
    // A NAT gateway forwards through its public subnet's route to the IGW: without that route
    // (and the subnet's association to it) a server's first package install has no way out.
    this.privateInternetConnectivity.push(...privateTables, publicTable, ...publicAssociations);

    if (settings.flowLogRetentionDays > 0) {
      this.enableFlowLogs(naming, props.region, settings.flowLogRetentionDays, props.protect ?? false, props.logKmsKeyArn);
    }
  }

  /**
   * Flow logs of every accepted and rejected packet to CloudWatch Logs, through a role that may
   * write only to that log group, and that the flow-logs service may assume only on behalf of
   * this account's flow logs in this region (the confused-deputy conditions AWS documents for it).
   */
  private enableFlowLogs(naming: Naming, region: string, retentionDays: number, protect: boolean, kmsKeyId?: string): void {
    const logGroup = new CloudwatchLogGroup(this, "flow-logs", {
      name: naming.flowLogGroup(),
      retentionInDays: retentionDays,
      kmsKeyId,
      lifecycle: protect ? { preventDestroy: true } : undefined,
      tags: { Name: naming.name("flow-logs") },
    });
    const partition = new DataAwsPartition(this, "partition");
    const account = new DataAwsCallerIdentity(this, "account");
    const assume = new DataAwsIamPolicyDocument(this, "flow-logs-assume", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: [`arn:${partition.partition}:ec2:${region}:${account.accountId}:vpc-flow-log/*`],
            },
          ],
        },
      ],
    });
    const role = new IamRole(this, "flow-logs-role", {
      name: naming.name("flow-logs"),
      assumeRolePolicy: assume.json,
      tags: { Name: naming.name("flow-logs") },
    });
    const write = new DataAwsIamPolicyDocument(this, "flow-logs-write", {
      statement: [
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [`${logGroup.arn}:*`],
        },
      ],
    });
    const policy = new IamRolePolicy(this, "flow-logs-policy", { role: role.id, policy: write.json });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      // The role alone may not write yet: the first delivery would fail until the policy exists.
      dependsOn: [policy],
      tags: { Name: naming.name("flow-log") },
    });
  }
}
