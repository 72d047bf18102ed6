import { guardrailsTable, RULES } from "../../src/guardrails";
import { docSection } from "../helpers/docs";

const guardrailsSection = () => docSection("docs/guardrails.md", "guardrails");

describe("docs/guardrails.md, the Guardrails section", () => {
  // On failure, paste the expected table into docs/guardrails.md: it is generated from src/guardrails/pack.ts.
  it("holds the table of the rule pack as it is", () => {
    expect(guardrailsSection()).toContain(`${guardrailsTable(RULES)}\n`);
  });

  it("shows how to suppress a rule", () => {
    expect(guardrailsSection()).toContain("Guardrails.suppress(");
  });
});

describe("guardrailsTable", () => {
  it("has one row per rule: id, what it enforces, checkov id, environments", () => {
    const lines = guardrailsTable(RULES).split("\n");
    expect(lines[0]).toBe("| Rule | What it enforces | checkov | Environments |");
    expect(lines).toHaveLength(RULES.length + 2);
    expect(lines).toContain("| MS-EC2-1 | EC2 instances require IMDSv2 (session tokens) for instance metadata | CKV_AWS_79 | all |");
    expect(lines).toContain("| MS-RDS-6 | RDS primaries and clusters keep a named final snapshot when deleted | - | prod only |");
  });
});
