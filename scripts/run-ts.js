// Runs a TypeScript entry point of this project without type-checking it: esbuild transpiles it
// and our own sources it imports into one file under dist/ (milliseconds), every package stays a
// plain require, and the result runs in this same process. ts-node with type-checking, the cdktf
// init default, takes seconds and a gigabyte here; `npm run typecheck` checks types once instead.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");

/**
 * Whether the bundle is newer than every source it was built from (esbuild's metafile lists
 * them). Starting esbuild cost a sixth of a synth; any edit, checkout or new import touches a
 * listed file or the entry and so rebuilds.
 */
function upToDate(outfile, metafile, base = root) {
  try {
    const built = fs.statSync(outfile).mtimeMs;
    const inputs = Object.keys(JSON.parse(fs.readFileSync(metafile, "utf8")).inputs).map((input) => path.join(base, input));
    // The build options (this file) and tsconfig.json shape the bundle too.
    return inputs.length > 0 && [...inputs, __filename, path.join(root, "tsconfig.json")].every((file) => fs.statSync(file).mtimeMs < built);
  } catch {
    return false; // no bundle, no metafile, or a source gone: build
  }
}

/**
 * Transpiles `entry` (relative to the project root) to dist/<name>.js, unless that is up to date,
 * and requires it. Each file is written under a name of this process's own and renamed into
 * place: synths running at once (jest workers, a user's second terminal) never require a
 * half-written bundle.
 */
function runTs(entry, name) {
  const outfile = path.join(root, "dist", `${name}.js`);
  const metafile = path.join(root, "dist", `${name}.meta.json`);
  if (!upToDate(outfile, metafile)) build(entry, outfile, metafile);
  return require(outfile);
}

function build(entry, outfile, metafile) {
  const esbuild = require("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [path.join(root, entry)],
    outfile,
    absWorkingDir: root,
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
    metafile: true,
    write: false,
  });
  const files = [...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })), { path: metafile, contents: JSON.stringify(result.metafile) }];
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  // The bundle last: whoever finds it in place finds its map and its metafile too.
  files.sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile));
  for (const file of files) {
    const partial = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(partial, file.contents);
    fs.renameSync(partial, file.path);
  }
}

module.exports = { runTs, upToDate };
