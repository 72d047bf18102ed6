#!/usr/bin/env node
// `npm run deploy|diff|destroy -- <stack> [cdktf options]`: the cdktf command on one named stack,
// with MULTIPLE_SERVER_COMMAND set so the app refuses to point a deploy, diff or destroy at the
// unconfigured default state bucket (src/config/load.ts, checkCommandPath; a bare `cdktf deploy` is
// caught by scripts/cdktf-command.js). Without a stack cdktf
// itself fails with "Found more than one stack"; here a usage line says what to write.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const COMMANDS = ["deploy", "diff", "destroy"];
const [command, ...args] = process.argv.slice(2);
if (!COMMANDS.includes(command)) {
  console.error(`usage: node scripts/cdktf.js <${COMMANDS.join("|")}> <stack> [cdktf options]`);
  process.exit(2);
}
const stacks = args.filter((arg) => !arg.startsWith("-"));
if (stacks.length === 0) {
  console.error(
    `usage: npm run ${command} -- <stack> [cdktf options]   (a stack: multiple-server-<environment>, e.g. multiple-server-dev; npm run synth prints them)`,
  );
  process.exit(2);
}
const cdktf = path.join(__dirname, "..", "node_modules", ".bin", "cdktf");
const run = spawnSync(cdktf, [command, ...args], { stdio: "inherit", env: { ...process.env, MULTIPLE_SERVER_COMMAND: command } });
if (run.error) {
  console.error(`cdktf ${command}: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);
