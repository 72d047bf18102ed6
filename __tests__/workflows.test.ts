import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { STATE_STACK_NAME } from "../src/naming";
import { settingsFor, synthStack } from "./helpers";

/** The GitHub Actions workflows users get: valid YAML with the steps the README promises. */
const WORKFLOWS = path.join(__dirname, "..", ".github", "workflows");

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
  "timeout-minutes"?: number;
  environment?: string;
  steps: Step[];
}
interface Workflow {
  on: Record<string, any>;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  concurrency?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function load(file: string): Workflow {
  // `prettyErrors` gives line and column on a syntax error; `uniqueKeys` refuses duplicate keys.
  return parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"), { prettyErrors: true, uniqueKeys: true });
}

const uses = (job: Job, action: string) => job.steps.filter((s) => s.uses?.split("@")[0] === action);
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
/** Index of the first step whose `run` or `uses` matches, -1 if none. */
const stepIndex = (job: Job, pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? s.uses ?? ""));

describe.each(["plan.yml", "deploy.yml"])("%s", (file) => {
  const workflow = load(file);
  const jobs = Object.values(workflow.jobs);

  it("asks only for an OIDC token and read access to the repository", () => {
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
  });

  it("pins every action to a major version", () => {
    for (const step of jobs.flatMap((j) => j.steps).filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
  });

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
      expect(aws.with?.["role-to-assume"]).toMatch(/^\$\{\{ (vars|secrets)\.AWS_\w+_ROLE_ARN \}\}$/);
      expect(aws.with).not.toHaveProperty("aws-access-key-id");
    }
  });

  it("installs with npm ci and synthesizes before terraform runs", () => {
    for (const job of jobs) {
      const init = stepIndex(job, /terraform init/);
      expect(stepIndex(job, /^npm ci$/)).toBeGreaterThanOrEqual(0);
      expect(stepIndex(job, /npm run synth|cdktf synth/)).toBeGreaterThan(stepIndex(job, /^npm ci$/));
      expect(init).toBeGreaterThan(stepIndex(job, /npm run synth|cdktf synth/));
      expect(init).toBeGreaterThan(stepIndex(job, /aws-actions\/configure-aws-credentials/));
    }
  });

  it("has run scripts bash can parse (GitHub runs them with bash -e)", () => {
    for (const step of jobs.flatMap((j) => j.steps).filter((s) => s.run)) {
      const check = spawnSync("bash", ["-n"], { input: step.run, encoding: "utf8" });
      expect({ step: step.name ?? step.run, stderr: check.stderr }).toEqual({ step: step.name ?? step.run, stderr: "" });
    }
  });

  it("passes partial backend settings to terraform init as -backend-config", () => {
    for (const job of jobs) expect(runs(job)).toMatch(/terraform init -input=false "\$\{backend_args\[@\]\}"/);
    expect(JSON.stringify(workflow)).toContain("-backend-config=$line");
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
      expect(job.steps[key].run).toContain("jq -c '.cdktf.provider // empty' node_modules/@cdktf/provider-*/package.json");
      expect(key).toBeGreaterThan(stepIndex(job, /^npm ci$/));
      const restored = stepIndex(job, /^actions\/cache@/);
      expect(restored).toBeGreaterThan(key);
      for (const first of [/^npm test$/, /terraform init/]) {
        const at = stepIndex(job, first);
        if (at >= 0) expect(restored).toBeLessThan(at);
      }
    }
  });
});

describe("the plugin cache key", () => {
  // The key reads each prebuilt provider package's `cdktf.provider`; cdktf writes the same
  // versions into required_providers, so the key changes exactly when the pinned providers do.
  it("reads the provider versions cdktf writes into every stack's required_providers", () => {
    const packages = fs
      .readdirSync(path.join(__dirname, "..", "node_modules", "@cdktf"))
      .filter((name) => name.startsWith("provider-"))
      .map((name) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "node_modules", "@cdktf", name, "package.json"), "utf8")))
      .flatMap((pkg) => (pkg.cdktf?.provider ? [pkg.cdktf.provider] : []));
    const keyed = Object.fromEntries(packages.map((p: { name: string; version: string }) => [p.name.split("/").pop(), p.version]));
    const { tf } = synthStack(settingsFor("prod"));
    const pinned = Object.fromEntries(
      Object.entries(tf.terraform.required_providers as Record<string, { version: string }>).map(([name, p]) => [name, p.version]),
    );
    expect(keyed).toEqual(pinned);
  });
});

describe("plan.yml (pull requests)", () => {
  const workflow = load("plan.yml");
  const job = workflow.jobs.plan;
  const script = runs(job);

  it("runs on pull requests", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
  });

  it("runs the tests before synthesizing", () => {
    expect(stepIndex(job, /^npm test$/)).toBeGreaterThan(stepIndex(job, /^npm ci$/));
    expect(stepIndex(job, /^npm run synth$/)).toBeGreaterThan(stepIndex(job, /^npm test$/));
  });

  it("plans every stack of the manifest in cdktf.out/stacks/<stack>, saving the plan", () => {
    expect(script).toContain("jq -r '.stacks | keys[]' cdktf.out/manifest.json");
    expect(script).toContain('cd "cdktf.out/stacks/$stack"');
    expect(script).toMatch(/terraform plan .*-out=tfplan/);
  });

  it("leaves out the bootstrap stack, whose state is local", () => {
    expect(workflow.env?.STATE_STACK).toBe(STATE_STACK_NAME);
    expect(script).toContain('if [ "$stack" = "$STATE_STACK" ]');
  });

  // GitHub gives a pull request from a fork no OIDC token (and no variables): it is tested and
  // synthesized, and the steps that need AWS are skipped instead of failing.
  it("skips the AWS steps for a pull request from a fork, and says so", () => {
    const sameRepository = "github.event.pull_request.head.repo.full_name == github.repository";
    const guarded = job.steps.filter((s) => s.if === sameRepository).map((s) => s.uses?.split("@")[0] ?? s.name);
    expect(guarded).toEqual(["aws-actions/configure-aws-credentials", "Plan every stack", "actions/upload-artifact"]);
    const notice = job.steps.findIndex((s) => s.if === sameRepository.replace("==", "!="));
    expect(job.steps[notice].run).toContain("::notice::");
    // Everything before runs for forks too: install, tests, synth.
    for (const step of job.steps.slice(0, notice)) expect(step.if).toBeUndefined();
    expect(notice).toBeGreaterThan(stepIndex(job, /^npm run synth$/));
  });

  it("uploads the plans as an artifact", () => {
    const [upload] = uses(job, "actions/upload-artifact");
    expect(upload.with).toEqual(expect.objectContaining({ name: "terraform-plans", path: "plans/" }));
    expect(script).toContain('terraform show -no-color tfplan > "$GITHUB_WORKSPACE/plans/$stack.txt"');
  });
});

describe("deploy.yml (manual)", () => {
  const workflow = load("deploy.yml");
  const { plan, apply } = workflow.jobs;

  it("is started by hand for one environment", () => {
    const input = workflow.on.workflow_dispatch.inputs.environment;
    expect(input).toEqual(expect.objectContaining({ type: "choice", required: true, options: ["dev", "prod"] }));
    expect(workflow.env?.MULTIPLE_SERVER_ENVIRONMENTS).toBe("${{ inputs.environment }}");
    expect(workflow.env?.STACK).toBe("multiple-server-${{ inputs.environment }}");
  });

  it("never runs two deploys of one environment at once", () => {
    expect(workflow.concurrency).toEqual({ group: "deploy-${{ inputs.environment }}", "cancel-in-progress": false });
  });

  it("plans, saves the plan, and hands it to the apply job", () => {
    expect(runs(plan)).toMatch(/terraform plan .*-out=tfplan/);
    const [upload] = uses(plan, "actions/upload-artifact");
    const [download] = uses(apply, "actions/download-artifact");
    expect(download.with?.name).toBe(upload.with?.name);
    expect(download.with?.path).toBe("cdktf.out/stacks/${{ env.STACK }}");
  });

  it("hands the plan job's .terraform.lock.hcl to the apply job, which installs exactly those providers", () => {
    // Terraform refuses a saved plan whose dependency locks differ from the working directory's.
    const [upload] = uses(plan, "actions/upload-artifact");
    const paths = String(upload.with?.path).trim().split("\n").map((p) => p.trim());
    expect(paths).toEqual(["cdktf.out/stacks/${{ env.STACK }}/tfplan", "cdktf.out/stacks/${{ env.STACK }}/.terraform.lock.hcl"]);
    // upload-artifact@v4 skips dot-files unless asked, and a missing file must fail the job.
    expect(upload.with).toEqual(expect.objectContaining({ "include-hidden-files": true, "if-no-files-found": "error" }));
    expect(runs(apply)).toMatch(/terraform init .*-lockfile=readonly/);
    expect(stepIndex(apply, /terraform init/)).toBeGreaterThan(stepIndex(apply, /actions\/download-artifact/));
  });

  it("keeps the saved plan 7 days, the time reviewers have to approve", () => {
    const [upload] = uses(plan, "actions/upload-artifact");
    expect(upload.with?.["retention-days"]).toBe(7);
  });

  it("gives the apply 120 minutes (Multi-AZ RDS, its replica and CloudFront take long to create)", () => {
    expect(apply["timeout-minutes"]).toBe(120);
  });

  it("applies exactly the saved plan, after the plan job, behind the GitHub environment's protection", () => {
    expect(apply.needs).toBe("plan");
    expect(apply.environment).toBe("${{ inputs.environment }}");
    expect(runs(apply)).toMatch(/terraform apply -input=false .*tfplan$/m);
    expect(runs(apply)).not.toContain("-auto-approve");
    expect(stepIndex(apply, /terraform apply/)).toBeGreaterThan(stepIndex(apply, /actions\/download-artifact/));
  });
});
