// The two CDKs this project runs on: HashiCorp's cdktf (archived on 2025-12-10, the default) and
// its community fork cdktn, the same API under other package names. What each installs, which
// Terraform providers its prebuilt bindings wrap and what its CLI is called, in one table that the
// switch (scripts/use-cdk.js), the CLI runner (scripts/cdktf.js), the CLI detection
// (scripts/cdktf-command.js) and the JSON comparison (scripts/cdk-json-diff.js) share.
// docs/cdktn.md explains the choice.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");

/**
 * Each CDK's exact package versions (`package.json` dependencies), the Terraform providers the
 * bindings pin (their package.json's `cdktf.provider`) as the CDK writes them into every stack's
 * `required_providers` (version and source), and the Node it needs: cdktn-cli 0.24 declares Node >= 22.19 and crashes
 * on Node 20.20 (`markAsUncloneable is not a function`); @cdktn/provider-* declare >= 22.11.
 * constructs: cdktn 0.24 accepts >= 10.6.0 < 10.8.0 and is built and tested with 10.6.0 (its CLI
 * depends on exactly that); cdktf 0.21 keeps the 10.4.2 this project has always used.
 */
const CDKS = {
  cdktf: {
    core: "cdktf",
    cli: "cdktf-cli",
    bin: "cdktf",
    scope: "@cdktf",
    packages: { "@cdktf/provider-aws": "21.22.1", "@cdktf/provider-random": "12.0.1", cdktf: "0.21.0", "cdktf-cli": "0.21.0", constructs: "10.4.2" },
    // cdktf 0.21 writes the AWS provider's source in its short form, "aws": Terraform reads it as hashicorp/aws.
    providers: { aws: { version: "6.25.0", source: "aws" }, random: { version: "3.7.2", source: "hashicorp/random" } },
    node: "20.9.0",
  },
  cdktn: {
    core: "cdktn",
    cli: "cdktn-cli",
    bin: "cdktn",
    scope: "@cdktn",
    packages: { "@cdktn/provider-aws": "25.7.0", "@cdktn/provider-random": "15.0.1", cdktn: "0.24.0", "cdktn-cli": "0.24.0", constructs: "10.6.0" },
    providers: { aws: { version: "6.66.0", source: "hashicorp/aws" }, random: { version: "3.9.1", source: "hashicorp/random" } },
    node: "22.19.0",
  },
};

/** The CLI commands' names, for recognising a CDK's CLI among processes. */
const CLI_BINS = Object.values(CDKS).map((cdk) => cdk.bin);

/** Which CDK `package.json` depends on (the one whose core package is a dependency); throws on none or both. */
function installedCdk(root = ROOT) {
  const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const named = Object.keys(CDKS).filter((name) => Object.hasOwn(dependencies, CDKS[name].core));
  if (named.length !== 1) {
    throw new Error(`package.json must depend on exactly one of ${Object.keys(CDKS).join(", ")}, not ${named.length ? named.join(" and ") : "neither"}`);
  }
  return named[0];
}

/** The installed CDK's CLI in node_modules/.bin. */
function cliPath(root = ROOT) {
  return path.join(root, "node_modules", ".bin", CDKS[installedCdk(root)].bin);
}

/** Whether Node `version` ("v22.23.3" or "22.23.3") is at least `minimum` ("22.19.0"). */
function nodeAtLeast(version, minimum) {
  const parse = (v) => v.replace(/^v/, "").split(".").map(Number);
  const [have, need] = [parse(version), parse(minimum)];
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i] > need[i];
  return true;
}

module.exports = { CDKS, CLI_BINS, installedCdk, cliPath, nodeAtLeast };
