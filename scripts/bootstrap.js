#!/usr/bin/env node
/**
 * npm run bootstrap [-- terraform apply options]: creates the state bucket(s) of the
 * `multiple-server-state` stack (`terraform init` then `terraform apply` in its folder of
 * cdktf.out), with Terraform's own output and prompts, and one thing more: when S3 refuses the
 * bucket because its name is taken, it says so in words that cannot be misread.
 *
 * S3 bucket names are global across every AWS account. `BucketAlreadyExists` means ANOTHER
 * account owns the name: your environments must never be pointed at that bucket (whoever owns it
 * would hold your state, secrets included). `BucketAlreadyOwnedByYou` means it is yours already
 * (an earlier bootstrap whose local state was lost): import it instead of creating it.
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const STACK = "multiple-server-state";

/** The bucket Terraform failed to create, and whose it is, from Terraform's error output. */
function diagnose(output) {
  const text = output.replace(/\x1b\[[0-9;]*m/g, "");
  const bucket = /creating S3 Bucket \(([a-z0-9.-]+)\)/.exec(text)?.[1];
  if (/BucketAlreadyOwnedByYou/.test(text)) return { kind: "yours", bucket };
  if (/BucketAlreadyExists/.test(text)) return { kind: "taken", bucket };
  return undefined;
}

/** Terraform addresses of the aws_s3_bucket resources in the stack's cdk.tf.json, by bucket name. */
function bucketAddresses(stackDir) {
  try {
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    return Object.fromEntries(
      Object.entries(tf.resource?.aws_s3_bucket ?? {}).map(([name, body]) => [body.bucket, `aws_s3_bucket.${name}`]),
    );
  } catch {
    return {};
  }
}

/** What to tell the user, as lines. */
function explain(finding, addresses) {
  const name = finding.bucket ?? "the state bucket";
  if (finding.kind === "taken") {
    return [
      "",
      `The state bucket name ${name} belongs to ANOTHER AWS account.`,
      "S3 bucket names are global: someone else created this one, in their account. Nothing was created in yours.",
      "Do not point your environments at it: whoever owns it would hold your Terraform state, and the secrets in it.",
      "Choose a name of your own (your account id or organisation makes it unique), synthesize again and bootstrap again:",
      "",
      "  export MULTIPLE_SERVER_STATE_BUCKET=multiple-server-tfstate-$(aws sts get-caller-identity --query Account --output text)",
      "  npm run synth && npm run bootstrap",
      "",
      "Keep the variable set for every later synth (docs/deploy-and-ci.md \"Deploy\"), or write the name into backend.bucket in src/config/environments.ts.",
    ];
  }
  const address = addresses[finding.bucket];
  return [
    "",
    `The state bucket ${name} already exists IN YOUR ACCOUNT (BucketAlreadyOwnedByYou): an earlier bootstrap whose local state`,
    "(terraform-state/terraform.multiple-server-state.tfstate) is gone. Let Terraform adopt it instead of creating it:",
    "",
    `  cd cdktf.out/stacks/${STACK} && terraform import '${address ?? "aws_s3_bucket.<the bucket's address in cdk.tf.json>"}' ${name}`,
    "  npm run bootstrap",
    "",
  ];
}

/** Runs terraform with the user's terminal, also keeping what it wrote for `diagnose`. */
function terraform(args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.env.TERRAFORM ?? "terraform", args, { cwd, stdio: ["inherit", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on("error", (error) => resolve({ code: 127, output: String(error) }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main(argv, root = path.join(__dirname, "..")) {
  const stackDir = path.join(root, "cdktf.out", "stacks", STACK);
  if (!fs.existsSync(path.join(stackDir, "cdk.tf.json"))) {
    process.stderr.write(`No ${STACK} stack in cdktf.out: run \`npm run synth\` first (with the MULTIPLE_SERVER_STATE_* variables you deploy with).\n`);
    return 1;
  }
  const init = await terraform(["init", "-input=false"], stackDir);
  if (init.code !== 0) return init.code;
  const apply = await terraform(["apply", ...argv], stackDir);
  if (apply.code !== 0) {
    const finding = diagnose(apply.output);
    if (finding) process.stderr.write(`${explain(finding, bucketAddresses(stackDir)).join("\n")}\n`);
  }
  return apply.code;
}

module.exports = { diagnose, explain, main };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
