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
      // Each with what moto reads back there, so an entry cannot cover a change of ours at its path.
      expect([["moto", "path", "readBack", "type"], ["moto", "path", "readBackAdds", "type"]]).toContainEqual(Object.keys(artifact).sort());
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

/** A plan (`terraform show -json`) with one update of `type`, `before` the read-back and `after` the configuration. */
const planOf = (type: string, before: object, after: object, expressions: object = {}, afterUnknown: object = {}) => ({
  resource_changes: [{ address: `${type}.x`, mode: "managed", type, change: { actions: ["update"], before, after, after_unknown: afterUnknown } }],
  configuration: { root_module: { resources: [{ address: `${type}.x`, expressions }] } },
});

// Shapes as hashicorp/aws 5.100.0 planned them against moto in verify's runs of prod and dev.
describe("a listed artifact covers moto's read-back only, not a change of ours at the same path", () => {
  const volume = (name: string) => ({ resource_type: "volume", tags: { Name: name } });
  const templateEntry = { resource_type: "launch-template", tags: { Name: "web" } };

  it("explains the launch template's extra launch-template tag specification, and nothing more", () => {
    const moto = classify(planOf("aws_launch_template", { tag_specifications: [volume("web"), templateEntry] }, { tag_specifications: [volume("web")] }), artifacts);
    expect(moto.unexplained).toEqual([]);
    expect(moto.explained.map((c: { address: string }) => c.address)).toEqual(["aws_launch_template.x"]);
  });

  it("fails a volume or instance tag that changed beside it (a tag that changes every synth)", () => {
    const ours = classify(planOf("aws_launch_template", { tag_specifications: [volume("synth-1"), templateEntry] }, { tag_specifications: [volume("synth-2")] }), artifacts);
    expect(ours.explained).toEqual([]);
    expect(ours.unexplained[0].unlisted).toEqual(expect.arrayContaining(["tag_specifications.*.tags.Name"]));
  });

  it("explains a parameter group read back empty, not one read back with another value", () => {
    const after = { parameter: [{ apply_method: "immediate", name: "slow_query_log", value: "1" }] };
    expect(classify(planOf("aws_db_parameter_group", { parameter: [] }, after), artifacts).unexplained).toEqual([]);
    const drifted = classify(planOf("aws_db_parameter_group", { parameter: [{ apply_method: "immediate", name: "slow_query_log", value: "0" }] }, after), artifacts);
    expect(drifted.unexplained[0].unlisted).toEqual(["parameter.*.value"]);
  });

  it("fails an argument of ours that becomes unknown (a timestamp() tag) beside a listed artifact", () => {
    const before = { tag_specifications: [volume("web"), templateEntry], tags: { Stamp: "2026-12-04T09:00:00Z" } };
    const after = { tag_specifications: [volume("web")] };
    const expressions = { tags: {}, tag_specifications: [{ resource_type: { constant_value: "volume" }, tags: { constant_value: { Name: "web" } } }] };
    const result = classify(planOf("aws_launch_template", before, after, expressions, { tags: true, latest_version: true }), artifacts);
    expect(result.explained).toEqual([]);
    // latest_version is the provider's (a new version), not ours: only the tags are named.
    expect(result.unexplained[0].unlisted).toEqual(["tags (known after apply)"]);
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
            // A type with a listed artifact: moto adds a launch-template tag specification to both
            // (the artifact); the second also tags its instances with the synth (ours, perpetual).
            aws_launch_template: {
              "template-stable": { name: "verify-stable", tags: { Name: "stable" } },
              // A value known only at apply, every plan: unknown beside moto's listed entry.
              "template-stamped": { name: "verify-stamped", tags: { Stamp: "${timestamp()}" } },
              "template-perpetual": {
                name: "verify-perpetual",
                tags: { Name: "perpetual" },
                tag_specifications: [{ resource_type: "instance", tags: { [PARAMETER_TAG]: synth } }],
              },
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
      const { unexplained } = classify(plan, artifacts);
      const parameter = unexplained.find((change: { address: string }) => change.address === "aws_ssm_parameter.perpetual");
      expect(parameter).toMatchObject({ actions: ["update"] });
      expect(parameter.unlisted).toContain(`tags.${PARAMETER_TAG}`);
    });

    it("fails it too on a type with a listed artifact (the launch template's tag specifications), and explains moto's own entry there", () => {
      const { explained, unexplained } = classify(plan, artifacts);
      expect(unexplained.map((change: { address: string }) => change.address).sort()).toEqual([
        "aws_launch_template.template-perpetual",
        "aws_launch_template.template-stamped",
        "aws_ssm_parameter.perpetual",
      ]);
      const template = unexplained.find((change: { address: string }) => change.address === "aws_launch_template.template-perpetual");
      expect(template.unlisted.some((p: string) => p.startsWith("tag_specifications.*."))).toBe(true);
      expect(explained.map((change: { address: string }) => change.address)).toEqual(["aws_launch_template.template-stable"]);
      expect(explained[0].artifacts.map((a: { path: string }) => a.path)).toEqual(["tag_specifications"]);
    });

    it("fails a timestamp() tag, known only at apply, though moto's entry beside it is listed", () => {
      const stamped = classify(plan, artifacts).unexplained.find((change: { address: string }) => change.address === "aws_launch_template.template-stamped");
      // terraform marks the whole map unknown when one value is.
      expect(stamped.unlisted).toEqual(["tags (known after apply)"]);
    });

    it("passes the same change once the list names that type and path (how a moto artifact is accepted)", () => {
      const listed = [...artifacts, { type: "aws_ssm_parameter", path: "tags", moto: "test only" }, { type: "aws_ssm_parameter", path: "tags_all", moto: "test only" }];
      const { explained, unexplained } = classify(plan, listed);
      expect(unexplained.map((change: { address: string }) => change.address)).not.toContain("aws_ssm_parameter.perpetual");
      expect(explained.map((change: { address: string }) => change.address)).toContain("aws_ssm_parameter.perpetual");
    });

    it("plans nothing for the resource that did not change", () => {
      const stable = plan.resource_changes.find((change: any) => change.address === "aws_ssm_parameter.stable");
      expect(stable.change.actions).toEqual(["no-op"]);
    });
  });
}
