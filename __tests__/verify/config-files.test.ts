import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe(".checkov.yaml (the checkov tier of npm run verify)", () => {
  const text = read(".checkov.yaml");
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
});

describe("the test command", () => {
  const command = /```sh\n[^\n]*\n([^\n#]*?)\s+#/.exec(read("README.md"))![1];

  // The whole selection (dev, prod, bench/all-features.json) took 28 minutes on a loaded 2-core
  // machine, past CI's 25-minute budget: CI verifies dev and its state stack (docs/deploy-and-ci.md "Verify before you apply").
  it("runs verify on dev, then every test", () => {
    expect(command).toBe("npm ci && npm run verify -- dev && npm test");
  });

  it("is exactly what .ci/run runs", () => {
    const lines = read(".ci/run").split("\n").filter((line) => line && !line.startsWith("#") && !/^(set|cd) /.test(line));
    expect(lines).toEqual([command]);
  });
});
