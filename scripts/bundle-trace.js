// An error of the bundled synth as a reader wants it: its message and its trace with the
// TypeScript file and line of every frame (from the source map esbuild writes beside the bundle),
// never a line of the bundle itself. The map is read only when there is an error to show.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { SourceMap } = require("node:module");

const root = path.join(__dirname, "..");

/** `error`'s trace with each `<bundle>:line:column` replaced by the source it was built from (relative to the project). */
function readableTrace(error, bundleFile) {
  const text = error instanceof Error ? String(error.stack ?? `${error.name}: ${error.message}`) : `Thrown: ${String(error)}`;
  const map = sourceMapOf(bundleFile);
  if (!map) return text;
  const dir = path.dirname(bundleFile);
  const escaped = bundleFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`${escaped}:(\\d+):(\\d+)`, "g"), (whole, line, column) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !entry.originalSource) return whole;
    const source = entry.originalSource.startsWith("file://") ? new URL(entry.originalSource).pathname : path.resolve(dir, entry.originalSource);
    return `${path.relative(root, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function sourceMapOf(bundleFile) {
  try {
    return new SourceMap(JSON.parse(fs.readFileSync(`${bundleFile}.map`, "utf8")));
  } catch {
    return undefined; // no map (or an unreadable one): the trace as it is, still without the bundle's line
  }
}

module.exports = { readableTrace };
