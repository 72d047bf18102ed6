// Turns a result of `npm run bench` (bench/results/*.json) into the table it prints and the
// Performance page (docs/performance.md), so the docs quote a measured result file, never hand-typed figures.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/** The page holding the Performance section, from the repository's root. */
const PERFORMANCE_PAGE = "docs/performance.md";

/** The newest result file under `dir` (by its recorded date), or undefined when there is none. */
function latestResult(dir) {
  if (!fs.existsSync(dir)) return undefined;
  const results = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ file: path.join(dir, f), result: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) }));
  results.sort((a, b) => a.result.date.localeCompare(b.result.date));
  return results.at(-1);
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (value) => `${Math.round(value)} MB`;

/** The results as a Markdown table: what ran, its median wall time and peak RSS. */
function table(result) {
  const rows = result.results.map(
    (r) => `| ${r.label} | ${seconds(r.wallMs.median)} | ${mib(r.peakRssMiB.median)} | ${r.runs} |`,
  );
  return ["| what | wall (median) | peak RSS (median, largest process) | runs |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** What one more environment costs, from the 1- and 16-environment runs (undefined without both). */
function perEnvironment(result) {
  const by = (n) => result.results.find((r) => r.id === `envs-${n}`);
  const [one, many] = [by(1), by(16)];
  if (!one || !many) return undefined;
  const extra = many.environments - one.environments;
  return {
    wallMs: (many.wallMs.median - one.wallMs.median) / extra,
    rssMiB: (many.peakRssMiB.median - one.peakRssMiB.median) / extra,
  };
}

function machine(result) {
  const m = result.machine;
  // Results from before the CDK was recorded were all cdktf 0.21.0's.
  return `${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}${result.cdk ? `, ${result.cdk}` : ""}, ${m.platform}`;
}

/**
 * The Performance section of PERFORMANCE_PAGE, between its markers, for `result` read from `file`
 * (a path from the repository's root; the link is relative to the page).
 */
function performanceSection(result, file) {
  const growth = perEnvironment(result);
  const link = path.posix.relative(path.posix.dirname(PERFORMANCE_PAGE), file.split(path.sep).join("/"));
  const lines = [
    `Measured by \`npm run bench\` on ${result.date.slice(0, 10)} at commit \`${result.commit}\`, on ${machine(result)}.`,
    `Every figure is the median of separate processes; the result is [\`${file}\`](${link}).`,
    "",
    table(result),
    "",
  ];
  if (growth) {
    lines.push(
      `Cost grows linearly with the number of environments: each one adds about ${Math.round(growth.wallMs)} ms and ` +
        `${Math.round(growth.rssMiB)} MB (from the 1- and 16-environment runs); the fixed part is Node, cdktf and the ` +
        "provider modules the stacks use.",
      "",
    );
  }
  lines.push(
    "Targets on 2 cores: `node scripts/synth.js` of the default app under 0.6 s and 110 MB, and of prod with every",
    "optional feature on as well; `npm run synth` of the default app under 0.9 s (npm itself adds about 0.25 s); 16",
    "environments under 1.5 s; `npm test` under 30 s after `npm ci`. Compare the rows above (the reference row shows how",
    "fast the machine was that day). What keeps them low:",
    "",
    "- each provider class is imported from its own module (`@cdktf/provider-aws/lib/vpc`), in `src/aws.ts` only; the",
    "  package root loads all ~1,500 resource classes (the reference row above is that import alone);",
    "- nothing type-checks on the synth or test path: esbuild transpiles the app, ts-jest runs with `isolatedModules`,",
    "  and `tsc --noEmit` checks types once per `npm test`, beside jest;",
    "- the synth (`scripts/synth.js`) runs one esbuild bundle of `main.ts` and every package it imports, `dist/synth.js`,",
    "  reused while it is newer than every source it was built from (`scripts/run-ts.js`), without comments or line",
    "  breaks (a third smaller, 15 MB less per synth; a trace still names its functions);",
    "- that bundle runs through V8's code cache (`dist/synth.js.cache`, `scripts/code-cache.js`): the bytecode of an",
    "  earlier run instead of compiling cdktf, zod and the provider modules again. The cache is keyed by the bundle's",
    "  bytes, Node, V8 and V8's flags; a missing, stale or damaged one only costs that compile, once;",
    "- the synth writes a source map but does not switch source maps on: cdktf records a stack trace for every token,",
    "  and mapping them cost a third of the synth (`NODE_OPTIONS=--enable-source-maps` when you want mapped traces:",
    "  the bundle is then loaded without the code cache);",
    "- cdktf formats each of those per-token traces, for messages about unresolvable tokens only: the synth and the",
    "  jest setup (`__tests__/helpers/setup.ts`) leave them empty (a tenth of a synth; halves every in-test synth);",
    "  an error keeps its full trace;",
    "- the synth keeps V8's young generation at its first size (`--semi-space-growth-factor=1`, set by the synth",
    "  itself): grown to 16 MB semi-spaces by short-lived tokens, it was a fifth of the peak memory (about 0.05 s more",
    "  of scavenging, 0.17 s with 16 environments);",
    "- jest runs one worker per core; the first `npm test` row starts with an empty jest cache, as after `npm ci`.",
    "",
    "The row \"prod with every optional feature on\" synthesizes the one environment of `bench/all-features.json` (a",
    "`MULTIPLE_SERVER_CONFIG` file): prod's settings with every optional feature switched on. A change that adds a",
    "feature switches it on there too; a test fails while a setting that is off by default is off there, or while a",
    "setting of prod's entry in `src/config/environments.ts` is missing there (a feature that is not a boolean, such as a",
    "section or a choice, is added by hand). Run it alone with",
    "`MULTIPLE_SERVER_CONFIG=bench/all-features.json MULTIPLE_SERVER_ENVIRONMENTS=all-features npm run synth`.",
    "",
    "For comparison, the same topology written the way the `cdktf init` template leads (a ts-node app with a barrel",
    "import) measured 15.4 s and 1.5 GB per synth on this kind of machine (measured by hand; `npm run bench` does",
    "not install ts-node to repeat it).",
    "",
    "Re-measure with `npm run bench` (add `-- --update-docs` to rewrite this section from the new result, then",
    "commit both). A test fails when this section and the newest file in `bench/results/` disagree.",
  );
  return lines.join("\n");
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Two sets of results side by side (each a list of parsed result files, e.g. several rounds of
 * cdktf and of cdktn taken in turn on a shared machine): per row, the median of every sample of
 * every round, wall time and peak RSS, as a Markdown table headed by each set's `cdk`.
 */
function comparison(left, right) {
  const name = (results) => results[0]?.cdk ?? "cdktf 0.21.0";
  const samples = (results, id, field) => results.flatMap((r) => r.results.filter((row) => row.id === id).flatMap((row) => row[field].samples));
  const rows = left[0].results.map((row) => {
    const cell = (results, field, format) => {
      const values = samples(results, row.id, field);
      return values.length ? `${format(median(values))}` : "-";
    };
    const n = samples(left, row.id, "wallMs").length;
    return `| ${row.label} | ${cell(left, "wallMs", seconds)} | ${cell(right, "wallMs", seconds)} | ${cell(left, "peakRssMiB", mib)} | ${cell(right, "peakRssMiB", mib)} | ${n} + ${samples(right, row.id, "wallMs").length} |`;
  });
  const [a, b] = [name(left), name(right)];
  return [`| what | wall, ${a} | wall, ${b} | peak RSS, ${a} | peak RSS, ${b} | runs |`, "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

module.exports = { PERFORMANCE_PAGE, latestResult, table, perEnvironment, performanceSection, comparison };
