import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * verify's one-line refusals when terraform is missing or too old (scripts/verify/tools.js), with a
 * stand-in `terraform` on PATH that answers `version -json` as Terraform does.
 */
const ROOT = path.join(__dirname, "..", "..");
const { terraformVersion, ToolError } = require(path.join(ROOT, "scripts", "verify", "tools.js"));

describe("verify's terraform check", () => {
  let bin: string;
  const originalPath = process.env.PATH;

  const withTerraform = (version: string | undefined) => {
    fs.rmSync(path.join(bin, "terraform"), { force: true });
    if (version) {
      fs.writeFileSync(path.join(bin, "terraform"), `#!/bin/sh\necho '{"terraform_version":"${version}","platform":"linux_amd64"}'\n`, { mode: 0o755 });
    }
    process.env.PATH = version ? `${bin}:${originalPath}` : bin;
  };

  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), "verify-tools-"));
  });

  afterAll(() => {
    process.env.PATH = originalPath;
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it("takes Terraform 1.11 and later", () => {
    withTerraform("1.11.4");
    expect(terraformVersion()).toBe("1.11.4");
    withTerraform("1.12.0");
    expect(terraformVersion()).toBe("1.12.0");
  });

  it("refuses an older one, naming its version and the one the stacks need", () => {
    withTerraform("1.10.5");
    expect(() => terraformVersion()).toThrow(ToolError);
    expect(() => terraformVersion()).toThrow("terraform 1.10.5 is on PATH; the stacks need Terraform >= 1.11");
  });

  it("says so in one line when there is none", () => {
    withTerraform(undefined);
    expect(() => terraformVersion()).toThrow(/^terraform is not on PATH: install Terraform >= 1\.11/);
  });
});
