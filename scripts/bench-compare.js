#!/usr/bin/env node
// `node scripts/bench-compare.js <results of one CDK> <results of the other>`: the synth rows of
// several `npm run bench` rounds under cdktf and cdktn (folders of result files, one subfolder a round, as
// .ci/cdktn --bench writes them) in one table, each figure the median of every sample of every round.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { comparison } = require("./bench-report");

/** Every result file in `dir` and its subfolders (one per round), parsed. */
const read = (dir) =>
  fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));

const dirs = process.argv.slice(2);
if (dirs.length !== 2) {
  console.error("usage: node scripts/bench-compare.js <results folder> <results folder>");
  process.exit(2);
}
console.log(comparison(read(dirs[0]), read(dirs[1])));
