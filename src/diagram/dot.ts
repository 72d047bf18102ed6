import { type DiagramNode, type Edge, type NodeKind, type SubnetBox, type Tier, TIERS, type Topology } from "./topology";

/**
 * The topology as a Graphviz graph. Graphviz does the layout; this only says what nests in what
 * (region > VPC > zone columns > subnets), which nodes share a row (one row per tier, with
 * `newrank` so rows line up across the zone columns) and how each kind of thing looks. Colours
 * follow the AWS architecture icons' categories.
 */

const FONT = "Helvetica,Arial,sans-serif";

const NODE_STYLE: Record<NodeKind, string> = {
  viewers: 'shape=ellipse, style=filled, fillcolor="#FFFFFF", color="#232F3E"',
  dns: 'fillcolor="#F3EDFF", color="#8C4FFF"',
  waf: 'fillcolor="#FDECEC", color="#DD344C"',
  cdn: 'fillcolor="#F3EDFF", color="#8C4FFF"',
  igw: 'fillcolor="#F3EDFF", color="#8C4FFF"',
  nat: 'fillcolor="#F3EDFF", color="#8C4FFF"',
  alb: 'fillcolor="#F3EDFF", color="#8C4FFF"',
  web: 'fillcolor="#FDF0E6", color="#ED7100"',
  asg: 'fillcolor="#FDF0E6", color="#ED7100", style="rounded,filled,dashed"',
  db: 'fillcolor="#ECEEFC", color="#3B48CC"',
  store: 'shape=cylinder, style=filled, fillcolor="#E9F3E6", color="#7AA116"',
};

const SUBNET_STYLE: Record<Tier, string> = {
  public: 'style=filled; fillcolor="#F2F8EA"; color="#7AA116"',
  web: 'style=filled; fillcolor="#E6F2F8"; color="#147EBA"',
  database: 'style=filled; fillcolor="#EAF0FB"; color="#3B48CC"',
};

const EDGE_STYLE: Record<Edge["kind"], string> = {
  request: 'color="#232F3E", penwidth=1.6',
  outbound: 'style=dashed, color="#7D8998"',
  replication: 'style=dashed, color="#3B48CC", fontcolor="#3B48CC"',
  dns: 'style=dotted, color="#8C4FFF", fontcolor="#8C4FFF"',
  failover: 'style=dashed, color="#DD344C", fontcolor="#DD344C", penwidth=1.4',
};

/** A double-quoted DOT id or string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A multi-line, centred label. */
function label(lines: string[]): string {
  return quote(lines.join("\n")).replace(/\n/g, "\\n");
}

/** How a node's id is written: as it is for one stack, with its side's prefix for a pair of regions. */
type Ids = (id: string) => string;
const AS_IS: Ids = (id) => id;

function nodeLine(n: DiagramNode, ids: Ids = AS_IS): string {
  return `${quote(ids(n.id))} [label=${label(n.label)}, ${NODE_STYLE[n.kind]}];`;
}

/** An invisible node that keeps an empty subnet drawn, in its tier's row. */
function anchorId(subnet: SubnetBox): string {
  return `${subnet.id}:anchor`;
}

function subnetCluster(subnet: SubnetBox, indent: string, ids: Ids): string[] {
  const inner = subnet.nodes.length
    ? subnet.nodes.map((n) => nodeLine(n, ids))
    : [`${quote(ids(anchorId(subnet)))} [label="", style=invis, width=1.8, height=0.5];`];
  return [
    `${indent}subgraph ${quote(`cluster_${ids(subnet.id)}`)} {`,
    `${indent}  label=${label([subnet.name, `${subnet.cidr} · ${subnet.tier}`])}; labelloc=t; ${SUBNET_STYLE[subnet.tier]};`,
    ...inner.map((line) => `${indent}  ${line}`),
    `${indent}}`,
  ];
}

/**
 * Nodes that share the row of `tier` (an internet-facing ALB sits in the public row: it lives in the
 * public subnets; an internal one is left to the layout, between CloudFront and its servers).
 */
function row(topology: Topology, tier: Tier): string[] {
  const ids = topology.subnets
    .filter((s) => s.tier === tier)
    .flatMap((s) => (s.nodes.length ? s.nodes.map((n) => n.id) : [anchorId(s)]));
  ids.push(...topology.vpcNodes.filter((n) => n.row === tier).map((n) => n.id));
  return ids;
}

/** What the kinds of arrow mean, for the kinds the diagram has. */
function legend(edges: readonly Edge[]): string {
  const dns = edges.some((e) => e.kind === "dns") ? " · dotted: DNS names" : "";
  const failover = edges.some((e) => e.kind === "failover") ? " · dashed red: failover" : "";
  return `solid: request path · dashed grey: outbound through NAT · dashed blue: replication${dns}${failover}`;
}

function edgeLine(e: Edge, ids: Ids): string {
  const attributes = `${e.label ? `label=${label([e.label])}, ` : ""}${EDGE_STYLE[e.kind]}`;
  // Outbound traffic climbs back up the rows; written top-down and drawn reversed, it keeps
  // the graph free of cycles, so Graphviz never flips the request path to break one.
  return e.kind === "outbound"
    ? `  ${quote(ids(e.to))} -> ${quote(ids(e.from))} [dir=back, ${attributes}];`
    : `  ${quote(ids(e.from))} -> ${quote(ids(e.to))} [${attributes}];`;
}

/**
 * The region's cluster (region > VPC > zone columns > subnets), its rows and its edges; `ids`
 * writes its node ids, `extra` adds nodes in the region outside the VPC (a pair's backups and state).
 */
function regionParts(topology: Topology, ids: Ids, cluster: string, extra: readonly DiagramNode[] = []): { cluster: string[]; rows: string[]; edges: string[] } {
  const { vpc } = topology;
  const zoneClusters = topology.zones.map((zone) => [
    `      subgraph ${quote(`cluster_${ids(`zone_${zone}`)}`)} {`,
    `        label=${quote(`Availability Zone ${zone}`)}; labelloc=t; style=dashed; color="#147EBA";`,
    ...topology.subnets.filter((s) => s.zone === zone).flatMap((s) => subnetCluster(s, "        ", ids)),
    "      }",
  ]);
  // An empty public subnet is still routed to the IGW: the invisible edge says so to the layout,
  // which then balances the zone columns instead of flipping them around a lone NAT gateway.
  const igw = topology.vpcNodes.filter((n) => n.kind === "igw");
  const anchors = topology.subnets
    .filter((s) => s.tier === "public" && !s.nodes.length)
    .flatMap((s) => igw.map((n) => `  ${quote(ids(n.id))} -> ${quote(ids(anchorId(s)))} [style=invis];`));
  const rows = TIERS.map((tier) => row(topology, tier))
    .filter((rowIds) => rowIds.length)
    .map((rowIds) => `  { rank=same; ${rowIds.map((id) => quote(ids(id))).join("; ")}; }`);
  return {
    cluster: [
      `  subgraph ${cluster} {`,
      `    label=${quote(`AWS Region ${topology.region}`)}; labelloc=t; style=dashed; color="#00A4A6";`,
      ...extra.map((n) => `    ${nodeLine(n, ids)}`),
      `    subgraph ${cluster === "cluster_region" ? "cluster_vpc" : quote(`cluster_${ids("vpc")}`)} {`,
      `      label=${label([`VPC ${vpc.name}`, vpc.cidr])}; labelloc=t; color="#8C4FFF";`,
      // Declared after the first zone's column, the IGW and the ALB are laid out beside it, between
      // the columns, rather than at the VPC's edge (Graphviz breaks ties by declaration order).
      ...zoneClusters[0],
      ...topology.vpcNodes.map((n) => `      ${nodeLine(n, ids)}`),
      ...zoneClusters.slice(1).flat(),
      "    }",
      "  }",
    ],
    rows: [...rows, ...anchors],
    edges: topology.edges.map((e) => edgeLine(e, ids)),
  };
}

function graphHeader(title: string, edges: readonly Edge[]): string[] {
  return [
    `digraph ${quote(title)} {`,
    `  graph [newrank=true, rankdir=TB, fontname=${quote(FONT)}, fontsize=12, nodesep=0.4, ranksep=0.55, labelloc=b,`,
    `         label=${label([title, legend(edges)])}];`,
    `  node [shape=box, style="rounded,filled", fontname=${quote(FONT)}, fontsize=10, margin="0.15,0.07"];`,
    `  edge [fontname=${quote(FONT)}, fontsize=9];`,
  ];
}

/** The DOT source of the diagram of `topology`, titled `title` (the stack's name). */
export function toDot(topology: Topology, title: string): string {
  const region = regionParts(topology, AS_IS, "cluster_region");
  return [
    ...graphHeader(title, topology.edges),
    ...topology.internet.map((n) => `  ${nodeLine(n)}`),
    ...region.cluster,
    ...region.rows,
    ...region.edges,
    "}",
    "",
  ].join("\n");
}

/** Two regions of a disaster-recovery pair, side by side, and what runs between them. */
export interface RegionPair {
  readonly primary: Topology;
  readonly standby: Topology;
  /** Writes a node id of each side (shared nodes, the viewers and Route 53 zones, as they are). */
  readonly ids: { readonly primary: Ids; readonly standby: Ids };
  /** Nodes in each region outside its VPC: replicated backups, state buckets. */
  readonly extra: { readonly primary: DiagramNode[]; readonly standby: DiagramNode[] };
  /** Arrows between the regions, with ids already written (`ids`). */
  readonly links: Edge[];
}

/** The DOT source of a region pair: the primary region left, the standby right, the links between. */
export function pairDot(pair: RegionPair, title: string): string {
  const primary = regionParts(pair.primary, pair.ids.primary, "cluster_region", pair.extra.primary);
  const standby = regionParts(pair.standby, pair.ids.standby, quote("cluster_standby_region"), pair.extra.standby);
  const shared = new Map<string, DiagramNode>();
  for (const n of pair.primary.internet) shared.set(pair.ids.primary(n.id), n);
  for (const n of pair.standby.internet) if (!shared.has(pair.ids.standby(n.id))) shared.set(pair.ids.standby(n.id), n);
  const edges = [...pair.primary.edges, ...pair.standby.edges, ...pair.links];
  const standbyEdges = standby.edges.filter((line) => !primary.edges.includes(line));
  return [
    ...graphHeader(title, edges),
    ...[...shared].map(([id, n]) => `  ${quote(id)} [label=${label(n.label)}, ${NODE_STYLE[n.kind]}];`),
    // Graphviz places the cluster declared first on the right here: the standby first draws the primary left.
    ...standby.cluster,
    ...primary.cluster,
    ...primary.rows,
    ...standby.rows,
    ...primary.edges,
    ...standbyEdges,
    ...pair.links.map((e) => edgeLine(e, AS_IS)),
    "}",
    "",
  ].join("\n");
}
