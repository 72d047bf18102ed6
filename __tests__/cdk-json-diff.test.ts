import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** scripts/cdk-json-diff.js: the comparison that lets a cdktn synth differ from cdktf's in versions only. */
const ROOT = path.join(__dirname, "..");
const SCRIPT = path.join(ROOT, "scripts", "cdk-json-diff.js");
const { compareOutdirs, asWrittenBy } = require(SCRIPT) as {
  compareOutdirs(left: string, right: string, from?: string, to?: string): Array<{ file: string; path: string[]; left: unknown; right: unknown; reason?: string }>;
  asWrittenBy(stack: unknown, from: string, to: string): unknown;
};

/** A stack as cdktf 0.21 writes it (the shape that matters here), and the same as cdktn 0.24 writes it. */
const stack = (cdk: "cdktf" | "cdktn") => ({
  "//": { metadata: { backend: "s3", stackName: "multiple-server-dev", version: cdk === "cdktf" ? "0.21.0" : "0.24.0" } },
  provider: { aws: [{ region: "ap-northeast-2" }] },
  resource: { aws_vpc: { vpc: { cidr_block: "10.0.0.0/16", tags: { Name: "multiple-server-vpc" } } } },
  terraform: {
    required_providers:
      cdk === "cdktf"
        ? { aws: { source: "aws", version: "6.25.0" }, random: { source: "hashicorp/random", version: "3.7.2" } }
        : { aws: { source: "hashicorp/aws", version: "6.66.0" }, random: { source: "hashicorp/random", version: "3.9.1" } },
  },
});

describe("comparing a cdktf synth with a cdktn synth (scripts/cdk-json-diff.js)", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-cdk-json-diff-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  let n = 0;
  /** An outdir holding `files` (path -> JSON value or raw text). */
  function outdir(files: Record<string, unknown>): string {
    const dir = path.join(work, String(n++));
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      // cdktf breaks an empty array over two lines, cdktn does not: only the parsed values count.
      fs.writeFileSync(path.join(dir, file), typeof content === "string" ? content : JSON.stringify(content, null, n % 2 ? 2 : 4));
    }
    return dir;
  }
  const cdktf = (extra: Record<string, unknown> = {}) =>
    outdir({ "manifest.json": { version: "0.21.0", stacks: {} }, "stacks/multiple-server-dev/cdk.tf.json": stack("cdktf"), "stacks/multiple-server-dev/assets/a/code.zip": "PK zip", ...extra });
  const cdktn = (extra: Record<string, unknown> = {}) =>
    outdir({ "manifest.json": { version: "0.24.0", stacks: {} }, "stacks/multiple-server-dev/cdk.tf.json": stack("cdktn"), "stacks/multiple-server-dev/assets/a/code.zip": "PK zip", ...extra });
  const unexpected = (left: string, right: string) => compareOutdirs(left, right).filter((d) => !d.reason).map((d) => `${d.file} ${d.path.join(".")}`);

  it("accepts exactly the CDK's version, the pinned provider versions and the provider's full source address", () => {
    const differences = compareOutdirs(cdktf(), cdktn());
    expect(differences.map((d) => [d.file, d.path.join("."), d.left, d.right, d.reason])).toEqual([
      ["manifest.json", "version", "0.21.0", "0.24.0", "the CDK's version"],
      ["stacks/multiple-server-dev/cdk.tf.json", "//.metadata.version", "0.21.0", "0.24.0", "the CDK's version"],
      ["stacks/multiple-server-dev/cdk.tf.json", "terraform.required_providers.aws.source", "aws", "hashicorp/aws", "the same registry address, short and full"],
      ["stacks/multiple-server-dev/cdk.tf.json", "terraform.required_providers.aws.version", "6.25.0", "6.66.0", "the aws provider the bindings wrap"],
      ["stacks/multiple-server-dev/cdk.tf.json", "terraform.required_providers.random.version", "3.7.2", "3.9.1", "the random provider the bindings wrap"],
    ]);
  });

  it("accepts the way back (cdktn to cdktf) with the versions the other way round", () => {
    expect(compareOutdirs(cdktn(), cdktf(), "cdktn", "cdktf").filter((d) => !d.reason)).toEqual([]);
  });

  it("refuses any change of a resource, however small", () => {
    const changed = stack("cdktn");
    changed.resource.aws_vpc.vpc.tags.Name = "multiple-server-vpc2";
    expect(unexpected(cdktf(), cdktn({ "stacks/multiple-server-dev/cdk.tf.json": changed }))).toEqual(["stacks/multiple-server-dev/cdk.tf.json resource.aws_vpc.vpc.tags.Name"]);
  });

  it("refuses a provider version other than the one the other CDK's bindings pin, and another source", () => {
    const other = stack("cdktn");
    other.terraform.required_providers.aws = { source: "someone/aws", version: "6.70.0" };
    expect(unexpected(cdktf(), cdktn({ "stacks/multiple-server-dev/cdk.tf.json": other }))).toEqual([
      "stacks/multiple-server-dev/cdk.tf.json terraform.required_providers.aws.source",
      "stacks/multiple-server-dev/cdk.tf.json terraform.required_providers.aws.version",
    ]);
  });

  it("refuses a version where none may change, and an added key", () => {
    const other = stack("cdktn") as ReturnType<typeof stack> & { terraform: { required_version?: string } };
    other.terraform.required_version = ">= 1.11.0";
    (other.provider.aws[0] as Record<string, string>).version = "6.66.0";
    expect(unexpected(cdktf(), cdktn({ "stacks/multiple-server-dev/cdk.tf.json": other }))).toEqual([
      "stacks/multiple-server-dev/cdk.tf.json provider.aws.0.version",
      "stacks/multiple-server-dev/cdk.tf.json terraform.required_version",
    ]);
  });

  it("refuses a random provider source written short: cdktf writes the short form for aws only", () => {
    const other = stack("cdktn");
    other.terraform.required_providers.random.source = "random";
    expect(unexpected(cdktf(), cdktn({ "stacks/multiple-server-dev/cdk.tf.json": other }))).toEqual(["stacks/multiple-server-dev/cdk.tf.json terraform.required_providers.random.source"]);
  });

  it("turns a stack into the other CDK's writing in exactly the allowed fields, both ways", () => {
    expect(asWrittenBy(stack("cdktf"), "cdktf", "cdktn")).toEqual(stack("cdktn"));
    expect(asWrittenBy(stack("cdktn"), "cdktn", "cdktf")).toEqual(stack("cdktf"));
    expect(asWrittenBy(stack("cdktf"), "cdktf", "cdktf")).toEqual(stack("cdktf"));
    const changed = stack("cdktn");
    changed.terraform.required_providers.aws.version = "6.70.0";
    expect((asWrittenBy(changed, "cdktn", "cdktf") as typeof changed).terraform.required_providers.aws).toEqual({ source: "aws", version: "6.70.0" });
  });

  it("refuses an asset that differs by a byte and a file on one side only", () => {
    expect(unexpected(cdktf(), cdktn({ "stacks/multiple-server-dev/assets/a/code.zip": "PK zap", "stacks/multiple-server-prod/cdk.tf.json": stack("cdktn") }))).toEqual([
      "stacks/multiple-server-dev/assets/a/code.zip ",
      "stacks/multiple-server-prod/cdk.tf.json ",
    ]);
  });

  it("exits 0 with the expected differences listed, 1 on any other, 2 on a wrong call", () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
    const same = run(cdktf(), cdktn());
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("cdktf -> cdktn: 3 files compared, 5 expected difference(s), 0 other");
    const changed = stack("cdktn");
    changed.resource.aws_vpc.vpc.cidr_block = "10.9.0.0/16";
    const other = run(cdktf(), cdktn({ "stacks/multiple-server-dev/cdk.tf.json": changed }));
    expect(other.status).toBe(1);
    expect(other.stdout).toContain('NOT EXPECTED: stacks/multiple-server-dev/cdk.tf.json resource.aws_vpc.vpc.cidr_block: "10.0.0.0/16" -> "10.9.0.0/16"');
    expect(run(cdktf()).status).toBe(2);
  });
});
