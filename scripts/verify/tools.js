"use strict";
// What `npm run verify` needs from the machine: terraform on PATH, Python 3 for the venv that
// holds checkov and moto (scripts/verify/requirements.txt, installed into .verify/venv), and the
// AWS provider, pinned from the registry or else from a local filesystem mirror.
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const https = require("node:https");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.join(__dirname, "..", "..");
/** Everything verify installs or writes: ignored by git (.gitignore). */
const WORK_ROOT = path.join(ROOT, ".verify");
const VENV = path.join(WORK_ROOT, "venv");
const REQUIREMENTS = path.join(__dirname, "requirements.txt");

/** A problem the user fixes on their machine: one line, no trace. */
class ToolError extends Error {}

function terraformVersion() {
  const result = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (result.error || result.status !== 0) {
    throw new ToolError("terraform is not on PATH: install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) and run again");
  }
  const version = JSON.parse(result.stdout).terraform_version;
  // The stacks use write-only arguments and ephemeral resources (the database password): Terraform 1.11.
  const [major, minor] = version.split(".").map(Number);
  if (major < 1 || (major === 1 && minor < 11)) {
    throw new ToolError(`terraform ${version} is on PATH; the stacks need Terraform >= 1.11 (write-only arguments): install a newer one (https://developer.hashicorp.com/terraform/install) and run again`);
  }
  return version;
}

function python() {
  for (const candidate of ["python3", "python"]) {
    const result = spawnSync(candidate, ["-c", "import sys, venv; print(sys.version_info >= (3, 9))"], { encoding: "utf8" });
    if (result.status === 0 && result.stdout.trim() === "True") return candidate;
  }
  throw new ToolError("Python >= 3.9 with the venv module is not on PATH (checkov and moto need it): install python3 and python3-venv and run again");
}

const venvBin = (name) => path.join(VENV, "bin", name);

/**
 * The venv of the pinned requirements, created or refreshed when requirements.txt changed (its
 * hash is kept beside the venv). Returns the paths of the tools verify runs from it.
 */
function ensureVenv(log) {
  const hash = crypto.createHash("sha256").update(fs.readFileSync(REQUIREMENTS)).digest("hex");
  const stamp = path.join(VENV, ".requirements.sha256");
  const current = fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash;
  if (!current) {
    const interpreter = python();
    log(`Installing checkov and moto into ${path.relative(ROOT, VENV)} (scripts/verify/requirements.txt, about a minute once)`);
    fs.rmSync(VENV, { recursive: true, force: true });
    const steps = [
      [interpreter, ["-m", "venv", VENV]],
      [venvBin("python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS]],
    ];
    for (const [command, args] of steps) {
      const result = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"] });
      if (result.status !== 0) throw new ToolError(`${path.basename(command)} ${args.slice(0, 3).join(" ")} failed (exit ${result.status}): see the output above`);
    }
    fs.writeFileSync(stamp, hash);
  }
  return { python: venvBin("python"), checkov: venvBin("checkov") };
}

/** Where terraform looks for providers without a network, and the image's mirror; VERIFY_PROVIDER_MIRROR first. */
function mirrorCandidates() {
  const home = os.homedir();
  return [
    process.env.VERIFY_PROVIDER_MIRROR,
    "/opt/tf-plugins",
    path.join(home, ".terraform.d", "plugins"),
    path.join(process.env.XDG_DATA_HOME ?? path.join(home, ".local", "share"), "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ].filter(Boolean);
}

const compareVersions = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};

/** The newest hashicorp/aws of a local mirror (unpacked layout) for this platform, or undefined. */
function mirroredAws() {
  const platform = `${process.platform}_${{ x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch}`;
  for (const dir of mirrorCandidates()) {
    const base = path.join(dir, "registry.terraform.io", "hashicorp", "aws");
    if (!fs.existsSync(base)) continue;
    const versions = fs
      .readdirSync(base)
      .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && fs.existsSync(path.join(base, v, platform)))
      .sort(compareVersions);
    if (versions.length > 0) return { mirror: dir, version: versions[versions.length - 1] };
  }
  return undefined;
}

/** Whether the Terraform registry answers within a few seconds (it does not on offline machines). */
function registryReachable(timeoutMs = 3000) {
  if (process.env.VERIFY_PROVIDERS === "mirror") return Promise.resolve(false);
  return new Promise((resolve) => {
    const request = https.get("https://registry.terraform.io/.well-known/terraform.json", { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/**
 * Which AWS provider the stacks are validated and applied with: the pinned one from the registry
 * when it answers, else the newest hashicorp/aws of a local mirror (said in the output and table).
 * Writes the Terraform CLI configuration for that choice into `work`.
 */
async function providerSource(pinnedAws, work) {
  const cliConfig = path.join(work, "terraformrc");
  fs.mkdirSync(work, { recursive: true });
  if (await registryReachable()) {
    const cache = path.join(WORK_ROOT, "plugin-cache");
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(cliConfig, `plugin_cache_dir = ${JSON.stringify(cache)}\n`);
    return { kind: "pinned", version: pinnedAws, cliConfig, label: `hashicorp/aws ${pinnedAws} (pinned, from the registry)` };
  }
  const found = mirroredAws();
  if (!found) {
    throw new ToolError(
      `the pinned hashicorp/aws ${pinnedAws} cannot be had (the Terraform registry does not answer) and no local mirror holds hashicorp/aws ` +
        `(looked in ${mirrorCandidates().join(", ")}; VERIFY_PROVIDER_MIRROR names another)`,
    );
  }
  const config = `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(found.mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`;
  fs.writeFileSync(cliConfig, config);
  return {
    kind: "mirror",
    version: found.version,
    cliConfig,
    label: `hashicorp/aws ${found.version} (local mirror ${found.mirror}: the pinned ${pinnedAws} cannot be had, no registry)`,
  };
}

module.exports = { ROOT, WORK_ROOT, ToolError, terraformVersion, ensureVenv, providerSource, mirroredAws, registryReachable };
