import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { docSection } from "./helpers/docs";

const SCRIPT = path.join(__dirname, "..", "scripts", "bootstrap.js");
const BUCKET = "multiple-server-tfstate";
const ADDRESS = "aws_s3_bucket.bucket-multiple-server-tfstate_bucket_5B1C4E66";

/**
 * The error the AWS provider prints when CreateBucket fails, as Terraform frames it: the text the
 * script reads. AWS cannot be reached here, so a stand-in `terraform` prints it; what is under
 * test is the script's reading of it and what it tells the user.
 */
const providerError = (code: string) =>
  [
    "╷",
    `│ Error: creating S3 Bucket (${BUCKET}): operation error S3: CreateBucket, https response error StatusCode: 409, RequestID: 3Q6TQ9ZP1EXAMPLE, HostID: abc=, ${code}: `,
    "│ ",
    `│   with ${ADDRESS},`,
    "│   on cdk.tf.json line 61, in resource \"aws_s3_bucket\" \"bucket-multiple-server-tfstate_bucket_5B1C4E66\":",
    "╵",
  ].join("\n");

/** Runs scripts/bootstrap.js against a synthesized-looking cdktf.out, with a terraform that fails apply with `error` (or succeeds). */
function bootstrap(options: { error?: string; synthesized?: boolean; args?: string[] } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ms-bootstrap-"));
  const stackDir = path.join(root, "cdktf.out", "stacks", "multiple-server-state");
  if (options.synthesized !== false) {
    fs.mkdirSync(stackDir, { recursive: true });
    const tf = { resource: { aws_s3_bucket: { [ADDRESS.split(".")[1]]: { bucket: BUCKET } } } };
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify(tf));
  }
  const fake = path.join(root, "terraform");
  const errorFile = path.join(root, "error.txt");
  if (options.error) fs.writeFileSync(errorFile, options.error);
  fs.writeFileSync(
    fake,
    [
      "#!/bin/bash",
      'echo "terraform $* (in $(basename "$PWD"))" >> "$(dirname "$0")/calls"',
      '[ "$1" = init ] && { echo "Terraform has been successfully initialized!"; exit 0; }',
      `[ -f "${errorFile}" ] && { cat "${errorFile}" >&2; exit 1; }`,
      'echo "Apply complete! Resources: 8 added, 0 changed, 0 destroyed."',
    ].join("\n"),
    { mode: 0o755 },
  );
  const run = spawnSync(
    process.execPath,
    ["-e", `require(${JSON.stringify(SCRIPT)}).main(${JSON.stringify(options.args ?? [])}, ${JSON.stringify(root)}).then((c) => process.exit(c))`],
    { encoding: "utf8", env: { ...process.env, TERRAFORM: fake } },
  );
  const calls = fs.existsSync(path.join(root, "calls")) ? fs.readFileSync(path.join(root, "calls"), "utf8").trim().split("\n") : [];
  fs.rmSync(root, { recursive: true });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls };
}

describe("npm run bootstrap", () => {
  it("runs terraform init then apply in the state stack's folder, passing apply's options, and says nothing more on success", () => {
    const { status, stdout, stderr, calls } = bootstrap({ args: ["-auto-approve"] });
    expect(status).toBe(0);
    expect(calls).toEqual(["terraform init -input=false (in multiple-server-state)", "terraform apply -auto-approve (in multiple-server-state)"]);
    expect(stdout).toContain("Apply complete!");
    expect(stderr).toBe("");
  });

  it("on BucketAlreadyExists says the name belongs to another account, not to point environments at it, and how to pick one's own", () => {
    const { status, stderr } = bootstrap({ error: providerError("BucketAlreadyExists") });
    expect(status).toBe(1);
    expect(stderr).toContain(providerError("BucketAlreadyExists")); // Terraform's own error stays visible
    expect(stderr).toContain(`The state bucket name ${BUCKET} belongs to ANOTHER AWS account.`);
    expect(stderr).toContain("Do not point your environments at it");
    expect(stderr).toContain(
      "  export MULTIPLE_SERVER_STATE_BUCKET=multiple-server-tfstate-$(aws sts get-caller-identity --query Account --output text)\n  npm run synth && npm run bootstrap\n",
    );
    expect(stderr).not.toContain("IN YOUR ACCOUNT");
  });

  it("on BucketAlreadyOwnedByYou says the bucket is the user's own and gives the exact import command", () => {
    const { status, stderr } = bootstrap({ error: providerError("BucketAlreadyOwnedByYou") });
    expect(status).toBe(1);
    expect(stderr).toContain(`The state bucket ${BUCKET} already exists IN YOUR ACCOUNT (BucketAlreadyOwnedByYou)`);
    expect(stderr).toContain(`  cd cdktf.out/stacks/multiple-server-state && terraform import '${ADDRESS}' ${BUCKET}\n`);
    expect(stderr).not.toContain("ANOTHER AWS account");
  });

  it("passes any other failure through unexplained, with terraform's exit code", () => {
    const { status, stderr } = bootstrap({ error: "│ Error: creating S3 Bucket (x): AccessDenied: Access Denied" });
    expect(status).toBe(1);
    expect(stderr).toBe("│ Error: creating S3 Bucket (x): AccessDenied: Access Denied");
  });

  it("asks for a synth first when cdktf.out has no state stack", () => {
    const { status, stderr, calls } = bootstrap({ synthesized: false });
    expect(status).toBe(1);
    expect(stderr).toContain("No multiple-server-state stack in cdktf.out: run `npm run synth` first");
    expect(calls).toEqual([]);
  });
});

describe("the first Deploy step (docs/deploy-and-ci.md)", () => {
  const deploy = docSection("docs/deploy-and-ci.md", "deploy");

  it("starts with choosing a bucket name of one's own and bootstraps with npm run bootstrap", () => {
    const first = deploy.split("\n\n")[0];
    expect(first).toMatch(/^\*\*1\. Choose a state bucket name of your own\.\*\*/);
    expect(first).toContain("BucketAlreadyExists");
    expect(deploy).toContain("npm run bootstrap");
    expect(deploy).not.toContain("npx cdktf deploy multiple-server-state");
  });
});
