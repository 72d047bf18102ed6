import { Testing } from "cdktf";
import { appliesIn, Compliance, Guardrails, RULES } from "../../src/guardrails";
import { SynthesizedStack } from "../../src/guardrails/stack-view";
import { MultipleServerStack } from "../../src/stack";
import { settingsFor } from "../helpers";

describe.each(["dev", "prod"])("the shipped %s environment", (environment) => {
  const stack = new MultipleServerStack(Testing.app(), settingsFor(environment));
  const guardrails = new Guardrails().applyTo(stack, environment);
  Testing.synth(stack);

  it("passes the whole rule pack with no suppression", () => {
    expect(guardrails.violations.map((f) => `${f.rule.id} ${f.resource.path}`)).toEqual([]);
    expect(guardrails.suppressed).toEqual([]);
    expect(() => guardrails.enforce(() => undefined)).not.toThrow();
  });

  // A rule that finds nothing to read passes vacuously: each one must have read a compliant resource.
  it("finds a compliant resource for every rule that applies to it", () => {
    const view = new SynthesizedStack(stack, environment);
    const vacuous = RULES.filter((rule) => appliesIn(rule, environment === "prod"))
      .filter((rule) => !view.all().some((r) => relevant(rule.resourceTypes, r.type) && rule.check(r, view) === Compliance.COMPLIANT))
      .map((rule) => rule.id);
    expect(vacuous).toEqual([]);
  });

  it("sees the backend block and the provider's default tags as synthesized", () => {
    const view = new SynthesizedStack(stack, environment);
    expect(view.resources("backend.s3")[0].config).toMatchObject({ encrypt: true, use_lockfile: true });
    const [vpc] = view.resources("aws_vpc");
    expect(view.defaultTags(vpc)).toMatchObject({ Project: "multiple-server", Environment: environment, ManagedBy: "cdktf" });
  });
});

function relevant(types: readonly string[], type: string): boolean {
  return types.includes("*") || types.includes(type);
}
