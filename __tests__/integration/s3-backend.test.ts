import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import dynalite from "dynalite";
import S3rver from "s3rver";
import { STATE_STACK_NAME } from "../../src/naming";
import { dynamodb, s3Json, s3Keys } from "./local-aws";
import {
  backendOnlyConfig,
  expectSuccess,
  finished,
  localEndpointFlags,
  noTerraform,
  skippedSuite,
  startTerraform,
  synthesizedStacks,
  tempDir,
  terraform,
  terraformEnv,
  terraformVersion,
  waitFor,
} from "./terraform";

/**
 * The S3 backend as synthesized, against the real `terraform` binary and an S3-compatible server
 * (s3rver) and a DynamoDB implementation (dynalite) started here on 127.0.0.1, free ports.
 *
 * Only the synthesized `terraform { backend "s3" }` block is used (see backendOnlyConfig): the
 * AWS provider cannot be downloaded here. The local endpoints reach terraform only through
 * `-backend-config` flags and environment variables, never by editing the synthesized block.
 */
const VERSION = terraformVersion();
const STEP_TIMEOUT_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

const TITLE = "the synthesized S3 backend against s3rver and dynalite";
// Nothing is synthesized or started when skipped.
if (VERSION) describe(`${TITLE} (${VERSION})`, backendSuite);
else skippedSuite(TITLE, "no terraform binary on PATH (needs terraform >= 1.10)", noTerraform);

function backendSuite(): void {
  jest.setTimeout(STEP_TIMEOUT_MS);
  const work = tempDir("s3-backend");
  const env = terraformEnv(work);
  let s3rver: S3rver;
  let dynamo: import("node:http").Server;
  let s3Endpoint = "";
  let dynamoEndpoint = "";

  // The stacks as `npm run synth` writes them: the environment's backend, and the bootstrap
  // stack's bucket and (opt-in) lock table, which the servers are then set up like.
  const plain = synthesizedStacks(work, { MULTIPLE_SERVER_ENVIRONMENTS: "dev" });
  const locked = synthesizedStacks(work, {
    MULTIPLE_SERVER_ENVIRONMENTS: "dev",
    MULTIPLE_SERVER_STATE_KEY_PREFIX: "locking",
    MULTIPLE_SERVER_STATE_LOCK_TABLE: "multiple-server-tflock",
  });
  // What a team on Terraform < 1.10 synthesizes: the table alone, no use_lockfile argument.
  const dynamodbOnly = synthesizedStacks(work, {
    MULTIPLE_SERVER_ENVIRONMENTS: "dev",
    MULTIPLE_SERVER_STATE_KEY_PREFIX: "dynamodb-only",
    MULTIPLE_SERVER_STATE_LOCK_TABLE: "multiple-server-tflock",
    MULTIPLE_SERVER_STATE_USE_LOCKFILE: "false",
  });
  const backend = plain["multiple-server-dev"].terraform.backend.s3;
  const lockedBackend = locked["multiple-server-dev"].terraform.backend.s3;
  /** A bucket only CI knows about, named at init with -backend-config and nowhere in the synthesized block. */
  const CI_BUCKET = "ci-override-tfstate";
  const [bucketName] = Object.values(plain[STATE_STACK_NAME].resource.aws_s3_bucket).map((b: any) => b.bucket);
  const [lockTable] = Object.values(locked[STATE_STACK_NAME].resource.aws_dynamodb_table) as any[];

  beforeAll(async () => {
    s3rver = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory: path.join(work, "s3rver"),
      configureBuckets: [
        { name: bucketName, configs: [] },
        { name: CI_BUCKET, configs: [] },
      ],
    });
    const { port } = await s3rver.run();
    s3Endpoint = `http://127.0.0.1:${port}`;

    dynamo = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => dynamo.listen(0, "127.0.0.1", resolve));
    dynamoEndpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
    // The table exactly as the bootstrap stack declares it.
    await dynamodb(dynamoEndpoint, "CreateTable", {
      TableName: lockTable.name,
      BillingMode: lockTable.billing_mode,
      KeySchema: [{ AttributeName: lockTable.hash_key, KeyType: "HASH" }],
      AttributeDefinitions: lockTable.attribute.map((a: any) => ({ AttributeName: a.name, AttributeType: a.type })),
    });
  });

  afterAll(async () => {
    await s3rver?.close();
    await new Promise((resolve) => (dynamo ? dynamo.close(resolve) : resolve(undefined)));
    fs.rmSync(work, { recursive: true, force: true });
  });

  const keys = (bucket = bucketName) => s3Keys(s3Endpoint, bucket);
  const stateObject = (key: string, bucket = bucketName) => s3Json(s3Endpoint, bucket, key);
  const pull = async (dir: string) => JSON.parse(expectSuccess(await terraform(dir, env, ["state", "pull", "-no-color"])).stdout);

  it("the bootstrap stack creates the very bucket the environment's backend names", () => {
    expect(bucketName).toBe(backend.bucket);
    expect(lockTable.name).toBe(lockedBackend.dynamodb_table);
  });

  describe("state in the bucket, locked with use_lockfile", () => {
    const dir = path.join(work, "dev");
    const key = backend.key;

    it("terraform init configures the synthesized backend with -backend-config pointing at s3rver", async () => {
      backendOnlyConfig(dir, plain["multiple-server-dev"]);
      const init = expectSuccess(await terraform(dir, env, ["init", "-input=false", "-no-color", ...localEndpointFlags({ s3: s3Endpoint })]));
      expect(init.stdout).toContain('Successfully configured the backend "s3"');
      // The synthesized file was not touched: the endpoint lives only in terraform's data directory.
      expect(JSON.parse(fs.readFileSync(path.join(dir, "main.tf.json"), "utf8")).terraform.backend.s3).toEqual(backend);
    });

    it("terraform apply writes the state object under multiple-server/dev/terraform.tfstate", async () => {
      expect(key).toBe("multiple-server/dev/terraform.tfstate");
      expectSuccess(await terraform(dir, env, ["apply", "-auto-approve", "-input=false", "-no-color", "-var", "marker=first"]));
      expect(await keys()).toEqual([key]); // and no lock object left behind
      expect((await stateObject(key)).outputs.marker.value).toBe("first");
    });

    it("terraform state pull reads back what the bucket holds", async () => {
      const pulled = await pull(dir);
      const stored = await stateObject(key);
      expect(pulled.outputs.marker.value).toBe("first");
      expect({ lineage: pulled.lineage, serial: pulled.serial }).toEqual({ lineage: stored.lineage, serial: stored.serial });
    });

    it("holds <key>.tflock while an operation runs and removes it after", async () => {
      // `terraform console` holds the state lock for as long as it runs, which gives the test all
      // the time it needs to look (an apply of this config is over in a fraction of a second).
      // s3rver ignores conditional PUTs (If-None-Match), so it cannot show that a second writer is
      // refused: S3-native lock exclusivity can only be proven against real S3.
      const console = startTerraform(dir, env, ["console", "-no-color"]);
      const done = finished(console);
      const lockKey = `${key}.tflock`;
      try {
        await waitFor(lockKey, async () => ((await keys()).includes(lockKey) ? true : undefined), LOCK_WAIT_MS);
        const lock = await stateObject(lockKey);
        expect(lock).toEqual(expect.objectContaining({ ID: expect.any(String), Path: `${bucketName}/${key}` }));
      } finally {
        console.stdin!.end(); // console exits at the end of its input and releases the lock
      }
      expect((await done).code).toBe(0);
      expect(await keys()).toEqual([key]);
    });
  });

  describe("partial configuration at terraform init overrides what the block synthesized (as CI passes it)", () => {
    const dir = path.join(work, "dev-ci");
    const ciKey = "ci/dev/terraform.tfstate";

    it("-backend-config=bucket= and key= put the state in CI's bucket under CI's key", async () => {
      backendOnlyConfig(dir, plain["multiple-server-dev"]);
      // The synthesized block names both; the flags win, as they do in the workflows' TF_BACKEND_CONFIG.
      expect(backend.bucket).not.toBe(CI_BUCKET);
      expect(backend.key).not.toBe(ciKey);
      const overrides = [`-backend-config=bucket=${CI_BUCKET}`, `-backend-config=key=${ciKey}`];
      expectSuccess(await terraform(dir, env, ["init", "-input=false", "-no-color", ...overrides, ...localEndpointFlags({ s3: s3Endpoint })]));
      expectSuccess(await terraform(dir, env, ["apply", "-auto-approve", "-input=false", "-no-color", "-var", "marker=from-ci"]));
      expect(await keys(CI_BUCKET)).toEqual([ciKey]);
      expect((await stateObject(ciKey, CI_BUCKET)).outputs.marker.value).toBe("from-ci");
      expect((await pull(dir)).outputs.marker.value).toBe("from-ci");
      // The synthesized location was not written: dev's state there is still the first test's.
      expect((await stateObject(backend.key)).outputs.marker.value).toBe("first");
      expect(JSON.parse(fs.readFileSync(path.join(dir, "main.tf.json"), "utf8")).terraform.backend.s3).toEqual(backend);
    });
  });

  describe.each([
    { title: "state locked with the opt-in DynamoDB table (and use_lockfile)", stacks: locked, folder: "dev-locked", useLockfile: true },
    { title: "state locked with the DynamoDB table alone (use_lockfile off, for Terraform < 1.10)", stacks: dynamodbOnly, folder: "dev-dynamodb-only", useLockfile: false },
  ])("$title", ({ stacks, folder, useLockfile }) => {
    const dir = path.join(work, folder);
    const synthesized = stacks["multiple-server-dev"].terraform.backend.s3;
    const key = synthesized.key;
    const lockId = `${bucketName}/${key}`;
    const flags = () => localEndpointFlags({ s3: s3Endpoint, dynamodb: dynamoEndpoint });

    it("terraform init and apply work with the table pointed at dynalite", async () => {
      expect(synthesized.dynamodb_table).toBe("multiple-server-tflock");
      if (useLockfile) expect(synthesized.use_lockfile).toBe(true);
      else expect(synthesized).not.toHaveProperty("use_lockfile");
      backendOnlyConfig(dir, stacks["multiple-server-dev"]);
      expectSuccess(await terraform(dir, env, ["init", "-input=false", "-no-color", ...flags()]));
      expectSuccess(await terraform(dir, env, ["apply", "-auto-approve", "-input=false", "-no-color", "-var", "marker=first"]));
      expect((await stateObject(key)).outputs.marker.value).toBe("first");
    });

    it("refuses a second apply while another holds the lock, and leaves the state unchanged", async () => {
      const before = await stateObject(key);
      // The lock item another terraform run writes (see the S3 backend's LockInfo).
      const info = {
        ID: "5b1b1c0e-7d9f-4a0e-9a39-3f6c6c1c1c1c",
        Operation: "OperationTypeApply",
        Info: "",
        Who: "colleague@ci-runner",
        Version: "1.11.4",
        Created: new Date().toISOString(),
        Path: lockId,
      };
      await dynamodb(dynamoEndpoint, "PutItem", { TableName: lockTable.name, Item: { LockID: { S: lockId }, Info: { S: JSON.stringify(info) } } });

      const second = await terraform(dir, env, ["apply", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=0s", "-var", "marker=second"]);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain("Error acquiring the state lock");
      expect(second.stderr).toContain("colleague@ci-runner");
      const after = await stateObject(key);
      expect(after).toEqual(before);
      expect((await pull(dir)).outputs.marker.value).toBe("first");
      // Without use_lockfile the table is the only lock: there is no .tflock object beside the state.
      if (!useLockfile) expect((await keys()).filter((k) => k?.startsWith(`${key}.`))).toEqual([]);
    });

    it("applies once the lock is released: the refusal was the lock's doing", async () => {
      await dynamodb(dynamoEndpoint, "DeleteItem", { TableName: lockTable.name, Key: { LockID: { S: lockId } } });
      expectSuccess(await terraform(dir, env, ["apply", "-auto-approve", "-input=false", "-no-color", "-var", "marker=second"]));
      expect((await stateObject(key)).outputs.marker.value).toBe("second");
    });
  });
}
