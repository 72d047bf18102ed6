import * as fs from "node:fs";
import * as path from "node:path";
import { skippedSuite, tempDir } from "../integration/terraform";

/**
 * The list of moto's second-plan artifacts (scripts/verify/moto-artifacts.json) against a real
 * perpetual diff: a parameter applied to moto with one synth's tag and planned again with the
 * next synth's (a tag that changes every synth) must fail verify, naming the resource and the
 * path; an unchanged resource plans empty. Real terraform, a real AWS provider and moto: where
 * verify's venv or a provider is missing the suite says so and skips.
 */
const ROOT = path.join(__dirname, "..", "..");
const VERIFY = path.join(ROOT, "scripts", "verify");
const { classify, loadArtifacts, covers } = require(path.join(VERIFY, "second-plan.js"));
const { forEmulator } = require(path.join(VERIFY, "working-copy.js"));
const { startEmulator } = require(path.join(VERIFY, "emulator.js"));
const { run } = require(path.join(VERIFY, "processes.js"));
const { terraformEnv } = require(path.join(VERIFY, "pipeline.js"));
const tools = require(path.join(VERIFY, "tools.js"));

const artifacts = loadArtifacts();
const gaps = JSON.parse(fs.readFileSync(path.join(VERIFY, "moto-gaps.json"), "utf8")).gaps;

describe("the checked-in lists", () => {
  it("name each moto artifact by resource type and attribute path, with the moto behaviour behind it", () => {
    for (const artifact of artifacts) {
      expect(Object.keys(artifact).sort()).toEqual(["moto", "path", "type"]);
      expect(artifact.type).toMatch(/^aws_[a-z0-9_]+$/);
      expect(artifact.path).toMatch(/^[a-z0-9_]+(\.([a-z0-9_]+|\*))*$/);
      expect(artifact.moto.length).toBeGreaterThan(40);
    }
  });

  it("name each moto gap by resource type and the provider's error, with what moto lacks", () => {
    for (const gap of gaps) {
      expect(Object.keys(gap).sort()).toEqual(["error", "moto", "type"]);
      expect(() => new RegExp(gap.error)).not.toThrow();
      expect(gap.moto.length).toBeGreaterThan(40);
    }
  });

  it("match a path and everything below it, * standing for a list index", () => {
    expect(covers("default_cache_behavior.*.forwarded_values", "default_cache_behavior.*.forwarded_values.*.headers")).toBe(true);
    expect(covers("default_cache_behavior.*.forwarded_values", "default_cache_behavior.*.cache_policy_id")).toBe(false);
  });
});

const python = path.join(ROOT, ".verify", "venv", "bin", "python");
const PARAMETER_TAG = "Synthesized";
const TIMEOUT_MS = 180_000;

if (!tools.mirroredAws() && !process.env.CI) {
  skippedSuite("second plan against moto", "no hashicorp/aws in a local mirror (CI downloads the pinned one)", () => !tools.mirroredAws());
} else if (!fs.existsSync(python)) {
  skippedSuite("second plan against moto", "verify's venv is not installed (`npm run verify` installs it; the README's test command runs verify first)", () => !fs.existsSync(python));
} else {
  describe("second plan against moto", () => {
    let work: string;
    let emulator: { endpoint: string; stop: () => Promise<void> };
    let plan: any;

    const config = (synth: string, provider: { version: string }) =>
      forEmulator(
        {
          terraform: { required_providers: { aws: { source: "hashicorp/aws", version: provider.version } } },
          provider: { aws: [{ region: "ap-northeast-2" }] },
          resource: {
            aws_ssm_parameter: {
              stable: { name: "/verify/stable", type: "String", value: "unchanged" },
              perpetual: { name: "/verify/perpetual", type: "String", value: "unchanged", tags: { [PARAMETER_TAG]: synth } },
            },
          },
        },
        emulator.endpoint,
      ).stack;

    beforeAll(async () => {
      work = tempDir("verify-plan");
      const provider = await tools.providerSource("5.100.0", work);
      emulator = await startEmulator(python);
      const env = terraformEnv(work, provider.cliConfig);
      const terraform = async (...args: string[]) => {
        const result = await run("terraform", args, { cwd: work, env, timeoutMs: TIMEOUT_MS });
        if (result.code !== 0) throw new Error(`terraform ${args[0]}: ${result.stdout}\n${result.stderr}`);
        return result.stdout;
      };
      fs.writeFileSync(path.join(work, "main.tf.json"), JSON.stringify(config("synth-1", provider)));
      await terraform("init", "-input=false", "-no-color");
      await terraform("apply", "-input=false", "-no-color", "-auto-approve");
      fs.writeFileSync(path.join(work, "main.tf.json"), JSON.stringify(config("synth-2", provider)));
      await terraform("plan", "-input=false", "-no-color", "-out=second.plan");
      plan = JSON.parse(await terraform("show", "-json", "second.plan"));
    }, 4 * TIMEOUT_MS);

    afterAll(async () => {
      await emulator?.stop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    it("fails on a tag that changes every synth, naming the resource and the path", () => {
      const { explained, unexplained } = classify(plan, artifacts);
      expect(explained).toEqual([]);
      expect(unexplained).toHaveLength(1);
      expect(unexplained[0]).toMatchObject({ address: "aws_ssm_parameter.perpetual", actions: ["update"] });
      expect(unexplained[0].unlisted).toContain(`tags.${PARAMETER_TAG}`);
    });

    it("passes the same change once the list names that type and path (how a moto artifact is accepted)", () => {
      const listed = [...artifacts, { type: "aws_ssm_parameter", path: "tags", moto: "test only" }, { type: "aws_ssm_parameter", path: "tags_all", moto: "test only" }];
      const { explained, unexplained } = classify(plan, listed);
      expect(unexplained).toEqual([]);
      expect(explained.map((change: { address: string }) => change.address)).toEqual(["aws_ssm_parameter.perpetual"]);
    });

    it("plans nothing for the resource that did not change", () => {
      const stable = plan.resource_changes.find((change: any) => change.address === "aws_ssm_parameter.stable");
      expect(stable.change.actions).toEqual(["no-op"]);
    });
  });
}
