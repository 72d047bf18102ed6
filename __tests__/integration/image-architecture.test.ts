import * as fs from "node:fs";
import * as path from "node:path";
import { settingsFor, synthStack } from "../helpers";
import { noTerraform, skippedSuite, tempDir, terraform, terraformEnv } from "./terraform";

/*
 * web.image's architecture check (src/constructs/web/web-tier.ts imageArchitectureCheck) run by
 * terraform with a real AWS provider against moto: the synthesized `data "aws_ami"` with its
 * postcondition, planned. What this proves is Terraform's and the provider's side (the data
 * source reads the image's architecture and the postcondition stops the plan with our message);
 * moto's images stand in for AWS's (its bundled list: ami-03cf127a is x86_64,
 * ami-0e9271c829888680e arm64, moto/ec2/resources/amis.json.gz).
 */
const ROOT = path.join(__dirname, "..", "..");
const PYTHON = path.join(ROOT, ".verify", "venv", "bin", "python");
const { mirroredAws } = require(path.join(ROOT, "scripts", "verify", "tools.js"));
const { startEmulator } = require(path.join(ROOT, "scripts", "verify", "emulator.js"));
const X86_IMAGE = "ami-03cf127a";
const ARM_IMAGE = "ami-0e9271c829888680e";

const missing = (): string | undefined =>
  noTerraform() ? "no terraform binary is on PATH" : !fs.existsSync(PYTHON) ? "no .verify/venv with moto (`npm run verify` creates it)" : !mirroredAws() ? "no local mirror holds hashicorp/aws" : undefined;

/** The stack's image check alone, its provider pointed at the emulator. */
function imageCheckConfig(instanceType: string, imageId: string, endpoint: string, version: string): object {
  const { tf } = synthStack(settingsFor("dev", { web: { instanceType, image: { id: imageId } } }));
  const data = (tf as any).data.aws_ami;
  expect(Object.keys(data)).toHaveLength(1);
  return {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version } } },
    provider: {
      aws: [{ region: "ap-northeast-2", access_key: "test", secret_key: "test", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, endpoints: [{ ec2: endpoint }] }],
    },
    data: { aws_ami: data },
  };
}

const reason = missing();
if (reason) {
  skippedSuite("web.image's architecture check planned by terraform against moto", reason, () => missing() !== undefined);
} else {
  describe("web.image's architecture check planned by terraform against moto", () => {
    jest.setTimeout(180_000);
    const mirror = mirroredAws();
    let emulator: any;
    let work: string;
    let env: NodeJS.ProcessEnv;
    beforeAll(async () => {
      emulator = await startEmulator(PYTHON);
      work = tempDir("image-arch");
      env = terraformEnv(work);
      fs.writeFileSync(env.TF_CLI_CONFIG_FILE!, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror.mirror)}\n  }\n}\n`);
      // One init: the plans below change the configuration's values, not its providers.
      fs.writeFileSync(path.join(work, "main.tf.json"), JSON.stringify(imageCheckConfig("t4g.small", ARM_IMAGE, emulator.endpoint, mirror.version)));
      const init = await terraform(work, env, ["init", "-input=false", "-no-color"]);
      expect([init.code, init.stderr]).toEqual([0, ""]);
    }, 120_000);
    afterAll(async () => {
      await emulator?.stop();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    const plan = async (instanceType: string, imageId: string) => {
      fs.writeFileSync(path.join(work, "main.tf.json"), JSON.stringify(imageCheckConfig(instanceType, imageId, emulator.endpoint, mirror.version), null, 2));
      return terraform(work, env, ["plan", "-input=false", "-no-color"]);
    };

    it("an x86_64 image for a Graviton type stops the plan, naming the setting, the image's architecture and the type", async () => {
      const run = await plan("t4g.small", X86_IMAGE);
      expect(run.code).toBe(1);
      expect(run.stderr.replace(/\s+/g, " ")).toContain("web.image: the image is built for x86_64, but web.instanceType t4g.small runs arm64 images");
    });

    it("an arm64 image for a Graviton type plans", async () => {
      const run = await plan("t4g.small", ARM_IMAGE);
      expect([run.code, run.stderr]).toEqual([0, ""]);
    });

    it("an arm64 image for an x86_64 type stops the plan", async () => {
      const run = await plan("t3.small", ARM_IMAGE);
      expect(run.code).toBe(1);
      expect(run.stderr.replace(/\s+/g, " ")).toContain("but web.instanceType t3.small runs x86_64 images");
    });
  });
}
