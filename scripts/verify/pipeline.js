"use strict";
// One stack through terraform: init + validate with the chosen provider, then plan, apply, plan
// again and destroy against the emulator. Each step is bounded in time; its result goes into the
// stack's row of the table, and a failure names the resource and the provider's (AWS's/moto's) message.
const fs = require("node:fs");
const path = require("node:path");
const { run } = require("./processes");
const { forProvider, forEmulator, unprotected } = require("./working-copy");
const { classify } = require("./second-plan");
const { liftDeletionProtection } = require("./unprotect");

const MINUTE = 60_000;
/** Step time limits: generous for a loaded 2-core runner, short of CI's own limit. */
const TIMEOUTS = { init: 5 * MINUTE, validate: 3 * MINUTE, plan: 8 * MINUTE, apply: 15 * MINUTE, destroy: 15 * MINUTE, show: 2 * MINUTE };
const GAPS = JSON.parse(fs.readFileSync(path.join(__dirname, "moto-gaps.json"), "utf8")).gaps;

function terraformEnv(home, cliConfig) {
  return {
    PATH: process.env.PATH,
    HOME: home,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: "verify",
    AWS_SECRET_ACCESS_KEY: "verify",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Error diagnostics of a `-json` run: { address, summary, detail }. */
function diagnostics(stdout) {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line))
    .filter((message) => message.type === "diagnostic" && message.diagnostic.severity === "error")
    .map(({ diagnostic }) => ({ address: diagnostic.address ?? diagnostic.range?.filename ?? "", summary: diagnostic.summary, detail: (diagnostic.detail ?? "").trim() }));
}

const describe = (d) => `${d.address ? `${d.address}: ` : ""}${d.summary}${d.detail ? ` (${d.detail.split("\n").filter(Boolean).slice(0, 3).join(" ")})` : ""}`;

class StepError extends Error {
  constructor(step, messages) {
    super(`${step}: ${messages.join("; ")}`);
    this.step = step;
  }
}

async function terraform(dir, env, args, timeoutMs, step) {
  const result = await run("terraform", args, { cwd: dir, env, timeoutMs });
  if (result.timedOut) throw new StepError(step, [`terraform ${args[0]} did not finish within ${timeoutMs / MINUTE} min and was stopped`]);
  return result;
}

async function expectOk(dir, env, args, timeoutMs, step) {
  const result = await terraform(dir, env, args, timeoutMs, step);
  if (result.code !== 0) {
    const found = diagnostics(result.stdout);
    throw new StepError(step, found.length > 0 ? found.map(describe) : [(result.stderr || result.stdout).trim().split("\n").slice(-5).join(" ")]);
  }
  return result;
}

/**
 * `stack` as cdk.tf.json in a fresh `dir`, with the synthesized stack's `assets/` beside it: cdktf
 * writes file assets (the database users function's zip) there and the JSON names them by a path
 * relative to the stack's folder.
 */
function writeConfig(dir, stack, synthesizedFile) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(stack, null, 2));
  const assets = path.join(path.dirname(synthesizedFile), "assets");
  if (fs.existsSync(assets)) fs.cpSync(assets, path.join(dir, "assets"), { recursive: true });
}

/** terraform init -backend=false and validate, in `<work>/validate`. */
async function validate(row, synthesized, provider, work) {
  const { stack, notes } = forProvider(synthesized, provider);
  row.notes.push(...notes);
  const dir = path.join(work, "validate");
  writeConfig(dir, stack, row.file);
  const env = terraformEnv(work, provider.cliConfig);
  await expectOk(dir, env, ["init", "-backend=false", "-input=false", "-no-color"], TIMEOUTS.init, "init");
  const result = await terraform(dir, env, ["validate", "-json", "-no-color"], TIMEOUTS.validate, "validate");
  const report = JSON.parse(result.stdout);
  if (!report.valid) {
    throw new StepError("validate", report.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.summary}: ${d.detail ?? ""} (${d.range?.filename ?? ""}:${d.range?.start?.line ?? ""})`));
  }
  row.validate = "ok";
  return stack;
}

const stateList = async (dir, env) => {
  const result = await terraform(dir, env, ["state", "list"], TIMEOUTS.show, "state");
  return result.code === 0 ? result.stdout.split("\n").filter((line) => line && !line.startsWith("data.")) : [];
};

const showJson = async (dir, env, planFile) => JSON.parse((await expectOk(dir, env, ["show", "-json", planFile], TIMEOUTS.show, "show")).stdout);

/** terraform's machine-readable output of a step, kept in the working copy (`<step>.jsonl`) for whoever reads a failure or a slow step. */
function keepLog(dir, step, result) {
  fs.writeFileSync(path.join(dir, `${step}.jsonl`), result.stdout);
}

/** A gap of moto that explains an apply error, or undefined. */
function gapFor(diagnostic) {
  const type = diagnostic.address.split(".").filter((part) => !part.startsWith("module"))[0];
  return GAPS.find((gap) => gap.type === type && new RegExp(gap.error).test(`${diagnostic.summary} ${diagnostic.detail}`));
}

/**
 * Plan and apply `stack` to the emulator, in `<work>/emulator`. Hands `register` its destroy
 * function before applying (the caller destroys in reverse order: a standby before its primary).
 */
async function applyToEmulator(row, validated, provider, work, emulator, artifacts, register) {
  const { stack, notes } = forEmulator(validated, emulator.endpoint);
  row.notes.push(...notes);
  const dir = path.join(work, "emulator");
  writeConfig(dir, stack, row.file);
  const env = terraformEnv(work, provider.cliConfig);
  await expectOk(dir, env, ["init", "-input=false", "-no-color"], TIMEOUTS.init, "init (emulator)");
  const destroy = async () => {
    const began = Date.now();
    const { stack: open } = unprotected(stack);
    const state = JSON.parse((await expectOk(dir, env, ["show", "-json"], TIMEOUTS.show, "show")).stdout);
    // prod protects what holds data: lifted as an operator would (unprotect.js says why not by an apply).
    const lifted = await liftDeletionProtection(emulator.endpoint, state);
    if (lifted.length > 0) row.notes.push(`before the destroy, deletion protection lifted by API on ${lifted.length} resource(s): ${lifted.join(", ")}`);
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(open, null, 2));
    // Without a refresh: the second plan has just read every resource back, and the destroy needs only their ids.
    const result = await terraform(dir, env, ["destroy", "-auto-approve", "-refresh=false", "-json", "-no-color"], TIMEOUTS.destroy, "destroy");
    keepLog(dir, "destroy", result);
    const left = await stateList(dir, env);
    if (result.code !== 0 || left.length > 0) {
      row.destroy = `FAILED (${left.length} left)`;
      const found = diagnostics(result.stdout);
      throw new StepError("destroy", found.length > 0 ? found.map(describe) : [`${left.length} resource(s) left: ${left.slice(0, 5).join(", ")}`]);
    }
    row.destroy = `ok, ${Math.round((Date.now() - began) / 1000)} s`;
  };
  // Registered before the first apply: whatever an apply created, even one that fails or times out, is destroyed.
  register(destroy);
  await expectOk(dir, env, ["plan", "-input=false", "-json", "-no-color", "-out=first.plan"], TIMEOUTS.plan, "plan");
  const planned = (await showJson(dir, env, "first.plan")).resource_changes.filter((c) => c.mode === "managed" && c.change.actions.includes("create")).map((c) => c.address);
  const applied = await terraform(dir, env, ["apply", "-input=false", "-json", "-no-color", "-auto-approve", "first.plan"], TIMEOUTS.apply, "apply");
  keepLog(dir, "apply", applied);
  const inState = new Set(await stateList(dir, env));
  const notApplied = new Set(planned.filter((address) => !inState.has(address)));
  row.apply = `${planned.length - notApplied.size}/${planned.length}, ${Math.round(applied.seconds)} s`;
  const errors = diagnostics(applied.stdout);
  const unexplained = errors.filter((d) => !gapFor(d));
  for (const d of errors.filter(gapFor)) row.notes.push(`not appliable: ${d.address}: ${gapFor(d).moto}`);
  const failedAddresses = new Set(errors.map((d) => d.address));
  const downstream = [...notApplied].filter((address) => !failedAddresses.has(address));
  if (downstream.length > 0) row.notes.push(`not applied, as they depend on the above: ${downstream.join(", ")}`);
  if (unexplained.length > 0 || (applied.code !== 0 && errors.length === 0)) {
    row.apply += " FAILED";
    row.failures.push(...(unexplained.length > 0 ? unexplained.map((d) => `apply: ${describe(d)}`) : [`apply: terraform exited ${applied.code}: ${applied.stderr.trim().slice(-500)}`]));
    return;
  }
  if (notApplied.size > 0) row.apply += ` (${notApplied.size} not appliable: moto)`;

  const second = await terraform(dir, env, ["plan", "-input=false", "-json", "-no-color", "-out=second.plan"], TIMEOUTS.plan, "second plan");
  keepLog(dir, "second-plan", second);
  if (second.code !== 0) {
    row.secondPlan = "FAILED";
    const found = diagnostics(second.stdout).map((d) => `second plan: ${describe(d)}`);
    // A failure without an error diagnostic (killed at its bound, a crash) must still fail verify.
    const exited = second.timedOut ? `did not finish within ${TIMEOUTS.plan / 60_000} min` : `terraform exited ${second.code}: ${(second.stderr || "").trim().slice(-500)}`;
    row.failures.push(...(found.length > 0 ? found : [`second plan: ${exited}`]));
    return;
  }
  const { explained, unexplained: changes } = classify(await showJson(dir, env, "second.plan"), artifacts, notApplied);
  row.secondPlan = changes.length === 0 ? (explained.length === 0 ? "empty" : `${explained.length} moto artifact(s)`) : `FAILED: ${changes.length} change(s)`;
  for (const change of changes) row.failures.push(`second plan: ${change.address} would ${change.actions.join("+")}: ${change.unlisted.join(", ")} (not a listed moto artifact)`);
}

module.exports = { validate, applyToEmulator, StepError, terraformEnv, diagnostics, describe, TIMEOUTS };
