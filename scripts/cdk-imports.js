#!/usr/bin/env node
// `node scripts/cdk-imports.js`: points every `import { … } from "cdktf"` (or "cdktn") in main.ts,
// src/ and __tests__/ at src/cdk.ts, the one module that imports the CDK's core, and lists the
// names src/cdk.ts does not export yet (add them there). For a branch written before src/cdk.ts
// existed; __tests__/imports.test.ts fails until it has run. Running it again changes nothing.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const { SEAM } = require("./use-cdk");

const ROOT = path.join(__dirname, "..");
const CDK_MODULE = path.join(ROOT, "src", "cdk.ts");
const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+(["'])cdkt[fn]\3;?/gm;

function tsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "__snapshots__" ? [] : tsFiles(full);
    return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** `text` of the file at `file` with its core imports pointed at src/cdk.ts, and the names it imports. */
function rewrite(text, file) {
  let specifier = path.relative(path.dirname(file), CDK_MODULE).replace(/\\/g, "/").replace(/\.ts$/, "");
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  const names = [];
  const out = text.replace(IMPORT, (_, typeOnly, list, quote) => {
    const items = list.split(",").map((s) => s.trim()).filter(Boolean);
    names.push(...items.map((item) => item.replace(/^type\s+/, "").split(/\s+as\s+/)[0]));
    return `import ${typeOnly ?? ""}{ ${items.join(", ")} } from ${quote}${specifier}${quote};`;
  });
  return { text: out, names };
}

function main() {
  const files = [path.join(ROOT, "main.ts"), ...tsFiles(path.join(ROOT, "src")), ...tsFiles(path.join(ROOT, "__tests__"))].filter((f) => !SEAM.includes(path.relative(ROOT, f)));
  const exported = fs.readFileSync(CDK_MODULE, "utf8");
  const missing = new Set();
  let changed = 0;
  for (const file of files) {
    const before = fs.readFileSync(file, "utf8");
    const { text, names } = rewrite(before, file);
    for (const name of names) if (!new RegExp(`\\b${name}\\b`).test(exported)) missing.add(name);
    if (text !== before) {
      fs.writeFileSync(file, text);
      changed++;
      console.log(`rewrote ${path.relative(ROOT, file)}`);
    }
  }
  console.log(`${changed} file(s) rewritten`);
  if (missing.size) {
    console.error(`src/cdk.ts does not export: ${[...missing].sort().join(", ")}`);
    return 1;
  }
  return 0;
}

if (require.main === module) process.exitCode = main();

module.exports = { rewrite };
