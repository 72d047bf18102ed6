#!/usr/bin/env node
// `npm test`: type-check the whole project once (tsc --noEmit) while jest runs every test.
// jest only transpiles (isolatedModules); running tsc beside it instead of before it uses the
// time jest's workers spend waiting on terraform and the cdktf CLI. Arguments go to jest
// (`npm test -- -u`). tsc's report is printed after jest's, so a type error is the last thing
// shown; the exit code is non-zero when either fails.
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

const root = path.join(__dirname, "..");
const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

const tscOutput = [];
const tsc = spawn(process.execPath, [bin("typescript", "bin/tsc"), "--noEmit"], { cwd: root });
tsc.stdout.on("data", (chunk) => tscOutput.push(chunk));
tsc.stderr.on("data", (chunk) => tscOutput.push(chunk));
const jest = spawn(process.execPath, [bin("jest", "bin/jest.js"), ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });

const exitCode = (child) => new Promise((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
Promise.all([exitCode(tsc), exitCode(jest)]).then(([tscCode, jestCode]) => {
  if (tscCode !== 0) {
    process.stderr.write(Buffer.concat(tscOutput));
    process.stderr.write("\ntsc --noEmit: type errors (jest does not type-check; fix them before committing)\n");
  }
  process.exit(tscCode || jestCode);
});
