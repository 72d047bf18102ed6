import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { GuardrailError } from "../../src/guardrails";

const ROOT = path.join(__dirname, "..", "..");

/** Every file under `dir` with its content. */
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

/**
 * A valid configuration (the config rules accept it) that breaks MS-STATE-1: environment qa's state
 * unencrypted. (The file adds an environment: it may not redefine the shipped dev.)
 */
function unencryptedStateConfig(dir: string): string {
  const file = path.join(dir, "envs.json");
  fs.writeFileSync(file, JSON.stringify({ environments: { qa: { namePrefix: "ms-qa", backend: { encrypt: false } } } }));
  return file;
}

const STATE_VIOLATION = [
  "  - stack multiple-server-qa, construct multiple-server-qa/state/backend, resource terraform.backend.s3",
  "    MS-STATE-1 (high): The S3 state backend encrypts the state and locks it (use_lockfile or a DynamoDB table)",
  "    fix: keep backend.encrypt: true and backend.useLockfile: true (or backend.dynamodbTable for Terraform < 1.10)",
].join("\n");

describe("a guardrail violation through synthesize()", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-guardrails-"));
  const outdir = path.join(work, "cdktf.out");
  const env = { MULTIPLE_SERVER_ENVIRONMENTS: "dev,prod" };
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("passes for the shipped environments and the state stack", () => {
    expect(synthesize({ outdir, env })).toEqual(["multiple-server-dev", "multiple-server-prod", "multiple-server-state"]);
  });

  it("fails naming stack, construct, resource, rule and fix, and leaves the previous output untouched", () => {
    const leftBehind = path.join(outdir, "stacks", "multiple-server-dev", ".terraform", "terraform.tfstate");
    fs.mkdirSync(path.dirname(leftBehind), { recursive: true });
    fs.writeFileSync(leftBehind, "what terraform init left here");
    const before = snapshotTree(outdir);

    let thrown: unknown;
    try {
      synthesize({ outdir, env: { MULTIPLE_SERVER_ENVIRONMENTS: "dev,prod,qa", MULTIPLE_SERVER_CONFIG: unencryptedStateConfig(work) } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GuardrailError);
    expect((thrown as Error).message).toContain(STATE_VIOLATION);
    expect((thrown as GuardrailError).violations).toHaveLength(1);
    expect(snapshotTree(outdir)).toEqual(before);
    expect(fs.readdirSync(work).filter((f) => f.includes("staging"))).toEqual([]);
  });
});

describe("npm run synth with a guardrail violation", () => {
  it("exits 1 with the violation and no stack trace", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-guardrails-"));
    const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: path.join(work, "out"), MULTIPLE_SERVER_CONFIG: unencryptedStateConfig(work), MULTIPLE_SERVER_ENVIRONMENTS: "qa" },
    });
    fs.rmSync(work, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(STATE_VIOLATION);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
