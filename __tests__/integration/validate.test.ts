import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { noTerraform, skippedSuite, tempDir, terraformVersion } from "./terraform";

/**
 * `terraform validate` on every synthesized stack: the one check that knows the AWS provider's
 * schema (argument names, types, required blocks). It needs the provider binaries, from a local
 * plugin directory or from the registry; without either it is skipped and says why — never
 * passed without having run. Users' CI, with network, runs it.
 *
 * Not `Testing.toBeValidTerraform()`: it runs a full `terraform init`, which would also
 * configure the S3 backend and so need AWS credentials. `init -backend=false` needs only the
 * providers.
 */
const REGISTRY_PROBE = "https://registry.terraform.io/.well-known/terraform.json";
const PROBE_TIMEOUT_MS = 3_000;
/** Downloading the AWS provider (hundreds of MB) on a slow runner. */
const INIT_TIMEOUT_MS = 300_000;

/** Provider versions the stacks pin, read from a synthesized stack's required_providers. */
function requiredProviders(): Array<{ name: string; version: string }> {
  const work = tempDir("providers");
  try {
    synthesize({ outdir: work, env: { MULTIPLE_SERVER_ENVIRONMENTS: "dev" } });
    const stack = JSON.parse(fs.readFileSync(path.join(work, "stacks", "multiple-server-dev", "cdk.tf.json"), "utf8"));
    return Object.entries(stack.terraform.required_providers as Record<string, { version: string }>).map(([name, p]) => ({ name, version: p.version }));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Directories terraform reads providers from without a network (implicit mirrors, caches). */
function pluginDirectories(): string[] {
  const home = os.homedir();
  const dataHome = process.env.XDG_DATA_HOME ?? path.join(home, ".local", "share");
  return [
    process.env.TF_PLUGIN_CACHE_DIR,
    path.join(home, ".terraform.d", "plugins"),
    path.join(home, ".terraform.d", "plugin-cache"),
    path.join(dataHome, "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ].filter((dir): dir is string => !!dir);
}

/** A plugin directory holding every pinned provider (hashicorp/<name>/<version>), if any. */
function localPluginDirectory(providers: Array<{ name: string; version: string }>): string | undefined {
  return pluginDirectories().find((dir) =>
    providers.every((p) => fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", p.name, p.version))),
  );
}

/** Whether the Terraform registry answers (a child process, as jest collects tests synchronously). */
function registryReachable(): boolean {
  const probe = `fetch(${JSON.stringify(REGISTRY_PROBE)}, { signal: AbortSignal.timeout(${PROBE_TIMEOUT_MS}) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  return spawnSync(process.execPath, ["-e", probe], { timeout: PROBE_TIMEOUT_MS * 2 }).status === 0;
}

const VERSION = terraformVersion();
const PROVIDERS = VERSION ? requiredProviders() : [];
const PLUGIN_DIR = VERSION ? localPluginDirectory(PROVIDERS) : undefined;
const ONLINE = VERSION && !PLUGIN_DIR ? registryReachable() : false;
const wanted = PROVIDERS.map((p) => `hashicorp/${p.name} ${p.version}`).join(", ");
const SKIP_REASON = !VERSION
  ? "no terraform binary on PATH"
  : !PLUGIN_DIR && !ONLINE
    ? `the providers (${wanted}) are in no local plugin directory (${pluginDirectories().join(", ")}) and ${REGISTRY_PROBE} is unreachable`
    : undefined;

describe("provider detection for terraform validate", () => {
  (VERSION ? it : it.skip)("looks for the exact provider versions the stacks pin", () => {
    expect(PROVIDERS.map((p) => p.name).sort()).toEqual(["aws", "random"]);
    for (const p of PROVIDERS) expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

if (!VERSION) {
  // The detection test above skips too: nothing in this file would run to carry the reason.
  skippedSuite("terraform validate of every synthesized stack", SKIP_REASON!, noTerraform);
} else if (SKIP_REASON) {
  // jest lists a skipped test's title only with --verbose: the warning always shows (the
  // detection test runs, so this file's console output is printed).
  console.warn(`terraform validate of every synthesized stack: skipped, ${SKIP_REASON}`);
  // it.skip inside a running describe, so a --verbose run lists the reason too.
  describe("terraform validate of every synthesized stack", () => {
    it.skip(`cannot run: ${SKIP_REASON}`, () => undefined);
  });
} else {
  describe(`terraform validate of every synthesized stack (${VERSION}, providers from ${PLUGIN_DIR ?? "the registry"})`, () => {
    const work = tempDir("validate");
    // The shipped environments, and prod with every optional feature on (bench/all-features.json):
    // its domain, VPC origin and standby region (the multiple-server-all-features-dr stack) too.
    const shipped = synthesize({ outdir: path.join(work, "shipped"), env: { MULTIPLE_SERVER_ENVIRONMENTS: "dev,prod" } });
    const allFeatures = synthesize({
      outdir: path.join(work, "all-features"),
      env: { MULTIPLE_SERVER_CONFIG: path.join(__dirname, "..", "..", "bench", "all-features.json"), MULTIPLE_SERVER_ENVIRONMENTS: "all-features" },
    });
    const stacks = [...shipped.map((stack) => path.join("shipped", "stacks", stack)), ...allFeatures.map((stack) => path.join("all-features", "stacks", stack))];
    afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

    const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    // A CLI configuration the machine names but does not have only adds a warning to every command.
    if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;

    it.each(stacks)("%s is valid", (stack) => {
      const cwd = path.join(work, stack);
      const run = (args: string[]) => spawnSync("terraform", args, { cwd, env, encoding: "utf8", timeout: INIT_TIMEOUT_MS });
      const init = run(["init", "-backend=false", "-input=false", "-no-color", ...(PLUGIN_DIR ? [`-plugin-dir=${PLUGIN_DIR}`] : [])]);
      if (init.status !== 0) throw new Error(`terraform init failed (${init.status ?? init.error})\n${init.stdout}\n${init.stderr}`);
      const validate = run(["validate", "-json", "-no-color"]);
      const result = JSON.parse(validate.stdout);
      expect(result.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
      expect(result.valid).toBe(true);
    }, INIT_TIMEOUT_MS);
  });
}
