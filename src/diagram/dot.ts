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
};

/** A double-quoted DOT id or string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A multi-line, centred label. */
function label(lines: string[]): string {
  return quote(lines.join("\n")).replace(/\n/g, "\\n");
}

function nodeLine(n: DiagramNode): string {
  return `${quote(n.id)} [label=${label(n.label)}, ${NODE_STYLE[n.kind]}];`;
}

/** An invisible node that keeps an empty subnet drawn, in its tier's row. */
function anchorId(subnet: SubnetBox): string {
  return `${subnet.id}:anchor`;
}

function subnetCluster(subnet: SubnetBox, indent: string): string[] {
  const inner = subnet.nodes.length
    ? subnet.nodes.map(nodeLine)
    : [`${quote(anchorId(subnet))} [label="", style=invis, width=1.8, height=0.5];`];
  return [
    `${indent}subgraph ${quote(`cluster_${subnet.id}`)} {`,
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
function legend(topology: Topology): string {
  const dns = topology.edges.some((e) => e.kind === "dns") ? " · dotted: DNS names" : "";
  return `solid: request path · dashed grey: outbound through NAT · dashed blue: replication${dns}`;
}

/** The DOT source of the diagram of `topology`, titled `title` (the stack's name). */
export function toDot(topology: Topology, title: string): string {
  const { vpc } = topology;
  const zoneClusters = topology.zones.map((zone) => [
    `      subgraph ${quote(`cluster_zone_${zone}`)} {`,
    `        label=${quote(`Availability Zone ${zone}`)}; labelloc=t; style=dashed; color="#147EBA";`,
    ...topology.subnets.filter((s) => s.zone === zone).flatMap((s) => subnetCluster(s, "        ")),
    "      }",
  ]);
  // An empty public subnet is still routed to the IGW: the invisible edge says so to the layout,
  // which then balances the zone columns instead of flipping them around a lone NAT gateway.
  const igw = topology.vpcNodes.filter((n) => n.kind === "igw");
  const anchors = topology.subnets
    .filter((s) => s.tier === "public" && !s.nodes.length)
    .flatMap((s) => igw.map((n) => `  ${quote(n.id)} -> ${quote(anchorId(s))} [style=invis];`));
  const rows = TIERS.map((tier) => row(topology, tier))
    .filter((ids) => ids.length)
    .map((ids) => `  { rank=same; ${ids.map(quote).join("; ")}; }`);
  const edges = topology.edges.map((e) => {
    const attributes = `${e.label ? `label=${label([e.label])}, ` : ""}${EDGE_STYLE[e.kind]}`;
    // Outbound traffic climbs back up the rows; written top-down and drawn reversed, it keeps
    // the graph free of cycles, so Graphviz never flips the request path to break one.
    return e.kind === "outbound"
      ? `  ${quote(e.to)} -> ${quote(e.from)} [dir=back, ${attributes}];`
      : `  ${quote(e.from)} -> ${quote(e.to)} [${attributes}];`;
  });
  return [
    `digraph ${quote(title)} {`,
    `  graph [newrank=true, rankdir=TB, fontname=${quote(FONT)}, fontsize=12, nodesep=0.4, ranksep=0.55, labelloc=b,`,
    `         label=${label([title, legend(topology)])}];`,
    `  node [shape=box, style="rounded,filled", fontname=${quote(FONT)}, fontsize=10, margin="0.15,0.07"];`,
    `  edge [fontname=${quote(FONT)}, fontsize=9];`,
    ...topology.internet.map((n) => `  ${nodeLine(n)}`),
    `  subgraph cluster_region {`,
    `    label=${quote(`AWS Region ${topology.region}`)}; labelloc=t; style=dashed; color="#00A4A6";`,
    `    subgraph cluster_vpc {`,
    `      label=${label([`VPC ${vpc.name}`, vpc.cidr])}; labelloc=t; color="#8C4FFF";`,
    // Declared after the first zone's column, the IGW and the ALB are laid out beside it, between
    // the columns, rather than at the VPC's edge (Graphviz breaks ties by declaration order).
    ...zoneClusters[0],
    ...topology.vpcNodes.map((n) => `      ${nodeLine(n)}`),
    ...zoneClusters.slice(1).flat(),
    "    }",
    "  }",
    ...rows,
    ...anchors,
    ...edges,
    "}",
    "",
  ].join("\n");
}
