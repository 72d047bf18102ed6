import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { environmentDefinitions } from "../config/load";
import type { SettingsInput } from "../config/schema";
import { bootScriptHash } from "../constructs/web/web-user-data";
import { STANDBY_SUFFIX, STATE_STACK_NAME } from "../naming";
import { pairDiagram, stackDiagram } from "./render";
import type { TerraformJson } from "./terraform-json";
import { DiagramError } from "./topology";

export interface DiagramOptions {
  /** Synth output to read (its manifest.json names the stacks). @default "cdktf.out" */
  readonly from?: string;
  /** Folder the SVGs go to. @default "docs" */
  readonly out?: string;
  /**
   * Stacks to draw. An environment's standby stack (`<stack>-dr`) is drawn beside it, in its
   * diagram, not alone. @default every environment stack that has a VPC (the bootstrap stack has none)
   */
  readonly stacks?: string[];
  /**
   * Environment variables naming the configuration (MULTIPLE_SERVER_CONFIG), whose boot scripts
   * give the servers' `boot script:` line its file name. @default process.env
   */
  readonly env?: Record<string, string | undefined>;
}

/** Where the diagram of an environment goes. */
export function diagramFile(out: string, environment: string): string {
  return path.join(out, `architecture-${environment}.svg`);
}

/**
 * The file names of the boot scripts the configuration names, by the short hash their user data
 * carries. The synth output holds each script's content but not its name; a name is given only to
 * the content it had when hashed, so a script edited since the synth is drawn by its hash, never
 * under a name it no longer matches. A configuration that cannot be read names none (the synth
 * would have refused it first).
 */
export function bootScriptNames(env: Record<string, string | undefined>): Map<string, string> {
  let definitions: Record<string, SettingsInput>;
  try {
    definitions = environmentDefinitions(env).definitions;
  } catch (error) {
    if (error instanceof ConfigError) return new Map();
    throw error;
  }
  const names = new Map<string, string>();
  for (const entry of Object.values(definitions)) {
    const file = entry?.web?.bootScript;
    if (typeof file !== "string" || !fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    names.set(bootScriptHash(fs.readFileSync(file, "utf8")), path.basename(file));
  }
  return names;
}

/** The synthesized stacks of a cdktf output folder, by name. */
export function readSynthOutput(from: string): Map<string, TerraformJson> {
  const manifestFile = path.join(from, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new DiagramError(`${manifestFile} does not exist: run npm run synth first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(
    Object.entries(manifest.stacks).map(([name, stack]) => [
      name,
      JSON.parse(fs.readFileSync(path.join(from, stack.synthesizedStackPath), "utf8")) as TerraformJson,
    ]),
  );
}

/** Draws `docs/architecture-<env>.svg` for each environment stack of the synth output; returns the files written. */
export async function writeDiagrams(options: DiagramOptions = {}): Promise<string[]> {
  const stacks = readSynthOutput(options.from ?? "cdktf.out");
  const standbyOf = (name: string) => `${name}-${STANDBY_SUFFIX}`;
  const isStandby = (name: string) => name.endsWith(`-${STANDBY_SUFFIX}`) && stacks.has(name.slice(0, -STANDBY_SUFFIX.length - 1));
  const names = options.stacks?.length
    ? options.stacks
    : [...stacks.keys()].filter((name) => stacks.get(name)?.resource?.aws_vpc && !isStandby(name));
  const bootScripts = bootScriptNames(options.env ?? process.env);
  const written: string[] = [];
  for (const name of names) {
    const tf = stacks.get(name);
    if (!tf) throw new DiagramError(`stack ${name} is not in the synth output (it has ${[...stacks.keys()].join(", ")})`);
    const standby = stacks.get(standbyOf(name));
    const { topology, svg } = standby
      ? await pairDiagram(tf, standby, stacks.get(STATE_STACK_NAME), name, { bootScripts })
      : await stackDiagram(tf, name, { bootScripts });
    const file = diagramFile(options.out ?? "docs", topology.environment);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, svg);
    written.push(file);
  }
  return written;
}

/** `npm run diagram [-- --from cdktf.out] [--out docs] [stack ...]` */
export async function main(argv: string[]): Promise<number> {
  const options: { from?: string; out?: string; stacks: string[] } = { stacks: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--from") options.from = argv[++i];
    else if (argv[i] === "--out") options.out = argv[++i];
    else options.stacks.push(argv[i]);
  }
  try {
    for (const file of await writeDiagrams(options)) console.log(`Wrote ${file}`);
    return 0;
  } catch (error) {
    if (!(error instanceof DiagramError)) throw error;
    console.error(`diagram: ${error.message}`);
    return 1;
  }
}
