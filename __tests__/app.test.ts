import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../src/app";
import { ConfigError } from "../src/config/errors";
import { contextValue, selectEnvironments } from "../src/config/load";

const ROOT = path.join(__dirname, "..");

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "ms-app-"));
}

function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, file)] = fs.readFileSync(file, "utf8");
    }
  }
  return out;
}

function badConfigFile(dir: string): string {
  const file = path.join(dir, "envs.json");
  fs.writeFileSync(file, JSON.stringify({ environments: { qa: { namePrefix: "ms-qa", network: { vpcCidr: "8.8.0.0/16" } } } }));
  return file;
}

describe("synthesize", () => {
  const work = tempDir();
  const outdir = path.join(work, "cdktf.out");
  const env = { MULTIPLE_SERVER_ENVIRONMENTS: "dev" };
  const stackFile = path.join(outdir, "stacks", "multiple-server-dev", "cdk.tf.json");
  const leftBehind = path.join(outdir, "stacks", "multiple-server-dev", ".terraform", "terraform.tfstate");

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("writes the selected stacks and the manifest cdktf reads", () => {
    const stacks = synthesize({ outdir, env });
    expect(stacks).toContain("multiple-server-dev");
    expect(JSON.parse(fs.readFileSync(stackFile, "utf8")).terraform.backend.s3.key).toBe("multiple-server/dev/terraform.tfstate");
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks["multiple-server-dev"].synthesizedStackPath).toBe("stacks/multiple-server-dev/cdk.tf.json");
  });

  it("leaves the previous output exactly as it was when the configuration is invalid", () => {
    fs.mkdirSync(path.dirname(leftBehind), { recursive: true });
    fs.writeFileSync(leftBehind, "what terraform init left here");
    const before = snapshotTree(outdir);
    const run = () => synthesize({ outdir, env: { MULTIPLE_SERVER_ENVIRONMENTS: "dev,qa", MULTIPLE_SERVER_CONFIG: badConfigFile(work) } });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow("qa.network.vpcCidr 8.8.0.0/16 is not a private block");
    expect(snapshotTree(outdir)).toEqual(before);
    expect(fs.readdirSync(work).filter((f) => f.includes("staging"))).toEqual([]);
  });

  it("replaces synthesized files on success but keeps what terraform left in the stack folders", () => {
    synthesize({ outdir, env });
    expect(fs.readFileSync(leftBehind, "utf8")).toBe("what terraform init left here");
  });

  it("removes the folder of a stack it no longer writes, as cdktf synth does, so no stale stack can be applied", () => {
    synthesize({ outdir, env: { MULTIPLE_SERVER_ENVIRONMENTS: "dev,prod" } });
    expect(fs.existsSync(path.join(outdir, "stacks", "multiple-server-prod", "cdk.tf.json"))).toBe(true);
    synthesize({ outdir, env });
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["multiple-server-dev", "multiple-server-state"]);
    expect(fs.readFileSync(leftBehind, "utf8")).toBe("what terraform init left here");
  });
});

/**
 * Each backend kind through the whole of synthesize(): construct, guardrails (with the prod
 * rules), publish. The construct tests alone once let a `cloud` block through that the
 * guardrails' view of the stack could not read.
 */
describe("synthesize with each backend kind", () => {
  const work = tempDir();
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const stackJson = (outdir: string, stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  const manifestStacks = (outdir: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks);

  it("cloud: writes terraform.cloud (and no backend block) per environment, passes the guardrails, synthesizes no bootstrap stack", () => {
    const outdir = path.join(work, "cloud");
    const stacks = synthesize({ outdir, env: { MULTIPLE_SERVER_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme" } });
    expect(stacks).toEqual(["multiple-server-dev", "multiple-server-prod"]);
    expect(manifestStacks(outdir)).toEqual(stacks);
    for (const stack of stacks) {
      const { terraform } = stackJson(outdir, stack);
      expect(terraform.cloud).toEqual({ hostname: "app.terraform.io", organization: "acme", workspaces: { name: stack } });
      expect(terraform).not.toHaveProperty("backend");
    }
  });

  it("local: writes terraform.backend.local per environment, synthesizes no bootstrap stack", () => {
    const outdir = path.join(work, "local");
    const stacks = synthesize({ outdir, env: { MULTIPLE_SERVER_BACKEND: "local" } });
    expect(stacks).toEqual(["multiple-server-dev", "multiple-server-prod"]);
    expect(manifestStacks(outdir)).toEqual(stacks);
    for (const environment of ["dev", "prod"]) {
      const stackDir = path.join(outdir, "stacks", `multiple-server-${environment}`);
      const { path: statePath } = stackJson(outdir, `multiple-server-${environment}`).terraform.backend.local;
      expect(statePath).toBe(`../../../terraform-state/terraform.${environment}.tfstate`);
      // Terraform resolves it from the stack's folder: beside the outdir, outside anything cdktf synth prunes.
      expect(path.resolve(stackDir, statePath)).toBe(path.join(work, "terraform-state", `terraform.${environment}.tfstate`));
    }
  });
});

describe("npm run synth with a bad setting", () => {
  it("exits 1 with every problem listed and no stack trace", () => {
    const work = tempDir();
    const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: path.join(work, "out"), MULTIPLE_SERVER_CONFIG: badConfigFile(work), MULTIPLE_SERVER_ENVIRONMENTS: "qa" },
    });
    fs.rmSync(work, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("qa.network.vpcCidr 8.8.0.0/16 is not a private block");
    // The subnets follow the block (derived from it), so the block alone is reported.
    expect(result.stderr).not.toContain("is outside the VPC");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("selectEnvironments", () => {
  it("defaults to dev and prod", () => {
    expect(selectEnvironments({})).toEqual(["dev", "prod"]);
  });
  it("reads MULTIPLE_SERVER_ENVIRONMENTS first, trimmed and deduplicated", () => {
    expect(selectEnvironments({ MULTIPLE_SERVER_ENVIRONMENTS: " prod, staging ,prod" }, "dev")).toEqual(["prod", "staging"]);
  });
  it("falls back to the cdktf context value, as a string or a list", () => {
    expect(selectEnvironments({}, "prod")).toEqual(["prod"]);
    expect(selectEnvironments({}, ["dev", "staging"])).toEqual(["dev", "staging"]);
  });
});

describe("contextValue", () => {
  const work = tempDir();
  const cdktfJson = path.join(work, "cdktf.json");
  fs.writeFileSync(cdktfJson, JSON.stringify({ language: "typescript", app: "x", context: { environments: "prod" } }));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("reads cdktf.json's context", () => {
    expect(contextValue({}, "environments", cdktfJson)).toBe("prod");
  });
  it("lets CDKTF_CONTEXT_JSON win over the file", () => {
    expect(contextValue({ CDKTF_CONTEXT_JSON: '{"environments":"dev"}' }, "environments", cdktfJson)).toBe("dev");
  });
  it("is undefined without either", () => {
    expect(contextValue({}, "environments", path.join(work, "none.json"))).toBeUndefined();
  });
});
