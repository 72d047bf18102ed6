import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "../src/cdk";
import { STATE_STACK_NAME, stackName } from "../src/naming";
import { StateBucketStack } from "../src/stacks/state-bucket-stack";
import { settingsFor } from "./helpers";

/**
 * The scripts the workflows run (.github/scripts), run here as the runner would: plan-stacks.sh
 * replayed with a stand-in terraform in front of the real one, the settings check, the sealing
 * of saved plans with OpenSSL, and the choice of stacks to deploy.
 */
const SCRIPTS = path.join(__dirname, "..", ".github", "scripts");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const summary = require(path.join(SCRIPTS, "plan-summary.js"));

const which = (tool: string) => spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
const TERRAFORM = which("terraform");
const OPENSSL = which("openssl");

function run(file: string, args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }): SpawnSyncReturns<string> {
  // Only what the workflows set, so a variable of the machine running the tests cannot leak in.
  const env = { PATH: process.env.PATH!, HOME: process.env.HOME!, ...options.env };
  return spawnSync(path.join(SCRIPTS, file), args, { cwd: options.cwd, env, input: options.input, encoding: "utf8" });
}

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const write = (file: string, content: string) => (fs.mkdirSync(path.dirname(file), { recursive: true }), fs.writeFileSync(file, content));

describe("plan-summary.js", () => {
  const change = (address: string, actions: string[], mode = "managed") => ({ address, mode, change: { actions } });

  it("counts as Terraform does: a replacement is one add and one destroy, in either order; reads and no-ops are nothing", () => {
    const s = summary.summarize({
      resource_changes: [
        change("a.new", ["create"]),
        change("a.edit", ["update"]),
        change("a.gone", ["delete"]),
        change("a.swap", ["delete", "create"]),
        change("a.cbd", ["create", "delete"]),
        change("a.same", ["no-op"]),
        change("data.x.y", ["read"], "data"),
      ],
    });
    expect(s).toEqual({ adds: 3, changes: 1, destroys: 3, replaced: ["a.swap", "a.cbd"], destroyed: ["a.gone"], outputChanges: 0 });
  });

  it("says 'No changes.' for an empty plan and warns on destroys, naming each address", () => {
    expect(summary.markdown("s", summary.summarize({ resource_changes: [change("a", ["no-op"])] }))).toContain("No changes.");
    const text = summary.markdown("prod", summary.summarize({ resource_changes: [change("aws_db_instance.db", ["delete", "create"])] }));
    expect(text).toContain("**1 to add, 0 to change, 1 to destroy** :warning:");
    expect(text).toContain("- `aws_db_instance.db`");
  });

  it("finds what a later plan replaces or destroys beyond the reviewed one", () => {
    const later = summary.summarize({ resource_changes: [change("a", ["delete"]), change("b", ["delete", "create"]), change("c", ["update"])] });
    expect(summary.beyond(later, { replaced: ["b"], destroyed: [] })).toEqual(["a"]);
    expect(summary.beyond(later, undefined)).toEqual(["b", "a"]);
    expect(summary.beyond(summary.summarize({ resource_changes: [change("c", ["update"])] }), undefined)).toEqual([]);
  });
});

/**
 * A synthesized app of three stacks plus the bootstrap stack, built from terraform_data (built
 * into Terraform: no provider to download): `a` holds state in which one resource will be
 * replaced and one destroyed, `b` only adds an output, `broken` fails as a stack fails whose
 * state is locked by a running deploy.
 */
function replayApp(): { root: string; env: Record<string, string> } {
  const root = tmp("plan-replay-");
  const stacks = path.join(root, "cdktf.out", "stacks");
  const names = ["a", "b", "broken", STATE_STACK_NAME];
  write(path.join(root, "cdktf.out", "manifest.json"), JSON.stringify({ stacks: Object.fromEntries(names.map((n) => [n, {}])) }));
  const cli = path.join(root, "terraformrc");
  write(cli, "");
  const tfEnv = { TF_CLI_CONFIG_FILE: cli, TF_IN_AUTOMATION: "1" };
  write(path.join(stacks, "a", "cdk.tf.json"), JSON.stringify({ resource: { terraform_data: { kept: { input: "1" }, gone: { input: "2" } } } }));
  for (const args of [["init", "-input=false"], ["apply", "-input=false", "-auto-approve"]]) {
    const done = spawnSync(TERRAFORM, [`-chdir=${path.join(stacks, "a")}`, ...args], { env: { ...process.env, ...tfEnv }, encoding: "utf8" });
    if (done.status !== 0) throw new Error(done.stderr);
  }
  write(path.join(stacks, "a", "cdk.tf.json"), JSON.stringify({ resource: { terraform_data: { kept: { input: "1", triggers_replace: "new" }, added: { input: "3" } } } }));
  write(path.join(stacks, "b", "cdk.tf.json"), JSON.stringify({ output: { o: { value: "1" } } }));
  write(path.join(stacks, "broken", "cdk.tf.json"), "{}");
  // The stand-in: logs every call, fails `plan` in `broken` with the error a held lock gives,
  // and hands everything else to the real terraform.
  const bin = path.join(root, "bin");
  write(
    path.join(bin, "terraform"),
    [
      "#!/usr/bin/env bash",
      `echo "$*" >> "${root}/calls"`,
      'if [[ "$1" == -chdir=*/broken && "$2" == plan ]]; then',
      '  echo "Error: Error acquiring the state lock" >&2',
      "  exit 1",
      "fi",
      `exec "${TERRAFORM}" "$@"`,
      "",
    ].join("\n"),
  );
  fs.chmodSync(path.join(bin, "terraform"), 0o755);
  const env = { ...tfEnv, PATH: `${bin}:${process.env.PATH}`, STATE_STACK: STATE_STACK_NAME, GITHUB_STEP_SUMMARY: path.join(root, "step-summary.md") };
  return { root, env };
}

const describeWithTerraform = TERRAFORM ? describe : describe.skip;
if (!TERRAFORM) it.skip("plan-stacks.sh replay: skipped, no terraform on PATH (the replay runs the real one behind the stand-in)", () => undefined);

describeWithTerraform("plan-stacks.sh, replayed with a stand-in terraform", () => {
  let app: ReturnType<typeof replayApp>;
  let result: SpawnSyncReturns<string>;
  beforeAll(() => {
    app = replayApp();
    result = run("plan-stacks.sh", [], { cwd: app.root, env: app.env });
  }, 120_000);
  afterAll(() => fs.rmSync(app.root, { recursive: true, force: true }));
  const plans = () => fs.readdirSync(path.join(app.root, "plans")).sort();

  it("plans every stack although one fails, and fails once at the end naming it", () => {
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("::error::broken: terraform plan failed");
    expect(result.stdout).toContain("::error::Not planned: broken (the plans of the other stacks are kept)");
    const planned = fs.readFileSync(path.join(app.root, "calls"), "utf8").split("\n").filter((l) => / plan /.test(l));
    expect(planned.map((l) => l.split(" ")[0].replace(/.*\//, ""))).toEqual(["a", "b", "broken"]);
  });

  it("keeps the plans that were made: text, summary, and the binary plan in the stack's folder", () => {
    expect(plans()).toEqual(["a.summary.json", "a.txt", "b.summary.json", "b.txt", "broken.failed", "broken.log", "summary.md"]);
    expect(fs.readFileSync(path.join(app.root, "plans", "a.txt"), "utf8")).toContain("terraform_data.kept must be replaced");
    for (const stack of ["a", "b"]) expect(fs.existsSync(path.join(app.root, "cdktf.out", "stacks", stack, "tfplan"))).toBe(true);
  });

  it("takes no lock, and skips the bootstrap stack", () => {
    const calls = fs.readFileSync(path.join(app.root, "calls"), "utf8");
    for (const line of calls.split("\n").filter((l) => / plan /.test(l))) expect(line).toContain(" -lock=false ");
    expect(calls).not.toContain(STATE_STACK_NAME);
    expect(result.stdout).toContain(`::notice::${STATE_STACK_NAME} skipped`);
  });

  it("writes the per-stack summary to the job summary: counts, replaced and destroyed addresses, the failure's message", () => {
    const text = fs.readFileSync(app.env.GITHUB_STEP_SUMMARY, "utf8");
    expect(text).toContain("| `a` | changes | 2 | 0 | 2 |");
    expect(text).toContain("| `broken` | **failed** |  |  |  |");
    expect(text).toMatch(/Replaced \(destroyed, then created again\):\n- `terraform_data.kept`/);
    expect(text).toMatch(/Destroyed:\n- `terraform_data.gone`/);
    expect(text).toContain("Error: Error acquiring the state lock");
    expect(JSON.parse(fs.readFileSync(path.join(app.root, "plans", "a.summary.json"), "utf8"))).toEqual({
      stack: "a",
      adds: 2,
      changes: 0,
      destroys: 2,
      replaced: ["terraform_data.kept"],
      destroyed: ["terraform_data.gone"],
      outputChanges: 0,
    });
  });

  it("with --fail-on-changes (the drift check) fails naming the stacks with changes; an optional stack's failure is a warning", () => {
    const drift = run("plan-stacks.sh", ["--fail-on-changes", "a", "b", "broken"], { cwd: app.root, env: { ...app.env, OPTIONAL_STACKS: "broken", PLANS_DIR: "drift" } });
    expect(drift.status).toBe(1);
    expect(drift.stdout).toContain("::error::Changes pending (drift, or code not yet applied): a b");
    expect(drift.stdout).toContain("::warning::Not planned (optional): broken");
    expect(drift.stdout).not.toContain("::error::Not planned");
    const deploy = run("plan-stacks.sh", ["b", "broken"], { cwd: app.root, env: { ...app.env, OPTIONAL_STACKS: "broken", PLANS_DIR: "deploy" } });
    expect(deploy.status).toBe(0);
  }, 120_000);

  it("fails, rather than planning nothing, when there is no manifest", () => {
    const empty = tmp("no-synth-");
    const r = run("plan-stacks.sh", [], { cwd: empty, env: app.env });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("::error::cannot read the stacks of cdktf.out/manifest.json: run npm run synth first");
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it("--within refuses a later plan that destroys more than the reviewed one", () => {
    const json = spawnSync(TERRAFORM, [`-chdir=${path.join(app.root, "cdktf.out", "stacks", "a")}`, "show", "-json", "tfplan"], { env: { ...process.env, ...app.env }, encoding: "utf8" }).stdout;
    const reviewed = path.join(app.root, "reviewed.json");
    write(reviewed, JSON.stringify({ replaced: ["terraform_data.kept"], destroyed: [] }));
    const refused = run("plan-summary.js", ["a", "--within", reviewed], { cwd: app.root, input: json });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("replaces or destroys what the reviewed plan did not: terraform_data.gone");
    const accepted = run("plan-summary.js", ["a", "--within", path.join(app.root, "plans", "a.summary.json")], { cwd: app.root, input: json });
    expect(accepted.status).toBe(0);
  });
});

describe("check-settings.sh", () => {
  const cwd = path.join(__dirname, "..");
  const check = (env: Record<string, string>, args: string[] = []) => run("check-settings.sh", args, { cwd, env });
  const bucket = { MULTIPLE_SERVER_STATE_BUCKET: "acme-tfstate" };

  it("passes with the state bucket set", () => {
    expect(check(bucket).status).toBe(0);
  });

  it("refuses an unset state bucket, naming the variable and the docs step", () => {
    const r = check({});
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("::error::repository variable MULTIPLE_SERVER_STATE_BUCKET is not set");
    expect(r.stdout).toContain('docs/deploy-and-ci.md "Run in CI", step 1');
  });

  it("takes the state bucket from the configuration file's top-level backend instead of the variable", () => {
    const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "ms-check-settings-"));
    const named = path.join(dir, "named.json");
    const unnamed = path.join(dir, "unnamed.json");
    fs.writeFileSync(named, JSON.stringify({ backend: { bucket: "acme-tfstate" }, environments: {} }));
    fs.writeFileSync(unnamed, JSON.stringify({ environments: {} }));
    expect(check({ MULTIPLE_SERVER_CONFIG: named }).status).toBe(0);
    const r = check({ MULTIPLE_SERVER_CONFIG: unnamed });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("::error::repository variable MULTIPLE_SERVER_STATE_BUCKET is not set and no MULTIPLE_SERVER_CONFIG file names a top-level");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses every missing setting at once, and each named variable that is empty", () => {
    const r = check({ MULTIPLE_SERVER_CONFIG: "no/such.json", AWS_PLAN_ROLE_ARN: "" }, ["AWS_PLAN_ROLE_ARN"]);
    expect(r.stdout.match(/::error::/g)).toHaveLength(3);
    expect(r.stdout).toContain("AWS_PLAN_ROLE_ARN is not set");
    expect(r.stdout).toContain("MULTIPLE_SERVER_CONFIG is 'no/such.json', which is not a file of this repository");
  });

  it("with cloud: needs the organization and refuses -backend-config; local state is refused", () => {
    expect(check({ MULTIPLE_SERVER_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme" }).status).toBe(0);
    const r = check({ MULTIPLE_SERVER_BACKEND: "cloud", TF_BACKEND_CONFIG: "bucket=x" });
    expect(r.stdout).toContain("TF_CLOUD_ORGANIZATION is not set");
    expect(r.stdout).toContain("TF_BACKEND_CONFIG must be empty with MULTIPLE_SERVER_BACKEND=cloud");
    expect(check({ MULTIPLE_SERVER_BACKEND: "local" }).stdout).toContain("a runner's disk is discarded");
  });

  it("--default-branch-only refuses any other ref", () => {
    const main = { ...bucket, DEFAULT_BRANCH: "main" };
    expect(check({ ...main, GITHUB_REF: "refs/heads/main" }, ["--default-branch-only"]).status).toBe(0);
    const r = check({ ...main, GITHUB_REF: "refs/heads/feature" }, ["--default-branch-only"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("deploys from the default branch only (main), not refs/heads/feature");
  });

  it("refuses an input environment that is not a name", () => {
    expect(check({ ...bucket, DEPLOY_TARGET: "prod" }).status).toBe(0);
    expect(check({ ...bucket, DEPLOY_TARGET: "prod; rm -rf /" }).stdout).toContain("is not an environment name");
  });
});

describe("deploy-stacks.sh and environments.sh", () => {
  let root: string;
  const prefix = stackName("");
  beforeAll(() => {
    root = tmp("deploy-stacks-");
    const names = [stackName("dev"), stackName("prod"), `${stackName("prod")}-dr`, STATE_STACK_NAME];
    write(path.join(root, "cdktf.out", "manifest.json"), JSON.stringify({ stacks: Object.fromEntries(names.map((n) => [n, {}])) }));
    // The bootstrap stack as the app synthesizes it today (its state on a disk).
    const state = Testing.synth(new StateBucketStack(Testing.app(), { environments: [settingsFor("dev"), settingsFor("prod")] }));
    write(path.join(root, "cdktf.out", "stacks", STATE_STACK_NAME, "cdk.tf.json"), state);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const stacks = (target: string) => {
    const output = path.join(root, `output-${target}`);
    const r = run("deploy-stacks.sh", [], { cwd: root, env: { DEPLOY_TARGET: target, STATE_STACK: STATE_STACK_NAME, STACK_PREFIX: prefix, GITHUB_OUTPUT: output } });
    return { ...r, output: fs.existsSync(output) ? fs.readFileSync(output, "utf8") : "" };
  };

  it("deploys an environment's stack, then its standby when it has one", () => {
    expect(stacks("prod").output).toBe(`primary=${stackName("prod")}\nstandby=${stackName("prod")}-dr\n`);
    expect(stacks("dev").output).toBe(`primary=${stackName("dev")}\nstandby=\n`);
  });

  it("refuses an environment the synth did not produce, and the bootstrap stack while its state is local", () => {
    expect(stacks("staging").stdout).toContain("'staging' is not an environment of this synth");
    expect(stacks("staging").stdout).toContain("MULTIPLE_SERVER_CONFIG");
    const state = stacks("state");
    expect(state.status).toBe(1);
    expect(state.stdout).toContain("keeps its state on the disk of whoever applied it");
    expect(state.output).toBe("");
    // Once the bootstrap stack keeps its state in S3, it is deployable like any other.
    const file = path.join(root, "cdktf.out", "stacks", STATE_STACK_NAME, "cdk.tf.json");
    const synthesized = fs.readFileSync(file, "utf8");
    const json = JSON.parse(synthesized);
    json.terraform.backend = { s3: { bucket: "acme-tfstate", key: "multiple-server/state/terraform.tfstate" } };
    fs.writeFileSync(file, JSON.stringify(json));
    expect(stacks("state").output).toBe(`primary=${STATE_STACK_NAME}\nstandby=\n`);
    fs.writeFileSync(file, synthesized);
  });

  it("lists the environments for npm run verify: no bootstrap stack, no standby", () => {
    const r = run("environments.sh", [], { cwd: root, env: { STATE_STACK: STATE_STACK_NAME, STACK_PREFIX: prefix } });
    expect(r.stdout).toBe("environments=dev,prod\n");
  });
});

const describeWithOpenssl = OPENSSL ? describe : describe.skip;
describeWithOpenssl("seal-plan.sh and open-plan.sh (OpenSSL CMS, AES-256-GCM)", () => {
  let root: string;
  let cert: string;
  let key: string;
  beforeAll(() => {
    root = tmp("seal-");
    const made = spawnSync(OPENSSL, ["req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=plan"], { cwd: root, encoding: "utf8" });
    if (made.status !== 0) throw new Error(made.stderr);
    cert = fs.readFileSync(path.join(root, "cert.pem"), "utf8");
    key = fs.readFileSync(path.join(root, "key.pem"), "utf8");
    write(path.join(root, "plan", "cdktf.out", "stacks", "s", "tfplan"), "origin-secret=s3cr3t-value\n".repeat(2000));
    write(path.join(root, "plan", "cdktf.out", "stacks", "s", ".terraform.lock.hcl"), "# locks\n");
    const sealed = run("seal-plan.sh", ["../sealed.cms", "cdktf.out/stacks/s/tfplan", "cdktf.out/stacks/s/.terraform.lock.hcl"], { cwd: path.join(root, "plan"), env: { PLAN_ENCRYPTION_CERT: cert } });
    if (sealed.status !== 0) throw new Error(sealed.stderr);
  }, 60_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("holds no plain text of the plan", () => {
    expect(fs.readFileSync(path.join(root, "sealed.cms")).includes("s3cr3t-value")).toBe(false);
  });

  it("opens with the private key into the same paths", () => {
    const out = tmp("open-");
    const opened = run("open-plan.sh", [path.join(root, "sealed.cms")], { cwd: out, env: { PLAN_DECRYPTION_KEY: key } });
    expect(opened.status).toBe(0);
    expect(fs.readFileSync(path.join(out, "cdktf.out", "stacks", "s", "tfplan"), "utf8")).toBe(fs.readFileSync(path.join(root, "plan", "cdktf.out", "stacks", "s", "tfplan"), "utf8"));
    expect(fs.existsSync(path.join(out, "cdktf.out", "stacks", "s", ".terraform.lock.hcl"))).toBe(true);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("refuses a changed file and another key, unpacking nothing", () => {
    const bytes = fs.readFileSync(path.join(root, "sealed.cms"));
    bytes[bytes.length - 200] ^= 0xff; // inside the encrypted content
    fs.writeFileSync(path.join(root, "changed.cms"), bytes);
    spawnSync(OPENSSL, ["genrsa", "-out", "other.pem", "3072"], { cwd: root });
    for (const [file, pem] of [["changed.cms", key], ["sealed.cms", fs.readFileSync(path.join(root, "other.pem"), "utf8")]]) {
      const out = tmp("open-");
      const opened = run("open-plan.sh", [path.join(root, file)], { cwd: out, env: { PLAN_DECRYPTION_KEY: pem } });
      expect(opened.status).not.toBe(0);
      expect(fs.readdirSync(out)).toEqual([]);
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
