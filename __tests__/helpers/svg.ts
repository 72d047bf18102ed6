import { XMLParser, XMLValidator } from "fast-xml-parser";

/** What a Graphviz SVG holds: nodes, clusters (by their <title>, with their texts) and edges. */
export interface SvgGraph {
  readonly nodes: Map<string, string[]>;
  readonly clusters: Map<string, string[]>;
  /** `tail->head` titles. */
  readonly edges: Set<string>;
}

type Element = Record<string, any>;

function children(element: Element, name: string): Element[] {
  const value = element[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function textOf(value: unknown): string {
  return typeof value === "object" && value !== null ? String((value as Element)["#text"] ?? "") : String(value ?? "");
}

/** Parses `svg` as XML (throwing on malformed input) and collects Graphviz's groups. */
export function parseGraphvizSvg(svg: string): SvgGraph {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser({ ignoreAttributes: false, htmlEntities: true, parseTagValue: false }).parse(svg);
  const graph: SvgGraph = { nodes: new Map(), clusters: new Map(), edges: new Set() };
  const visit = (g: Element) => {
    const title = textOf(g.title);
    const texts = children(g, "text").map(textOf);
    if (g["@_class"] === "node") graph.nodes.set(title, texts);
    if (g["@_class"] === "cluster") graph.clusters.set(title, texts);
    if (g["@_class"] === "edge") graph.edges.add(title);
    children(g, "g").forEach(visit);
  };
  children(doc.svg, "g").forEach(visit);
  return graph;
}
