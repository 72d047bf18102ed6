import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../src/app";

const ROOT = path.join(__dirname, "..");
const SYNTH = path.join(ROOT, "scripts", "synth.js");
const ALL_FEATURES = path.join(ROOT, "bench", "all-features.json");

/** This machine's environment without anything that would change what is synthesized. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MULTIPLE_SERVER_|CDKTF_|TF_|NODE_OPTIONS$)/.test(key)));
  return { ...env, ...extra };
}

/** `node scripts/synth.js` (what cdktf.json and `npm run synth` run) from a folder of its own. */
function runSynth(cwd: string, vars: Record<string, string>) {
  return spawnSync(process.execPath, [SYNTH], { cwd, encoding: "utf8", env: cleanEnv(vars) });
}

/** Every stack's cdk.tf.json under `outdir`, as bytes, by stack name. */
function stackFiles(outdir: string): Record<string, Buffer> {
  const stacks = path.join(outdir, "stacks");
  return Object.fromEntries(fs.readdirSync(stacks).map((stack) => [stack, fs.readFileSync(path.join(stacks, stack, "cdk.tf.json"))]));
}

describe("the bundled synth (scripts/synth.js)", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-synth-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it.each([
    ["the default app", {}, ["multiple-server-dev", "multiple-server-prod", "multiple-server-state"]],
    [
      "prod with every optional feature on (bench/all-features.json)",
      { MULTIPLE_SERVER_CONFIG: ALL_FEATURES, MULTIPLE_SERVER_ENVIRONMENTS: "all-features" },
      ["multiple-server-all-features", "multiple-server-all-features-dr", "multiple-server-state"],
    ],
  ])("writes byte for byte the cdk.tf.json files the app built in-process writes: %s", (_, vars, stacks) => {
    const bundled = path.join(work, `bundled-${stacks[0]}`);
    const inProcess = path.join(work, `in-process-${stacks[0]}`);
    const run = runSynth(work, { ...vars, CDKTF_OUTDIR: bundled });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    synthesize({ outdir: inProcess, env: vars });
    const [mine, theirs] = [stackFiles(bundled), stackFiles(inProcess)];
    expect(Object.keys(mine).sort()).toEqual(stacks);
    expect(Object.keys(theirs).sort()).toEqual(stacks);
    for (const stack of stacks) expect({ stack, equal: mine[stack].equals(theirs[stack]) }).toEqual({ stack, equal: true });
  });

  it("keeps its code cache beside the bundle", () => {
    // The runs above wrote it (or found it): made for this bundle, by this Node and V8.
    const codeCache = path.join(ROOT, "scripts", "code-cache.js");
    const { readCache, cacheKey, SYNTH_V8_FLAGS } = require(codeCache) as {
      readCache(cacheFile: string, key: string): Buffer | undefined;
      cacheKey(bundle: Buffer, runtime: unknown): string;
      SYNTH_V8_FLAGS: string[];
    };
    // The synth's runtime: this Node with the V8 flags synth.js sets, which change V8's cache tag.
    const probe = `const v8 = require("node:v8"); for (const f of ${JSON.stringify(SYNTH_V8_FLAGS)}) v8.setFlagsFromString(f);
      process.stdout.write(JSON.stringify(require(${JSON.stringify(codeCache)}).currentRuntime()));`;
    const runtime = JSON.parse(spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" }).stdout);
    const bundle = path.join(ROOT, "dist", "synth.js");
    expect(readCache(`${bundle}.cache`, cacheKey(fs.readFileSync(bundle), runtime))).toBeInstanceOf(Buffer);
  });

  describe("a real error (a bug, not a setting): the output folder's parent is a file", () => {
    const blocker = path.join(work, "a-file");
    fs.writeFileSync(blocker, "");
    const outdir = path.join(blocker, "cdktf.out");

    it("prints its full trace: only the traces cdktf captures into plain objects are left empty", () => {
      const run = runSynth(work, { CDKTF_OUTDIR: outdir });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("Error: ENOTDIR");
      expect(run.stderr).toMatch(/^ {4}at synthesize \(src[/\\]app\.ts:\d+:\d+\)$/m);
      // Node keeps 10 frames by default: the whole of them, none emptied.
      expect(run.stderr.match(/^ {4}at /gm)?.length).toBe(10);
    });

    it("starts with its message and shows TypeScript lines, never a line of the minified bundle", () => {
      const run = runSynth(work, { CDKTF_OUTDIR: outdir });
      expect(run.stderr.split("\n")[0]).toMatch(/^Error: ENOTDIR: not a directory/);
      expect(run.stderr).toMatch(/^ {4}at .*\(main\.ts:\d+:\d+\)$/m);
      expect(run.stderr).not.toMatch(/dist[/\\]synth\.js/);
      expect(Math.max(...run.stderr.split("\n").map((line) => line.length))).toBeLessThan(300);
    });

    it("prints the same full trace on a Node 20 that does not expose its own formatter (before 20.20)", () => {
      const preload = path.join(work, "no-formatter.js");
      fs.writeFileSync(preload, "delete Error.prepareStackTrace;");
      const run = runSynth(work, { CDKTF_OUTDIR: outdir, NODE_OPTIONS: `--require ${JSON.stringify(preload)}` });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("Error: ENOTDIR");
      expect(run.stderr).toMatch(/^ {4}at synthesize \(src[/\\]app\.ts:\d+:\d+\)$/m);
      expect(run.stderr.match(/^ {4}at /gm)?.length).toBe(10);
    });

    it("is traced to TypeScript lines with NODE_OPTIONS=--enable-source-maps", () => {
      const run = runSynth(work, { CDKTF_OUTDIR: outdir, NODE_OPTIONS: "--enable-source-maps" });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^ {4}at synthesize \(.*src[/\\]app\.ts:\d+:\d+\)$/m);
      expect(run.stderr).toMatch(/^ {4}at .*main\.ts:\d+:\d+\)$/m);
    });
  });
});
