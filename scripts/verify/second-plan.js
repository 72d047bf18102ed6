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

/** A resource's entry in the plan's configuration (its expressions). */
const configurationOf = (plan, address) => (plan.configuration?.root_module?.resources ?? []).find((r) => r.address === address);

/**
 * The addresses a resource's attribute refers to, from the plan's configuration: an attribute that
 * becomes unknown because a resource it refers to is replaced changes as a consequence of that.
 */
function referencedChanges(plan, address, paths, changing) {
  const resource = configurationOf(plan, address);
  return paths.map((p) => {
    // A block's references sit in its nested expressions (launch_template.0.version).
    const references = referencesIn(resource?.expressions?.[p.split(".")[0]]);
    return references.find((reference) => changing.has(reference));
  });
}

/** Every value at a dotted path, "*" expanding to each element of a list. */
function valuesAt(value, dotted) {
  return dotted.split(".").reduce(
    (nodes, key) => nodes.flatMap((node) => (node === null || node === undefined ? [] : key === "*" ? (Array.isArray(node) ? node : []) : [node[key]])),
    [value],
  );
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const matchesFields = (element, fields) => element && typeof element === "object" && Object.entries(fields).every(([key, value]) => same(element[key], value));

/**
 * Whether the read-back (`before`, what moto answered) is the one the artifact describes, so an
 * entry cannot hide a change of ours at the same path: `readBack` lists the values moto answers
 * there (each value at the path must be one of them); `readBackAdds` names the fields of list
 * elements moto adds (`before` at the path must be `after` plus such elements, nothing else).
 */
function readBackIs(artifact, change) {
  if (artifact.readBack) {
    const values = valuesAt(change.before, artifact.path);
    return values.every((value) => artifact.readBack.some((allowed) => same(value, allowed)));
  }
  if (artifact.readBackAdds) {
    const [before] = valuesAt(change.before, artifact.path);
    const [after] = valuesAt(change.after, artifact.path);
    const kept = (Array.isArray(before) ? before : []).filter((element) => !matchesFields(element, artifact.readBackAdds));
    return kept.length < (before ?? []).length && same(kept, after ?? []);
  }
  return true;
}

/**
 * The paths of a change that become unknown and that the configuration sets (an attribute with an
 * expression there): values of ours. Attributes only the provider computes (a launch template's
 * latest_version, a replaced instance's id) are left out: they are unknown after any change.
 */
function configuredUnknowns(plan, change) {
  const resource = configurationOf(plan, change.address);
  return [...new Set(unknownPaths(change.change.after_unknown))].filter((p) => isConfigured(resource?.expressions, p));
}

/**
 * Whether the configuration's expressions set the value at a dotted path: blocks are objects (or
 * lists of them) of expressions, and an expression is an object with `constant_value` or
 * `references` (or neither: terraform writes `{}` for one like `timestamp()`); a path that reaches
 * an expression is configured, one that leaves the blocks first (a block's computed attribute) is not.
 */
function isConfigured(expressions, dotted) {
  let node = expressions;
  for (const key of dotted.split(".")) {
    if (node === null || typeof node !== "object") return false;
    if (node !== expressions && !Array.isArray(node) && (Object.keys(node).length === 0 || "constant_value" in node || "references" in node)) return true;
    node = Array.isArray(node) ? node[key === "*" ? 0 : Number(key)] : node[key];
  }
  return node !== null && node !== undefined;
}

/** Every reference in an expression of the plan's configuration, nested blocks included. */
function referencesIn(expression) {
  if (!expression || typeof expression !== "object") return [];
  if (Array.isArray(expression)) return expression.flatMap(referencesIn);
  return [...(expression.references ?? []), ...Object.entries(expression).filter(([key]) => key !== "references").flatMap(([, value]) => referencesIn(value))];
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
    const matches = known.map((p) => artifacts.find((a) => a.type === change.type && covers(a.path, p) && readBackIs(a, change.change)));
    // Beside listed artifacts, an argument of ours that becomes unknown (a timestamp() tag) must follow from another change.
    const configured = configuredUnknowns(plan, change);
    const causes = referencedChanges(plan, change.address, configured, changing);
    const unknownUnlisted = configured.filter((_, i) => !causes[i]).map((p) => `${p} (known after apply)`);
    if (known.length > 0 && matches.every(Boolean) && unknownUnlisted.length === 0) explained.push({ ...entry, paths: known, artifacts: [...new Set(matches)] });
    else unexplained.push({ ...entry, paths: known, unlisted: known.length > 0 ? [...known.filter((_, i) => !matches[i]), ...unknownUnlisted] : ["(no attribute differs)"] });
  }
  return { explained, unexplained };
}

module.exports = { loadArtifacts, changedPaths, covers, readBackIs, classify, ARTIFACTS_FILE };
