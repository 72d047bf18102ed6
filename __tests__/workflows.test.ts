import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { STATE_STACK_NAME, stackName, standbyStackName } from "../src/naming";
import { settingsFor, synthStack } from "./helpers";

/** The GitHub Actions workflows users get: valid YAML with the steps the README promises. */
const WORKFLOWS = path.join(__dirname, "..", ".github", "workflows");
const FILES = ["plan.yml", "deploy.yml", "drift.yml"];

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "working-directory"?: string;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  if?: string;
  "timeout-minutes"?: number;
  environment?: string;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, any>;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  concurrency?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const text = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
function load(file: string): Workflow {
  // `prettyErrors` gives line and column on a syntax error; `uniqueKeys` refuses duplicate keys.
  return parse(text(file), { prettyErrors: true, uniqueKeys: true });
}

const uses = (job: Job, action: string) => job.steps.filter((s) => s.uses?.split("@")[0] === action);
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
/** Index of the first step whose `run` or `uses` matches, -1 if none. */
const stepIndex = (job: Job, pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? s.uses ?? ""));
const script = (name: string) => fs.readFileSync(path.join(__dirname, "..", ".github", "scripts", name), "utf8");

/**
 * The one commit each action is pinned to, with its release tag. Each SHA was found pinned with
 * the same tag in public workflows (the `search` tool's code corpus, December 2026): checkout
 * 11bd7190 "# v4.2.2" in many, setup-node 49933ea5 "# v4.4.0", setup-python a26af69b "# v5.6.0",
 * setup-terraform b9cd54a3 "# v3.1.2", configure-aws-credentials e3dd6a42 "# v4.0.2", cache
 * 5a3ec84e "# v4.2.3", upload-artifact ea165f8d "# v4.6.2", download-artifact d3f86a10 "# v4.3.0".
 * Updating one is a change of this table and of every workflow, reviewed together.
 */
const PINS: Record<string, [sha: string, tag: string]> = {
  "actions/checkout": ["11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"],
  "actions/setup-node": ["49933ea5288caeca8642d1e84afbd3f7d6820020", "v4.4.0"],
  "actions/setup-python": ["a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"],
  "hashicorp/setup-terraform": ["b9cd54a3c349d3f38e8881555d616ced269862dd", "v3.1.2"],
  "aws-actions/configure-aws-credentials": ["e3dd6a429d7300a6a4c196c26e071d42e0343502", "v4.0.2"],
  "actions/cache": ["5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3"],
  "actions/upload-artifact": ["ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"],
  "actions/download-artifact": ["d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0"],
};

/** Every `uses:` of a workflow names a full commit SHA and its release tag, as PINS lists them. */
function expectPinned(file: string): void {
  const steps = Object.values(load(file).jobs).flatMap((j) => j.steps);
  const lines = text(file).split("\n").filter((l) => /^\s*(- )?uses:/.test(l));
  expect(lines.length).toBe(steps.filter((s) => s.uses).length);
  for (const line of lines) {
    const match = /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line.trim());
    expect({ line, match: !!match }).toEqual({ line, match: true });
    const [, action, sha, tag] = match!;
    expect({ action, pin: [sha, tag] }).toEqual({ action, pin: PINS[action] });
  }
}

describe.each(FILES)("%s", (file) => {
  const workflow = load(file);
  // The jobs that run Terraform; plan.yml's comment job runs none (tested below).
  const jobs = Object.values(workflow.jobs).filter((j) => uses(j, "hashicorp/setup-terraform").length);
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

  it("asks only for an OIDC token and read access to the repository; no job asks for more but the comment", () => {
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (name !== "comment") expect(job.permissions).toBeUndefined();
    }
  });

  // A tag can be moved to other code by whoever controls the action's repository; a commit cannot.
  it("pins every action by full commit SHA, the release tag in a comment", () => expectPinned(file));

  it("installs Terraform 1.11.x without the stdout wrapper", () => {
    for (const job of jobs) {
      const [setup] = uses(job, "hashicorp/setup-terraform");
      expect(String(setup.with?.terraform_version)).toMatch(/^1\.11\.\d+$/);
      expect(setup.with?.terraform_wrapper).toBe(false);
    }
  });

  it("gets AWS credentials from OIDC with a role ARN from a variable, never stored keys", () => {
    for (const job of jobs) {
      const [aws] = uses(job, "aws-actions/configure-aws-credentials");
      expect(aws.with?.["role-to-assume"]).toMatch(/^\$\{\{ vars\.AWS_(PLAN|DEPLOY)_ROLE_ARN \}\}$/);
      expect(aws.with).not.toHaveProperty("aws-access-key-id");
    }
  });

  it("checks its settings first, right after the checkout, before installing anything", () => {
    for (const job of jobs) {
      expect(job.steps[0].uses).toMatch(/^actions\/checkout@/);
      expect(job.steps[1].run).toMatch(/^\.github\/scripts\/check-settings\.sh/);
      // Every variable or secret the check names is handed to it.
      const named = job.steps[1].run!.split(/\s+/).slice(1).filter((w) => /^[A-Z_]+$/.test(w));
      for (const name of named) expect(Object.keys(job.steps[1].env ?? {})).toContain(name);
    }
  });

  // docs/deploy-and-ci.md "Run in CI" step 1: the same code, pointed at the team's bucket and configuration.
  it("reads the state bucket, configuration file and backend settings from repository variables", () => {
    for (const name of ["MULTIPLE_SERVER_STATE_BUCKET", "MULTIPLE_SERVER_CONFIG", "MULTIPLE_SERVER_BACKEND", "TF_CLOUD_ORGANIZATION", "TF_BACKEND_CONFIG"]) {
      expect(workflow.env?.[name]).toBe(`\${{ vars.${name} }}`);
    }
  });

  it("names the stacks as src/naming.ts does", () => {
    expect(workflow.env?.STATE_STACK).toBe(STATE_STACK_NAME);
    expect(`${workflow.env?.STACK_PREFIX}dev`).toBe(stackName("dev"));
  });

  it("installs with npm ci and synthesizes before terraform runs", () => {
    const terraform = /terraform init|plan-stacks\.sh/;
    for (const job of jobs) {
      const first = stepIndex(job, terraform);
      expect(stepIndex(job, /^npm ci$/)).toBeGreaterThanOrEqual(0);
      expect(stepIndex(job, /npm run synth/)).toBeGreaterThan(stepIndex(job, /^npm ci$/));
      expect(first).toBeGreaterThan(stepIndex(job, /npm run synth/));
      expect(first).toBeGreaterThan(stepIndex(job, /aws-actions\/configure-aws-credentials/));
    }
  });

  it("has run scripts bash can parse (GitHub runs them with bash -e)", () => {
    for (const step of steps.filter((s) => s.run)) {
      const check = spawnSync("bash", ["-n"], { input: step.run, encoding: "utf8" });
      expect({ step: step.name ?? step.run, stderr: check.stderr }).toEqual({ step: step.name ?? step.run, stderr: "" });
    }
  });

  // A value from an input, a variable or an event in `${{ }}` inside a script is pasted into the
  // shell's source: it reaches scripts through `env` only (GitHub's script-injection guidance).
  it("puts no expression inside a run script", () => {
    for (const step of steps.filter((s) => s.run)) expect({ step: step.name, run: step.run }).toEqual({ step: step.name, run: expect.not.stringContaining("${{") });
  });

  // Since Terraform 1.4 the plugin cache serves only providers the lock file lists; the synthesized
  // stacks come with none, so without the opt-in every init downloads every provider again.
  it("lets terraform use its plugin cache without a lock file", () => {
    expect(workflow.env?.TF_PLUGIN_CACHE_DIR).toBe("${{ github.workspace }}/.terraform-plugin-cache");
    expect(workflow.env?.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE).toBe("true");
  });

  it("restores the plugin cache in every job, keyed on the provider versions, before terraform first runs", () => {
    for (const job of jobs) {
      const [cache, ...others] = uses(job, "actions/cache");
      expect(others).toEqual([]);
      expect(cache.with).toEqual({
        path: "${{ env.TF_PLUGIN_CACHE_DIR }}",
        key: "terraform-providers-${{ runner.os }}-${{ runner.arch }}-${{ steps.providers.outputs.hash }}",
      });
      const key = job.steps.findIndex((s) => s.id === "providers");
      // @cdkt*: the bindings of cdktf or of cdktn, whichever is installed (npm run use:cdktn).
      expect(job.steps[key].run).toContain("jq -c '.cdktf.provider // empty' node_modules/@cdkt*/provider-*/package.json");
      expect(key).toBeGreaterThan(stepIndex(job, /^npm ci$/));
      const restored = stepIndex(job, /^actions\/cache@/);
      expect(restored).toBeGreaterThan(key);
      for (const first of [/npm test$/, /terraform init/, /plan-stacks\.sh/]) {
        const at = stepIndex(job, first);
        if (at >= 0) expect(restored).toBeLessThan(at);
      }
    }
  });

  // HCP Terraform: a pull request's code runs in these jobs, so they hold a token that can plan
  // and never the one that can apply, which only deploy.yml's approved apply job gets.
  it("hands the apply token of HCP Terraform only to the approved apply job", () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps) {
        const token = step.env?.TF_TOKEN_app_terraform_io;
        if (!token) continue;
        const applies = file === "deploy.yml" && name === "apply";
        expect(token).toBe(applies ? "${{ secrets.TF_APPLY_TOKEN }}" : "${{ secrets.TF_PLAN_TOKEN }}");
      }
    }
    expect(JSON.stringify(workflow.env)).not.toContain("TF_TOKEN");
  });
});

// cdktn.yml: the community fork's whole suite and the JSON comparison (.ci/cdktn, docs/cdktn.md).
describe("cdktn.yml", () => {
  const workflow = load("cdktn.yml");
  const [job, ...others] = Object.values(workflow.jobs);
  // Its commands, without the comments that describe them.
  const ciScript = fs.readFileSync(path.join(__dirname, "..", ".ci", "cdktn"), "utf8").replace(/^\s*#.*$/gm, "");

  it("reads the code and nothing else: no token, variable or secret", () => {
    expect(others).toEqual([]);
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toBeUndefined();
    expect(text("cdktn.yml")).not.toMatch(/\$\{\{ (vars|secrets)\./);
  });

  it("runs on every pull request, in the merge queue and on the default branch", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["merge_group", "pull_request", "push", "workflow_dispatch"]);
    expect(workflow.on.push).toEqual({ branches: ["main"] });
  });

  it("pins every action by full commit SHA, the release tag in a comment", () => expectPinned("cdktn.yml"));

  it("runs .ci/cdktn with Terraform 1.11.x for the integration tests", () => {
    expect(job.steps.filter((s) => s.run).map((s) => s.run)).toEqual([".ci/cdktn"]);
    const [setup] = uses(job, "hashicorp/setup-terraform");
    expect(String(setup.with?.terraform_version)).toMatch(/^1\.11\.\d+$/);
    expect(setup.with?.terraform_wrapper).toBe(false);
  });

  it("has .ci/cdktn work in a copy: cdktf's synth, then the switch, the whole suite and the same synth, then the comparison", () => {
    expect(spawnSync("bash", ["-n", path.join(__dirname, "..", ".ci", "cdktn")], { encoding: "utf8" }).stderr).toBe("");
    const order = ['cd "$work/repo"', "npm ci", 'synthesize "$work/cdktf"', "npm run use:cdktn", "npm test", 'synthesize "$work/cdktn"', "node scripts/cdk-json-diff.js"];
    const at = order.map((step) => ciScript.indexOf(step));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(ciScript).toContain("for config in default all-features; do");
    expect(ciScript).toContain("MULTIPLE_SERVER_CONFIG=bench/all-features.json MULTIPLE_SERVER_ENVIRONMENTS=all-features");
    // Node 22 from the npm registry's `node` package, whatever the machine has.
    expect(ciScript).toMatch(/NODE_PACKAGE=node@22\.\d+\.\d+/);
  });
});

describe("the plugin cache key", () => {
  // The key reads each prebuilt provider package's `cdktf.provider` (cdktn's keep that field);
  // the CDK writes the same versions into required_providers, so the key changes exactly when the
  // pinned providers do.
  it("reads the provider versions the CDK writes into every stack's required_providers", () => {
    const { CDKS, installedCdk } = require("../scripts/cdk.js");
    const scope = path.join(__dirname, "..", "node_modules", CDKS[installedCdk()].scope);
    const packages = fs
      .readdirSync(scope)
      .filter((name) => name.startsWith("provider-"))
      .map((name) => JSON.parse(fs.readFileSync(path.join(scope, name, "package.json"), "utf8")))
      .flatMap((pkg) => (pkg.cdktf?.provider ? [pkg.cdktf.provider] : []));
    const keyed = Object.fromEntries(packages.map((p: { name: string; version: string }) => [p.name.split("/").pop(), p.version]));
    const { tf } = synthStack(settingsFor("prod"));
    const pinned = Object.fromEntries(
      Object.entries(tf.terraform.required_providers as Record<string, { version: string }>).map(([name, p]) => [name, p.version]),
    );
    expect(keyed).toEqual(pinned);
  });
});

describe("planning without a lock", () => {
  // A cancelled run (cancel-in-progress, a timeout) must leave no lock for the next plan or deploy.
  it("plans with -lock=false in plan-stacks.sh, which every workflow plans with", () => {
    expect(script("plan-stacks.sh")).toMatch(/terraform -chdir="\$dir" plan -input=false -lock=false -detailed-exitcode -out=tfplan/);
    for (const file of FILES) expect(runs(Object.values(load(file).jobs)[0])).toContain(".github/scripts/plan-stacks.sh");
  });
});

describe("plan.yml (pull requests)", () => {
  const workflow = load("plan.yml");
  const job = workflow.jobs.plan;
  const sameRepository = "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository";

  it("runs on pull requests and in the merge queue", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request", "merge_group"]);
  });

  it("cancels a superseded run: its plans took no lock", () => {
    expect(workflow.concurrency).toEqual({ group: "plan-${{ github.event.pull_request.number || github.ref }}", "cancel-in-progress": true });
  });

  it("runs the tests without the repository's settings, which are for the synth and the plans", () => {
    const test = job.steps[stepIndex(job, /npm test$/)].run!;
    const unset = [...test.matchAll(/-u (\w+)/g)].map((m) => m[1]);
    const settings = Object.keys(workflow.env!).filter((name) => workflow.env![name].startsWith("${{ vars."));
    expect(unset.sort()).toEqual(settings.sort());
  });

  it("synthesizes, verifies the selected environments, then tests (checkov's test needs verify's venv), all before the plan", () => {
    const at = (pattern: RegExp) => stepIndex(job, pattern);
    expect(at(/^npm run synth$/)).toBeGreaterThan(at(/^npm ci$/));
    expect(at(/environments\.sh/)).toBeGreaterThan(at(/^npm run synth$/));
    expect(at(/^npm run verify -- "\$ENVIRONMENTS"$/)).toBeGreaterThan(at(/environments\.sh/));
    expect(at(/npm test$/)).toBeGreaterThan(at(/npm run verify/));
    expect(at(/plan-stacks\.sh/)).toBeGreaterThan(at(/npm test$/));
    const verify = job.steps[at(/npm run verify/)];
    expect(verify.env).toEqual({ ENVIRONMENTS: "${{ steps.environments.outputs.environments }}" });
    // verify installs its Python tools into a venv: a pinned Python, before it.
    expect(stepIndex(job, /^actions\/setup-python@/)).toBeLessThan(at(/npm run verify/));
    expect(workflow.env?.MULTIPLE_SERVER_ENVIRONMENTS).toBe("${{ vars.MULTIPLE_SERVER_ENVIRONMENTS }}");
  });

  it("plans every stack of the manifest with plan-stacks.sh, which leaves out the bootstrap stack", () => {
    const plan = job.steps[stepIndex(job, /plan-stacks\.sh/)];
    expect(plan.run).toBe(".github/scripts/plan-stacks.sh");
    expect(script("plan-stacks.sh")).toContain("names=$(jq -r '.stacks | keys[]' \"$manifest\")");
    expect(script("plan-stacks.sh")).toContain('if [ "$stack" = "${STATE_STACK:-}" ]');
  });

  // GitHub gives a pull request from a fork no OIDC token, secrets or variables: it is tested,
  // synthesized and verified; the steps that need AWS are skipped instead of failing.
  it("skips the AWS steps for a pull request from a fork and in the merge queue, and says so", () => {
    const guarded = job.steps.filter((s) => s.if?.includes(sameRepository)).map((s) => s.uses?.split("@")[0] ?? s.name);
    expect(guarded).toEqual(["Settings (fail fast)", "aws-actions/configure-aws-credentials", "Plan every stack", "actions/upload-artifact"]);
    const fork = "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository";
    const notice = job.steps.findIndex((s) => s.if === fork);
    expect(job.steps[notice].run).toContain("::notice::");
    for (const step of job.steps.slice(2, notice)) expect(step.if).toBeUndefined();
    expect(notice).toBeGreaterThan(stepIndex(job, /npm run verify/));
  });

  it("uploads whatever was planned, also when a stack failed, but not the binary plans", () => {
    const [upload] = uses(job, "actions/upload-artifact");
    expect(upload.if).toBe(`\${{ !cancelled() && ${sameRepository} }}`);
    expect(upload.with).toEqual(expect.objectContaining({ name: "terraform-plans", path: "plans/" }));
    expect(script("plan-stacks.sh")).toContain('show -no-color tfplan > "$plans/$stack.txt"');
  });
});

describe("plan.yml's comment job", () => {
  const workflow = load("plan.yml");
  const { plan, comment } = workflow.jobs;

  it("runs after the plan whenever its summary was uploaded, also when a stack failed", () => {
    expect(comment.needs).toBe("plan");
    expect(comment.if).toBe("${{ !cancelled() && needs.plan.outputs.uploaded == 'true' }}");
    expect(plan.outputs).toEqual({ uploaded: "${{ steps.upload.outcome == 'success' }}" });
    expect(plan.steps.find((s) => s.id === "upload")?.uses).toMatch(/^actions\/upload-artifact@/);
    // A failed earlier step leaves no plans/: the upload must then fail, not succeed with a warning.
    expect(plan.steps.find((s) => s.id === "upload")?.with?.["if-no-files-found"]).toBe("error");
  });

  // The one job that may write to the pull request holds nothing else and runs none of its code.
  it("may write to the pull request only, and checks out and runs none of the pull request's code", () => {
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.steps.map((s) => s.uses?.split("@")[0] ?? "run")).toEqual(["actions/download-artifact", "run"]);
    expect(comment.steps[0].with).toEqual({ name: "terraform-plans", path: "plans" });
    const step = comment.steps[1];
    expect(step.run).not.toMatch(/\.github\/scripts|npm|terraform/);
    expect(Object.keys(step.env ?? {}).sort()).toEqual(["GH_TOKEN", "PR", "REPO", "RUN_URL"]);
    expect(step.env?.GH_TOKEN).toBe("${{ github.token }}");
  });

  it("updates its own earlier comment, found by a marker, rather than adding one per push", () => {
    const run = comment.steps[1].run!;
    expect(run).toContain("marker='<!-- multiple-server plan summary -->'");
    expect(run).toContain('select(.user.login == \\"github-actions[bot]\\" and (.body | startswith(\\"$marker\\")))');
    expect(run).toContain('gh api -X PATCH "repos/$REPO/issues/comments/$id" -F "body=@$body"');
    expect(run).toContain("head -c 60000 plans/summary.md");
  });
});

describe("deploy.yml (manual)", () => {
  const workflow = load("deploy.yml");
  const { plan, apply } = workflow.jobs;

  it("is started by hand for any environment of the synth, or the bootstrap stack", () => {
    const input = workflow.on.workflow_dispatch.inputs.environment;
    expect(input).toEqual(expect.objectContaining({ type: "string", required: true }));
    expect(input).not.toHaveProperty("options");
    expect(workflow.env?.DEPLOY_TARGET).toBe("${{ inputs.environment }}");
    expect(runs(plan)).toContain(".github/scripts/deploy-stacks.sh");
  });

  // GitHub keeps one pending run per group by default: a third deploy would cancel the second.
  it("runs one deploy of an environment at a time, queueing the others in order", () => {
    expect(workflow.concurrency).toEqual({ group: "deploy-${{ inputs.environment }}", "cancel-in-progress": false, queue: "max" });
  });

  it("deploys from the default branch only, refused in both jobs", () => {
    for (const job of [plan, apply]) expect(job.steps[1].run).toMatch(/^\.github\/scripts\/check-settings\.sh --default-branch-only /);
    for (const job of [plan, apply]) expect(job.steps[1].env?.DEFAULT_BRANCH).toBe("${{ github.event.repository.default_branch }}");
    expect(apply.if).toBe("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
  });

  // GitHub creates an environment a job names if it does not exist, without protection rules:
  // the apply job must stop before credentials when its environment was never set up.
  it("stops the apply job before any credentials when its environment lacks the role or the key", () => {
    expect(apply.steps[1].run).toBe(".github/scripts/check-settings.sh --default-branch-only AWS_DEPLOY_ROLE_ARN PLAN_DECRYPTION_KEY");
    expect(apply.steps[1].env).toEqual(
      expect.objectContaining({ AWS_DEPLOY_ROLE_ARN: "${{ vars.AWS_DEPLOY_ROLE_ARN }}", PLAN_DECRYPTION_KEY: "${{ secrets.PLAN_DECRYPTION_KEY }}" }),
    );
    expect(stepIndex(apply, /aws-actions\/configure-aws-credentials/)).toBeGreaterThan(1);
  });

  it("plans the environment's stack and previews its standby, whose failure before the first apply is only a warning", () => {
    const step = plan.steps[stepIndex(plan, /plan-stacks\.sh/)];
    expect(step.run).toContain('.github/scripts/plan-stacks.sh "$PRIMARY" $STANDBY');
    expect(step.env).toEqual(expect.objectContaining({ OPTIONAL_STACKS: "${{ steps.stacks.outputs.standby }}" }));
    expect(plan.outputs).toEqual({ primary: "${{ steps.stacks.outputs.primary }}", standby: "${{ steps.stacks.outputs.standby }}" });
  });

  it("hands the apply job only the sealed plan and lock file, and the standby's reviewed summary", () => {
    const seal = plan.steps[stepIndex(plan, /seal-plan\.sh/)];
    expect(seal.run).toContain('seal-plan.sh sealed/plan.cms "cdktf.out/stacks/$PRIMARY/tfplan" "cdktf.out/stacks/$PRIMARY/.terraform.lock.hcl"');
    expect(seal.env?.PLAN_ENCRYPTION_CERT).toBe("${{ vars.PLAN_ENCRYPTION_CERT }}");
    const [upload] = uses(plan, "actions/upload-artifact");
    const [download] = uses(apply, "actions/download-artifact");
    expect(upload.with).toEqual(expect.objectContaining({ name: "sealed-plan", path: "sealed/", "if-no-files-found": "error", "retention-days": 7 }));
    expect(download.with).toEqual({ name: "sealed-plan", path: "sealed" });
    const open = apply.steps[stepIndex(apply, /open-plan\.sh/)];
    expect(open.env).toEqual({ PLAN_DECRYPTION_KEY: "${{ secrets.PLAN_DECRYPTION_KEY }}" });
    expect(stepIndex(apply, /open-plan\.sh/)).toBeGreaterThan(stepIndex(apply, /actions\/download-artifact/));
  });

  it("applies exactly the saved plan with the plan job's provider locks, behind the environment's protection", () => {
    expect(apply.needs).toBe("plan");
    expect(apply.environment).toBe("${{ inputs.environment }}");
    const primary = apply.steps.find((s) => s.name === "Apply the saved plan")!;
    expect(primary.run).toMatch(/terraform init .*-lockfile=readonly/);
    expect(primary.run).toMatch(/terraform apply -input=false -lock-timeout=5m tfplan$/m);
    expect(runs(apply)).not.toContain("-auto-approve");
    expect(apply.steps.indexOf(primary)).toBeGreaterThan(stepIndex(apply, /open-plan\.sh/));
  });

  // #18: the 3 a.m. failover must not carry months of drift into the standby.
  it("applies the standby after its primary, in the same approved job, refusing what the reviewers did not see", () => {
    const standby = apply.steps.find((s) => s.name === "Apply the standby")!;
    expect(standby.if).toBe("needs.plan.outputs.standby != ''");
    expect(apply.steps.indexOf(standby)).toBeGreaterThan(apply.steps.findIndex((s) => s.name === "Apply the saved plan"));
    const lines = standby.run!.split("\n").map((l) => l.trim());
    const within = lines.findIndex((l) => l.includes('--within "$reviewed"'));
    expect(within).toBeGreaterThan(lines.findIndex((l) => l.startsWith("terraform plan ")));
    expect(lines.findIndex((l) => l === "terraform apply -input=false -lock-timeout=5m tfplan")).toBeGreaterThan(within);
    expect(apply.env?.STANDBY).toBe("${{ needs.plan.outputs.standby }}");
    expect(`${workflow.env?.STACK_PREFIX}prod-dr`).toBe(standbyStackName("prod"));
  });

  it("gives the apply 180 minutes (Multi-AZ RDS, its replica, CloudFront, then the standby's cross-region replica)", () => {
    expect(apply["timeout-minutes"]).toBe(180);
  });
});

describe("drift.yml (scheduled)", () => {
  const workflow = load("drift.yml");
  const job = workflow.jobs.drift;

  // A schedule event's payload has no repository object (its default_branch is empty): the
  // settings check falls back to the branch the scheduled run is on, the default one.
  it("gives the settings check a default branch on a scheduled run too", () => {
    const branches = job.steps.map((s: any) => s.env?.DEFAULT_BRANCH).filter(Boolean);
    expect(branches).toEqual(["${{ github.event.repository.default_branch || github.ref_name }}"]);
  });

  it("runs on a schedule off the full hour, and by hand", () => {
    expect(Object.keys(workflow.on)).toEqual(["schedule", "workflow_dispatch"]);
    const [{ cron }] = workflow.on.schedule;
    expect(cron.split(" ")[0]).not.toBe("0");
  });

  it("plans every stack of the default branch and fails on changes, naming the stacks", () => {
    expect(job.steps[1].run).toBe(".github/scripts/check-settings.sh --default-branch-only AWS_PLAN_ROLE_ARN");
    expect(runs(job)).toContain(".github/scripts/plan-stacks.sh --fail-on-changes");
    expect(script("plan-stacks.sh")).toContain('echo "::error::Changes pending (drift, or code not yet applied): ${changed[*]}"');
    const [upload] = uses(job, "actions/upload-artifact");
    expect(upload.if).toBe("${{ !cancelled() }}");
  });
});
