import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { settingsFor, synthStack } from "./helpers";

/** The switch between cdktf and cdktn (scripts/use-cdk.js) and the table it reads (scripts/cdk.js). */
const ROOT = path.join(__dirname, "..");
type Cdk = { core: string; cli: string; bin: string; scope: string; packages: Record<string, string>; providers: Record<string, { version: string; source: string }>; node: string };
const { CDKS, installedCdk, nodeAtLeast } = require(path.join(ROOT, "scripts", "cdk.js")) as {
  CDKS: Record<string, Cdk>;
  installedCdk(root?: string): string;
  nodeAtLeast(version: string, minimum: string): boolean;
};
const { SEAM, rewriteSpecifiers, switchedPackageJson, nodeRefusal } = require(path.join(ROOT, "scripts", "use-cdk.js")) as {
  SEAM: string[];
  rewriteSpecifiers(text: string, target: string): string;
  switchedPackageJson(pkg: Record<string, any>, target: string): Record<string, any>;
  nodeRefusal(target: string, version: string): string | undefined;
};

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const packageJson = () => JSON.parse(read("package.json"));
const current = installedCdk();
const other = Object.keys(CDKS).find((name) => name !== current)!;

describe("the CDK table (scripts/cdk.js) against what is installed", () => {
  const cdk = CDKS[current];

  it("names the exact versions package.json depends on", () => {
    const { dependencies } = packageJson();
    expect(Object.fromEntries(Object.keys(cdk.packages).map((name) => [name, dependencies[name]]))).toEqual(cdk.packages);
    expect(packageJson().engines.node).toBe(`>=${cdk.node}`);
  });

  it("names the versions node_modules holds", () => {
    const installed = Object.fromEntries(Object.keys(cdk.packages).map((name) => [name, JSON.parse(read(`node_modules/${name}/package.json`)).version]));
    expect(installed).toEqual(cdk.packages);
  });

  it("names the providers the bindings pin, which the synthesized stacks require", () => {
    const pinned = Object.keys(cdk.packages)
      .filter((name) => name.startsWith(`${cdk.scope}/provider-`))
      .map((name) => JSON.parse(read(`node_modules/${name}/package.json`)).cdktf.provider)
      .map((p: { name: string; version: string }) => [p.name.split("/").pop(), p.version]);
    const versions = Object.fromEntries(Object.entries(cdk.providers).map(([name, p]) => [name, p.version]));
    expect(Object.fromEntries(pinned)).toEqual(versions);
    // Version and source exactly as written: cdk-json-diff.js allows exactly these to differ.
    expect(synthStack(settingsFor("dev")).tf.terraform.required_providers).toEqual(cdk.providers);
  });

  it("has the CLI the scripts run", () => {
    expect(fs.existsSync(path.join(ROOT, "node_modules", ".bin", cdk.bin))).toBe(true);
  });
});

describe("the switch (scripts/use-cdk.js)", () => {
  it.each([
    ['import { App as CdkApp, type AppConfig } from "cdktf";', 'import { App as CdkApp, type AppConfig } from "cdktn";'],
    ['import type {} from "cdktf/lib/testing/adapters/jest";', 'import type {} from "cdktn/lib/testing/adapters/jest";'],
    ['export { Vpc } from "@cdktf/provider-aws/lib/vpc";', 'export { Vpc } from "@cdktn/provider-aws/lib/vpc";'],
    ["const { Password } = require('@cdktf/provider-random/lib/password');", "const { Password } = require('@cdktn/provider-random/lib/password');"],
    ['} from "cdktf";', '} from "cdktn";'],
    // Only module specifiers: words in comments and other strings stay.
    ['// cdktf 0.21 writes "cdktf" here; see cdktf-cli', '// cdktf 0.21 writes "cdktf" here; see cdktf-cli'],
    ['const tag = "cdktf";', 'const tag = "cdktf";'],
    ['import { x } from "cdktf-cli";', 'import { x } from "cdktf-cli";'],
  ])("rewrites %s for cdktn", (line, rewritten) => {
    expect(rewriteSpecifiers(line, "cdktn")).toBe(rewritten);
    expect(rewriteSpecifiers(rewritten, "cdktf")).toBe(line.replace(/cdktn/g, "cdktf"));
  });

  it("finds src/cdk.ts and src/aws.ts naming the installed CDK, and turns them into the other's and back unchanged", () => {
    for (const file of SEAM) {
      const text = read(file);
      expect({ file, text: rewriteSpecifiers(text, current) }).toEqual({ file, text });
      const switched = rewriteSpecifiers(text, other);
      expect(switched).not.toMatch(new RegExp(`["']${CDKS[current].core}["'/]|["']${CDKS[current].scope}/`));
      expect(rewriteSpecifiers(switched, current)).toBe(text);
    }
  });

  it("puts exactly the target's packages into package.json's dependencies, keeps the rest, and comes back to the same file", () => {
    const pkg = packageJson();
    expect(switchedPackageJson(pkg, current)).toEqual(pkg);
    const switched = switchedPackageJson(pkg, other);
    const keep = Object.keys(pkg.dependencies).filter((name) => !(name in CDKS[current].packages));
    expect(Object.keys(switched.dependencies).sort()).toEqual([...keep, ...Object.keys(CDKS[other].packages)].sort());
    expect(switched.dependencies).toMatchObject(CDKS[other].packages);
    expect(switched.engines.node).toBe(`>=${CDKS[other].node}`);
    expect(switched.devDependencies).toEqual(pkg.devDependencies);
    expect(JSON.stringify(switchedPackageJson(switched, current), null, 2)).toBe(JSON.stringify(pkg, null, 2));
  });

  it("refuses cdktn on a Node its CLI crashes on, before changing anything", () => {
    expect(nodeRefusal("cdktn", "v20.20.2")).toContain("cdktn needs Node >= 22.19.0");
    expect(nodeRefusal("cdktn", "v20.20.2")).toContain("Nothing was changed");
    expect(nodeRefusal("cdktn", "v22.23.3")).toBeUndefined();
    expect(nodeRefusal("cdktf", "v20.20.2")).toBeUndefined();
    expect(nodeAtLeast("v22.19.0", "22.19.0")).toBe(true);
    expect(nodeAtLeast("v22.9.1", "22.19.0")).toBe(false);
    expect(nodeAtLeast("v23.0.0", "22.19.0")).toBe(true);
  });

  it("rewrites a copy of the project to the other CDK and back, byte for byte (--no-install)", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-use-cdk-"));
    try {
      const files = ["package.json", ...SEAM, "scripts/cdk.js", "scripts/use-cdk.js"];
      for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(work, file));
      }
      const use = (target: string) => spawnSync(process.execPath, [path.join(work, "scripts", "use-cdk.js"), target, "--no-install"], { cwd: work, encoding: "utf8" });
      const there = use(other);
      expect(there.status).toBe(0);
      expect(there.stdout).toContain(`${current} -> ${other}: rewrote src/cdk.ts, src/aws.ts, package.json`);
      expect(installedCdk(work)).toBe(other);
      expect(use(other).stdout).toContain(`already on ${other}: nothing to rewrite`);
      expect(use(current).status).toBe(0);
      for (const file of files) expect({ file, text: fs.readFileSync(path.join(work, file), "utf8") }).toEqual({ file, text: read(file) });
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
