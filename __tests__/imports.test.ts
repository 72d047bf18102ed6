import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const BARREL = /(?:from\s+|require\(\s*|import\(\s*)["']@cdktf\/provider-(?:aws|random)["']/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

describe("provider imports", () => {
  const files = [path.join(ROOT, "main.ts"), ...sourceFiles(path.join(ROOT, "src")), ...sourceFiles(path.join(ROOT, "scripts"))];

  it("never load a provider's package root (seconds and a gigabyte per synth)", () => {
    const offenders = files.filter((file) => BARREL.test(fs.readFileSync(file, "utf8")));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it("would catch one", () => {
    expect(BARREL.test('import { Vpc } from "@cdktf/provider-aws";')).toBe(true);
    expect(BARREL.test('const aws = require("@cdktf/provider-aws")')).toBe(true);
    expect(BARREL.test('import { Vpc } from "@cdktf/provider-aws/lib/vpc";')).toBe(false);
  });

  it("keep the provider modules in src/aws.ts only, so a switch of package is a one-file change", () => {
    const importing = files.filter((file) => /["']@cdktf\/provider-(aws|random)\/lib\//.test(fs.readFileSync(file, "utf8")));
    expect(importing.map((f) => path.relative(ROOT, f))).toEqual(["src/aws.ts"]);
  });
});
