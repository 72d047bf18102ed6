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
 * The attribute paths (list indices as "*") where `after` differs from `before`. A value that is
 * unknown in the plan is absent from `after`: the caller tells those apart with after_unknown.
 */
function changedPaths(before, after, prefix = []) {
  if (isEmpty(before) && isEmpty(after)) return [];
  if (before && after && typeof before === "object" && typeof after === "object" && Array.isArray(before) === Array.isArray(after)) {
    const keys = Array.isArray(before)
      ? Array.from({ length: Math.max(before.length, after.length) }, (_, i) => i)
      : [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => changedPaths(before[key], after[key], [...prefix, typeof key === "number" ? "*" : key]));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix.join(".")];
}

/** Leaves that are `true` in a plan's after_unknown: values known only after the apply. */
function unknownPaths(unknown, prefix = []) {
  if (unknown === true) return [prefix.join(".")];
  if (!unknown || typeof unknown !== "object") return [];
  return Object.entries(unknown).flatMap(([key, value]) => unknownPaths(value, [...prefix, /^\d+$/.test(key) ? "*" : key]));
}

/**
 * What an update or replacement changes: the known differences and the paths that force the
 * replacement; only when there are none, the values that become unknown (e.g. a `timestamp()`).
 */
function pathsOf(change) {
  const star = (p) => p.map((s) => (typeof s === "number" ? "*" : s)).join(".");
  const replacing = change.actions.includes("delete");
  // A replacement's `after` is a new object: an argument left unset there is null, not a change.
  const differences = changedPaths(change.before, change.after).filter((p) => !replacing || valueAt(change.after, p) != null);
  const known = [...new Set([...differences, ...(change.replace_paths ?? []).map(star)])].filter((p) => !isUnknown(change.after_unknown, p));
  // What becomes unknown: for a replacement, what forces it (its `id` and the like are new anyway).
  const unknown = replacing ? (change.replace_paths ?? []).map(star) : unknownPaths(change.after_unknown);
  return { known, unknown: [...new Set(unknown)] };
}

/** The value at a dotted path, the first element for "*". */
function valueAt(value, dotted) {
  return dotted.split(".").reduce((node, key) => (node === null || node === undefined ? node : node[key === "*" ? 0 : key]), value);
}

const isUnknown = (afterUnknown, dotted) => valueAt(afterUnknown, dotted) === true;

/**
 * The addresses a resource's attribute refers to, from the plan's configuration: an attribute that
 * becomes unknown because a resource it refers to is replaced changes as a consequence of that.
 */
function referencedChanges(plan, address, paths, changing) {
  const resource = (plan.configuration?.root_module?.resources ?? []).find((r) => r.address === address);
  return paths.map((p) => {
    const references = resource?.expressions?.[p.split(".")[0]]?.references ?? [];
    return references.find((reference) => changing.has(reference));
  });
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
  const changes = (plan.resource_changes ?? []).filter(
    (change) => change.mode === "managed" && !change.change.actions.every((action) => action === "no-op" || action === "read"),
  );
  const changing = new Set(changes.map((change) => change.address));
  for (const change of changes) {
    const actions = change.change.actions;
    if (actions.length === 1 && actions[0] === "create" && notApplied.has(change.address)) continue;
    const entry = { address: change.address, type: change.type, actions };
    if (actions.length === 1 && (actions[0] === "create" || actions[0] === "delete")) {
      unexplained.push({ ...entry, paths: [`(${actions[0]}d)`], unlisted: [`(${actions[0]}d)`] });
      continue;
    }
    const { known, unknown } = pathsOf(change.change);
    if (known.length === 0 && unknown.length > 0) {
      // Only values that become unknown: explained when each follows from another change of this plan.
      const causes = referencedChanges(plan, change.address, unknown, changing);
      if (causes.every(Boolean)) explained.push({ ...entry, paths: unknown, artifacts: [], follows: [...new Set(causes)] });
      else unexplained.push({ ...entry, paths: unknown, unlisted: unknown.filter((_, i) => !causes[i]).map((p) => `${p} (known after apply)`) });
      continue;
    }
    const matches = known.map((p) => artifacts.find((a) => a.type === change.type && covers(a.path, p)));
    if (known.length > 0 && matches.every(Boolean)) explained.push({ ...entry, paths: known, artifacts: [...new Set(matches)] });
    else unexplained.push({ ...entry, paths: known, unlisted: known.length > 0 ? known.filter((_, i) => !matches[i]) : ["(no attribute differs)"] });
  }
  return { explained, unexplained };
}

module.exports = { loadArtifacts, changedPaths, covers, classify, ARTIFACTS_FILE };
