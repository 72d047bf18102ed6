#!/usr/bin/env node
// The app command of cdktf.json and `npm run synth`: main.ts and every package it imports in one
// bundle (dist/synth.js, rebuilt when a source changes), transpiled without type-checking and run
// through V8's code cache (dist/synth.js.cache): compiling cdktf, zod and the provider modules
// from source each time was a fifth of a synth.
"use strict";
// Before anything is compiled or allocated (see SYNTH_V8_FLAGS): V8 flags that cut the peak memory.
const { runCached, SYNTH_V8_FLAGS } = require("./code-cache");
for (const flag of SYNTH_V8_FLAGS) require("node:v8").setFlagsFromString(flag);
const { bundle } = require("./run-ts");
const { readableTrace } = require("./bundle-trace");
const { cdktfCommand } = require("./cdktf-command");

// `npx cdktf deploy` runs this app as `npm run deploy` does, minus the variable that names the
// command (src/config/load.ts COMMAND_VARIABLE): read it from the cdktf CLI above us instead.
if (!process.env.MULTIPLE_SERVER_COMMAND) {
  const command = cdktfCommand();
  if (command) process.env.MULTIPLE_SERVER_COMMAND = command;
}

// Without comments and line breaks the bundle is a third smaller, and a synth holds 15 MB less;
// a trace keeps its function names, and is mapped back to TypeScript lines (readableTrace).
let file;
try {
  file = bundle("main.ts", "synth", { packages: "bundle", minifyWhitespace: true });
  leaveTokenTracesEmpty();
  if (process.sourceMapsEnabled) {
    // NODE_OPTIONS=--enable-source-maps: Node maps the traces of the files it loads itself, so the
    // bundle is required as any file (no code cache) and every trace keeps its TypeScript lines.
    require(file);
  } else {
    runCached(file);
  }
} catch (error) {
  // main.ts reports the user's mistakes itself and exits; what reaches here is a bug. Left
  // uncaught, Node would print the source line it was thrown from first: the bundle's one
  // minified line of 90 KB.
  process.exitCode = 1;
  console.error(file ? readableTrace(error, file) : String(error?.stack ?? error));
}

/**
 * cdktf and constructs record a creation stack for every token and construct by capturing a trace
 * into a plain object (`{ stack: "" }`), and format each one: a tenth of a synth and 10 MB, for
 * text only cdktf's errors about unresolvable tokens would show. Those traces are left empty; a
 * real error (anything with V8's error slot) goes to the formatter there was, so a bug still
 * prints its full trace, source-mapped when source maps are on. The jest setup
 * (__tests__/helpers/setup.ts) does the same.
 */
function leaveTokenTracesEmpty() {
  // Node 20.20 exposes its own formatter here; an earlier Node 20 formats by default without one.
  const format = Error.prepareStackTrace ?? (process.sourceMapsEnabled ? undefined : nodeDefaultFormat);
  if (!format) return; // source maps on and Node's mapping formatter out of reach: leave all traces to Node
  Error.prepareStackTrace = (error, frames) => (Object.prototype.toString.call(error) === "[object Error]" ? format(error, frames) : "");
}

/** How Node formats a trace when nothing else is set (lib/internal/errors.js, defaultPrepareStackTrace). */
function nodeDefaultFormat(error, frames) {
  const header = Error.prototype.toString.call(error);
  return frames.length === 0 ? header : `${header}\n    at ${frames.join("\n    at ")}`;
}
