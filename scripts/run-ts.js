// Runs a TypeScript entry point of this project without type-checking it: esbuild transpiles it
// and our own sources it imports into one file under dist/ (milliseconds), and the result runs in
// this same process. ts-node with type-checking, the cdktf init default, takes seconds and a
// gigabyte here; `npm run typecheck` checks types once instead. The synth (scripts/synth.js)
// bundles the packages too and runs the bundle through V8's code cache (scripts/code-cache.js);
// other entry points keep every package a plain require.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");

/**
 * Whether the bundle is newer than every source it was built from (`inputsFile`: the paths of
 * esbuild's metafile, written beside the bundle; the metafile itself, with every import of the
 * ~600 files a bundle with packages holds, cost 50 ms and 10 MB to parse). Starting esbuild cost
 * a sixth of a synth; any edit, checkout or new import touches a listed file or the entry and so
 * rebuilds.
 */
function upToDate(outfile, inputsFile, base = root) {
  try {
    const built = fs.statSync(outfile).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8")).map((input) => path.join(base, input));
    // The build options (this file) and tsconfig.json shape the bundle too, and npm rewrites its
    // lock file in node_modules on every install (a package.json that now resolves elsewhere).
    const installed = path.join(base, "node_modules", ".package-lock.json");
    const shaping = [__filename, path.join(root, "tsconfig.json"), ...(fs.existsSync(installed) ? [installed] : [])];
    return inputs.length > 0 && [...inputs, ...shaping].every((file) => fs.statSync(file).mtimeMs < built);
  } catch {
    return false; // no bundle, no list of inputs, or a source gone: build
  }
}

/**
 * Transpiles `entry` (relative to the project root) to dist/<name>.js, unless that is up to date,
 * and returns that file's path. Each file is written under a name of this process's own and
 * renamed into place: synths running at once (jest workers, a user's second terminal) never
 * load a half-written bundle. `packages: "bundle"` puts the imported packages into the file
 * too; "external" (the default) leaves each a require of node_modules. `minifyWhitespace` drops
 * comments and line breaks (names stay, so a trace still names its functions).
 */
function bundle(entry, name, { packages = "external", minifyWhitespace = false } = {}) {
  const outfile = path.join(root, "dist", `${name}.js`);
  const inputsFile = path.join(root, "dist", `${name}.inputs.json`);
  if (!upToDate(outfile, inputsFile)) build(entry, outfile, inputsFile, { packages, minifyWhitespace });
  return outfile;
}

/** `entry` bundled with its packages external (see bundle), required. */
function runTs(entry, name) {
  return require(bundle(entry, name));
}

function build(entry, outfile, inputsFile, options) {
  const esbuild = require("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [path.join(root, entry)],
    outfile,
    absWorkingDir: root,
    bundle: true,
    // esbuild finds its binary from its own package folder: src/functions/bundle.ts requires it at synth.
    external: ["esbuild"],
    ...options,
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
  const files = [...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })), { path: inputsFile, contents: JSON.stringify(Object.keys(result.metafile.inputs)) }];
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  // The bundle last: whoever finds it in place finds its map and its list of inputs too.
  files.sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile));
  for (const file of files) {
    const partial = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(partial, file.contents);
    fs.renameSync(partial, file.path);
  }
}

module.exports = { bundle, runTs, upToDate };
