import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";

/**
 * Helpers of the integration tests: the real `terraform` binary, run the way CI runs it, against
 * servers the tests start in this process. Terraform always runs asynchronously: a synchronous
 * spawn would block this process's event loop and with it the very servers Terraform talks to.
 */

/** Dummy credentials: s3rver's built-in key pair (dynalite accepts any). */
const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** `terraform version`'s first line when a terraform binary is on PATH, else undefined. */
export function terraformVersion(): string | undefined {
  const result = spawnSync("terraform", ["version"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  return result.status === 0 ? result.stdout.split("\n")[0] : undefined;
}

/**
 * A suite that cannot run on this machine, said visibly. jest prints neither the test titles nor
 * the console output of a file whose tests are all skipped (with several files, even the warning
 * is dropped), so one test does run: it checks that the reason still holds, and its file's console
 * block carries the warning. The suite itself counts as a skipped test, never as a pass.
 */
export function skippedSuite(title: string, reason: string, reasonHolds: () => boolean): void {
  console.warn(`${title}: skipped, ${reason}`);
  describe(`${title}: skipped`, () => {
    // Counted as skipped in jest's summary, with the reason as its title.
    it.skip(`${title} (cannot run: ${reason})`, () => undefined);
    it(`is skipped because ${reason}`, () => expect(reasonHolds()).toBe(true));
  });
}

/** Whether no terraform binary answers on PATH: the reason every integration suite skips. */
export const noTerraform = (): boolean => terraformVersion() === undefined;

/** A temporary directory, removed by `cleanup`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ms-${prefix}-`));
}

/**
 * A clean environment for terraform (each run gets TF_DATA_DIR in its own directory): nothing inherited but PATH, so no TF_WORKSPACE, AWS profile
 * or CLI configuration of the machine leaks in. This machine points TF_CLI_CONFIG_FILE at a file
 * that does not exist (terraform then warns on every command): an empty file of our own instead.
 */
export function terraformEnv(work: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const cliConfig = path.join(work, "terraformrc");
  fs.writeFileSync(cliConfig, "");
  return {
    PATH: process.env.PATH,
    HOME: work,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform <args>` in `cwd` and resolves when it exits. */
export function terraform(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
  const child = startTerraform(cwd, env, args);
  child.stdin?.end();
  return finished(child);
}

/** Starts `terraform <args>` with its stdin left open (for `terraform console`). */
export function startTerraform(cwd: string, env: NodeJS.ProcessEnv, args: string[]): ChildProcess {
  // Each configuration keeps its own data directory (backend settings, plugins) in the temp tree.
  return spawn("terraform", args, { cwd, env: { TF_DATA_DIR: path.join(cwd, ".terraform"), ...env }, stdio: ["pipe", "pipe", "pipe"] });
}

/** Resolves with the exit code and output of a terraform process. */
export function finished(child: ChildProcess): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Fails with terraform's own output, so a broken step explains itself. */
export function expectSuccess(run: Run): Run {
  if (run.code !== 0) throw new Error(`terraform exited ${run.code}\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** The synthesized JSON of every stack, as `npm run synth` writes it with `env`. */
export function synthesizedStacks(work: string, env: Record<string, string>): Record<string, any> {
  const outdir = path.join(work, `cdktf.out-${Object.keys(env).length}-${Date.now()}`);
  const names = synthesize({ outdir, env });
  return Object.fromEntries(names.map((name) => [name, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"))]));
}

/**
 * A configuration holding a copy of the stack's synthesized `terraform` backend block and one
 * output. The AWS provider cannot be downloaded on the machines these tests were written on, so
 * the stack's resources (and its `required_providers`, which would make `init` download them)
 * are left out: what is exercised is the backend exactly as synthesized, nothing else.
 */
export function backendOnlyConfig(dir: string, stack: any): void {
  fs.mkdirSync(dir, { recursive: true });
  const config = {
    terraform: { backend: stack.terraform.backend },
    variable: { marker: { type: "string", description: "Written into the state to tell one apply from another" } },
    output: { marker: { value: "${var.marker}" } },
  };
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config, null, 2));
}

/** `-backend-config` flags that point the S3 backend at local servers; the synthesized file stays as it is. */
export function localEndpointFlags(endpoints: { s3: string; dynamodb?: string }): string[] {
  const hcl = Object.entries(endpoints)
    .filter(([, url]) => url)
    .map(([service, url]) => `${service}="${url}"`)
    .join(",");
  return [
    `-backend-config=endpoints={${hcl}}`,
    "-backend-config=use_path_style=true",
    "-backend-config=skip_credentials_validation=true",
    "-backend-config=skip_requesting_account_id=true",
    "-backend-config=skip_metadata_api_check=true",
    "-backend-config=skip_region_validation=true",
  ];
}

/** Polls `check` every few milliseconds until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const POLL_MS = 25;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
