#!/usr/bin/env node
// `npm run deploy|diff|destroy -- <stack> [cdktf options]`: the cdktf command on one named stack,
// with MULTIPLE_SERVER_COMMAND set so the app refuses to point a deploy, diff or destroy at the
// unconfigured default state bucket (src/config/load.ts, checkCommandPath; a bare `cdktf deploy` is
// caught by scripts/cdktf-command.js). Without a stack cdktf
// itself fails with "Found more than one stack"; here a usage line says what to write.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const COMMANDS = ["deploy", "diff", "destroy"];
/** src/config/load.ts DEFAULT_STATE_BUCKET (a test holds them equal). */
const DEFAULT_STATE_BUCKET = "multiple-server-tfstate";
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
// With --skip-synth the app never runs, so its refusal of the default bucket cannot happen: read
// the backend the last synth wrote into each named stack instead.
if (args.includes("--skip-synth")) {
  const refused = stacks.filter((stack) => defaultBucketOf(stack));
  if (refused.length) {
    for (const stack of refused) {
      console.error(
        `${stack}: cdktf.out/stacks/${stack}/cdk.tf.json has the unconfigured default state bucket ${DEFAULT_STATE_BUCKET}, almost certainly someone else's (S3 names are global); synthesize with yours first (MULTIPLE_SERVER_STATE_BUCKET=<bucket>, or "backend": { "bucket": "<bucket>" } in the MULTIPLE_SERVER_CONFIG file; docs/deploy-and-ci.md "Deploy")`,
      );
    }
    process.exit(1);
  }
}

const cdktf = path.join(__dirname, "..", "node_modules", ".bin", "cdktf");
const run = spawnSync(cdktf, [command, ...args], { stdio: "inherit", env: { ...process.env, MULTIPLE_SERVER_COMMAND: command } });
if (run.error) {
  console.error(`cdktf ${command}: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);

/** Whether a synthesized stack's S3 backend names the default bucket (a stack not synthesized: cdktf says so itself). */
function defaultBucketOf(stack) {
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  try {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    return json.terraform?.backend?.s3?.bucket === DEFAULT_STATE_BUCKET;
  } catch {
    return false;
  }
}
