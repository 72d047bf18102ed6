import { Construct } from "constructs";
import type { ITerraformDependable } from "../../cdk";
import {
  DataAwsEc2ManagedPrefixList,
  DataAwsSecurityGroup,
  SecurityGroup,
  VpcSecurityGroupEgressRule,
  VpcSecurityGroupIngressRule,
} from "../../aws";
import { ANY_IPV4, AWS_MANAGED, HTTP_PORT, HTTPS_PORT } from "../../config/constants";
import { Guardrails } from "../../guardrails/guardrails";
import { Naming } from "../../naming";

export interface SecurityGroupsProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** VPC the groups belong to. Required. */
  readonly vpcId: string;
  /** Port of the ALB's HTTP listener. @default 80 (config `loadBalancer.listenerPort`) */
  readonly listenerPort: number;
  /**
   * The listener ports CloudFront reaches: `[listenerPort]` (HTTP, the article), `[443]` (HTTPS with a
   * domain) or both while moving from one to the other. @default [listenerPort]
   */
  readonly originPorts?: number[];
  /**
   * Who CloudFront's traffic comes from. `prefixList`: CloudFront's origin-facing prefix list (any
   * CloudFront server; an internet-facing ALB, or a VPC origin's first apply). `vpcOriginGroup`: the
   * group AWS creates in the VPC with its first VPC origin (only VPC origins), looked up by name:
   * the lookup fails until that group exists. @default "prefixList"
   */
  readonly cloudfrontSource?: "prefixList" | "vpcOriginGroup";
  /** Port the web servers listen on. @default 80 (config `web.port`) */
  readonly webPort: number;
  /** Port of the database. @default 3306 (config `database.port`) */
  readonly databasePort: number;
  /** CIDR that may reach SSH on the web servers; unset means no SSH rule. @default unset */
  readonly adminCidr?: string;
  /** SSH port for `adminCidr`. @default 22 (config `web.sshPort`) */
  readonly sshPort: number;
  /**
   * Let the web servers out on port 80 too: only Amazon Linux 2 needs it (its yum may fetch the
   * mirror list over HTTP); AL2023, Session Manager and the AWS APIs use HTTPS. @default false
   */
  readonly webHttpEgress?: boolean;
  /**
   * A group for the database tier's function (DatabaseUsers): HTTPS out (Secrets Manager, through
   * the NAT gateway) and MySQL to the database, which admits it. @default false
   */
  readonly databaseUsersFunction?: boolean;
}

type Rule = { description: string; fromPort: number; toPort?: number } & (
  | { cidrIpv4: string }
  | { prefixListId: string }
  | { referencedSecurityGroupId: string }
);

/**
 * The three security groups of the request path and every rule between them:
 * CloudFront (prefix list) -> ALB -> web -> database. Rules are standalone resources, so groups
 * can reference each other without the cycle inline rules would make.
 */
export class SecurityGroups extends Construct {
  public readonly albSecurityGroupId: string;
  public readonly webSecurityGroupId: string;
  public readonly databaseSecurityGroupId: string;
  /**
   * The web group's outbound rules. Terraform strips a new group's default allow-all egress, so a
   * server that boots before these exist cannot install its packages: the web tier depends on them.
   */
  public readonly webEgress: ITerraformDependable[];
  /** The database tier function's group, with `databaseUsersFunction`. */
  public readonly databaseUsersSecurityGroupId?: string;
  /** That group's rules: the function reaches nothing until they exist. */
  public readonly databaseUsersRules: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    const { naming, vpcId } = props;
    const group = (key: string, description: string, lifecycle?: { ignoreChanges: string[] }) =>
      new SecurityGroup(this, key, {
        name: naming.name(key),
        description,
        vpcId,
        lifecycle,
        tags: { Name: naming.name(key) },
      });
    // The ALB admits HTTP, HTTPS or both (docs/domain-and-edge.md "Your own domain"), so the description names no
    // protocol. GroupDescription has no update API (the provider's aws_security_group docs), so a
    // changed description replaces the group: a running environment keeps the description it was
    // created with (`ignore_changes`), and only a new one gets this text.
    const alb = group("alb-sg", "ALB: from CloudFront only, on the listener ports", { ignoreChanges: ["description"] });
    const web = group("web-sg", "Web servers: HTTP from the ALB only");
    const db = group("db-sg", "RDS MySQL: from the web servers only");
    this.albSecurityGroupId = alb.id;
    this.webSecurityGroupId = web.id;
    this.databaseSecurityGroupId = db.id;

    const cloudfrontSource: { prefixListId: string } | { referencedSecurityGroupId: string } =
      props.cloudfrontSource === "vpcOriginGroup"
        ? {
            referencedSecurityGroupId: new DataAwsSecurityGroup(this, "vpc-origin-service-sg", {
              name: AWS_MANAGED.vpcOriginServiceGroup,
              vpcId,
            }).id,
          }
        : { prefixListId: new DataAwsEc2ManagedPrefixList(this, "cloudfront-origin-facing", { name: AWS_MANAGED.cloudfrontOriginPrefixList }).id };

    const ingress = (key: string, groupId: string, rule: Rule) =>
      new VpcSecurityGroupIngressRule(this, key, {
        securityGroupId: groupId,
        ipProtocol: "tcp",
        ...rule,
        toPort: rule.toPort ?? rule.fromPort,
        tags: { Name: naming.name(key) },
      });
    const egress = (key: string, groupId: string, rule: Rule) =>
      new VpcSecurityGroupEgressRule(this, key, {
        securityGroupId: groupId,
        ipProtocol: "tcp",
        ...rule,
        toPort: rule.toPort ?? rule.fromPort,
        tags: { Name: naming.name(key) },
      });

    // One rule, over the range of the ports: each rule naming the prefix list counts as about 55
    // of the group's 60 rules, so a second one for the other port would exceed the quota.
    const ports = props.originPorts ?? [props.listenerPort];
    const protocols = [
      ...(ports.includes(props.listenerPort) ? ["HTTP"] : []),
      ...(ports.some((port) => port !== props.listenerPort) ? ["HTTPS"] : []),
    ];
    ingress("alb-in-cloudfront", alb.id, {
      description: `${protocols.join(" and ")} from CloudFront`,
      fromPort: Math.min(...ports),
      toPort: Math.max(...ports),
      ...cloudfrontSource,
    });
    egress("alb-out-web", alb.id, {
      description: "To the web servers",
      fromPort: props.webPort,
      referencedSecurityGroupId: web.id,
    });

    ingress("web-in-alb", web.id, {
      description: "HTTP from the ALB",
      fromPort: props.webPort,
      referencedSecurityGroupId: alb.id,
    });
    if (props.adminCidr) {
      ingress("web-in-ssh", web.id, {
        description: "SSH from the admin network",
        fromPort: props.sshPort,
        cidrIpv4: props.adminCidr,
      });
    }
    // Through the NAT gateway: Session Manager, Secrets Manager, SSM parameters, package
    // repositories and the RDS CA bundle, all HTTPS.
    this.webEgress = [
      egress("web-out-https", web.id, { description: "HTTPS out (SSM, packages)", fromPort: HTTPS_PORT, cidrIpv4: ANY_IPV4 }),
    ];
    if (props.webHttpEgress) {
      const http = egress("web-out-http", web.id, { description: "HTTP out (Amazon Linux 2 yum mirror list)", fromPort: HTTP_PORT, cidrIpv4: ANY_IPV4 });
      Guardrails.suppress(http, "MS-SG-3", "web.amiFamily al2: Amazon Linux 2's yum may fetch its mirror list over plain HTTP");
      this.webEgress.push(http);
    }
    egress("web-out-db", web.id, {
      description: "MySQL to the database",
      fromPort: props.databasePort,
      referencedSecurityGroupId: db.id,
    });

    ingress("db-in-web", db.id, {
      description: "MySQL from the web servers",
      fromPort: props.databasePort,
      referencedSecurityGroupId: web.id,
    });
    // No egress rule on the database group: RDS replication does not pass through it.

    if (props.databaseUsersFunction) {
      const fn = group("db-users-sg", "Database users function: HTTPS out (Secrets Manager), MySQL to the database");
      this.databaseUsersSecurityGroupId = fn.id;
      this.databaseUsersRules.push(
        // Secrets Manager has no managed prefix list: its public endpoint, through the NAT gateway.
        egress("db-users-out-https", fn.id, { description: "HTTPS out (Secrets Manager)", fromPort: HTTPS_PORT, cidrIpv4: ANY_IPV4 }),
        egress("db-users-out-db", fn.id, { description: "MySQL to the database", fromPort: props.databasePort, referencedSecurityGroupId: db.id }),
        ingress("db-in-db-users", db.id, {
          description: "MySQL from the database users function",
          fromPort: props.databasePort,
          referencedSecurityGroupId: fn.id,
        }),
      );
    }
  }
}
