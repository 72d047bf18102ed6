// Preloaded into every Node process of a benchmarked command (NODE_OPTIONS=--require): at exit
// it appends the process's peak resident set size in KiB to the file BENCH_RSS_FILE names, so
// the benchmark sees the peak of each process it started, npm and jest workers included.
"use strict";
const fs = require("node:fs");

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    try {
      fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // A benchmark figure is not worth failing the measured command for.
    }
  });
}
