#!/usr/bin/env node
// `npm run bench`: wall time and peak RSS of the synth (default app through npm and through node
// alone; prod with every optional feature on, from bench/all-features.json; 1, 4 and 16 generated
// environments), of the test command and of a barrel import for reference. Each figure is the
// median of separate processes. Prints a table and writes the same as JSON to bench/results/.
//
//   npm run bench [-- --runs 5] [--sizes 1,4,16] [--no-default] [--test-runs 1] [--no-test] [--no-reference]
//                 [--out bench/results] [--update-docs]
"use strict";
const { spawnSync, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { PERFORMANCE_PAGE, performanceSection, table } = require("./bench-report");
const { CDKS, installedCdk } = require("./cdk");

const ROOT = path.join(__dirname, "..");
const SYNTH = path.join(ROOT, "scripts", "synth.js");
/**
 * A settings file (the MULTIPLE_SERVER_CONFIG format) of one environment, `all-features`: prod's
 * settings with every optional feature switched on. A feature's issue adds its settings there; a
 * test (__tests__/bench.test.ts) checks it is still prod's entry and that no setting off by
 * default stays off.
 */
const ALL_FEATURES = path.join(ROOT, "bench", "all-features.json");

function parseArgs(argv) {
  const options = { runs: 5, sizes: [1, 4, 16], default: true, testRuns: 1, test: true, reference: true, out: "bench/results", updateDocs: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === "--runs") options.runs = positive(arg, next());
    else if (arg === "--sizes") options.sizes = next().split(",").map((n) => positive(arg, n));
    else if (arg === "--test-runs") options.testRuns = positive(arg, next());
    else if (arg === "--no-default") options.default = false;
    else if (arg === "--no-test") options.test = false;
    else if (arg === "--no-reference") options.reference = false;
    else if (arg === "--out") options.out = next();
    else if (arg === "--update-docs") options.updateDocs = true;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function positive(flag, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes whole numbers from 1, not ${text}`);
  return n;
}

/** The caller's environment without settings that would change what is synthesized. */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(MULTIPLE_SERVER_|CDKTF_|TF_CLOUD_|BENCH_)/.test(key) || key === "TF_WORKSPACE" || key === "NODE_OPTIONS") delete env[key];
  }
  return env;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs `command` once; wall time in ms and the largest peak RSS (MiB) of the Node processes it
 * started. With `coldCache`, the run gets a TMPDIR of its own: jest keeps its transform cache
 * under the temporary folder, so it starts as empty as on a fresh clone after `npm ci`.
 */
function measureOnce(command, args, env, work, coldCache = false) {
  const rssFile = path.join(work, `rss-${process.hrtime.bigint()}.txt`);
  const preload = path.join(__dirname, "max-rss.js");
  const tmp = coldCache ? { TMPDIR: fs.mkdtempSync(path.join(work, "tmp-")) } : {};
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...env, ...tmp, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${JSON.stringify(preload)}` },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (tmp.TMPDIR) fs.rmSync(tmp.TMPDIR, { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const peaks = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, "utf8").trim().split("\n").map(Number) : [0];
  return { wallMs, peakRssMiB: Math.max(...peaks) / 1024 };
}

function measure(spec, runs, work) {
  const samples = [];
  if (spec.warmUp) measureOnce(spec.command, spec.args, spec.env, work);
  for (let i = 0; i < runs; i++) {
    samples.push(measureOnce(spec.command, spec.args, spec.env, work, spec.coldCache));
    process.stderr.write(".");
  }
  const wall = samples.map((s) => Math.round(s.wallMs));
  const rss = samples.map((s) => Math.round(s.peakRssMiB));
  const { env: _env, args: _args, warmUp: _warmUp, coldCache: _coldCache, ...described } = spec;
  return { ...described, runs, wallMs: { median: median(wall), samples: wall }, peakRssMiB: { median: median(rss), samples: rss } };
}

/** A JSON file of `n` environments, each the defaults with its own name prefix (so names never clash). */
function generatedEnvironments(n, work) {
  const names = Array.from({ length: n }, (_, i) => `bench-${String(i + 1).padStart(2, "0")}`);
  const file = path.join(work, `environments-${n}.json`);
  fs.writeFileSync(file, JSON.stringify({ environments: Object.fromEntries(names.map((name) => [name, { namePrefix: `ms-${name}` }])) }));
  return { file, names };
}

function specs(options, work) {
  const env = cleanEnv();
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const synth = (extra) => ({ ...env, CDKTF_OUTDIR: path.join(work, "cdktf.out"), ...extra });
  const list = [];
  if (options.default) {
    list.push(
      {
        id: "default",
        label: "`npm run synth`, default app (dev + prod + state stack)",
        command: npm,
        args: ["run", "--silent", "synth"],
        environments: 2,
        env: synth({}),
      },
      {
        id: "default-node",
        label: "`node scripts/synth.js`, default app (dev + prod + state stack)",
        command: process.execPath,
        args: [SYNTH],
        environments: 2,
        env: synth({}),
      },
      {
        id: "all-features",
        label: "`node scripts/synth.js`, prod with every optional feature on (`bench/all-features.json`, + state stack)",
        command: process.execPath,
        args: [SYNTH],
        environments: 1,
        env: synth({ MULTIPLE_SERVER_CONFIG: ALL_FEATURES, MULTIPLE_SERVER_ENVIRONMENTS: "all-features" }),
      },
    );
  }
  for (const n of options.sizes) {
    const { file, names } = generatedEnvironments(n, work);
    list.push({
      id: `envs-${n}`,
      label: `\`npm run synth\`, ${n} generated environment${n === 1 ? "" : "s"} (+ state stack)`,
      command: npm,
      args: ["run", "--silent", "synth"],
      environments: n,
      env: synth({ MULTIPLE_SERVER_CONFIG: file, MULTIPLE_SERVER_ENVIRONMENTS: names.join(",") }),
    });
  }
  return list;
}

function gitCommit() {
  try {
    // Outside a git checkout (a copy, as .ci/cdktn makes) git says so on stderr: "unknown" says it here.
    const quiet = { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] };
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], quiet).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "main.ts", "scripts", "package-lock.json"], quiet).trim();
    return dirty ? `${sha}+changes` : sha;
  } catch {
    return "unknown";
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

function replacePerformanceSection(section) {
  const page = path.join(ROOT, PERFORMANCE_PAGE);
  const text = fs.readFileSync(page, "utf8");
  const pattern = /(<!-- section:performance -->\n)[\s\S]*?(<!-- \/section:performance -->)/;
  if (!pattern.test(text)) throw new Error(`${PERFORMANCE_PAGE} has no <!-- section:performance --> markers`);
  fs.writeFileSync(page, text.replace(pattern, (_, open, close) => `${open}${section}\n${close}`));
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-bench-"));
  try {
    const results = [];
    const synths = specs(options, work);
    // Every synth row measures the steady state: the bundle and its code cache are in place, as
    // after any earlier synth. The first synth after a change of a source builds them.
    if (synths.length) measureOnce(process.execPath, [SYNTH], synths[0].env, work);
    for (const spec of synths) {
      process.stderr.write(`${spec.label} `);
      results.push(measure(spec, options.runs, work));
      process.stderr.write("\n");
    }
    if (options.test) {
      const npm = process.platform === "win32" ? "npm.cmd" : "npm";
      const test = { command: npm, args: ["test", "--silent"], env: cleanEnv() };
      // The target is the first run after `npm ci` (nothing cached); a developer's later runs are warm.
      for (const spec of [
        { ...test, id: "test", label: "`npm test` (tsc --noEmit beside jest), first run: empty jest cache", coldCache: true },
        { ...test, id: "test-warm", label: "`npm test`, again with jest's transform cache warm", warmUp: true },
      ]) {
        process.stderr.write(`${spec.label} `);
        results.push(measure(spec, options.testRuns, work));
        process.stderr.write("\n");
      }
    }
    if (options.reference) {
      process.stderr.write("reference ");
      const spec = {
        id: "reference-barrel",
        label: `reference: loading the package root of ${CDKS[installedCdk()].scope}/provider-aws alone`,
        command: process.execPath,
        args: [path.join(ROOT, "bench", "reference", "barrel-import.js")],
        env: cleanEnv(),
      };
      results.push(measure(spec, options.runs, work));
      process.stderr.write("\n");
    }

    // Which CDK ran the synths: cdktf by default, cdktn after `npm run use:cdktn` (docs/cdktn.md compares them).
    const cdk = CDKS[installedCdk()];
    const result = { date: new Date().toISOString(), commit: gitCommit(), cdk: `${cdk.core} ${cdk.packages[cdk.core]}`, machine: machine(), results };
    const outDir = path.resolve(ROOT, options.out);
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `${result.date.slice(0, 10)}-${result.commit}.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`${result.cdk}, Node ${process.version}`);
    console.log(table(result));
    console.log(`\nWrote ${path.relative(ROOT, file)}`);
    if (options.updateDocs) {
      replacePerformanceSection(performanceSection(result, path.relative(ROOT, file)));
      console.log(`Updated the Performance section of ${PERFORMANCE_PAGE}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
}
