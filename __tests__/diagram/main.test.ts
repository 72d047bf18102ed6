import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { diagramFile, writeDiagrams } from "../../src/diagram/main";
import { DiagramError } from "../../src/diagram/topology";

const ROOT = path.join(__dirname, "..", "..");
const DOCS = path.join(ROOT, "docs");

describe("npm run diagram", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-diagram-"));
  const synthOut = path.join(work, "cdktf.out");
  const docs = path.join(work, "docs");
  // The shipped configuration, whatever the shell or cdktf.json selects.
  beforeAll(() => synthesize({ outdir: synthOut, env: { MULTIPLE_SERVER_ENVIRONMENTS: "dev,prod" } }));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("writes docs/architecture-<env>.svg for every environment stack, not for the bootstrap stack", async () => {
    const written = await writeDiagrams({ from: synthOut, out: docs });
    expect(written).toEqual([diagramFile(docs, "dev"), diagramFile(docs, "prod")]);
  });

  // On failure: run `npm run diagram` and commit docs/ (the README shows docs/architecture-dev.svg).
  it.each(["dev", "prod"])("has committed docs/architecture-%s.svg as the current synth draws it", async (environment) => {
    await writeDiagrams({ from: synthOut, out: docs, stacks: [`multiple-server-${environment}`] });
    const committed = diagramFile(DOCS, environment);
    expect(fs.existsSync(committed)).toBe(true);
    expect(fs.readFileSync(committed, "utf8")).toBe(fs.readFileSync(diagramFile(docs, environment), "utf8"));
  });

  it("refuses a stack that is not in the synth output, naming the ones that are", async () => {
    await expect(writeDiagrams({ from: synthOut, out: docs, stacks: ["multiple-server-qa"] })).rejects.toThrow(
      new DiagramError("stack multiple-server-qa is not in the synth output (it has multiple-server-dev, multiple-server-prod, multiple-server-state)"),
    );
  });

  it("says to synthesize first when there is no synth output, exit 1 and no stack trace", () => {
    const missing = path.join(work, "nothing-here");
    const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "diagram.js"), "--from", missing, "--out", docs], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`diagram: ${path.join(missing, "manifest.json")} does not exist: run npm run synth first`);
  });
});

describe("README", () => {
  it("shows the dev diagram before the first section", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const top = readme.slice(0, readme.indexOf("\n## "));
    expect(top).toContain("](docs/architecture-dev.svg)");
  });
});
