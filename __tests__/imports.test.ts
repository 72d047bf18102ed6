import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");

/**
 * The modules a file imports: `import`, `export ... from`, `require(...)`, `import(...)` and
 * `typeof import(...)`, as TypeScript's own scanner reads them (text in strings and comments is
 * not an import).
 */
const specifiersOf = (text: string): string[] => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);

/** A provider's package root, or `/lib` and `/lib/index` of it, which resolve to the same root. */
const BARREL = /^@cdkt[fn]\/provider-(?:aws|random)(?:\/lib(?:\/index(?:\.js)?)?)?\/?$/;
/** A CDK's packages: the core (`cdktf`, `cdktn`, with or without a path) and everything under `@cdktf/`, `@cdktn/`. */
const CDK_CORE = /^cdkt[fn](?:\/|$)/;
const CDK_SCOPE = /^@cdkt[fn]\//;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__snapshots__" ? [] : sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(ROOT, file);
/** Every import of every file of main.ts, src/, scripts/ and __tests__/, as `<file> -> <module>`. */
const imports = [path.join(ROOT, "main.ts"), ...["src", "scripts", "__tests__"].flatMap((dir) => sourceFiles(path.join(ROOT, dir)))].flatMap((file) =>
  specifiersOf(fs.readFileSync(file, "utf8")).map((module) => ({ file: relative(file), module })),
);

describe("provider imports", () => {
  it("never load a provider's package root (seconds and a gigabyte per synth)", () => {
    expect(imports.filter((i) => BARREL.test(i.module))).toEqual([]);
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
    'import { Vpc } from "@cdktn/provider-aws";',
    'export * from "@cdktn/provider-random/lib";',
  ])("would catch %s", (line) => {
    expect(specifiersOf(line).some((m) => BARREL.test(m))).toBe(true);
  });

  it.each([
    'import { Vpc } from "@cdktf/provider-aws/lib/vpc";',
    'import { Vpc } from "@cdktf/provider-aws/lib/vpc/index";',
    'import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";',
    'import { Password } from "@cdktf/provider-random/lib/password";',
    'export { Vpc } from "@cdktn/provider-aws/lib/vpc";',
  ])("lets one module's import through: %s", (line) => {
    expect(specifiersOf(line).some((m) => BARREL.test(m))).toBe(false);
  });
});

// docs/cdktn.md: `npm run use:cdktn` switches the CDK by rewriting src/cdk.ts, src/aws.ts and
// package.json, which holds only while nothing else names a CDK's package.
describe("CDK imports", () => {
  it("come from src/cdk.ts (the core) and src/aws.ts (the provider bindings) only; elsewhere, run node scripts/cdk-imports.js", () => {
    const cdk = imports.filter((i) => CDK_CORE.test(i.module) || CDK_SCOPE.test(i.module));
    expect(cdk.filter((i) => i.file !== "src/cdk.ts" && i.file !== "src/aws.ts")).toEqual([]);
    expect(cdk.filter((i) => i.file === "src/cdk.ts").every((i) => CDK_CORE.test(i.module))).toBe(true);
    expect(cdk.filter((i) => i.file === "src/aws.ts").every((i) => /^@cdkt[fn]\/provider-(aws|random)\/lib\/[\w-]+$/.test(i.module))).toBe(true);
    expect(cdk.filter((i) => i.file === "src/aws.ts").length).toBeGreaterThan(40);
  });

  it.each([
    ['import { App } from "cdktn";', "cdktn"],
    ['import type { TerraformStack } from "cdktf";', "cdktf"],
    ['import "cdktf/lib/testing/adapters/jest";', "cdktf/lib/testing/adapters/jest"],
    ["export * from 'cdktf';", "cdktf"],
    ['const { Fn } = require("cdktn");', "cdktn"],
    ['type App = typeof import("cdktf");', "cdktf"],
    ['const x = require("@cdktn/provider-aws/lib/vpc");', "@cdktn/provider-aws/lib/vpc"],
    ['import { Hcl } from "@cdktf/hcl-tools";', "@cdktf/hcl-tools"],
  ])("would catch %s", (line, module) => {
    expect(specifiersOf(line).filter((m) => CDK_CORE.test(m) || CDK_SCOPE.test(m))).toEqual([module]);
  });

  it.each(['const tag = "cdktf";', '// import { App } from "cdktf";', "const line = 'import { App } from \"cdktn\"';", 'import { x } from "cdktf-cli-helper";'])(
    "leaves %s alone",
    (line) => {
      expect(specifiersOf(line).filter((m) => CDK_CORE.test(m) || CDK_SCOPE.test(m))).toEqual([]);
    },
  );
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
