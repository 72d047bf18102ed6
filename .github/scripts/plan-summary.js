#!/usr/bin/env node
// What a reviewer needs from one saved plan, without downloading it: how many resources it adds,
// changes and destroys, and every address it replaces or destroys, named.
//
//   terraform show -json tfplan | node plan-summary.js <stack>          # Markdown of one stack
//   terraform show -json tfplan | node plan-summary.js <stack> --json   # the same as JSON
//   node plan-summary.js --report <dir>    # the job summary of a plan-stacks.sh run
//   terraform show -json tfplan | node plan-summary.js <stack> --within <reviewed .summary.json>
//       # exit 1 if this plan replaces or destroys anything the reviewed plan did not (no file:
//       # nothing may be replaced or destroyed)
//
// It reads `terraform show -json`'s plan representation (format_version 1.x: `resource_changes[]`
// with `change.actions`, see HashiCorp's "JSON Output Format"). That JSON carries sensitive values
// in plain text, so callers pipe it here and never write it to disk; this prints addresses and
// counts only, never a value.
"use strict";

/**
 * Terraform's own counting ("Plan: X to add, Y to change, Z to destroy"): a replacement
 * (["delete","create"] or ["create","delete"]) is one add and one destroy.
 */
function summarize(plan) {
  const summary = { adds: 0, changes: 0, destroys: 0, replaced: [], destroyed: [], outputChanges: 0 };
  for (const rc of plan.resource_changes ?? []) {
    // Data sources are read, not changed; a `read` in the plan is not a change a reviewer approves.
    if (rc.mode === "data") continue;
    const actions = rc.change?.actions ?? [];
    const has = (a) => actions.includes(a);
    if (has("create") && has("delete")) {
      summary.adds++;
      summary.destroys++;
      summary.replaced.push(rc.address);
    } else if (has("create")) summary.adds++;
    else if (has("update")) summary.changes++;
    else if (has("delete")) {
      summary.destroys++;
      summary.destroyed.push(rc.address);
    }
  }
  for (const change of Object.values(plan.output_changes ?? {})) {
    if (!(change.actions ?? []).every((a) => a === "no-op")) summary.outputChanges++;
  }
  return summary;
}

/** True when the plan would change nothing a reviewer must look at. */
const isEmpty = (s) => s.adds + s.changes + s.destroys + s.outputChanges === 0;

// Addresses come from the user's configuration (resource names, for_each keys): shown as code.
const code = (text) => "`" + String(text).replace(/`/g, "'") + "`";

function markdown(stack, s) {
  const lines = [`### ${code(stack)}`, ""];
  if (isEmpty(s)) return [...lines, "No changes.", ""].join("\n");
  const warn = s.destroys ? " :warning:" : "";
  lines.push(`**${s.adds} to add, ${s.changes} to change, ${s.destroys} to destroy**${warn}`);
  if (s.outputChanges) lines.push("", `${s.outputChanges} output(s) change.`);
  if (s.replaced.length) lines.push("", "Replaced (destroyed, then created again):", ...s.replaced.map((a) => `- ${code(a)}`));
  if (s.destroyed.length) lines.push("", "Destroyed:", ...s.destroyed.map((a) => `- ${code(a)}`));
  return [...lines, ""].join("\n");
}

/**
 * The whole run's report from the files plan-stacks.sh leaves in `dir`: `<stack>.summary.json`
 * for each stack planned, `<stack>.failed` (the step and the end of its output) for each that was not.
 */
function report(dir) {
  const fs = require("node:fs");
  const path = require("node:path");
  const files = fs.readdirSync(dir).sort();
  const planned = files.filter((f) => f.endsWith(".summary.json")).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  const failed = files.filter((f) => f.endsWith(".failed")).map((f) => ({ stack: f.slice(0, -".failed".length), text: fs.readFileSync(path.join(dir, f), "utf8") }));
  const rows = [
    ...planned.map((s) => [s.stack, isEmpty(s) ? "no changes" : "changes", s.adds, s.changes, s.destroys]),
    ...failed.map((f) => [f.stack, "**failed**", "", "", ""]),
  ].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const lines = ["## Terraform plans", "", "| stack | result | add | change | destroy |", "| --- | --- | --- | --- | --- |"];
  for (const [stack, ...rest] of rows) lines.push(`| ${code(stack)} | ${rest.join(" | ")} |`);
  lines.push("");
  for (const s of planned) lines.push(markdown(s.stack, s));
  for (const f of failed) lines.push(`### ${code(f.stack)}: failed`, "", "```", f.text.trimEnd(), "```", "");
  return lines.join("\n");
}

/**
 * What `s` replaces or destroys beyond `reviewed` (a summary, or undefined when none was made):
 * a plan made after the approval may differ in values, never in what it takes away.
 */
function beyond(s, reviewed) {
  const seen = new Set([...(reviewed?.replaced ?? []), ...(reviewed?.destroyed ?? [])]);
  return [...s.replaced, ...s.destroyed].filter((address) => !seen.has(address));
}

const USAGE = [
  "usage: terraform show -json tfplan | node plan-summary.js <stack> [--json | --within <reviewed.summary.json>]",
  "       node plan-summary.js --report <dir>",
  "",
].join("\n");

function main(argv) {
  const [first, second] = argv;
  if (first === "--report" && second) {
    process.stdout.write(report(second));
    return 0;
  }
  if (!first || first.startsWith("--") || (second && second !== "--json" && !(second === "--within" && argv[2]))) {
    process.stderr.write(USAGE);
    return 64;
  }
  const stack = first;
  let plan;
  try {
    plan = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  } catch (error) {
    process.stderr.write(`plan-summary: ${stack}: not the JSON of terraform show -json (${error.message})\n`);
    return 1;
  }
  const s = summarize(plan);
  if (second === "--within") {
    const file = argv[2];
    const fs = require("node:fs");
    const reviewed = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
    const extra = beyond(s, reviewed);
    process.stdout.write(markdown(stack, s));
    if (!extra.length) return 0;
    process.stderr.write(
      `::error::${stack}: this plan replaces or destroys what the reviewed plan did not: ${extra.join(", ")}. ` +
        "Nothing was applied to it; run the deploy again for a plan to review.\n",
    );
    return 1;
  }
  process.stdout.write(second === "--json" ? JSON.stringify({ stack, ...s }) + "\n" : markdown(stack, s));
  return 0;
}

module.exports = { summarize, markdown, isEmpty, report, beyond };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
