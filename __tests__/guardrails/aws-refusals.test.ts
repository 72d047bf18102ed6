import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../src/guardrails";
import { AWS_REFUSALS } from "../../src/guardrails/aws-refusals";

const RULE_TESTS = path.join(__dirname, "rules");

describe("the MS-AWS category (what AWS refuses at apply time)", () => {
  it("numbers its rules MS-AWS-<n>, each once, MS-AWS-1 kept for the replica whose source has an RDS-managed password", () => {
    const ids = AWS_REFUSALS.map((r) => r.id);
    expect(ids.every((id) => /^MS-AWS-\d+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is part of the pack every stack is checked against", () => {
    expect(RULES.filter((r) => r.id.startsWith("MS-AWS-"))).toEqual(AWS_REFUSALS);
  });

  it("ends each rule's description with the AWS document or provider issue it comes from", () => {
    for (const rule of AWS_REFUSALS) {
      expect(rule.source).toMatch(/(Guide|API Reference|#\d+)/);
      expect(rule.description.endsWith(`(source: ${rule.source})`)).toBe(true);
    }
  });

  it("has a test file of its own under __tests__/guardrails/rules/ for each rule, with a violating and a compliant case", () => {
    const files = fs.readdirSync(RULE_TESTS).map((f) => fs.readFileSync(path.join(RULE_TESTS, f), "utf8"));
    for (const rule of AWS_REFUSALS) {
      const file = files.find((text) => text.includes(`describe("${rule.id}:`));
      expect({ rule: rule.id, violating: /it\("violated/.test(file ?? ""), compliant: /it\("compliant/.test(file ?? "") }).toEqual({
        rule: rule.id,
        violating: true,
        compliant: true,
      });
    }
  });
});
