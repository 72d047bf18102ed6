import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ENVIRONMENTS } from "../../src/config/environments";

const ROOT = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

const CONFIG_FILES = fs.readdirSync(path.join(ROOT, ".checkov")).filter((file) => file.endsWith(".yaml"));

describe.each(CONFIG_FILES)(".checkov/%s (checkov's configuration of the stacks it checks)", (file) => {
  const text = read(path.join(".checkov", file));
  const config = parse(text) as { framework: string[]; "skip-check": string[]; "skip-download": boolean };

  it("checks the synthesized JSON (terraform_json) without downloading anything", () => {
    expect(config.framework).toEqual(["terraform_json"]);
    expect(config["skip-download"]).toBe(true);
  });

  it("gives every skipped check its reason on the same line", () => {
    const lines = text.split("\n").filter((line) => /^\s*-\s*CKV/.test(line));
    expect(lines).toHaveLength(config["skip-check"].length);
    for (const line of lines) expect(line).toMatch(/^\s*-\s*CKV2?_AWS_\d+\s+#\s+\S.{30,}/);
  });

  it("skips each check once", () => expect(new Set(config["skip-check"]).size).toBe(config["skip-check"].length));

  it("says how to run checkov with it", () => expect(text).toContain(`--config-file .checkov/${file}`));
});

describe("the checkov configurations", () => {
  it("are one per shipped environment, the state stack's, and nothing at the root (checkov would read a .checkov.yaml there by itself)", () => {
    expect(CONFIG_FILES.sort()).toEqual([...Object.keys(ENVIRONMENTS).map((environment) => `${environment}.yaml`), "state.yaml"].sort());
    expect(fs.existsSync(path.join(ROOT, ".checkov.yaml"))).toBe(false);
  });
});

describe("the test command", () => {
  const command = /```sh\n[^\n]*\n([^\n#]*?)\s+#/.exec(read("README.md"))![1];

  // #25: CI verifies every shipped and bench stack, within its 25 minutes on 2 cores (measured in
  // docs/deploy-and-ci.md "Verify before you apply").
  it("runs verify on dev, prod and bench/all-features.json, then every test", () => {
    expect(command).toBe("npm ci && npm run verify -- dev,prod bench/all-features.json && npm test");
  });

  it("is exactly what .ci/run runs", () => {
    const lines = read(".ci/run").split("\n").filter((line) => line && !line.startsWith("#") && !/^(set|cd) /.test(line));
    expect(lines).toEqual([command]);
  });
});
