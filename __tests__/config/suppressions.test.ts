import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { ConfigError, formatProblem } from "../../src/config/errors";
import { loadSettings } from "../../src/config/load";

/**
 * Guardrail suppressions written in the configuration, for a JSON-config user who cannot call
 * Guardrails.suppress in code. qa turns flow logs off (network.flowLogRetentionDays 0), which
 * guardrail MS-VPC-1 refuses on its VPC.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-suppress-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(suppress: unknown[], network: Record<string, unknown> = { flowLogRetentionDays: 0 }) {
  const file = path.join(work, `envs-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify({ environments: { qa: { namePrefix: "ms-qa", network, guardrails: { suppress } } } }));
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => (lines.push(String(chunk).trim()), true)) as typeof process.stderr.write;
  try {
    const stacks = synthesize({ outdir: path.join(work, "out"), env: { MULTIPLE_SERVER_CONFIG: file, MULTIPLE_SERVER_ENVIRONMENTS: "qa" } });
    return { file, stacks, lines, problems: [] as string[] };
  } catch (error) {
    if (error instanceof ConfigError) return { file, stacks: [], lines, problems: error.problems.map(formatProblem) };
    throw error;
  } finally {
    process.stderr.write = write;
  }
}

const REASON = "qa is torn down every night; nobody reads its flow logs";

describe("guardrail suppressions in the configuration", () => {
  it("accept a finding with its rule, construct and reason, and report it at synth like one made in code", () => {
    const { stacks, lines } = run([{ rule: "MS-VPC-1", resource: "multiple-server-qa/network", reason: REASON }]);
    expect(stacks).toContain("multiple-server-qa");
    expect(lines).toContain(
      `Guardrails: MS-VPC-1 suppressed on multiple-server-qa/network/vpc (aws_vpc.network_vpc_4E8F0223) in stack multiple-server-qa: ${REASON}`,
    );
  });

  it("refuse a construct that is not there, with the nearest path", () => {
    const { file, problems } = run([{ rule: "MS-VPC-1", resource: "multiple-server-qa/network/vcp", reason: REASON }]);
    expect(problems).toEqual([
      `${file}: qa.guardrails.suppress[0].resource multiple-server-qa/network/vcp names no construct of multiple-server-qa (write the path a violation prints after "construct" (did you mean multiple-server-qa/network/vpc?))`,
    ]);
  });

  it("refuse a suppression that suppresses nothing (flow logs back on)", () => {
    const { file, problems } = run([{ rule: "MS-VPC-1", resource: "multiple-server-qa/network", reason: REASON }], {});
    expect(problems).toEqual([`${file}: qa.guardrails.suppress[0] "MS-VPC-1 on multiple-server-qa/network" suppresses nothing (no resource there breaks that rule); remove it`]);
  });

  it("refuse an unknown rule and a missing reason before anything is built", () => {
    const load = (suppress: unknown[]) => {
      try {
        loadSettings(["qa"], {}, { qa: { namePrefix: "ms-qa", guardrails: { suppress: suppress as never } } });
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map(formatProblem);
      }
    };
    expect(load([{ rule: "MS-VCP-1", resource: "x", reason: REASON }])).toEqual(["qa.guardrails.suppress[0].rule MS-VCP-1 is not a guardrail (did you mean MS-VPC-1?)"]);
    expect(load([{ rule: "MS-VPC-1", resource: "x", reason: "  " }])).toEqual(['qa.guardrails.suppress[0].reason "  " must say why the risk is accepted']);
    expect(load([{ rule: "MS-VPC-1", resource: "x" }])).toEqual(["qa.guardrails.suppress[0].reason (unset) must be set to a string"]);
  });
});
