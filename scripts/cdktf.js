#!/usr/bin/env node
// The installed CDK's CLI (cdktf, or cdktn after `npm run use:cdktn`; scripts/cdk.js), so nothing
// else names its binary: `npm run cdk -- <command> [options]` for any command, and
// `npm run deploy|diff|destroy -- <stack> [options]` for those on one named stack. A command that
// reaches a backend gets MULTIPLE_SERVER_COMMAND, so the app refuses to point a deploy, diff or
// destroy at the unconfigured default state bucket (src/config/load.ts, checkCommandPath; a bare
// `cdktf deploy` is caught by scripts/cdktf-command.js). Without a stack the CLI itself fails
// with "Found more than one stack"; here a usage line says what to write.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { CDKS, cliPath, installedCdk } = require("./cdk");
const { commandOf } = require("./cdktf-command");

const args = process.argv.slice(2);
const cdk = CDKS[installedCdk()];
if (args.length === 0) {
  console.error(`usage: npm run cdk -- <command> [${cdk.bin} options]   (runs node_modules/.bin/${cdk.bin})`);
  process.exit(2);
}
// The backend command, aliases resolved (apply -> deploy, plan -> diff), as the app reads it from a bare CLI.
const backend = commandOf([cdk.bin, ...args]);
if (backend && backend !== "watch" && !args.slice(1).some((arg) => !arg.startsWith("-"))) {
  console.error(
    `usage: npm run ${backend} -- <stack> [${cdk.bin} options]   (a stack: multiple-server-<environment>, e.g. multiple-server-dev; npm run synth prints them)`,
  );
  process.exit(2);
}
const env = backend ? { ...process.env, MULTIPLE_SERVER_COMMAND: backend } : process.env;
const run = spawnSync(cliPath(), args, { stdio: "inherit", env });
if (run.error) {
  console.error(`${cdk.bin} ${args[0]}: ${run.error.message} (${path.relative(process.cwd(), cliPath())}: run npm ci)`);
  process.exit(1);
}
process.exit(run.status ?? 1);
