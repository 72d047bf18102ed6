import * as fs from "node:fs";
import * as path from "node:path";
import { synthesize } from "../src/app";
import { skippedSuite, tempDir } from "./integration/terraform";

/**
 * checkov, the outside rule pack (scripts/checkov.js): which configuration checks which stack, and
 * its verdict on the shipped stacks and prod with every feature (bench/all-features.json, its
 * standby and the state stacks) with those configurations: no failed check that is not skipped
 * with a reason, no skip that nothing fails, and docs/guardrails.md "checkov's verdict" showing it. Runs
 * where verify's venv holds checkov (`npm run verify` installs it; the README's test command runs
 * verify first); elsewhere it says why and skips.
 */
const ROOT = path.join(__dirname, "..");
const checkovScript = require(path.join(ROOT, "scripts", "checkov.js"));
const { configFileFor, checkableFile, checkStacks, verdictTable, problemsOf, productionIn, DOC_SELECTIONS, DOC_FILE, DOC_MARKERS } = checkovScript;
const CHECKOV = path.join(ROOT, ".verify", "venv", "bin", "checkov");
const DOC = path.join(ROOT, DOC_FILE);
const TIMEOUT_MS = 10 * 60_000;

const stackOf = (environment: string, alias?: string) => ({
  provider: { aws: [{ region: "ap-northeast-2", default_tags: [{ tags: { Environment: environment } }] }, ...(alias ? [{ alias, region: "us-east-1" }] : [])] },
});
const configOf = (stack: object, production: (environment: string) => boolean = () => false) => path.relative(ROOT, configFileFor(stack, production));

describe("which configuration checks a stack", () => {
  it("the state stack (Environment shared): .checkov/state.yaml", () => expect(configOf(stackOf("shared"))).toBe(".checkov/state.yaml"));

  it("a shipped environment's stacks, the standby's too: its own file, whatever the aliased providers say", () => {
    expect(configOf(stackOf("dev"))).toBe(".checkov/dev.yaml");
    expect(configOf(stackOf("prod", "us_east_1"))).toBe(".checkov/prod.yaml");
  });

  it("an environment of a settings file: prod.yaml when it is a production one, dev.yaml otherwise", () => {
    const production = productionIn(path.join(ROOT, "bench", "all-features.json"));
    expect(configOf(stackOf("all-features"), production)).toBe(".checkov/prod.yaml");
    expect(configOf(stackOf("staging"), production)).toBe(".checkov/dev.yaml");
    expect(productionIn(undefined)("all-features")).toBe(false);
  });

  it("refuses a stack whose provider carries no Environment tag", () => {
    expect(() => configFileFor({ provider: { aws: [{ region: "ap-northeast-2" }] } }, () => false)).toThrow(/no Environment tag/);
  });
});

describe("what checkov reads of a stack", () => {
  const work = tempDir("checkov-file");
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const write = (name: string, stack: object) => {
    const file = path.join(work, "stacks", name, "cdk.tf.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stack));
    return file;
  };

  it("the stack itself, unless it holds removed blocks, on which checkov 3.3.30's JSON parser drops the whole file: then a copy without them", () => {
    const plain = write("plain", { resource: { aws_vpc: { main: { cidr_block: "10.0.0.0/16" } } } });
    expect(checkableFile(plain, path.join(work, "scratch"))).toBe(plain);
    const stack = { resource: { aws_vpc: { main: { cidr_block: "10.0.0.0/16" } } }, removed: [{ from: "aws_route53_record.old", lifecycle: [{ destroy: false }] }] };
    const copy = checkableFile(write("with-removed", stack), path.join(work, "scratch"));
    expect(copy).not.toBe(path.join(work, "stacks", "with-removed", "cdk.tf.json"));
    expect(JSON.parse(fs.readFileSync(copy, "utf8"))).toEqual({ resource: stack.resource });
  });
});

describe("the verdict table", () => {
  const check = (id: string) => ({ id, resource: `aws_vpc.${id}`, name: id });
  const result = {
    label: "multiple-server-dev",
    config: ".checkov/dev.yaml",
    passed: [check("CKV_AWS_1")],
    failed: [],
    applied: 4,
    passedUnskipped: 2,
    skipped: [check("CKV_AWS_2"), { ...check("CKV_AWS_2"), resource: "aws_vpc.other" }],
  };

  it("has a row per stack: its configuration, the checks applied, passed, skipped with a reason (distinct checks) and failed", () => {
    expect(verdictTable([result]).split("\n")[2]).toBe("| multiple-server-dev | [`.checkov/dev.yaml`](../.checkov/dev.yaml) | 4 | 2 | 2 (1) | 0 |");
  });

  it("counts a failed check, and no check at all, as a problem", () => {
    expect(problemsOf({ ...result, failed: [check("CKV_AWS_3")] })).toEqual(["multiple-server-dev: CKV_AWS_3 on aws_vpc.CKV_AWS_3: CKV_AWS_3 (not skipped in .checkov/dev.yaml)"]);
    expect(problemsOf({ ...result, passed: [] })).toEqual(["multiple-server-dev: checkov reported no check (a file it could not read?)"]);
  });

  it("has its place in docs/guardrails.md", () => expect(DOC_MARKERS.test(fs.readFileSync(DOC, "utf8"))).toBe(true));
});

if (!fs.existsSync(CHECKOV)) {
  skippedSuite("checkov on the shipped stacks", "verify's venv holds no checkov (`npm run verify` installs it; the README's test command runs verify first)", () => !fs.existsSync(CHECKOV));
} else {
  describe("checkov on the shipped stacks and bench/all-features.json, each with its configuration", () => {
    const work = tempDir("checkov");
    afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
    let verdict: { results: any[]; unused: Array<{ config: string; id: string }> };

    beforeAll(async () => {
      const stacks: Array<{ name: string; label: string; file: string }> = [];
      const production: Array<(environment: string) => boolean> = [];
      for (const [i, selection] of (DOC_SELECTIONS as string[]).entries()) {
        const settingsFile = selection.endsWith(".json") ? path.join(ROOT, selection) : undefined;
        const env = settingsFile
          ? { MULTIPLE_SERVER_CONFIG: settingsFile, MULTIPLE_SERVER_ENVIRONMENTS: Object.keys(JSON.parse(fs.readFileSync(settingsFile, "utf8")).environments).join(",") }
          : { MULTIPLE_SERVER_ENVIRONMENTS: selection };
        const outdir = path.join(work, `synth-${i}`);
        production.push(productionIn(settingsFile));
        for (const name of synthesize({ outdir, env })) {
          const seen = stacks.some((stack) => stack.name === name);
          stacks.push({ name, label: seen ? `${name} (${selection})` : name, file: path.join(outdir, "stacks", name, "cdk.tf.json") });
        }
      }
      verdict = await checkStacks(CHECKOV, stacks, { isProduction: (e: string) => production.some((p) => p(e)), scratch: path.join(work, "scratch"), skipped: true });
    }, TIMEOUT_MS);

    it("checks dev, prod, all-features, its standby and both state stacks", () => {
      expect(verdict.results.map((r) => [r.label, r.config])).toEqual([
        ["multiple-server-dev", ".checkov/dev.yaml"],
        ["multiple-server-prod", ".checkov/prod.yaml"],
        ["multiple-server-state", ".checkov/state.yaml"],
        ["multiple-server-all-features", ".checkov/prod.yaml"],
        ["multiple-server-all-features-dr", ".checkov/prod.yaml"],
        ["multiple-server-state (bench/all-features.json)", ".checkov/state.yaml"],
      ]);
    });

    it("finds no failed check that is not skipped with a reason, on any stack", () => {
      expect(verdict.results.flatMap(problemsOf)).toEqual([]);
      for (const result of verdict.results) expect(result.passedUnskipped).toBeGreaterThan(0);
    });

    it("skips nothing that no stack fails: every skip of every configuration is needed", () => expect(verdict.unused).toEqual([]));

    // On failure: `npm run checkov -- --update-docs` writes the table (checkov's counts change with the resources).
    it("is the table docs/guardrails.md shows", () => {
      const shown = DOC_MARKERS.exec(fs.readFileSync(DOC, "utf8"))![0];
      expect(shown).toBe(`<!-- checkov:verdict -->\n${verdictTable(verdict.results)}\n<!-- /checkov:verdict -->`);
    });
  });
}
