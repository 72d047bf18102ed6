import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ENVIRONMENTS } from "../src/config/environments";
import { environmentDefinitions, loadSettings } from "../src/config/load";
import { settingsSchema } from "../src/config/schema";
import { docSection } from "./helpers/docs";

const ROOT = path.join(__dirname, "..");
// scripts/ is plain JavaScript run by node; its report module is what the Performance section comes from.
const report = require(path.join(ROOT, "scripts", "bench-report.js")) as {
  PERFORMANCE_PAGE: string;
  latestResult(dir: string): { file: string; result: BenchResult } | undefined;
  table(result: BenchResult): string;
  perEnvironment(result: BenchResult): { wallMs: number; rssMiB: number } | undefined;
  performanceSection(result: BenchResult, file: string): string;
  comparison(left: BenchResult[], right: BenchResult[]): string;
};

interface Measured {
  id: string;
  label: string;
  runs: number;
  environments?: number;
  wallMs: { median: number; samples: number[] };
  peakRssMiB: { median: number; samples: number[] };
}
interface BenchResult {
  date: string;
  commit: string;
  /** The CDK that ran the synths ("cdktn 0.24.0"); absent in results from before it was recorded, all cdktf's. */
  cdk?: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; platform: string };
  results: Measured[];
}

function measured(id: string, environments: number, wallMs: number, rss: number): Measured {
  return { id, label: id, runs: 5, environments, wallMs: { median: wallMs, samples: [wallMs] }, peakRssMiB: { median: rss, samples: [rss] } };
}

describe("the Performance section (docs/performance.md)", () => {
  it("is the newest result in bench/results, as npm run bench -- --update-docs writes it", () => {
    const latest = report.latestResult(path.join(ROOT, "bench", "results"));
    expect(latest).toBeDefined();
    expect(report.PERFORMANCE_PAGE).toBe("docs/performance.md");
    const section = docSection(report.PERFORMANCE_PAGE, "performance");
    expect(section).toBe(`${report.performanceSection(latest!.result, path.relative(ROOT, latest!.file))}\n`);
  });

  it("links the result file relative to the page", () => {
    const section = report.performanceSection(
      { date: "2026-11-24T00:00:00.000Z", commit: "abc1234", machine: { cores: 2, cpu: "Test CPU", memoryGiB: 24, node: "v20.20.2", platform: "linux x64" }, results: [] },
      "bench/results/2026-11-24-abc1234.json",
    );
    expect(section).toContain("[`bench/results/2026-11-24-abc1234.json`](../bench/results/2026-11-24-abc1234.json)");
  });
});

describe("bench report", () => {
  const result: BenchResult = {
    date: "2026-11-24T00:00:00.000Z",
    commit: "abc1234",
    machine: { cores: 2, cpu: "Test CPU", memoryGiB: 24, node: "v20.20.2", platform: "linux x64" },
    results: [measured("envs-1", 1, 700, 150), measured("envs-4", 4, 1000, 180), measured("envs-16", 16, 2200, 300)],
  };

  it("prints seconds and megabytes per row", () => {
    expect(report.table(result).split("\n")).toEqual([
      "| what | wall (median) | peak RSS (median, largest process) | runs |",
      "| --- | --- | --- | --- |",
      "| envs-1 | 0.70 s | 150 MB | 5 |",
      "| envs-4 | 1.00 s | 180 MB | 5 |",
      "| envs-16 | 2.20 s | 300 MB | 5 |",
    ]);
  });

  // .ci/cdktn --bench: rounds of cdktf and cdktn taken in turns, every sample of every round counted.
  it("sets two CDKs' rounds side by side, each figure the median of all their samples", () => {
    const round = (cdk: string, wall: number[], rss: number[]): BenchResult => ({
      ...result,
      cdk,
      results: [{ ...measured("envs-1", 1, 0, 0), wallMs: { median: 0, samples: wall }, peakRssMiB: { median: 0, samples: rss } }],
    });
    const cdktf = [round("cdktf 0.21.0", [500, 900, 700], [90, 92, 91]), round("cdktf 0.21.0", [600, 650, 2000], [93, 90, 90])];
    const cdktn = [round("cdktn 0.24.0", [480, 510, 700], [89, 90, 95])];
    expect(report.comparison(cdktf, cdktn).split("\n")).toEqual([
      "| what | wall, cdktf 0.21.0 | wall, cdktn 0.24.0 | peak RSS, cdktf 0.21.0 | peak RSS, cdktn 0.24.0 | runs |",
      "| --- | --- | --- | --- | --- | --- |",
      "| envs-1 | 0.68 s | 0.51 s | 91 MB | 90 MB | 6 + 3 |",
    ]);
  });

  it("derives the cost of one more environment from the 1- and 16-environment runs", () => {
    expect(report.perEnvironment(result)).toEqual({ wallMs: 100, rssMiB: 10 });
    expect(report.perEnvironment({ ...result, results: result.results.slice(0, 2) })).toBeUndefined();
  });
});

describe("npm run bench", () => {
  it("measures separate synth processes and writes the result as JSON", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ms-bench-test-"));
    try {
      // One synth process keeps the smoke test cheap; the default app's row is the same code path.
      const args = ["--runs", "1", "--sizes", "1", "--no-default", "--no-test", "--no-reference", "--out", out];
      const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "bench.js"), ...args], { cwd: ROOT, encoding: "utf8" });
      expect(run.stderr).not.toMatch(/bench:/);
      expect(run.status).toBe(0);
      const [file] = fs.readdirSync(out);
      const result = JSON.parse(fs.readFileSync(path.join(out, file), "utf8")) as BenchResult;
      expect(result.machine.cores).toBe(os.cpus().length);
      expect(result.machine.node).toBe(process.version);
      const { CDKS, installedCdk } = require(path.join(ROOT, "scripts", "cdk.js"));
      const cdk = CDKS[installedCdk()];
      expect(result.cdk).toBe(`${cdk.core} ${cdk.packages[cdk.core]}`);
      expect(run.stdout).toContain(`${result.cdk}, Node ${process.version}`);
      expect(result.results.map((r) => [r.id, r.environments, r.runs])).toEqual([["envs-1", 1, 1]]);
      for (const r of result.results) {
        expect(r.wallMs.samples).toHaveLength(1);
        expect(r.wallMs.median).toBeGreaterThan(0);
        // The preloaded probe reported the peak of the synth process itself (cdktf alone needs tens of MB).
        expect(r.peakRssMiB.median).toBeGreaterThan(30);
      }
      expect(run.stdout).toContain(report.table(result));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("refuses an unknown option with a one-line message", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "bench.js"), "--fast"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe("bench: unknown option --fast");
  });
});

/**
 * The bench's "prod with every optional feature on" row synthesizes this file's environment: the
 * features each issue adds must be on in it, or the row stops measuring what it says.
 */
describe("bench/all-features.json", () => {
  const file = path.join(ROOT, "bench", "all-features.json");
  const entry = () => (JSON.parse(fs.readFileSync(file, "utf8")) as { environments: Record<string, Record<string, unknown>> }).environments["all-features"];
  /** Settings off by default that stay off there, each with the reason. */
  const OFF_BY_CHOICE: Record<string, string> = {
    "alarms.consoleOnly": "all-features names a recipient (alarms.emails), and consoleOnly beside one is refused",
  };

  /** The dotted paths of every setting whose value is `false` in `settings`. */
  const offPaths = (settings: unknown, prefix = ""): string[] =>
    settings === false
      ? [prefix]
      : typeof settings === "object" && settings !== null && !Array.isArray(settings)
        ? Object.entries(settings).flatMap(([key, value]) => offPaths(value, prefix ? `${prefix}.${key}` : key))
        : [];

  it("is prod: every setting of prod's entry with prod's value, under a name prefix of its own", () => {
    // Prod leaves its alarms to the console until someone names a recipient; all-features names one.
    const { namePrefix, alarms: { consoleOnly: _console, ...alarms } = {}, ...prod } = ENVIRONMENTS.prod;
    expect(entry()).toMatchObject({ ...prod, alarms });
    expect(entry().namePrefix).not.toBe(namePrefix);
  });

  it("loads without a problem and switches on every setting that is off by default", () => {
    const { definitions, problems } = environmentDefinitions({ MULTIPLE_SERVER_CONFIG: file });
    const [settings] = loadSettings(["all-features"], {}, definitions, problems);
    const offByDefault = offPaths(settingsSchema.parse({}));
    expect(offByDefault.length).toBeGreaterThan(0);
    const stillOff = offPaths(settings).filter((setting) => offByDefault.includes(setting) && !(setting in OFF_BY_CHOICE));
    expect(stillOff).toEqual([]);
  });
});
