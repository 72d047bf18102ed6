import { amiSsmParameter, type AmiArchitecture } from "../config/constants";
import { bootScriptHashIn } from "../constructs/web/web-user-data";
import { blocks } from "../guardrails/rule";
import { bootScript } from "../guardrails/rules/alb-target-keep-alive";
import { type Config, displayName, type Resource, StackJson, type TerraformJson } from "./terraform-json";

/**
 * The architecture of one synthesized stack as the diagram shows it: what sits where (internet,
 * VPC, subnet) and how a request travels. Every placement and every edge is derived from the
 * resources and their references in `cdk.tf.json`: a subnet is public because its route table
 * points at the internet gateway, a server talks to a database because the database's security
 * group admits the server's.
 */

export type Tier = "public" | "web" | "database";
export type NodeKind = "viewers" | "dns" | "waf" | "cdn" | "igw" | "nat" | "alb" | "web" | "asg" | "db" | "store";

export interface DiagramNode {
  /** Terraform address (`aws_lb.load-balancer_alb_1A2B3C4D`); `viewers` for the people outside. */
  readonly id: string;
  readonly kind: NodeKind;
  /** Lines of the label: what it is, then its name, then details. */
  readonly label: string[];
  /** The tier whose row it sits in, for a node in the VPC but in no subnet (an internet-facing ALB: public). */
  readonly row?: Tier;
}

export interface SubnetBox {
  readonly id: string;
  readonly name: string;
  readonly cidr: string;
  readonly zone: string;
  readonly tier: Tier;
  readonly nodes: DiagramNode[];
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /**
   * `request`: the path a viewer's request takes; `outbound`: servers to the internet; `replication`:
   * primary to replica; `dns`: a name Route 53 resolves to its target; `failover`: where traffic
   * goes when the primary region is lost (between the two regions of a disaster-recovery pair).
   */
  readonly kind: "request" | "outbound" | "replication" | "dns" | "failover";
}

export interface Topology {
  readonly environment: string;
  readonly region: string;
  readonly vpc: { readonly id: string; readonly name: string; readonly cidr: string };
  /** Zones in the order of their columns. */
  readonly zones: string[];
  /** Outside the VPC: the viewers, Route 53, the web application firewall and the CloudFront distribution. */
  readonly internet: DiagramNode[];
  /** In the VPC but in no single subnet: the internet gateway and the load balancer. */
  readonly vpcNodes: DiagramNode[];
  readonly subnets: SubnetBox[];
  readonly edges: Edge[];
}

/** Web servers as drawn: a fixed instance (one node) or an Auto Scaling group (a node per subnet it spans). */
interface Server {
  readonly ids: string[];
  readonly resource: Resource;
  /** Security groups of the servers: the instance's, or those of the group's launch template. */
  readonly groups: Resource[];
}

/** The stack does not have the shape this diagram draws. */
export class DiagramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiagramError";
  }
}

export const TIERS: readonly Tier[] = ["public", "web", "database"];
export const VIEWERS = "viewers";

export interface ReadOptions {
  /**
   * The stack is a standby region's (`multiple-server-<env>-dr`): no CloudFront of its own (the
   * primary's distribution reaches it at a failover), its database a replica of another region's.
   * @default false
   */
  readonly standby?: boolean;
  /**
   * Names of the boot scripts (`web.bootScript`) the diagram may meet, by the short hash their
   * heredoc marker carries in the user data (`bootScriptHash`): the JSON holds a script's content,
   * not its file name. A script not in it is drawn by its hash. @default none
   */
  readonly bootScripts?: ReadonlyMap<string, string>;
}

/** The images of AWS's public Amazon Linux parameters, by parameter name (constants.amiSsmParameter). */
const AMAZON_LINUX_IMAGES: ReadonlyMap<string, string> = new Map(
  (["x86_64", "arm64"] as AmiArchitecture[]).flatMap((architecture): Array<[string, string]> => [
    [amiSsmParameter("al2023", architecture), `Amazon Linux 2023 (${architecture})`],
    [amiSsmParameter("al2", architecture), `Amazon Linux 2 (${architecture})`],
  ]),
);

/**
 * What the servers boot, as a person knows it: AWS's Amazon Linux by its name, an image of the
 * user's by its AMI id or the SSM parameter it is read from; undefined for another expression.
 */
function imageOf(stack: StackJson, imageId: unknown): string | undefined {
  if (typeof imageId === "string" && !imageId.includes("${")) return `AMI ${imageId}`;
  const parameter = stack.dataSource(imageId, "aws_ssm_parameter")?.name;
  if (typeof parameter !== "string") return undefined;
  return AMAZON_LINUX_IMAGES.get(parameter) ?? `AMI from SSM ${parameter}`;
}

/** The label lines of the servers' image and boot script (the user data of an instance or a launch template). */
function softwareOf(stack: StackJson, imageId: unknown, launch: Config | undefined, names: ReadonlyMap<string, string>): string[] {
  const hash = launch ? bootScriptHashIn(bootScript(launch)) : undefined;
  const script = hash === undefined ? undefined : `boot script: ${names.get(hash) ?? `sha256 ${hash}`}`;
  return [imageOf(stack, imageId), script].filter((line): line is string => line !== undefined);
}
const ENGINE_NAMES: Record<string, string> = { mysql: "MySQL", mariadb: "MariaDB", postgres: "PostgreSQL" };

function node(resource: Resource, kind: NodeKind, what: string, ...details: string[]): DiagramNode {
  return { id: resource.address, kind, label: [what, displayName(resource), ...details] };
}

/** Reads the topology of one environment's stack from its synthesized JSON. */
export function readTopology(tf: TerraformJson, options: ReadOptions = {}): Topology {
  const stack = new StackJson(tf);
  const bootScripts = options.bootScripts ?? new Map<string, string>();
  const one = (type: string, what: string): Resource => {
    const found = stack.resources(type);
    if (found.length !== 1) throw new DiagramError(`the stack must have exactly one ${what} (${type}), it has ${found.length}`);
    return found[0];
  };
  const vpc = one("aws_vpc", "VPC");
  const igw = one("aws_internet_gateway", "internet gateway");

  // Tiers from routing and placement: routed to the IGW is public, in a DB subnet group is database.
  const tableOf = (subnet: Resource) =>
    stack
      .resources("aws_route_table_association")
      .filter((a) => stack.refersTo(a.config.subnet_id, subnet))
      .flatMap((a) => stack.referenced(a.config.route_table_id, "aws_route_table"))[0];
  const routesToIgw = (table?: Resource) => !!table && blocks(table.config.route).some((r) => stack.refersTo(r.gateway_id, igw));
  const dbSubnetGroups = stack.resources("aws_db_subnet_group");
  const inDbGroup = (subnet: Resource) => dbSubnetGroups.some((g) => stack.refersTo(g.config.subnet_ids, subnet));
  const subnetResources = stack.resources("aws_subnet").filter((s) => stack.refersTo(s.config.vpc_id, vpc));
  const boxes = new Map<string, SubnetBox>();
  for (const s of subnetResources) {
    const tier: Tier = routesToIgw(tableOf(s)) ? "public" : inDbGroup(s) ? "database" : "web";
    boxes.set(s.address, { id: s.address, name: displayName(s), cidr: s.config.cidr_block, zone: s.config.availability_zone, tier, nodes: [] });
  }
  const boxOf = (value: unknown, what: string): SubnetBox => {
    const [subnet] = stack.referenced(value, "aws_subnet");
    const box = subnet && boxes.get(subnet.address);
    if (!box) throw new DiagramError(`${what} is in no subnet of ${displayName(vpc)}`);
    return box;
  };

  const edges: Edge[] = [];
  const nats = stack.resources("aws_nat_gateway").map((nat) => {
    boxOf(nat.config.subnet_id, displayName(nat)).nodes.push(node(nat, "nat", "NAT gateway"));
    edges.push({ from: nat.address, to: igw.address, kind: "outbound" });
    return nat;
  });

  const alb = one("aws_lb", "load balancer");
  // An internal ALB is reached only through a CloudFront VPC origin, never through the gateway.
  const internal = alb.config.internal === true;
  const listeners = stack.resources("aws_lb_listener").filter((l) => stack.refersTo(l.config.load_balancer_arn, alb));
  const listenerLabel = listeners.map((l) => `${l.config.protocol} :${l.config.port}`).join(", ");
  if (!internal) edges.push({ from: igw.address, to: alb.address, label: listenerLabel, kind: "request" });

  // Outbound: the subnet's route table sends 0.0.0.0/0 to a NAT gateway.
  const outbound = (from: string, subnet: Resource) => {
    const table = tableOf(subnet);
    for (const nat of nats.filter((n) => blocks(table?.config.route).some((r) => stack.refersTo(r.nat_gateway_id, n)))) {
      edges.push({ from, to: nat.address, kind: "outbound" });
    }
  };
  const groupsOf = (value: unknown) => stack.referenced(value, "aws_security_group");
  const servers: Server[] = stack.resources("aws_instance").map((instance) => {
    const box = boxOf(instance.config.subnet_id, displayName(instance));
    const software = softwareOf(stack, instance.config.ami, instance.config, bootScripts);
    box.nodes.push(node(instance, "web", `EC2 ${instance.config.instance_type}`, ...software));
    outbound(instance.address, stack.referenced(instance.config.subnet_id, "aws_subnet")[0]);
    return { ids: [instance.address], resource: instance, groups: groupsOf(instance.config.vpc_security_group_ids) };
  });
  // An Auto Scaling group is drawn in every subnet it spreads over, one node per subnet.
  for (const group of stack.resources("aws_autoscaling_group")) {
    const [template] = stack.referenced(blocks(group.config.launch_template)[0]?.id, "aws_launch_template");
    const instanceType = template?.config.instance_type;
    const software = softwareOf(stack, template?.config.image_id, template?.config, bootScripts);
    const ids = stack.referenced(group.config.vpc_zone_identifier, "aws_subnet").map((subnet) => {
      const box = boxes.get(subnet.address);
      if (!box) throw new DiagramError(`${displayName(group)} spreads over a subnet outside ${displayName(vpc)}`);
      const id = `${group.address}@${box.zone}`;
      const what = ["Auto Scaling group", instanceType && `EC2 ${instanceType}`].filter(Boolean).join(" · ");
      box.nodes.push({ id, kind: "asg", label: [what, displayName(group), `min ${group.config.min_size} / max ${group.config.max_size} across the zones`, ...software] });
      outbound(id, subnet);
      return id;
    });
    if (!ids.length) throw new DiagramError(`${displayName(group)} spreads over no subnet of ${displayName(vpc)}`);
    const groups = groupsOf([template?.config.vpc_security_group_ids, blocks(template?.config.network_interfaces).map((nic) => nic.security_groups)]);
    servers.push({ ids, resource: group, groups });
  }

  // ALB -> servers: the target groups its listeners forward to, and the instances attached to them.
  const forwardedGroups = [
    ...listeners.flatMap((l) => blocks(l.config.default_action)),
    ...stack
      .resources("aws_lb_listener_rule")
      .filter((rule) => listeners.some((l) => stack.refersTo(rule.config.listener_arn, l)))
      .flatMap((rule) => blocks(rule.config.action)),
  ]
    .filter((action) => action.type === "forward")
    .flatMap((action) => stack.referenced(action.target_group_arn, "aws_lb_target_group"));
  for (const attachment of stack.resources("aws_lb_target_group_attachment")) {
    if (!forwardedGroups.some((g) => stack.refersTo(attachment.config.target_group_arn, g))) continue;
    for (const instance of stack.referenced(attachment.config.target_id, "aws_instance")) {
      edges.push({ from: alb.address, to: instance.address, label: `:${attachment.config.port}`, kind: "request" });
    }
  }
  for (const server of servers.filter((s) => s.resource.type === "aws_autoscaling_group")) {
    for (const targetGroup of forwardedGroups.filter((g) => stack.refersTo(server.resource.config.target_group_arns, g))) {
      for (const id of server.ids) edges.push({ from: alb.address, to: id, label: `:${targetGroup.config.port}`, kind: "request" });
    }
  }

  const databases = readDatabases(stack, boxes, edges, servers);

  const internet: DiagramNode[] = options.standby ? [] : [{ id: VIEWERS, kind: "viewers", label: ["Viewers"] }];
  for (const cdn of stack.resources("aws_cloudfront_distribution")) {
    const origins = blocks(cdn.config.origin).filter((o) => reachesAlb(stack, o, alb));
    if (!origins.length) continue;
    internet.push(node(cdn, "cdn", "CloudFront", cdn.config.price_class));
    const viewerPolicy = blocks(cdn.config.default_cache_behavior)[0]?.viewer_protocol_policy;
    const viewerLabel = viewerPolicy === "allow-all" ? "HTTP/HTTPS" : "HTTPS";
    // A web ACL inspects every request before CloudFront serves it: drawn in front of it.
    const [acl] = stack.referenced(cdn.config.web_acl_id, "aws_wafv2_web_acl");
    if (acl) {
      internet.push(node(acl, "waf", "AWS WAF", ...wafRules(acl)));
      edges.push({ from: VIEWERS, to: acl.address, label: viewerLabel, kind: "request" });
      edges.push({ from: acl.address, to: cdn.address, label: "allowed", kind: "request" });
    } else edges.push({ from: VIEWERS, to: cdn.address, label: viewerLabel, kind: "request" });
    const vpcOrigin = vpcOriginOf(stack, origins[0]);
    const settings = (vpcOrigin ? blocks(vpcOrigin.config.vpc_origin_endpoint_config)[0] : blocks(origins[0].custom_origin_config)[0]) ?? {};
    const headers = blocks(origins[0].custom_header).map((h) => h.name);
    const protocol = settings.origin_protocol_policy === "https-only" ? `HTTPS :${settings.https_port}` : `HTTP :${settings.http_port}`;
    // Through a VPC origin CloudFront enters the VPC straight to the ALB; otherwise through the gateway.
    if (vpcOrigin) edges.push({ from: cdn.address, to: alb.address, label: ["VPC origin", [protocol, ...headers].join(" + ")].join("\n"), kind: "request" });
    else edges.push({ from: cdn.address, to: igw.address, label: [protocol, ...headers].join(" + "), kind: "request" });
  }
  if (!options.standby && internet.length === 1) throw new DiagramError(`no CloudFront distribution has ${displayName(alb)} as its origin`);
  readDns(stack, internet, edges);

  const zones = [...new Set([...boxes.values()].map((b) => b.zone))].sort();
  const subnets = [...boxes.values()].sort(
    (a, b) => zones.indexOf(a.zone) - zones.indexOf(b.zone) || TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier),
  );
  if (!databases.length) throw new DiagramError("the stack has no RDS instance");
  return {
    environment: stack.defaultTag("Environment") ?? "unknown",
    region: stack.region() ?? "unknown",
    vpc: { id: vpc.address, name: displayName(vpc), cidr: vpc.config.cidr_block },
    zones,
    internet,
    vpcNodes: [
      node(igw, "igw", "Internet gateway"),
      internal ? node(alb, "alb", "Application Load Balancer", "internal") : { ...node(alb, "alb", "Application Load Balancer"), row: "public" },
    ],
    subnets,
    // Two listeners forwarding to one group would draw the same arrow twice.
    edges: edges.filter((e, i) => edges.findIndex((o) => o.from === e.from && o.to === e.to && o.kind === e.kind) === i),
  };
}

/** The stack's CloudFront VPC origin a distribution's origin goes through, if any. */
function vpcOriginOf(stack: StackJson, origin: Config): Resource | undefined {
  const [config] = blocks(origin.vpc_origin_config);
  return config ? stack.referenced(config.vpc_origin_id, "aws_cloudfront_vpc_origin")[0] : undefined;
}

/**
 * Whether a CloudFront origin reaches the ALB: by the ALB's own DNS name, or by a name of its own
 * that an alias record of the stack resolves to the ALB.
 */
function reachesAlb(stack: StackJson, origin: Config, alb: Resource): boolean {
  const vpcOrigin = vpcOriginOf(stack, origin);
  if (vpcOrigin) return blocks(vpcOrigin.config.vpc_origin_endpoint_config).some((c) => stack.refersTo(c.arn, alb));
  if (stack.refersTo(origin.domain_name, alb)) return true;
  return stack
    .resources("aws_route53_record")
    .some((r) => r.config.name === origin.domain_name && blocks(r.config.alias).some((a) => stack.refersTo(a.name, alb)));
}

/**
 * Route 53, when the stack writes alias records: one node per hosted zone, labelled with its name
 * (or id), and a dotted arrow from it to each target it resolves names to, labelled with the names.
 */
function readDns(stack: StackJson, internet: DiagramNode[], edges: Edge[]): void {
  const targets = [...stack.resources("aws_cloudfront_distribution"), ...stack.resources("aws_lb")];
  const zones = new Map<string, DiagramNode>();
  /** Names by zone node and target address. */
  const names = new Map<string, { from: string; to: string; names: string[] }>();
  for (const record of stack.resources("aws_route53_record")) {
    const [alias] = blocks(record.config.alias);
    const target = alias && targets.find((t) => stack.refersTo(alias.name, t));
    if (!target) continue;
    const zone = stack.dataSource(record.config.zone_id, "aws_route53_zone");
    const zoneName: string = zone?.name ?? zone?.zone_id ?? String(record.config.zone_id);
    const id = `route53:${zoneName}`;
    if (!zones.has(id)) zones.set(id, { id, kind: "dns", label: ["Route 53", `zone ${zoneName}`] });
    const key = `${id}\0${target.address}`;
    const entry = names.get(key) ?? { from: id, to: target.address, names: [] };
    // One side of a failover pair says which.
    const failover = blocks(record.config.failover_routing_policy)[0]?.type;
    const name = failover ? `${record.config.name} (${failover})` : record.config.name;
    if (!entry.names.includes(name)) entry.names.push(name);
    names.set(key, entry);
  }
  for (const node of zones.values()) {
    internet.push(node);
    edges.push({ from: VIEWERS, to: node.id, label: "DNS", kind: "dns" });
  }
  for (const { from, to, names: resolved } of names.values()) edges.push({ from, to, label: resolved.join("\n"), kind: "dns" });
}

/** What a web ACL runs, one line per rule in priority order: `rate limit 2000 / 5 min`, a managed group's name. */
function wafRules(acl: Resource): string[] {
  return [...blocks(acl.config.rule)]
    .sort((a, b) => a.priority - b.priority)
    .map((rule) => {
      const statement = blocks(rule.statement)[0] ?? {};
      const rate = blocks(statement.rate_based_statement)[0];
      if (rate) return `rate limit ${rate.limit} / ${(rate.evaluation_window_sec ?? 300) / 60} min`;
      const group = blocks(statement.managed_rule_group_statement)[0];
      const counting = blocks(rule.override_action).some((o) => o.count !== undefined);
      return group ? `${group.name}${counting ? " (count)" : ""}` : rule.name;
    });
}

/**
 * RDS primary and replicas in their zones' database subnets, the replication between them, and
 * the servers whose security group the database's group admits.
 */
function readDatabases(stack: StackJson, boxes: Map<string, SubnetBox>, edges: Edge[], servers: Server[]): Resource[] {
  const all = stack.resources("aws_db_instance");
  const primaries = all.filter((db) => !db.config.replicate_source_db);
  const databaseBoxes = [...boxes.values()].filter((b) => b.tier === "database");
  const sourceOf = (db: Resource) => primaries.find((p) => stack.refersTo(db.config.replicate_source_db, p));
  const engineName = (db: Resource): string => {
    const engine: string = db.config.engine ?? sourceOf(db)?.config.engine ?? "";
    return ENGINE_NAMES[engine] ?? engine;
  };
  for (const db of all) {
    const source = sourceOf(db);
    const zone: string | undefined = db.config.availability_zone;
    // RDS picks the zone of a Multi-AZ primary: draw it in the first database subnet.
    const box = databaseBoxes.find((b) => b.zone === zone) ?? databaseBoxes[0];
    if (!box) throw new DiagramError(`${displayName(db)} has no database subnet to sit in`);
    const version = db.config.engine_version ?? source?.config.engine_version;
    // A source named by ARN is another region's (a standby's replica): not in this stack.
    const role = source ? "read replica" : db.config.replicate_source_db ? "cross-region read replica" : db.config.multi_az ? "primary, Multi-AZ" : "primary";
    box.nodes.push(node(db, "db", ["RDS", engineName(db), version, role].filter(Boolean).join(" "), db.config.instance_class));
    if (source) edges.push({ from: source.address, to: db.address, label: "replication", kind: "replication" });
  }

  // Which servers may reach which database: an ingress rule of the database's group that
  // references the server's group.
  const groupsOf = (r: Resource) => stack.referenced(r.config.vpc_security_group_ids, "aws_security_group");
  const ingress = stack.resources("aws_vpc_security_group_ingress_rule");
  for (const server of servers) {
    for (const db of all) {
      const rule = ingress.find(
        (rule) =>
          groupsOf(db).some((g) => stack.refersTo(rule.config.security_group_id, g)) &&
          server.groups.some((g) => stack.refersTo(rule.config.referenced_security_group_id, g)),
      );
      if (!rule) continue;
      for (const id of server.ids) edges.push({ from: id, to: db.address, label: `${engineName(db)} :${rule.config.from_port}`, kind: "request" });
    }
  }
  return all;
}
