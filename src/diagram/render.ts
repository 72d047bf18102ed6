import { instance } from "@viz-js/viz";
import { pairDot, toDot } from "./dot";
import { readPair } from "./pair";
import type { TerraformJson } from "./terraform-json";
import { type ReadOptions, readTopology, type Topology } from "./topology";

/** Graphviz compiled to WebAssembly: installs from npm, no native build, no browser. */
let viz: ReturnType<typeof instance> | undefined;

/** Lays out and renders a DOT graph as SVG (deterministic: the same graph gives the same bytes). */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  return (await viz).renderString(dot, { format: "svg", engine: "dot" });
}

/** The architecture diagram of one synthesized stack, titled with the stack's name. */
export async function stackDiagram(tf: TerraformJson, stackName: string, options: Pick<ReadOptions, "bootScripts"> = {}): Promise<{ topology: Topology; svg: string }> {
  const topology = readTopology(tf, options);
  return { topology, svg: await renderSvg(toDot(topology, stackName)) };
}

/**
 * The diagram of an environment with a standby region: both regions side by side, titled with the
 * primary stack's name; `state` is the bootstrap stack's JSON (its replication rules), if synthesized.
 */
export async function pairDiagram(
  primary: TerraformJson,
  standby: TerraformJson,
  state: TerraformJson | undefined,
  stackName: string,
  options: Pick<ReadOptions, "bootScripts"> = {},
): Promise<{ topology: Topology; svg: string }> {
  const pair = readPair(primary, standby, state, options);
  return { topology: pair.primary, svg: await renderSvg(pairDot(pair, `${stackName} + standby`)) };
}
