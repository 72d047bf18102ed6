import { instance } from "@viz-js/viz";
import { toDot } from "./dot";
import type { TerraformJson } from "./terraform-json";
import { readTopology, type Topology } from "./topology";

/** Graphviz compiled to WebAssembly: installs from npm, no native build, no browser. */
let viz: ReturnType<typeof instance> | undefined;

/** Lays out and renders a DOT graph as SVG (deterministic: the same graph gives the same bytes). */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  return (await viz).renderString(dot, { format: "svg", engine: "dot" });
}

/** The architecture diagram of one synthesized stack, titled with the stack's name. */
export async function stackDiagram(tf: TerraformJson, stackName: string): Promise<{ topology: Topology; svg: string }> {
  const topology = readTopology(tf);
  return { topology, svg: await renderSvg(toDot(topology, stackName)) };
}
