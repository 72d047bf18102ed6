// Runs a CommonJS bundle as `require` would, but through V8's code cache: the bytecode V8 compiled
// on an earlier run is kept in a file beside the bundle and handed back to V8, which then skips
// parsing and compiling the JavaScript of cdktf, constructs, zod and every provider module (a
// fifth of a synth). The cache is an optimization only: whatever is wrong with it, the bundle is
// compiled from source as if there were none, and a good cache is written for the next run.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");

/**
 * V8 flags scripts/synth.js sets before it loads anything. V8 doubles the young generation each time objects
 * survive a scavenge, up to 16 MB a semi-space, and a synth's short-lived tokens and JSON make it
 * grow to the full size: a fifth of the synth's peak memory. Kept at its first size, the default
 * app peaks at 85 MB instead of 107 (prod with every feature 87 instead of 117) for 0.05 s more of
 * scavenging (16 environments: 0.17 s), measured by `npm run bench` on 2 cores. Set here, not
 * on the command line, so that `node scripts/synth.js`, cdktf.json and npm all get it; the code
 * cache's key (v8.cachedDataVersionTag) covers the flag.
 */
const SYNTH_V8_FLAGS = ["--semi-space-growth-factor=1"];

const MAGIC = "multiple-server code cache v1";
const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");

/**
 * What a cache must have been made by to be used: this bundle, byte for byte, and this Node, V8
 * and set of V8 flags (`cachedDataVersionTag` covers V8's version, its flags and the CPU features
 * it detected; Node options such as --require or --enable-source-maps leave it alone). V8 checks
 * its version and flags itself too, but it tells sources apart by their length only: a rebuilt
 * bundle of the same length would otherwise run stale bytecode.
 */
function cacheKey(bundle, runtime = currentRuntime()) {
  return sha256(JSON.stringify([runtime.node, runtime.v8, runtime.platform, runtime.arch, runtime.tag, sha256(bundle)]));
}

function currentRuntime() {
  const { version: node, versions, platform, arch } = process;
  return { node, v8: versions.v8, platform, arch, tag: v8.cachedDataVersionTag() };
}

/**
 * The cached data in `cacheFile` when it was made for `key`, else undefined. The header carries
 * the key and a checksum of the data: V8 in a release build does not checksum what it is handed,
 * and a truncated or scribbled-over file must be refused here rather than deserialized.
 */
function readCache(cacheFile, key) {
  let file;
  try {
    file = fs.readFileSync(cacheFile);
  } catch {
    return undefined; // none yet (or unreadable): compile
  }
  const end = file.indexOf(0x0a);
  if (end < 0) return undefined;
  const [magic, fileKey, checksum] = file.subarray(0, end).toString("latin1").split(" | ");
  const data = file.subarray(end + 1);
  if (magic !== MAGIC || fileKey !== key || checksum !== sha256(data)) return undefined;
  return data;
}

/** Writes under a name of this process's own, then renames: a concurrent run reads the old file or the new, never half of one. */
function writeCache(cacheFile, key, data) {
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(partial, Buffer.concat([Buffer.from(`${MAGIC} | ${key} | ${sha256(data)}\n`, "latin1"), data]));
    fs.renameSync(partial, cacheFile);
  } catch {
    // A read-only checkout or a full disk costs the next run its compile time, nothing else.
    fs.rmSync(partial, { force: true });
  }
}

/**
 * Loads `file` as `require` would (its own `module`, `exports`, `require`, `__dirname`), compiled with the code cache at `cacheFile` (default: beside it, `.cache`).
 * Returns how the cache was used: "used", "rejected" (V8 refused it), or "none" (missing, made for
 * another bundle or runtime, truncated or corrupt); in every case but "used" a new one is written
 * once the module has run, so that it holds the functions the run compiled, not only the top level.
 */
function runCached(file, { cacheFile = `${file}.cache`, runtime = currentRuntime() } = {}) {
  const filename = path.resolve(file);
  const source = fs.readFileSync(filename);
  const key = cacheKey(source, runtime);
  const cachedData = readCache(cacheFile, key);
  const script = new vm.Script(Module.wrap(source.toString("utf8")), { filename, cachedData });
  const status = cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "used";

  const module = new Module(filename, null);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(path.dirname(filename));
  const require = Module.createRequire(filename);
  script.runInThisContext().call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  module.loaded = true;

  if (status !== "used") writeCache(cacheFile, key, script.createCachedData());
  return { exports: module.exports, cache: status };
}

module.exports = { runCached, cacheKey, currentRuntime, readCache, SYNTH_V8_FLAGS };
