"use strict";
// The plan after the apply: empty, but for what moto reads back differently from AWS. Those
// differences are named in moto-artifacts.json by resource type and attribute path, each with the
// moto behaviour behind it; any other change is a real perpetual diff (or a bug) and fails verify.
const fs = require("node:fs");
const path = require("node:path");

const ARTIFACTS_FILE = path.join(__dirname, "moto-artifacts.json");

function loadArtifacts(file = ARTIFACTS_FILE) {
  return JSON.parse(fs.readFileSync(file, "utf8")).artifacts;
}

const isEmpty = (value) => value === null || value === undefined || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

/**
 * The attribute paths (list indices as "*") where `after` differs from `before`. A value that only
 * becomes unknown ("known after apply") is a consequence of another change, not a change of its own.
 */
function changedPaths(before, after, prefix = []) {
  if (isEmpty(before) && isEmpty(after)) return [];
  if (before && after && typeof before === "object" && typeof after === "object" && Array.isArray(before) === Array.isArray(after)) {
    const keys = Array.isArray(before)
      ? Array.from({ length: Math.max(before.length, after.length) }, (_, i) => i)
      : [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => changedPaths(before[key], after[key], [...prefix, typeof key === "number" ? "*" : key]));
  }
  if (after === undefined && prefix.length > 0) return [];
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix.join(".")];
}

/** Whether `pattern` (dotted, "*" for any segment) is `candidate` or a prefix of it. */
function covers(pattern, candidate) {
  const want = pattern.split(".");
  const got = candidate.split(".");
  return want.length <= got.length && want.every((segment, i) => segment === "*" || segment === got[i]);
}

/**
 * Sorts the managed-resource changes of a plan (`terraform show -json <plan>`) into explained
 * (every changed path is a listed moto artifact of that type) and unexplained. `notApplied`:
 * addresses the apply could not create (reported on their own); their creation is expected.
 */
function classify(plan, artifacts, notApplied = new Set()) {
  const explained = [];
  const unexplained = [];
  for (const change of plan.resource_changes ?? []) {
    const actions = change.change.actions;
    if (change.mode !== "managed" || actions.every((action) => action === "no-op" || action === "read")) continue;
    if (actions.length === 1 && actions[0] === "create" && notApplied.has(change.address)) continue;
    const paths =
      actions.includes("create") && !actions.includes("delete")
        ? ["(created)"]
        : actions.length === 1 && actions[0] === "delete"
          ? ["(destroyed)"]
          : [...new Set([...changedPaths(change.change.before, change.change.after), ...(change.change.replace_paths ?? []).map((p) => p.map((s) => (typeof s === "number" ? "*" : s)).join("."))])];
    const matches = paths.map((p) => artifacts.find((a) => a.type === change.type && covers(a.path, p)));
    const entry = { address: change.address, type: change.type, actions, paths };
    if (paths.length > 0 && matches.every(Boolean)) explained.push({ ...entry, artifacts: [...new Set(matches)] });
    else unexplained.push({ ...entry, unlisted: paths.filter((_, i) => !matches[i]) });
  }
  return { explained, unexplained };
}

module.exports = { loadArtifacts, changedPaths, covers, classify, ARTIFACTS_FILE };
