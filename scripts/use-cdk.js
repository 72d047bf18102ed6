#!/usr/bin/env node
// `npm run use:cdktn` / `npm run use:cdktf`: moves the project from one CDK to the other (scripts/cdk.js
// lists both). Only two modules import a CDK's packages (a test keeps it so, __tests__/imports.test.ts):
// src/cdk.ts the core, src/aws.ts the provider bindings. This rewrites the package names in their
// import lines, the dependencies and Node engine in package.json, then runs `npm install`, which
// updates package-lock.json and node_modules. Running it again, or for the CDK already in use, is
// harmless. docs/cdktn.md says what changes in the synthesized JSON and what to do before the next apply.
//
//   node scripts/use-cdk.js <cdktf|cdktn> [--no-install]
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { CDKS, installedCdk, nodeAtLeast } = require("./cdk");

const ROOT = path.join(__dirname, "..");
/** The modules that import a CDK's packages; nothing else may (__tests__/imports.test.ts). */
const SEAM = ["src/cdk.ts", "src/aws.ts"];

/**
 * The module specifiers of `from "…"`, `import "…"`, `import("…")` and `require("…")` that name a
 * CDK package, renamed to `target`'s: `cdktf` and `cdktf/lib/…` to its core, `@cdktf/…` to its scope.
 * Text elsewhere (comments, other strings) stays.
 */
function rewriteSpecifiers(text, target) {
  const { core, scope } = CDKS[target];
  return text.replace(/(\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)(["'])(@cdkt[fn]\/|cdkt[fn](?=["'/]))/g, (_, lead, quote, name) =>
    `${lead}${quote}${name.startsWith("@") ? `${scope}/` : core}`,
  );
}

/** `pkg` (package.json's object) depending on `target`'s exact versions and none of the other CDK's packages. */
function switchedPackageJson(pkg, target) {
  const dependencies = { ...pkg.dependencies };
  for (const cdk of Object.values(CDKS)) for (const name of Object.keys(cdk.packages)) delete dependencies[name];
  Object.assign(dependencies, CDKS[target].packages);
  const sorted = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  return { ...pkg, engines: { ...pkg.engines, node: `>=${CDKS[target].node}` }, dependencies: sorted };
}

/** Rewrites the seam modules and package.json under `root` for `target`; returns the files it changed. */
function switchFiles(target, root = ROOT) {
  const changed = [];
  const write = (file, text) => {
    const full = path.join(root, file);
    if (fs.readFileSync(full, "utf8") === text) return;
    fs.writeFileSync(full, text);
    changed.push(file);
  };
  for (const file of SEAM) write(file, rewriteSpecifiers(fs.readFileSync(path.join(root, file), "utf8"), target));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  write("package.json", `${JSON.stringify(switchedPackageJson(pkg, target), null, 2)}\n`);
  return changed;
}

/** Why `target` cannot be installed and run on Node `version`, or undefined when it can. */
function nodeRefusal(target, version) {
  const needs = CDKS[target].node;
  if (nodeAtLeast(version, needs)) return undefined;
  return (
    `${target} needs Node >= ${needs} (its CLI and provider packages say so; cdktn's CLI crashes on Node 20), and this is Node ${version}. ` +
    "Nothing was changed. Install Node 22 (nodejs.org, nvm, or `npm install node@22` and put its node_modules/.bin first on PATH) and run this again."
  );
}

function main(argv) {
  const [target, ...options] = argv;
  const install = !options.includes("--no-install");
  const unknown = options.filter((o) => o !== "--no-install");
  if (!Object.hasOwn(CDKS, target ?? "") || unknown.length) {
    console.error(`usage: node scripts/use-cdk.js <${Object.keys(CDKS).join("|")}> [--no-install]`);
    return 2;
  }
  const refused = install && nodeRefusal(target, process.version);
  if (refused) {
    console.error(refused);
    return 1;
  }
  const from = installedCdk(ROOT);
  const changed = switchFiles(target, ROOT);
  console.log(changed.length ? `${from} -> ${target}: rewrote ${changed.join(", ")}` : `already on ${target}: nothing to rewrite`);
  if (install) {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const run = spawnSync(npm, ["install"], { cwd: ROOT, stdio: "inherit" });
    if (run.status !== 0) {
      console.error(`npm install failed (${run.status ?? run.error?.message}): fix that and run \`npm run use:${target}\` again.`);
      return 1;
    }
  }
  if (from !== target) {
    console.log(
      `Now on ${target}: run \`npm test\` and \`npm run synth\`; the stacks pin AWS provider ${CDKS[target].providers.aws.version} (was ${CDKS[from].providers.aws.version}), ` +
        "so run `terraform init -upgrade` in each stack's folder and review its plan before the next apply (docs/cdktn.md).",
    );
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { SEAM, rewriteSpecifiers, switchedPackageJson, switchFiles, nodeRefusal };
