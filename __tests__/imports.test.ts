import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
/**
 * An import of a provider's package root: `from`, `require(`, `import(` or a bare side-effect
 * `import "..."` of the package, or of `/lib` and `/lib/index`, which resolve to the same root.
 */
const BARREL = /(?:from\s+|require\(\s*|import\(\s*|import\s+)["']@cdktf\/provider-(?:aws|random)(?:\/lib(?:\/index(?:\.js)?)?)?\/?["']/;

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

  it.each([
    'import { Vpc } from "@cdktf/provider-aws";',
    'const aws = require("@cdktf/provider-aws")',
    "const aws = await import('@cdktf/provider-random')",
    'import "@cdktf/provider-aws";',
    'import { vpc } from "@cdktf/provider-aws/lib";',
    'import { vpc } from "@cdktf/provider-aws/lib/";',
    'import { vpc } from "@cdktf/provider-aws/lib/index";',
    'const { vpc } = require("@cdktf/provider-aws/lib/index.js")',
    'export * from "@cdktf/provider-aws";',
  ])("would catch %s", (line) => {
    expect(BARREL.test(line)).toBe(true);
  });

  it.each([
    'import { Vpc } from "@cdktf/provider-aws/lib/vpc";',
    'import { Vpc } from "@cdktf/provider-aws/lib/vpc/index";',
    'import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";',
    'import { Password } from "@cdktf/provider-random/lib/password";',
  ])("lets one module's import through: %s", (line) => {
    expect(BARREL.test(line)).toBe(false);
  });

  it("keep the provider modules in src/aws.ts only, so a switch of package is a one-file change", () => {
    const importing = files.filter((file) => /["']@cdktf\/provider-(aws|random)\/lib\//.test(fs.readFileSync(file, "utf8")));
    expect(importing.map((f) => path.relative(ROOT, f))).toEqual(["src/aws.ts"]);
  });
});

describe("layering", () => {
  const RELATIVE = /(?:from\s+|require\(\s*|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
  const importsOf = (file: string) =>
    [...fs.readFileSync(file, "utf8").matchAll(RELATIVE)].map((m) => path.relative(path.join(ROOT, "src"), path.resolve(path.dirname(file), m[1])));

  it("configuration imports no construct and no stack: settings are checked before anything is built", () => {
    const config = sourceFiles(path.join(ROOT, "src", "config"));
    const offenders = config.flatMap((file) =>
      importsOf(file)
        .filter((target) => /^(constructs|stacks)\//.test(target))
        .map((target) => `${path.relative(ROOT, file)} -> src/${target}`),
    );
    expect(config.length).toBeGreaterThan(3);
    expect(offenders).toEqual([]);
  });

  it("constructs import no stack: a stack wires constructs, never the other way round", () => {
    const constructs = sourceFiles(path.join(ROOT, "src", "constructs"));
    const offenders = constructs.flatMap((file) => importsOf(file).filter((target) => target.startsWith("stacks/")));
    expect(constructs.length).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});
