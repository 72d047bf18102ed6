import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";

// scripts/ is plain JavaScript run by node (the synth's entry point), tested as it runs.
interface Runtime {
  node: string;
  v8: string;
  platform: string;
  arch: string;
  tag: number;
}
const CODE_CACHE = path.join(__dirname, "..", "scripts", "code-cache.js");
const { runCached, cacheKey, currentRuntime, readCache } = require(CODE_CACHE) as {
  runCached(file: string, options?: { cacheFile?: string; runtime?: Runtime }): { exports: { answer: number; dir: string }; cache: string };
  readCache(cacheFile: string, key: string): Buffer | undefined;
  cacheKey(bundle: Buffer, runtime?: Runtime): string;
  currentRuntime(): Runtime;
};

describe("the synth's V8 code cache", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ms-code-cache-"));
  const bundle = path.join(dir, "bundle.js");
  const cacheFile = `${bundle}.cache`;
  // Enough functions that V8 has real bytecode to cache; `answer` tells which source ran.
  const source = (answer: number) =>
    `"use strict";\n${Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join("\n")}\n` +
    `exports.answer = f0(${answer});\nexports.dir = __dirname;\n`;
  const run = () => runCached(bundle);
  // A run in a process of its own, as each synth is, where V8's handling of the data matters:
  // within one process V8 finds a script it compiled before in its own memory and never looks
  // at the data it is handed.
  const runFresh = () => {
    const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(CODE_CACHE)}).runCached(${JSON.stringify(bundle)})))`;
    return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as ReturnType<typeof runCached>;
  };
  /** Whether the cache file holds data for the bundle as it is now, in this runtime. */
  const valid = () => readCache(cacheFile, cacheKey(fs.readFileSync(bundle))) !== undefined;
  const header = () => fs.readFileSync(cacheFile).subarray(0, fs.readFileSync(cacheFile).indexOf(0x0a)).toString("latin1");
  const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));

  beforeEach(() => {
    fs.writeFileSync(bundle, source(42));
    fs.rmSync(cacheFile, { force: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("compiles without a cache, writes one beside the bundle and uses it on the next run", () => {
    expect(run()).toEqual({ exports: { answer: 42, dir }, cache: "none" });
    expect(fs.existsSync(cacheFile)).toBe(true);
    expect(valid()).toBe(true);
    expect(runFresh()).toEqual({ exports: { answer: 42, dir }, cache: "used" });
    expect(leftovers()).toEqual([]);
  });

  it.each([
    ["empty", () => Buffer.alloc(0)],
    ["truncated", (good: Buffer) => good.subarray(0, Math.floor(good.length / 2))],
    ["cut inside its header", (good: Buffer) => good.subarray(0, 20)],
    ["corrupt (one byte of the data flipped)", (good: Buffer) => Buffer.from(good.map((b, i) => (i === good.length - 100 ? b ^ 0xff : b)))],
    ["garbage", () => Buffer.from("not a cache at all\n\u0000\u0001\u0002")],
  ])("compiles as without one when the cache file is %s, then replaces it with a good one", (_, damage) => {
    run();
    fs.writeFileSync(cacheFile, damage(fs.readFileSync(cacheFile)));
    expect(run()).toEqual({ exports: { answer: 42, dir }, cache: "none" });
    expect(valid()).toBe(true);
  });

  it("never hands a rebuilt bundle of the same length the old bundle's cache (V8 compares lengths only)", () => {
    run();
    fs.writeFileSync(bundle, source(43));
    expect(fs.statSync(bundle).size).toBe(Buffer.byteLength(source(42)));
    expect(run()).toEqual({ exports: { answer: 43, dir }, cache: "none" });
    expect(valid()).toBe(true);
  });

  it("is keyed by Node, V8, platform, architecture and V8's flag tag: a cache from another runtime is not used", () => {
    const here = currentRuntime();
    const others: Runtime[] = [
      { ...here, node: "v99.0.0" },
      { ...here, v8: "0.0.0" },
      { ...here, platform: "other" },
      { ...here, arch: "other" },
      { ...here, tag: here.tag + 1 },
    ];
    const keys = new Set([here, ...others].map((runtime) => cacheKey(fs.readFileSync(bundle), runtime)));
    expect(keys.size).toBe(others.length + 1);
    runCached(bundle, { runtime: others[0] });
    expect(run()).toEqual({ exports: { answer: 42, dir }, cache: "none" });
    expect(valid()).toBe(true);
  });

  it("falls back to compiling, silently, when V8 itself rejects the data", () => {
    run();
    // Well-formed for our header (this bundle's key, a right checksum), but V8's data for another source.
    const foreign = new vm.Script(`${source(42)}\n// another source`).createCachedData();
    const [magic] = header().split(" | ");
    const checksum = crypto.createHash("sha256").update(foreign).digest("hex");
    fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${magic} | ${cacheKey(fs.readFileSync(bundle))} | ${checksum}\n`, "latin1"), foreign]));
    expect(readCache(cacheFile, cacheKey(fs.readFileSync(bundle)))).toEqual(foreign);
    expect(runFresh()).toEqual({ exports: { answer: 42, dir }, cache: "rejected" });
    expect(valid()).toBe(true);
  });

  it("runs the bundle even where the cache cannot be written", () => {
    fs.mkdirSync(cacheFile); // a folder in the way of the rename
    try {
      expect(run()).toEqual({ exports: { answer: 42, dir }, cache: "none" });
      expect(leftovers()).toEqual([]);
    } finally {
      fs.rmSync(cacheFile, { recursive: true, force: true });
    }
  });
});
