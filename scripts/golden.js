#!/usr/bin/env node
// `npm run -s golden`: rewrites the golden cdk.tf.json files (__tests__/stacks/golden/) from a
// synth of every shipped and bench environment. __tests__/stacks/golden.test.ts compares each
// synth with them byte for byte, so a change of output (on purpose or not) fails the tests until
// this is run and its diff is committed: a refactoring proves it changed nothing, a new setting
// proves that leaving it unset keeps today's output.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.join(__dirname, "..");
const GOLDEN_DIR = path.join(root, "__tests__", "stacks", "golden");

/**
 * What is checked: the default selection (the shipped dev and prod, and the state stack), and each
 * bench/*.json with every environment it defines (with their standbys and state stack). Each is a
 * name (its folder under golden/) and the variables that select it, as a user would set them.
 */
function selections() {
  const bench = fs
    .readdirSync(path.join(root, "bench"))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const config = path.join("bench", file);
      const environments = Object.keys(JSON.parse(fs.readFileSync(path.join(root, config), "utf8")).environments ?? {});
      return { name: path.basename(file, ".json"), env: { MULTIPLE_SERVER_CONFIG: config, MULTIPLE_SERVER_ENVIRONMENTS: environments.join(",") } };
    });
  return [{ name: "default", env: {} }, ...bench];
}

/** The golden file of one stack of one selection. */
function goldenFile(selection, stack) {
  return path.join(GOLDEN_DIR, selection, `${stack}.tf.json`);
}

/** The cdk.tf.json of every stack under a synth's output folder, by stack name. */
function stackFiles(outdir) {
  const stacks = path.join(outdir, "stacks");
  return Object.fromEntries(
    fs.readdirSync(stacks).sort().map((stack) => [stack, fs.readFileSync(path.join(stacks, stack, "cdk.tf.json"))]),
  );
}

/** Synthesizes each selection with `npm run synth`'s app and nothing of the caller's environment but PATH and HOME. */
function refresh() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-golden-"));
  try {
    fs.rmSync(GOLDEN_DIR, { recursive: true, force: true });
    for (const { name, env } of selections()) {
      const outdir = path.join(work, name);
      const run = spawnSync(process.execPath, [path.join(__dirname, "synth.js")], {
        cwd: root,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, CDKTF_OUTDIR: outdir },
      });
      if (run.status !== 0) throw new Error(`synth of ${name} failed:\n${run.stderr}`);
      for (const [stack, json] of Object.entries(stackFiles(outdir))) {
        fs.mkdirSync(path.dirname(goldenFile(name, stack)), { recursive: true });
        fs.writeFileSync(goldenFile(name, stack), json);
        console.log(path.relative(root, goldenFile(name, stack)));
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { GOLDEN_DIR, selections, goldenFile, stackFiles };

if (require.main === module) refresh();
