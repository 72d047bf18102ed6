// Jest's default order runs the slowest files first when it has their times from an earlier run,
// and the largest first when it has none, as on a fresh clone after `npm ci`. The integration
// tests are small files that spend seconds in terraform and the cdktf CLI (checkov's, in checkov):
// by size they start last and leave one worker busy while the other idles. Without timings, they go first.
"use strict";
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

const SLOW_BY_NATURE = [path.join("__tests__", "integration") + path.sep, path.join("__tests__", "bench.test.ts"), path.join("__tests__", "checkov.test.ts")];
const slowByNature = (test) => SLOW_BY_NATURE.some((part) => test.path.includes(part));

class IntegrationFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    return [...sorted.filter(slowByNature), ...sorted.filter((test) => !slowByNature(test))];
  }
}

module.exports = IntegrationFirstSequencer;
