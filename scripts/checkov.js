#!/usr/bin/env node
// checkov, an outside rule pack, on the synthesized stacks: each stack with the configuration of
// its environment (.checkov/<file>.yaml, every skipped check with its reason). `npm run verify`
// checks each stack with it; `npm run checkov [-- --update-docs] [selection ...]` prints checkov's
// verdict per stack (checks passed, skipped with a reason, failed) and with --update-docs writes
// that table into docs/guardrails.md "checkov's verdict", which __tests__/checkov.test.ts keeps in sync.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const YAML = require("yaml");
const { run } = require("./verify/processes");

const ROOT = path.join(__dirname, "..");
const CONFIG_DIR = path.join(ROOT, ".checkov");
/** The Environment tag of the state stack, which holds every environment's state (SHARED_ENVIRONMENT, src/config/constants.ts). */
const SHARED_ENVIRONMENT = "shared";
const TIMEOUT_MS = 5 * 60_000;
/** What the docs' table is made from: the shipped environments and prod with every feature (and their state stacks). */
const DOC_SELECTIONS = ["dev,prod", "bench/all-features.json"];
/** The page holding the table, from the repository's root; the table's links are relative to it. */
const DOC_FILE = "docs/guardrails.md";
const DOC_MARKERS = /(<!-- checkov:verdict -->\n)[\s\S]*?(<!-- \/checkov:verdict -->)/;

/** The environment a synthesized stack belongs to: its default AWS provider's Environment tag. */
function environmentOf(stack) {
  const providers = [stack.provider?.aws ?? []].flat();
  return providers.find((provider) => !provider.alias)?.default_tags?.[0]?.tags?.Environment;
}

/**
 * The configuration a stack is checked with: `.checkov/state.yaml` for the state stack;
 * `.checkov/<environment>.yaml` where the environment has one (dev, prod: their standby stacks
 * too); else `prod.yaml` for a production environment (`isProduction`) and `dev.yaml` for any other.
 */
function configFileFor(stack, isProduction) {
  const environment = environmentOf(stack);
  if (!environment) throw new Error("the stack's AWS provider has no Environment tag (default_tags): its checkov configuration cannot be chosen");
  if (environment === SHARED_ENVIRONMENT) return path.join(CONFIG_DIR, "state.yaml");
  const own = path.join(CONFIG_DIR, `${environment}.yaml`);
  if (fs.existsSync(own)) return own;
  return path.join(CONFIG_DIR, isProduction(environment) ? "prod.yaml" : "dev.yaml");
}

/** Whether an environment of a settings file (MULTIPLE_SERVER_CONFIG format) is a production one; none without a file. */
function productionIn(settingsFile) {
  const environments = settingsFile ? (JSON.parse(fs.readFileSync(settingsFile, "utf8")).environments ?? {}) : {};
  return (environment) => environments[environment]?.production === true;
}

/** The checks a configuration file skips. */
function skipsOf(configFile) {
  return YAML.parse(fs.readFileSync(configFile, "utf8"))["skip-check"] ?? [];
}

/**
 * The file checkov reads for a stack: the stack itself, or, when it holds `removed` blocks, a copy
 * without them in `scratch`. checkov 3.3.30's terraform_json parser drops a whole file at a
 * `removed` block (parser.py, handle_block_type: a top-level list is read as single-key objects,
 * and `{from, lifecycle}` has two, so hclify raises "this method receives only dicts"); the block
 * names a resource to forget and holds nothing a check reads.
 */
function checkableFile(file, scratch) {
  const stack = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!stack.removed) return file;
  delete stack.removed;
  const copy = path.join(scratch, path.basename(path.dirname(file)), path.basename(file));
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.writeFileSync(copy, JSON.stringify(stack));
  return copy;
}

/** checkov over `files` with `configFile`, in one process: { passed, failed } results by absolute file path. */
async function runCheckov(checkov, files, configFile) {
  const args = [...files.flatMap((file) => ["-f", file]), "--config-file", configFile, "-o", "json"];
  // BC_SKIP_MAPPING: no download of Prisma Cloud's check mapping (no network, nothing sent).
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, BC_SKIP_MAPPING: "TRUE" };
  const result = await run(checkov, args, { cwd: ROOT, env, timeoutMs: TIMEOUT_MS });
  let reports;
  try {
    reports = [JSON.parse(result.stdout)].flat();
  } catch {
    const why = result.timedOut ? `did not finish within ${TIMEOUT_MS / 60_000} min` : `exit ${result.code}`;
    throw new Error(`checkov ${why}: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
  }
  const byFile = new Map(files.map((file) => [path.resolve(file), { passed: [], failed: [] }]));
  for (const report of reports) {
    for (const [kind, key] of [["passed_checks", "passed"], ["failed_checks", "failed"]]) {
      for (const check of report.results?.[kind] ?? []) {
        byFile.get(path.resolve(check.file_abs_path ?? ""))?.[key].push({ id: check.check_id, resource: check.resource, name: check.check_name });
      }
    }
  }
  return byFile;
}

/** `configFile` without its skips, in `scratch`: the same options, so its failures are what the skips hide. */
function withoutSkips(configFile, scratch) {
  const { "skip-check": _skips, ...options } = YAML.parse(fs.readFileSync(configFile, "utf8"));
  const copy = path.join(scratch, `unskipped-${path.basename(configFile)}`);
  fs.mkdirSync(scratch, { recursive: true });
  fs.writeFileSync(copy, YAML.stringify(options));
  return copy;
}

/**
 * checkov on `stacks` ({ file, label }), each with its configuration (configFileFor), one process
 * per configuration. Each result: the stack, its configuration (relative to the project), the
 * checks it passed and failed; none at all is a failure too (a file checkov could not read).
 * With `skipped`, the same options run once more without the skips, and each result also says
 * how many checks that run applied and passed and lists the failures its configuration skips;
 * `unused` lists the skips of each configuration that none of its stacks fails.
 */
async function checkStacks(checkov, stacks, { isProduction, scratch, skipped = false }) {
  const rows = stacks.map((stack) => ({
    ...stack,
    configFile: configFileFor(JSON.parse(fs.readFileSync(stack.file, "utf8")), isProduction),
    checked: checkableFile(stack.file, path.join(scratch, "stacks", String(stacks.indexOf(stack)))),
  }));
  const configs = [...new Set(rows.map((row) => row.configFile))];
  const results = [];
  const unused = [];
  await Promise.all(
    configs.map(async (configFile) => {
      const mine = rows.filter((row) => row.configFile === configFile);
      const files = mine.map((row) => row.checked);
      const [checked, unskipped] = await Promise.all([
        runCheckov(checkov, files, configFile),
        skipped ? runCheckov(checkov, files, withoutSkips(configFile, scratch)) : undefined,
      ]);
      const skips = new Set(skipsOf(configFile));
      for (const row of mine) {
        const { passed, failed } = checked.get(path.resolve(row.checked));
        const all = unskipped?.get(path.resolve(row.checked));
        results.push({
          label: row.label,
          file: row.file,
          config: path.relative(ROOT, configFile),
          passed,
          failed,
          ...(all ? { applied: all.passed.length + all.failed.length, passedUnskipped: all.passed.length, skipped: all.failed.filter((check) => skips.has(check.id)) } : {}),
        });
      }
      if (unskipped) {
        const used = new Set(results.filter((r) => r.config === path.relative(ROOT, configFile)).flatMap((r) => r.skipped.map((check) => check.id)));
        unused.push(...[...skips].filter((id) => !used.has(id)).map((id) => ({ config: path.relative(ROOT, configFile), id })));
      }
    }),
  );
  results.sort((a, b) => stacks.findIndex((s) => s.label === a.label) - stacks.findIndex((s) => s.label === b.label));
  return { results, unused };
}

/**
 * The verdict table: one row per stack (results of checkStacks with `skipped`). checkov applies
 * each check to each resource it concerns: the counts are those results, from the run without
 * skips; failed is the run with the stack's configuration.
 */
function verdictTable(results) {
  const distinct = (checks) => new Set(checks.map((check) => check.id)).size;
  return [
    "| stack | checked with | checks applied | passed | skipped, each with its reason (distinct checks) | failed |",
    "| --- | --- | --- | --- | --- | --- |",
    ...results.map(
      (r) => `| ${r.label} | [\`${r.config}\`](${path.posix.relative(path.posix.dirname(DOC_FILE), r.config)}) | ${r.applied} | ${r.passedUnskipped} | ${r.skipped.length} (${distinct(r.skipped)}) | ${r.failed.length} |`,
    ),
  ].join("\n");
}

/** What a result says went wrong: failed checks, or no check at all. */
function problemsOf(result) {
  if (result.passed.length + result.failed.length === 0) return [`${result.label}: checkov reported no check (a file it could not read?)`];
  return result.failed.map((check) => `${result.label}: ${check.id} on ${check.resource}: ${check.name} (not skipped in ${result.config})`);
}

/** The stacks of a selection (`dev,prod` or a settings file), synthesized into `outdir`. */
function synthesizeSelection(selection, outdir) {
  const settingsFile = selection.endsWith(".json") ? path.resolve(ROOT, selection) : undefined;
  const env = settingsFile
    ? { MULTIPLE_SERVER_CONFIG: settingsFile, MULTIPLE_SERVER_ENVIRONMENTS: Object.keys(JSON.parse(fs.readFileSync(settingsFile, "utf8")).environments).join(",") }
    : { MULTIPLE_SERVER_ENVIRONMENTS: selection };
  const { synthesize } = require("./run-ts").runTs("src/app.ts", "app");
  const names = synthesize({ outdir, env: { ...process.env, ...env } });
  return { names, isProduction: productionIn(settingsFile) };
}

async function main(argv) {
  const updateDocs = argv.includes("--update-docs");
  const selections = argv.filter((arg) => arg !== "--update-docs");
  if (updateDocs && selections.length > 0) throw new Error(`--update-docs writes the table of ${DOC_FILE}'s selection (dev,prod and bench/all-features.json): give no selection with it`);
  const checkov = path.join(ROOT, ".verify", "venv", "bin", "checkov");
  if (!fs.existsSync(checkov)) throw new Error(`${path.relative(ROOT, checkov)} is missing: run npm run verify once (it installs checkov from scripts/verify/requirements.txt)`);
  const scratch = path.join(ROOT, ".verify", "checkov", String(process.pid));
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  try {
    const stacks = [];
    const production = [];
    const chosen = selections.length > 0 ? selections : DOC_SELECTIONS;
    for (const [i, selection] of chosen.entries()) {
      const outdir = path.join(scratch, `synth-${i}`);
      const { names, isProduction } = synthesizeSelection(selection, outdir);
      production.push(isProduction);
      for (const name of names) {
        const seen = stacks.some((stack) => stack.name === name);
        stacks.push({ name, label: seen ? `${name} (${selection})` : name, file: path.join(outdir, "stacks", name, "cdk.tf.json") });
      }
    }
    // The state stack of the first selection is labelled by its name alone, the later ones by their selection.
    const { results, unused } = await checkStacks(checkov, stacks, { isProduction: (env) => production.some((p) => p(env)), scratch, skipped: true });
    const table = verdictTable(results);
    if (updateDocs) {
      const file = path.join(ROOT, DOC_FILE);
      const text = fs.readFileSync(file, "utf8");
      if (!DOC_MARKERS.test(text)) throw new Error(`${DOC_FILE} has no <!-- checkov:verdict --> markers`);
      fs.writeFileSync(file, text.replace(DOC_MARKERS, `$1${table}\n$2`));
      console.log(`${DOC_FILE}: checkov's verdict table written`);
    } else console.log(table);
    const problems = [...results.flatMap(problemsOf), ...unused.map(({ config, id }) => `${config}: skips ${id}, which no stack checked with it fails`)];
    for (const problem of problems) console.error(problem);
    process.exitCode = problems.length > 0 ? 1 : 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`checkov: ${error.message}`);
    process.exitCode = 1;
  });
}

module.exports = { CONFIG_DIR, DOC_SELECTIONS, DOC_FILE, DOC_MARKERS, environmentOf, configFileFor, productionIn, skipsOf, checkableFile, checkStacks, verdictTable, problemsOf };
