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
const fs = require("node:fs");
const path = require("node:path");
const { CDKS, cliPath, installedCdk } = require("./cdk");
const { commandOf } = require("./cdktf-command");

/** src/config/load.ts DEFAULT_STATE_BUCKET (a test holds them equal). */
const DEFAULT_STATE_BUCKET = "multiple-server-tfstate";
const args = process.argv.slice(2);
const cdk = CDKS[installedCdk()];
if (args.length === 0) {
  console.error(`usage: npm run cdk -- <command> [${cdk.bin} options]   (runs node_modules/.bin/${cdk.bin})`);
  process.exit(2);
}
// The backend command, aliases resolved (apply -> deploy, plan -> diff), as the app reads it from a bare CLI.
const backend = commandOf([cdk.bin, ...args]);
const stacks = args.slice(1).filter((arg) => !arg.startsWith("-"));
if (backend && backend !== "watch" && stacks.length === 0) {
  console.error(
    `usage: npm run ${backend} -- <stack> [${cdk.bin} options]   (a stack: multiple-server-<environment>, e.g. multiple-server-dev; npm run synth prints them)`,
  );
  process.exit(2);
}
// With --skip-synth the app never runs, so its refusal of the default bucket cannot happen: read
// the backend the last synth wrote into each named stack instead.
if (backend && args.includes("--skip-synth")) {
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

const env = backend ? { ...process.env, MULTIPLE_SERVER_COMMAND: backend } : process.env;
const run = spawnSync(cliPath(), args, { stdio: "inherit", env });
if (run.error) {
  console.error(`${cdk.bin} ${args[0]}: ${run.error.message} (${path.relative(process.cwd(), cliPath())}: run npm ci)`);
  process.exit(1);
}
process.exit(run.status ?? 1);

/** Whether a synthesized stack's S3 backend names the default bucket (a stack not synthesized: the CLI says so itself). */
function defaultBucketOf(stack) {
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  try {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    return json.terraform?.backend?.s3?.bucket === DEFAULT_STATE_BUCKET;
  } catch {
    return false;
  }
}
