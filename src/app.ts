import * as fs from "node:fs";
import * as path from "node:path";
import { App, type TerraformStack } from "./cdk";
import type { IConstruct } from "constructs";
import { ConfigError, type ConfigProblem } from "./config/errors";
import { userDataSizeProblems } from "./stacks/user-data-size";
import type { Settings } from "./config/schema";
import { didYouMean } from "./config/spelling";
import { type Finding, Guardrails } from "./guardrails/guardrails";
import { stackName, standbyStackName } from "./naming";
import { contextValue, ENVIRONMENTS_CONTEXT_KEY, environmentDefinitions, loadSettings, selectEnvironments } from "./config/load";
import { applyGuardrails } from "./guardrails";
import { settingsNotices } from "./config/notices";
import { hasStandby } from "./config/standby";
import { MultipleServerStack } from "./stacks/stack";
import { StandbyStack } from "./stacks/standby-stack";
import { stateBucketStacks } from "./stacks/state-bucket-stack";

export interface SynthOptions {
  /** Where the stacks go. @default CDKTF_OUTDIR (set by the cdktf CLI), else "cdktf.out" */
  readonly outdir?: string;
  /** Environment variables to read the selection and overrides from. @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Told each notice about the settings (alarms that notify no one, ...) once the stacks are written. @default none */
  readonly onNotice?: (message: string) => void;
}

/**
 * Validates the configuration, builds every selected stack into a staging directory and only
 * then moves the result into `outdir`: a configuration error or a failed synth leaves the
 * previous `cdktf.out` as it was (including `.terraform` folders cdktf deploy left there).
 */
export function synthesize(options: SynthOptions = {}): string[] {
  const env = options.env ?? process.env;
  const outdir = path.resolve(options.outdir ?? env.CDKTF_OUTDIR ?? "cdktf.out");
  const selected = selectEnvironments(env, contextValue(env, ENVIRONMENTS_CONTEXT_KEY));
  const { definitions, sources, problems, shared } = environmentDefinitions(env);
  const settings = loadSettings(selected, env, definitions, problems, sources, shared);
  const tooBig = settings.flatMap((s) => userDataSizeProblems(s, sources[s.environment]));
  if (tooBig.length) throw new ConfigError(tooBig);

  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging });
    const stacks = [
      ...settings.flatMap((s) => [new MultipleServerStack(app, s), ...(hasStandby(s) ? [new StandbyStack(app, s)] : [])]),
      ...stateBucketStacks(app, settings),
    ];
    const unusedSuppressions = suppressFromSettings(stacks, settings, sources);
    const guardrails = applyGuardrails(stacks, settings);
    app.synth();
    // A guardrail violation fails here, before publish: the previous output stays as it was.
    guardrails.enforce();
    const stale = unusedSuppressions(guardrails.suppressed);
    if (stale.length) throw new ConfigError(stale);
    // The cdktf CLI lists the stack folders before it runs the app and removes the orphans itself
    // afterwards, failing on one already gone (@cdktf/cli-core, lib/synth-stack.js); it sets this
    // variable for the app it runs. Without the CLI (npm run synth), the app prunes.
    publish(staging, outdir, env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined);
    for (const notice of settingsNotices(settings, sources)) options.onNotice?.(notice);
    return stacks.map((s) => s.node.id);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Puts each environment's `guardrails.suppress` on the construct it names (in the environment's
 * stack or its standby's), through `Guardrails.suppress` as code would, and returns the check to
 * run once the guardrails have run: the suppressions that suppressed nothing. A suppression that
 * names no construct, or one that no longer suppresses anything, is refused rather than kept as
 * a silent exemption for whatever appears there later.
 */
function suppressFromSettings(
  stacks: readonly TerraformStack[],
  settings: readonly Settings[],
  sources: Readonly<Record<string, string>>,
): (suppressed: readonly Finding[]) => ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const placed: Array<{ environment: string; index: number; rule: string; resource: string }> = [];
  for (const s of settings) {
    const own = stacks.filter((stack) => stack.node.id === stackName(s.environment) || stack.node.id === standbyStackName(s.environment));
    const byPath = new Map(own.flatMap((stack) => stack.node.findAll().map((c): [string, IConstruct] => [c.node.path, c])));
    s.guardrails.suppress.forEach((entry, index) => {
      const construct = byPath.get(entry.resource);
      if (!construct) {
        problems.push({
          environment: s.environment,
          path: `guardrails.suppress[${index}].resource`,
          value: entry.resource,
          rule: `names no construct of ${own.map((stack) => stack.node.id).join(" or ")} (write the path a violation prints after "construct"${didYouMean(entry.resource, [...byPath.keys()])})`,
          file: sources[s.environment],
        });
        return;
      }
      Guardrails.suppress(construct, entry.rule, entry.reason);
      placed.push({ environment: s.environment, index, rule: entry.rule, resource: entry.resource });
    });
  }
  if (problems.length) throw new ConfigError(problems);
  return (suppressed) =>
    placed
      .filter(
        (p) =>
          !suppressed.some(
            (f) => f.environment === p.environment && f.rule.id === p.rule && (f.resource.path === p.resource || f.resource.path.startsWith(`${p.resource}/`)),
          ),
      )
      .map((p) => ({
        environment: p.environment,
        path: `guardrails.suppress[${p.index}]`,
        value: `${p.rule} on ${p.resource}`,
        rule: "suppresses nothing (no resource there breaks that rule); remove it",
        file: sources[p.environment],
      }));
}

const MANIFEST = "manifest.json";

const STACKS_FOLDER = "stacks";

/**
 * Moves every synthesized file over its previous version, leaving everything else in place
 * (`.terraform` folders and plans of the stacks written now), then removes the folders of stacks
 * this synth no longer writes, as `cdktf synth` does: nobody should plan or apply a stale stack
 * from a folder that looks current.
 */
function publish(staging: string, outdir: string, prune: boolean): void {
  const stagedStacks = path.join(staging, STACKS_FOLDER);
  const current = new Set(fs.existsSync(stagedStacks) ? fs.readdirSync(stagedStacks) : []);
  const files = fs
    .readdirSync(staging, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(staging, path.join(entry.parentPath, entry.name)));
  // The manifest goes last: whoever reads it finds every stack it names already in place.
  files.sort((a, b) => Number(a === MANIFEST) - Number(b === MANIFEST));
  for (const file of files) {
    const to = path.join(outdir, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.renameSync(path.join(staging, file), to);
  }
  const stacks = path.join(outdir, STACKS_FOLDER);
  if (!prune || !fs.existsSync(stacks)) return;
  for (const entry of fs.readdirSync(stacks, { withFileTypes: true })) {
    if (entry.isDirectory() && !current.has(entry.name)) fs.rmSync(path.join(stacks, entry.name), { recursive: true, force: true });
  }
}
