#!/usr/bin/env node
// Compares two synth outputs (an outdir: manifest.json, stacks/<stack>/cdk.tf.json and assets)
// written by the two CDKs from the same sources, and fails on any difference but these, each
// checked against the versions in scripts/cdk.js (docs/cdktn.md, "What changes in the JSON"):
//
//   manifest.json                  version                                   the CDK's version (0.21.0 -> 0.24.0)
//   stacks/*/cdk.tf.json           //.metadata.version                       the CDK's version
//   stacks/*/cdk.tf.json           terraform.required_providers.<p>.version  the provider the bindings wrap
//                                                                            (aws 6.25.0 -> 6.66.0, random 3.7.2 -> 3.9.1)
//   stacks/*/cdk.tf.json           terraform.required_providers.<p>.source   "aws" -> "hashicorp/aws": cdktf 0.21
//                                                                            writes the short form of the
//                                                                            same registry address
//
// JSON files are compared as parsed values: Terraform reads them so, and cdktn prints an empty
// array or object on one line where cdktf breaks it over two. Every other file (assets such as the
// Lambda zip) must be equal byte for byte, and a file on one side only is a difference.
//
//   node scripts/cdk-json-diff.js <outdir of cdktf> <outdir of cdktn> [--from cdktf] [--to cdktn]
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { CDKS } = require("./cdk");

/** Files under `dir`, relative, with `/` separators, sorted. */
function filesUnder(dir, prefix = "") {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
    })
    .sort();
}

/** Every leaf where `a` and `b` differ: `{ path: [keys], left, right }` (undefined where one side has none). */
function jsonDifferences(a, b, at = []) {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const bothContainers = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  if (!bothContainers) return [{ path: at, left: a, right: b }];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((key) => jsonDifferences(a[key], b[key], [...at, key]));
}

/** Why a difference is expected between `from`'s and `to`'s output, or undefined if it is not. */
function allowedBecause(file, { path: at, left, right }, from, to) {
  const [a, b] = [CDKS[from], CDKS[to]];
  const key = at.join(".");
  const isCdkVersion = left === a.packages[a.core] && right === b.packages[b.core];
  if (file === "manifest.json" && key === "version" && isCdkVersion) return "the CDK's version";
  if (!/^stacks\/[^/]+\/cdk\.tf\.json$/.test(file)) return undefined;
  if (key === "//.metadata.version" && isCdkVersion) return "the CDK's version";
  const [terraform, requiredProviders, provider, field] = at;
  if (terraform !== "terraform" || requiredProviders !== "required_providers" || at.length !== 4) return undefined;
  const [pa, pb] = [a.providers[provider], b.providers[provider]];
  if (!pa || !pb || !["version", "source"].includes(field) || left !== pa[field] || right !== pb[field]) return undefined;
  return field === "version" ? `the ${provider} provider the bindings wrap` : "the same registry address, short and full";
}

/**
 * A stack's JSON (parsed cdk.tf.json) as the CDK `to` would write it from what `from` wrote: the
 * fields this file allows to differ, and only those, changed to `to`'s values; a copy. The stack
 * snapshots are reviewed as cdktf writes them, and a cdktn run compares through this.
 */
function asWrittenBy(stack, from, to) {
  const copy = structuredClone(stack);
  const metadata = copy["//"]?.metadata;
  if (metadata?.version === CDKS[from].packages[CDKS[from].core]) metadata.version = CDKS[to].packages[CDKS[to].core];
  for (const [name, provider] of Object.entries(copy.terraform?.required_providers ?? {})) {
    const [a, b] = [CDKS[from].providers[name], CDKS[to].providers[name]];
    if (!a || !b) continue;
    for (const field of ["version", "source"]) if (provider[field] === a[field]) provider[field] = b[field];
  }
  return copy;
}

/** The differences between two outdirs, each with `reason` when allowed (see the top of this file). */
function compareOutdirs(leftDir, rightDir, from = "cdktf", to = "cdktn") {
  const leftFiles = filesUnder(leftDir);
  const rightFiles = filesUnder(rightDir);
  const differences = [];
  for (const file of [...new Set([...leftFiles, ...rightFiles])].sort()) {
    if (!leftFiles.includes(file) || !rightFiles.includes(file)) {
      differences.push({ file, path: [], left: leftFiles.includes(file) ? "(file)" : undefined, right: rightFiles.includes(file) ? "(file)" : undefined });
      continue;
    }
    const [l, r] = [fs.readFileSync(path.join(leftDir, file)), fs.readFileSync(path.join(rightDir, file))];
    if (file.endsWith(".json")) {
      for (const d of jsonDifferences(JSON.parse(l.toString("utf8")), JSON.parse(r.toString("utf8")))) {
        differences.push({ file, ...d, reason: allowedBecause(file, d, from, to) });
      }
    } else if (!l.equals(r)) {
      differences.push({ file, path: [], left: `${l.length} bytes`, right: `${r.length} bytes` });
    }
  }
  return differences;
}

const show = (d) => `${d.file}${d.path.length ? ` ${d.path.join(".")}` : ""}: ${JSON.stringify(d.left)} -> ${JSON.stringify(d.right)}`;

function main(argv) {
  const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const from = option("--from", "cdktf");
  const to = option("--to", "cdktn");
  const dirs = argv.filter((arg, i) => !arg.startsWith("--") && !["--from", "--to"].includes(argv[i - 1]));
  if (dirs.length !== 2 || !CDKS[from] || !CDKS[to]) {
    console.error("usage: node scripts/cdk-json-diff.js <outdir of cdktf> <outdir of cdktn> [--from cdktf] [--to cdktn]");
    return 2;
  }
  const differences = compareOutdirs(dirs[0], dirs[1], from, to);
  const allowed = differences.filter((d) => d.reason);
  const other = differences.filter((d) => !d.reason);
  const files = new Set(filesUnder(dirs[0]));
  console.log(`${from} -> ${to}: ${files.size} files compared, ${allowed.length} expected difference(s), ${other.length} other`);
  for (const d of allowed) console.log(`  expected (${d.reason}): ${show(d)}`);
  for (const d of other) console.log(`  NOT EXPECTED: ${show(d)}`);
  return other.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { compareOutdirs, jsonDifferences, allowedBecause, asWrittenBy };
