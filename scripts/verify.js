#!/usr/bin/env node
// `npm run verify [-- <env,...> | <config file>] ...`: a second opinion on the synthesized stacks
// from real tools, before anyone spends money. For every stack of the selection: terraform init +
// validate with a real AWS provider (the pinned one, else a local mirror's, said which); checkov
// with the configuration of the stack's environment (.checkov/*.yaml); plan, apply, plan again
// (empty but for listed moto artifacts) and destroy
// against moto on a free loopback port, started and stopped here; for a stack with a standby, the
// failover drill between the second plan and the destroy (scripts/verify/drill.js). Ends with a table; exits
// non-zero on any failure, naming the resource and the provider's message. docs/deploy-and-ci.md "Verify before you apply".
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, WORK_ROOT, ToolError, terraformVersion, ensureVenv, providerSource } = require("./verify/tools");
const { run } = require("./verify/processes");
const { startEmulator, createHostedZone } = require("./verify/emulator");
const { validate, applyToEmulator } = require("./verify/pipeline");
const { drill } = require("./verify/drill");
const { hostedZonesRead } = require("./verify/working-copy");
const { loadArtifacts } = require("./verify/second-plan");
const { checkStacks, problemsOf, productionIn } = require("./checkov");

const log = (message) => console.log(`[verify] ${message}`);
/** A synth takes seconds; a hung one must not hold CI. */
const SYNTH_TIMEOUT_MS = 5 * 60_000;

/** `dev,prod` (environments, with MULTIPLE_SERVER_CONFIG's file when set) or a settings file (that format, all its environments). */
function parseSelection(arg) {
  if (arg.endsWith(".json") || fs.existsSync(arg)) {
    const file = path.resolve(arg);
    if (!fs.existsSync(file)) throw new ToolError(`${arg}: no such settings file`);
    const names = Object.keys(JSON.parse(fs.readFileSync(file, "utf8")).environments ?? {});
    if (names.length === 0) throw new ToolError(`${arg}: defines no environments ({ "environments": { "<name>": {...} } })`);
    return { label: arg, env: { MULTIPLE_SERVER_CONFIG: file, MULTIPLE_SERVER_ENVIRONMENTS: names.join(",") } };
  }
  // Environments of the settings file MULTIPLE_SERVER_CONFIG names (the pull-request workflow's
  // own environments) go with it to checkov's configuration choice and the drill, not only the synth.
  const settings = process.env.MULTIPLE_SERVER_CONFIG;
  return { label: arg, env: { MULTIPLE_SERVER_ENVIRONMENTS: arg, ...(settings ? { MULTIPLE_SERVER_CONFIG: path.resolve(settings) } : {}) } };
}

/**
 * Synthesizes a selection into its own directory with the project's synth (its refusals printed as
 * they are). Not blocking: the drill synthesizes while other groups' terraform talks to a proxy.
 */
async function synth(selection, outdir) {
  const env = { ...process.env, ...selection.env, CDKTF_OUTDIR: outdir };
  const result = await run(process.execPath, [path.join(ROOT, "scripts", "synth.js")], { cwd: ROOT, env, timeoutMs: SYNTH_TIMEOUT_MS });
  // A refused setting prints a few lines; a crash's last lines carry its message (the bundle's source line is dropped).
  const output = (result.stderr || result.stdout).split("\n").filter((line) => line.length < 500);
  if (result.timedOut) throw new ToolError(`synth of ${selection.label} did not finish within ${SYNTH_TIMEOUT_MS / 60_000} min`);
  if (result.code !== 0) throw new ToolError(`synth of ${selection.label} failed:\n${output.slice(-30).join("\n")}`);
  const stacksDir = path.join(outdir, "stacks");
  return fs.readdirSync(stacksDir).map((name) => ({ name, file: path.join(stacksDir, name, "cdk.tf.json") }));
}

/** Stacks that share an emulator: a primary and its standby (which reads what the primary made), applied in that order. */
function groups(stacks) {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const followers = new Set(stacks.filter((s) => [...byName.keys()].some((other) => other !== s.name && s.name.startsWith(`${other}-`))).map((s) => s.name));
  return stacks.filter((s) => !followers.has(s.name)).map((lead) => [lead, ...stacks.filter((s) => followers.has(s.name) && s.name.startsWith(`${lead.name}-`))]);
}

/** checkov on every stack, each with its environment's configuration (.checkov/*.yaml: scripts/checkov.js), one process per configuration. */
async function checkov(tools, rows, selections, runDir) {
  const production = selections.map((selection) => productionIn(selection.env.MULTIPLE_SERVER_CONFIG));
  const isProduction = (environment) => production.some((inSelection) => inSelection(environment));
  let results;
  try {
    ({ results } = await checkStacks(tools.checkov, rows, { isProduction, scratch: path.join(runDir, "checkov") }));
  } catch (error) {
    for (const row of rows) {
      row.checkov = "FAILED";
      row.failures.push(error.message);
    }
    return;
  }
  for (const row of rows) {
    const result = results.find((r) => r.file === row.file);
    const problems = problemsOf(result);
    row.checkov = problems.length === 0 ? `ok (${result.passed.length} passed, ${result.config})` : `FAILED ${result.failed.length}/${result.passed.length + result.failed.length}`;
    row.failures.push(...problems.map((problem) => `checkov ${problem}`));
  }
}

/** Whether a row's apply and second plan succeeded (resources moto cannot create aside): what the drill needs. */
const appliedCleanly = (row) => /^\d/.test(row.apply) && !row.apply.includes("FAILED") && row.secondPlan !== "-" && !row.secondPlan.startsWith("FAILED");

/** The failover drill of a group with a standby, on its emulator (scripts/verify/drill.js): its cell on every row of the group. */
async function failoverDrill(group, validated, provider, emulator, selection, runDir) {
  const [primary] = group;
  const setCell = (cell) => group.forEach((row) => (row.drill = cell));
  log(`${primary.name}: failover drill (the runbook's steps 2 and 3 planned, the primary region refused)`);
  try {
    const scratch = path.join(runDir, `drill-${primary.selection}-${primary.name}`);
    const { cell, notes, failures } = await drill({ group, applied: validated, selection, provider, emulator, synth, scratch });
    setCell(cell);
    primary.notes.push(...notes);
    primary.failures.push(...failures.map((failure) => `drill ${failure}`));
  } catch (error) {
    setCell("FAILED");
    primary.failures.push(`drill: ${error.message}`);
  }
  log(`${primary.name}: drill ${primary.drill}`);
}

/**
 * Validates a group's stacks, then applies them in order to one emulator, plans again, runs the
 * failover drill when the group has a standby, destroys in reverse order.
 */
async function verifyGroup(group, provider, tools, artifacts, selection, runDir) {
  if (group.length > 1) for (const row of group) row.drill = "not run";
  const validated = await Promise.all(
    group.map(async (row) => {
      try {
        return await validate(row, JSON.parse(fs.readFileSync(row.file, "utf8")), provider, row.work);
      } catch (error) {
        row.validate = "FAILED";
        row.failures.push(error.message);
        return undefined;
      }
    }),
  );
  if (validated.some((stack) => !stack)) {
    for (const row of group) if (row.validate === "ok") row.notes.push("not applied: another stack of its group did not validate");
    return;
  }
  log(`${group.map((row) => row.name).join(" + ")}: validated; applying to moto`);
  const emulator = await startEmulator(tools.python);
  const destroys = [];
  const zones = new Set();
  try {
    for (const [i, row] of group.entries()) {
      // A standby reads the primary's zone too: one zone per name, as in an account.
      for (const zone of hostedZonesRead(validated[i]).filter((name) => !zones.has(name))) {
        zones.add(zone);
        await createHostedZone(emulator.endpoint, zone);
        row.notes.push(`hosted zone ${zone} created in the emulator first (the stack reads it; a real account has it already)`);
      }
      try {
        await applyToEmulator(row, validated[i], provider, row.work, emulator, artifacts, (destroy) => destroys.unshift({ row, destroy }));
      } catch (error) {
        row.failures.push(error.message);
        if (row.apply === "-") row.apply = "FAILED";
        break;
      }
      log(`${row.name}: apply ${row.apply}, second plan ${row.secondPlan}`);
      // A standby needs what its primary made: not after a failed apply (a second plan's finding does not stop it).
      if (row.apply.includes("FAILED")) break;
    }
    // Before the destroys: the drill plans against what the group applied.
    if (group.length > 1 && group.every(appliedCleanly)) await failoverDrill(group, validated, provider, emulator, selection, runDir);
    else if (group.length > 1) group[0].notes.push("drill not run: it needs every stack of the group applied and planned again without failure");
  } finally {
    for (const { row, destroy } of destroys) {
      try {
        await destroy();
      } catch (error) {
        row.failures.push(error.message);
      }
      log(`${row.name}: destroy ${row.destroy}`);
    }
    await emulator.stop();
  }
}

const DRILL_LEGEND = [
  "drill: for a stack with a standby, the runbook's step 2 (plan of the promoted standby) and step 3 (the targeted -refresh=false plan of the",
  "promoted primary, with the standby's outputs) planned against moto through a proxy that refuses every request signed for the primary region,",
  "credential validation on (STS in each provider's sts_region); ok when both plans succeed, each asked the proxy something, and none went to",
  "the primary region. Not exercised: the runbook's init (state in a local file: no switch to the standby region's state bucket), the applies,",
  "and what AWS itself answers. \"-\": no standby.",
].join("\n");

function table(rows) {
  const header = ["stack", "provider", "validate", "checkov", "apply (n/m, time)", "second plan", "destroy", "drill"];
  const lines = rows.map((row) => [row.label, row.providerVersion, row.validate, row.checkov, row.apply, row.secondPlan, row.destroy, row.drill]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  const format = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [format(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(format)].join("\n");
}

async function main() {
  const began = Date.now();
  const args = process.argv.slice(2);
  const selections = (args.length > 0 ? args : ["dev,prod"]).map(parseSelection);
  const terraform = terraformVersion();
  const tools = ensureVenv(log);
  const runDir = path.join(WORK_ROOT, "runs", String(process.pid));
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  const rows = [];
  for (const [i, selection] of selections.entries()) {
    for (const stack of await synth(selection, path.join(runDir, `synth-${i}`))) {
      const seen = rows.some((row) => row.name === stack.name);
      rows.push({
        ...stack,
        selection: i,
        label: seen || selections.length > 1 ? `${stack.name} (${selection.label})` : stack.name,
        work: path.join(runDir, `work-${i}`, stack.name),
        providerVersion: "",
        validate: "-",
        checkov: "-",
        apply: "-",
        secondPlan: "-",
        destroy: "-",
        drill: "-",
        notes: [],
        failures: [],
      });
    }
  }
  // A stack two selections synthesize alike (the state stack of `dev,prod` and of a settings file
  // with the default bucket) is verified once: the same JSON would meet the same tools.
  const byContent = new Map();
  for (const row of rows) {
    const content = fs.readFileSync(row.file, "utf8");
    const first = byContent.get(content);
    if (first) row.sameAs = first;
    else byContent.set(content, row);
  }
  const distinct = rows.filter((row) => !row.sameAs);
  const pinned = JSON.parse(fs.readFileSync(rows[0].file, "utf8")).terraform.required_providers.aws.version;
  const provider = await providerSource(pinned, runDir);
  log(`terraform ${terraform}; provider: ${provider.label}`);
  for (const row of rows) row.providerVersion = provider.version + (provider.kind === "mirror" ? " (mirror)" : "");
  const artifacts = loadArtifacts();
  const allGroups = selections.flatMap((_, i) => groups(distinct.filter((row) => row.selection === i)));
  log(`${distinct.length} stack(s) in ${allGroups.length} group(s), each group on a moto server of its own, concurrently`);
  await Promise.all([checkov(tools, distinct, selections, runDir), ...allGroups.map((group) => verifyGroup(group, provider, tools, artifacts, selections[group[0].selection], runDir))]);
  for (const row of rows.filter((r) => r.sameAs)) {
    for (const column of ["validate", "checkov", "apply", "secondPlan", "destroy", "drill"]) row[column] = row.sameAs[column] === "-" ? "-" : "as above";
    row.notes.push(`the same JSON as ${row.sameAs.label}: verified once, there`);
  }

  console.log(`\nnpm run verify -- ${selections.map((s) => s.label).join(" ")}: ${Math.round((Date.now() - began) / 1000)} s, terraform ${terraform}, ${provider.label}\n`);
  console.log(table(rows));
  console.log(`\n${DRILL_LEGEND}`);
  for (const row of rows.filter((r) => r.notes.length > 0)) console.log(`\n${row.label}:\n${[...new Set(row.notes)].map((note) => `  - ${note}`).join("\n")}`);
  const failed = rows.filter((row) => row.failures.length > 0);
  for (const row of failed) console.error(`\nFAILED ${row.label}:\n${row.failures.map((f) => `  - ${f}`).join("\n")}`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof ToolError ? `verify: ${error.message}` : error);
  process.exitCode = 1;
});
