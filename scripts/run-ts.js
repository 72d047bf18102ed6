// Runs a TypeScript entry point of this project without type-checking it: esbuild transpiles it
// and our own sources it imports into one file under dist/ (milliseconds), every package stays a
// plain require, and the result runs in this same process. ts-node with type-checking, the cdktf
// init default, takes seconds and a gigabyte here; `npm run typecheck` checks types once instead.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");

/**
 * Transpiles `entry` (relative to the project root) to dist/<name>.js and requires it. Each file
 * is written under a name of this process's own and renamed into place: synths running at once
 * (jest workers, a user's second terminal) never require a half-written bundle.
 */
function runTs(entry, name) {
  const outfile = path.join(root, "dist", `${name}.js`);
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true, // our own sources in one file
    packages: "external",
    platform: "node",
    format: "cjs",
    target: "node20",
    // Written beside the bundle but not switched on: cdktf records a full creation stack for
    // every token, and mapping each one cost a third of the synth's time and 35 MB. For traces
    // in TypeScript lines, run with NODE_OPTIONS=--enable-source-maps.
    sourcemap: true,
    logLevel: "warning",
    write: false,
  });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  // The map first: a bundle in place always finds its map.
  for (const file of [...outputFiles].sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile))) {
    const partial = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(partial, file.contents);
    fs.renameSync(partial, file.path);
  }
  return require(outfile);
}

module.exports = { runTs };
