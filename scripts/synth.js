#!/usr/bin/env node
// The app command of cdktf.json and `npm run synth`: transpiles main.ts and src/ with esbuild
// (milliseconds, no type-check: `npm run typecheck` does that once, not on every synth) into
// dist/main.js, then runs it in this same process. ts-node with type-checking, the cdktf init
// default, takes seconds and a gigabyte here.
"use strict";
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");
const outfile = path.join(root, "dist", "main.js");

esbuild.buildSync({
  entryPoints: [path.join(root, "main.ts")],
  outfile,
  bundle: true, // our own sources in one file; every package stays a plain require
  packages: "external",
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});
process.setSourceMapsEnabled(true);
require(outfile);
