import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { asCdktfWrites, installedCdk } from "../helpers/cdk";

// scripts/ is plain JavaScript run by node; the golden files and the selections come from the
// script that rewrites them (`npm run -s golden`), so the test checks exactly what it wrote.
const golden = require("../../scripts/golden.js") as {
  GOLDEN_DIR: string;
  selections(): Array<{ name: string; env: Record<string, string> }>;
  goldenFile(selection: string, stack: string): string;
  stackFiles(outdir: string): Record<string, Buffer>;
};

/**
 * Every shipped and bench environment synthesizes byte for byte what the committed golden file
 * holds: a refactoring shows it changed nothing, and a change of output shows up in review as the
 * golden files' diff, committed on purpose after `npm run -s golden`. (The snapshots in
 * stack.test.ts show the reviewed stacks as objects; this is the app's own output, every stack.)
 */
describe("the synthesized JSON of every shipped and bench environment", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-golden-test-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const selections = golden.selections();

  it("covers the default selection and every bench file", () => {
    const bench = fs.readdirSync(path.join(__dirname, "..", "..", "bench")).filter((f) => f.endsWith(".json"));
    expect(selections.map((s) => s.name).sort()).toEqual(["default", ...bench.map((f) => path.basename(f, ".json"))].sort());
    expect(fs.readdirSync(golden.GOLDEN_DIR).sort()).toEqual(selections.map((s) => s.name).sort());
  });

  it.each(selections.map((s) => [s.name, s.env] as const))("%s: is byte-identical to its golden files (npm run -s golden rewrites them)", (name, env) => {
    const outdir = path.join(work, name);
    synthesize({ outdir, env });
    const synthesized = golden.stackFiles(outdir);
    const committed = fs.readdirSync(path.join(golden.GOLDEN_DIR, name)).map((f) => f.replace(/\.tf\.json$/, ""));
    expect(Object.keys(synthesized).sort()).toEqual(committed.sort());
    if (installedCdk() !== "cdktf") {
      // The golden files are cdktf's bytes; another CDK (docs/cdktn.md) writes the same values
      // but for its version and the pinned providers', and prints empty arrays on one line.
      for (const [stack, json] of Object.entries(synthesized)) {
        expect({ stack, json: asCdktfWrites(JSON.parse(json.toString("utf8"))) }).toEqual({ stack, json: JSON.parse(fs.readFileSync(golden.goldenFile(name, stack), "utf8")) });
      }
      return;
    }
    const differing = Object.entries(synthesized).filter(([stack, json]) => !json.equals(fs.readFileSync(golden.goldenFile(name, stack))));
    // As text, so a failure shows the lines that changed.
    for (const [stack, json] of differing) {
      expect({ stack, json: json.toString("utf8") }).toEqual({ stack, json: fs.readFileSync(golden.goldenFile(name, stack), "utf8") });
    }
    expect(differing.map(([stack]) => stack)).toEqual([]);
  });
});
