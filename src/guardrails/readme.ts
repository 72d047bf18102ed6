import type { Rule } from "./rule";

/** The Guardrails table of docs/guardrails.md, generated from the pack so the two never drift apart. */
export function guardrailsTable(rules: readonly Rule[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  return [
    "| Rule | What it enforces | checkov | Environments |",
    "| --- | --- | --- | --- |",
    ...rules.map(
      (r) => `| ${r.id} | ${cell(r.description)} | ${r.checkov ?? "-"} | ${r.environments === "all" ? "all" : "prod only"} |`,
    ),
  ].join("\n");
}
