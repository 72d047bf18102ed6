import * as fs from "node:fs";
import * as path from "node:path";
import { guardrailsTable, RULES } from "../../src/guardrails";

const README = path.join(__dirname, "..", "..", "README.md");

/** The text between `<!-- section:guardrails -->` and its closing marker. */
function guardrailsSection(): string {
  const text = fs.readFileSync(README, "utf8");
  const match = /<!-- section:guardrails -->\n([\s\S]*?)<!-- \/section:guardrails -->/.exec(text);
  if (!match) throw new Error("README.md has no guardrails section");
  return match[1];
}

describe("README Guardrails section", () => {
  // On failure, paste the expected table into the README: it is generated from src/guardrails/pack.ts.
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
