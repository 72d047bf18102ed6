"use strict";
// verify's failover drill, for a primary stack and its standby applied to one emulator: the
// disaster recovery runbook's step 2 (promote the standby) and step 3 (serve from it) planned as
// the runbook prints them, against the emulator through a proxy that refuses the primary region
// and records every request (scripts/verify/proxy.js). It passes when both plans succeed, each
// made requests through the proxy, and none of them would have reached the primary region.
// docs/deploy-and-ci.md "Verify before you apply".
const fs = require("node:fs");
const path = require("node:path");
const { ROOT } = require("./tools");
const { run } = require("./processes");
const { startProxy } = require("./proxy");
const { forProvider, forEmulator } = require("./working-copy");
const { terraformEnv, diagnostics, describe, TIMEOUTS } = require("./pipeline");

const RUNBOOK_TIMEOUT_MS = 2 * 60_000;
/** A step-3 variable: `-var "<name>=$(terraform -chdir=cdktf.out/stacks/<stack> output -raw <output>)"`. */
const VARIABLE = /-var "([^"=]+)=\$\(terraform -chdir=cdktf\.out\/stacks\/(\S+) output -raw (\S+)\)"/g;

/** The section of the runbook between its headings `## <n>.` and `## <n+1>.`. */
function section(text, n) {
  const start = text.indexOf(`\n## ${n}.`);
  const end = text.indexOf(`\n## ${n + 1}.`);
  if (start < 0 || end < start) throw new Error(`the runbook has no section "## ${n}." followed by "## ${n + 1}."`);
  return text.slice(start, end);
}

/** The one `terraform -chdir=... plan ...` line of a section: its stack and the rest of the line. */
function planLine(text, n) {
  const PLAN = /^terraform -chdir=cdktf\.out\/stacks\/(\S+) plan(?: (.*))?$/;
  const lines = section(text, n)
    .split("\n")
    .map((line) => PLAN.exec(line.trim()))
    .filter(Boolean);
  if (lines.length !== 1) throw new Error(`step ${n} of the runbook has ${lines.length} terraform plan commands, expected one`);
  return { stack: lines[0][1], rest: (lines[0][2] ?? "").trim() };
}

/**
 * The commands verify plans, read from the runbook's text: its header (which stack and region is
 * which), step 2's plan of the standby and step 3's plan of the primary, with step 3's targets and
 * variables (each the standby's output it takes its value from), as
 * __tests__/runbook/failover-closure.test.ts reads them.
 */
function parseRunbook(text) {
  const header = /^Primary `([^`]+)` in (\S+); standby `([^`]+)` in (\S+) \(/m.exec(text);
  if (!header) throw new Error("the runbook's header names no primary and standby (\"Primary `<stack>` in <region>; standby `<stack>` in <region> (\")");
  const [, primaryStack, primaryRegion, standbyStack, standbyRegion] = header;
  const promote = planLine(text, 2);
  const failover = planLine(text, 3);
  const variables = [...failover.rest.matchAll(VARIABLE)].map(([, name, stack, output]) => ({ name, stack, output }));
  const flags = failover.rest.replace(VARIABLE, "").split(/\s+/).filter(Boolean);
  const unexpected = [...flags, ...promote.rest.split(/\s+/).filter(Boolean)].filter((flag) => !flag.startsWith("-"));
  if (unexpected.length > 0) throw new Error(`the runbook's plan commands hold words verify cannot pass on: ${unexpected.join(" ")}`);
  return {
    primaryStack,
    primaryRegion,
    standbyStack,
    standbyRegion,
    step2: { stack: promote.stack, args: promote.rest.split(/\s+/).filter(Boolean) },
    step3: { stack: failover.stack, args: flags, targets: flags.filter((f) => f.startsWith("-target=")).map((f) => f.slice("-target=".length)), variables },
  };
}

const environmentsOf = (selection) => (selection.env.MULTIPLE_SERVER_ENVIRONMENTS ?? "").split(",").filter(Boolean);

/**
 * The runbook of the selection's environment whose primary stack is `primaryStack`, printed by
 * `npm run -s runbook` with the selection's settings: { environment, text, commands }, or undefined
 * when no environment of the selection has that primary (the runbook refuses one without `dr`).
 */
async function runbookFor(selection, primaryStack) {
  for (const environment of environmentsOf(selection)) {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...selection.env };
    const result = await run(process.execPath, [path.join(ROOT, "scripts", "runbook.js"), environment], { cwd: ROOT, env, timeoutMs: RUNBOOK_TIMEOUT_MS });
    if (result.code !== 0) continue;
    const commands = parseRunbook(result.stdout);
    if (commands.primaryStack === primaryStack) return { environment, text: result.stdout, commands };
  }
  return undefined;
}

/** A copy of the selection's settings file with `dr.promote: true` for `environment`: what step 2 asks the operator to set. */
function promotedSettings(selection, environment, file) {
  const source = selection.env.MULTIPLE_SERVER_CONFIG;
  const settings = source ? JSON.parse(fs.readFileSync(source, "utf8")) : undefined;
  const entry = settings?.environments?.[environment];
  if (!entry) {
    throw new Error(`${environment} is a shipped environment (src/config/environments.ts): the drill sets dr.promote in a copy of a settings file, and a settings file cannot redefine a shipped environment`);
  }
  entry.dr = { ...entry.dr, promote: true };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  return { label: `${environment} with dr.promote: true`, env: { MULTIPLE_SERVER_CONFIG: file, MULTIPLE_SERVER_ENVIRONMENTS: environment } };
}

/**
 * `promoted` as the emulator's copy runs it, pointed at `endpoint`, with the values verify generated
 * for the applied copy (a `random_password` is a `terraform_data` with a mirror's provider: a new
 * value would be a change the runbook's plans do not make), and with the providers' credential
 * validation on, as in a real run: it is STS GetCallerIdentity in the provider's `sts_region`
 * (the provider's arguments: "skip_credentials_validation - Skip the credentials validation via
 * STS API", "sts_region - The region where AWS STS operations will take place"; measured with
 * hashicorp/aws 5.100.0 here: a refused call fails the plan with "validating provider credentials:
 * retrieving caller identity from STS"). verify's apply skips it; the drill must not, or a primary
 * provider calling STS in the lost region would pass unseen.
 */
function promotedCopy(promoted, applied, provider, endpoint) {
  const { stack } = forProvider(promoted, provider);
  for (const [name, data] of Object.entries(stack.resource?.terraform_data ?? {})) {
    const kept = applied.resource?.terraform_data?.[name];
    if (kept) data.input = kept.input;
  }
  const copy = forEmulator(stack, endpoint).stack;
  const providers = copy.provider?.aws ?? [];
  for (const config of Array.isArray(providers) ? providers : [providers]) config.skip_credentials_validation = false;
  return copy;
}

/** Requests by where they would go (`ap-northeast-1: ec2 12, rds 3; global: iam 1`). */
function summary(requests) {
  const byReach = new Map();
  for (const r of requests) {
    const services = byReach.get(r.reaches) ?? new Map();
    services.set(r.service, (services.get(r.service) ?? 0) + 1);
    byReach.set(r.reaches, services);
  }
  return [...byReach].map(([reach, services]) => `${reach}: ${[...services].map(([s, n]) => `${s} ${n}`).join(", ")}`).join("; ");
}

/** Problems of one planned step: its terraform errors, its refused or unsigned requests, or no request at all. */
function stepProblems(name, result, requests, refusedRegion) {
  const problems = [];
  if (result.timedOut) problems.push(`${name}: terraform plan did not finish within ${TIMEOUTS.plan / 60_000} min and was stopped`);
  else if (result.code !== 0) {
    const found = diagnostics(result.stdout);
    problems.push(...(found.length > 0 ? found.map((d) => `${name}: ${describe(d)}`) : [`${name}: terraform exited ${result.code}: ${(result.stderr || result.stdout).trim().split("\n").slice(-5).join(" ")}`]));
  }
  for (const r of requests.filter((q) => q.refused)) problems.push(`${name}: ${r.service} ${r.action} went to ${refusedRegion}, the lost region (refused)`);
  for (const r of requests.filter((q) => q.reaches === "unknown")) problems.push(`${name}: an unsigned request (${r.method} ${r.action}): its region cannot be told`);
  if (requests.length === 0) problems.push(`${name}: no request reached the proxy (a plan that asks nothing proves nothing: is the endpoint wired?)`);
  return problems;
}

/**
 * The drill of one group (its primary first, then its standby, applied to `emulator` in their
 * working copies `<work>/emulator`). `applied[i]`: the configuration verify applied for `group[i]`;
 * `synth(selection, outdir)`: verify's synth. Writes the promoted configurations into the working
 * copies for the plans and puts the applied ones back before it returns, whatever happens.
 * Returns { cell, notes, failures }.
 */
async function drill({ group, applied, selection, provider, emulator, synth, scratch }) {
  const primary = group[0];
  const found = await runbookFor(selection, primary.name);
  if (!found) throw new Error(`no environment of ${selection.label} prints a runbook whose primary stack is ${primary.name}`);
  const { environment, commands } = found;
  const standby = group.find((row) => row.name === commands.standbyStack);
  const foreign = commands.step3.variables.filter((v) => v.stack !== commands.standbyStack);
  if (!standby || commands.step2.stack !== standby.name || commands.step3.stack !== primary.name || foreign.length > 0) {
    throw new Error(
      `the runbook of ${environment} plans ${commands.step2.stack} (step 2) and ${commands.step3.stack} (step 3) with outputs of ` +
        `${[...new Set(commands.step3.variables.map((v) => v.stack))].join(", ") || "no stack"}; verify applied ${group.map((row) => row.name).join(" and ")}`,
    );
  }
  const pair = [primary, standby];
  const configs = pair.map((row) => applied[group.indexOf(row)]);
  const stacks = await synth(promotedSettings(selection, environment, path.join(scratch, "settings.json")), path.join(scratch, "synth"));
  const promotedOf = (row) => {
    const stack = stacks.find((s) => s.name === row.name);
    if (!stack) throw new Error(`the synth with dr.promote: true wrote no ${row.name}`);
    return stack;
  };
  const proxy = await startProxy({ target: emulator.endpoint, refusedRegion: commands.primaryRegion });
  const dirs = pair.map((row) => path.join(row.work, "emulator"));
  const saved = dirs.map((dir) => fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
  const notes = [];
  try {
    for (const [i, row] of pair.entries()) {
      const promoted = promotedOf(row);
      fs.writeFileSync(path.join(dirs[i], "cdk.tf.json"), JSON.stringify(promotedCopy(JSON.parse(fs.readFileSync(promoted.file, "utf8")), configs[i], provider, proxy.endpoint), null, 2));
      const assets = path.join(path.dirname(promoted.file), "assets");
      if (fs.existsSync(assets)) fs.cpSync(assets, path.join(dirs[i], "assets"), { recursive: true });
    }
    const plan = async (dir, args) => {
      const from = proxy.requests.length;
      // The working copies are initialized already (verify's apply); the runbook's `init` is for a fresh checkout.
      const result = await run("terraform", ["plan", "-input=false", "-json", "-no-color", ...args], { cwd: dir, env: terraformEnv(path.dirname(dir), provider.cliConfig), timeoutMs: TIMEOUTS.plan });
      return { result, requests: proxy.requests.slice(from) };
    };

    const step2 = await plan(dirs[1], commands.step2.args);
    // Step 3 takes each variable from the standby's outputs; verify's standby state is the applied
    // one (step 2 is planned, not applied), whose outputs the promoted stack keeps.
    const outputs = await run("terraform", ["output", "-json"], { cwd: dirs[1], env: terraformEnv(standby.work, provider.cliConfig), timeoutMs: TIMEOUTS.show });
    const values = outputs.code === 0 ? JSON.parse(outputs.stdout || "{}") : {};
    const vars = commands.step3.variables.map((v) => {
      if (values[v.output]) return `-var=${v.name}=${values[v.output].value}`;
      // An output moto could not produce (a resource it cannot create): the plan still runs, and
      // what it reads does not depend on the value.
      notes.push(`drill: the standby has no output ${v.output} in the emulator (not applied: moto); step 3 planned with ${v.name}=drill-placeholder`);
      return `-var=${v.name}=drill-placeholder`;
    });
    const step3 = await plan(dirs[0], [...commands.step3.args, ...vars]);

    const region = commands.primaryRegion;
    const failures = [...stepProblems("step 2 (promote the standby)", step2.result, step2.requests, region), ...stepProblems("step 3 (serve from the standby)", step3.result, step3.requests, region)];
    const all = [...step2.requests, ...step3.requests];
    const refused = all.filter((r) => r.refused).length;
    notes.push(
      `drill (${environment}, runbook steps 2 and 3 planned, ${region} refused by the proxy): step 2 \`plan ${commands.step2.args.join(" ")}\` of ${standby.name}: ${step2.requests.length} requests (${summary(step2.requests)})`,
      `drill: step 3 \`plan ${commands.step3.args.join(" ")} ${commands.step3.variables.map((v) => `-var ${v.name}=...`).join(" ")}\` of ${primary.name}: ${step3.requests.length} requests (${summary(step3.requests)})`,
    );
    const cell = failures.length === 0 ? `ok (2 plans, ${refused} of ${all.length} requests to ${region})` : `FAILED (${refused} of ${all.length} requests to ${region})`;
    return { cell, notes, failures };
  } finally {
    for (const [i, dir] of dirs.entries()) fs.writeFileSync(path.join(dir, "cdk.tf.json"), saved[i]);
    await proxy.close();
  }
}

module.exports = { drill, parseRunbook, runbookFor, promotedSettings, promotedCopy, stepProblems };
