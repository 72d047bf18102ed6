import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { STATE_STACK_NAME } from "../../src/naming";
import { backendOnlyConfig, expectSuccess, noTerraform, skippedSuite, tempDir, terraform, terraformEnv, terraformVersion } from "./terraform";

/**
 * Local state survives the cdktf CLI. `cdktf synth` deletes the folder of every stack a synth no
 * longer produces (@cdktf/cli-core synth-stack.js): the bootstrap stack's when the backend kind
 * is switched to `local`, dev's when only prod is selected. State kept in those folders went with
 * them; it now lives in terraform-state/ beside cdktf.out.
 *
 * The real CLI runs once, on a copy of the project in a temporary folder (a CLI synth costs about
 * 4 s): the app's own synthesize() writes the folders in-process first, as a previous synth would
 * have, and the CLI synth that follows prunes them.
 * The state is written by the real terraform binary, from the synthesized backend block alone, in
 * a folder beside the stack's (same depth, so the block's relative path resolves the same): the
 * stack's own configuration needs the AWS provider, which cannot be downloaded here.
 */
const ROOT = path.join(__dirname, "..", "..");
/** The installed CDK's CLI: cdktf, or cdktn after `npm run use:cdktn` (scripts/cdk.js). */
const CDKTF: string = require(path.join(ROOT, "scripts", "cdk.js")).cliPath(ROOT);
const VERSION = terraformVersion();
const SYNTH_TIMEOUT_MS = 60_000;
const TITLE = "local state kept out of the folders cdktf synth deletes";

if (VERSION) describe(`${TITLE} (${VERSION})`, localStateSuite);
else skippedSuite(TITLE, "no terraform binary on PATH (it writes the state the test expects to survive)", noTerraform);

function localStateSuite(): void {
  jest.setTimeout(SYNTH_TIMEOUT_MS);
  const project = tempDir("local-state");
  const env = terraformEnv(project);
  const stacksDir = path.join(project, "cdktf.out", "stacks");
  const stateDir = path.join(project, "terraform-state");

  beforeAll(() => {
    for (const entry of ["cdktf.json", "main.ts", "package.json", "tsconfig.json", "src", "scripts"]) {
      fs.cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  /** `cdktf synth` in the project copy with `vars` (and nothing of this machine's MULTIPLE_SERVER_* or CDKTF_*). */
  function cdktfSynth(vars: Record<string, string>): void {
    const run = spawnSync(CDKTF, ["synth"], { cwd: project, env: { ...env, ...vars }, encoding: "utf8", timeout: SYNTH_TIMEOUT_MS });
    if (run.status !== 0) throw new Error(`cdktf synth exited ${run.status ?? run.error}\n${run.stdout}\n${run.stderr}`);
  }
  const stacks = () => fs.readdirSync(stacksDir).sort();
  const stackJson = (stack: string) => JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8"));

  /** Applies an output `marker` with `stack`'s synthesized backend, from a folder beside the stack's. */
  async function writeState(stack: any, probe: string, marker: string): Promise<void> {
    const dir = path.join(stacksDir, probe);
    backendOnlyConfig(dir, stack);
    expectSuccess(await terraform(dir, env, ["init", "-input=false", "-no-color"]));
    expectSuccess(await terraform(dir, env, ["apply", "-auto-approve", "-input=false", "-no-color", "-var", `marker=${marker}`]));
  }
  const stateFile = (name: string) => JSON.parse(fs.readFileSync(path.join(stateDir, name), "utf8"));

  let bootstrap: any;

  it("keeps the bootstrap stack's and the local kind's state in terraform-state/ beside cdktf.out", async () => {
    synthesize({ outdir: path.join(project, "cdktf.out"), env: {} });
    expect(stacks()).toEqual(["multiple-server-dev", "multiple-server-prod", STATE_STACK_NAME]);
    bootstrap = stackJson(STATE_STACK_NAME);
    await writeState(bootstrap, "probe-state", "bucket-created");
    expect(stateFile(`terraform.${STATE_STACK_NAME}.tfstate`).outputs.marker.value).toBe("bucket-created");
    expect(fs.readdirSync(path.join(stacksDir, STATE_STACK_NAME))).not.toContainEqual(expect.stringMatching(/tfstate/));
    // dev with the local kind: its backend block as the app writes it (the CLI only adds pruning).
    const localOut = path.join(project, "local-kind.out");
    synthesize({ outdir: localOut, env: { MULTIPLE_SERVER_BACKEND: "local", MULTIPLE_SERVER_ENVIRONMENTS: "dev" } });
    const dev = JSON.parse(fs.readFileSync(path.join(localOut, "stacks", "multiple-server-dev", "cdk.tf.json"), "utf8"));
    await writeState(dev, "probe-dev", "dev-state");
    expect(stateFile("terraform.dev.tfstate").outputs.marker.value).toBe("dev-state");
  });

  it("survives a cdktf synth that deletes the folders of the bootstrap stack and of dev", () => {
    cdktfSynth({ MULTIPLE_SERVER_BACKEND: "local", MULTIPLE_SERVER_ENVIRONMENTS: "prod" });
    // The CLI really pruned: every folder not in the new manifest is gone, the probes' too.
    expect(stacks()).toEqual(["multiple-server-prod"]);
    expect(stateFile(`terraform.${STATE_STACK_NAME}.tfstate`).outputs.marker.value).toBe("bucket-created");
    expect(stateFile("terraform.dev.tfstate").outputs.marker.value).toBe("dev-state");
  });

  it("is found again by terraform from the bootstrap stack's synthesized backend", async () => {
    const dir = path.join(stacksDir, "probe-state");
    backendOnlyConfig(dir, bootstrap);
    expectSuccess(await terraform(dir, env, ["init", "-input=false", "-no-color"]));
    const pulled = JSON.parse(expectSuccess(await terraform(dir, env, ["state", "pull"])).stdout);
    expect(pulled.outputs.marker.value).toBe("bucket-created");
  });
}
