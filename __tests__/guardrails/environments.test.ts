import { Testing } from "../../src/cdk";
import type { Settings } from "../../src/config/schema";
import { applyGuardrails, appliesIn, Compliance, Guardrails, RULES } from "../../src/guardrails";
import { SynthesizedStack } from "../../src/guardrails/stack-view";
import { hasStandby } from "../../src/config/standby";
import { MultipleServerStack } from "../../src/stacks/stack";
import { StandbyStack } from "../../src/stacks/standby-stack";
import { StateBucketStack } from "../../src/stacks/state-bucket-stack";
import { settingsFor } from "../helpers";

/** Rules that read what only a domain builds (an HTTPS listener, a distribution's own certificate and aliases, an HTTPS origin). */
const DOMAIN_RULES = ["MS-ALB-6", "MS-CDN-5", "MS-CDN-6", "MS-AWS-2", "MS-AWS-4"];
const DOMAIN = { domain: { name: "www.example.com", aliases: ["example.com"], zoneName: "example.com" } };

/** What AWS refuses that concerns only a VPC origin (MS-AWS-3) or a web ACL and its logs (MS-AWS-5, MS-AWS-7: prod's). */
const NO_VPC_ORIGIN = ["MS-AWS-3"];
const NO_WEB_ACL = ["MS-AWS-5", "MS-AWS-7"];

// dev runs the article's fixed servers (web.fleet "instances"): no Auto Scaling group to read.
// prod's ALB is internal, behind a VPC origin: MS-ALB-4 concerns internet-facing ALBs only.
describe.each([
  ["dev", {}, ["MS-ASG-1", ...DOMAIN_RULES, ...NO_VPC_ORIGIN, ...NO_WEB_ACL]],
  ["prod", {}, ["MS-ALB-4", ...DOMAIN_RULES]],
  ["dev", DOMAIN, ["MS-ASG-1", ...NO_VPC_ORIGIN, ...NO_WEB_ACL]],
  ["prod", DOMAIN, ["MS-ALB-4"]],
  ["prod", { ...DOMAIN, cdn: { origin: "public" as const } }, NO_VPC_ORIGIN],
])("the shipped %s environment %j", (environment, overrides, withoutDomain) => {
  const settings = settingsFor(environment, overrides);
  const stack = new MultipleServerStack(Testing.app(), settings);
  const guardrails = new Guardrails().applyTo(stack, environment, settings.production);

  it("is production exactly when it is prod", () => {
    expect(settings.production).toBe(environment === "prod");
  });
  Testing.synth(stack);

  it("passes the whole rule pack with no suppression", () => {
    expect(guardrails.violations.map((f) => `${f.rule.id} ${f.resource.path}`)).toEqual([]);
    expect(guardrails.suppressed).toEqual([]);
    expect(() => guardrails.enforce(() => undefined)).not.toThrow();
  });

  // A rule that finds nothing to read passes vacuously: each one must have read a compliant resource
  // (those about a domain only where there is one).
  it("finds a compliant resource for every rule that applies to it", () => {
    const view = new SynthesizedStack(stack, environment);
    const vacuous = RULES.filter((rule) => appliesIn(rule, settings.production))
      .filter((rule) => !view.all().some((r) => relevant(rule.resourceTypes, r.type) && rule.check(r, view) === Compliance.COMPLIANT))
      .map((rule) => rule.id);
    // Neither has a standby (dr): no cross-region replica for MS-RDS-10 and MS-DR-1 (read in the standby's test below).
    const standbyRules = environment === "dev" ? ["MS-RDS-10"] : ["MS-RDS-10", "MS-DR-1"];
    expect(vacuous.sort()).toEqual([...withoutDomain, ...standbyRules].sort());
  });

  it("sees the backend block and the provider's default tags as synthesized", () => {
    const view = new SynthesizedStack(stack, environment);
    expect(view.resources("backend.s3")[0].config).toMatchObject({ encrypt: true, use_lockfile: true });
    const [vpc] = view.resources("aws_vpc");
    expect(view.defaultTags(vpc)).toMatchObject({ Project: "multiple-server", Environment: environment, ManagedBy: "cdktf" });
  });
});

describe("the standby stack of prod (dr)", () => {
  const settings = settingsFor("prod", { dr: { region: "ap-northeast-1" } });
  if (!hasStandby(settings)) throw new Error("expected a standby");
  const stack = new StandbyStack(Testing.app(), settings);
  const guardrails = new Guardrails().applyTo(stack, "prod", true);
  Testing.synth(stack);

  it("passes the whole rule pack with no suppression, production rules included", () => {
    expect(guardrails.violations.map((f) => `${f.rule.id} ${f.resource.path}`)).toEqual([]);
    expect(guardrails.suppressed).toEqual([]);
  });

  it("is where the disaster-recovery rules find what they read: its replica is encrypted with its own key, private, backed up here, protected", () => {
    const view = new SynthesizedStack(stack, "prod");
    const [replica] = view.resources("aws_db_instance");
    const verdicts = Object.fromEntries(
      RULES.filter((r) => ["MS-RDS-1", "MS-RDS-2", "MS-RDS-10", "MS-DR-1", "MS-STATE-2"].includes(r.id)).map((r) => [r.id, r.check(replica, view)]),
    );
    expect(verdicts).toEqual({
      "MS-RDS-1": Compliance.COMPLIANT,
      "MS-RDS-2": Compliance.COMPLIANT,
      "MS-RDS-10": Compliance.COMPLIANT,
      "MS-DR-1": Compliance.COMPLIANT,
      "MS-STATE-2": Compliance.COMPLIANT,
    });
  });
});

function relevant(types: readonly string[], type: string): boolean {
  return types.includes("*") || types.includes(type);
}

/** The ids of the rules `applyGuardrails` finds broken, by stack; the state stack built with `protect`. */
function brokenByStack(settings: Settings[], protect = true): Record<string, string[]> {
  const app = Testing.app();
  const stacks = [...settings.map((s) => new MultipleServerStack(app, s)), new StateBucketStack(app, { environments: settings, protect })];
  const guardrails = applyGuardrails(stacks, settings);
  stacks.forEach((stack) => Testing.synth(stack));
  const out: Record<string, string[]> = {};
  for (const f of guardrails.violations) out[f.stack] = [...new Set([...(out[f.stack] ?? []), f.rule.id])].sort();
  return out;
}

describe("which stacks get the production rules", () => {
  it("an environment whose production setting is on, whatever its name", () => {
    // dev's values (no deletion protection, no access logs...) under a name that is not prod.
    expect(brokenByStack([settingsFor("live", { production: true })])).toEqual({
      "multiple-server-live": ["MS-ALB-2", "MS-ALB-3", "MS-CDN-3", "MS-MON-1", "MS-MON-2", "MS-RDS-5", "MS-RDS-6", "MS-RDS-7", "MS-STATE-2"],
    });
  });

  it("every environment gets MS-VPC-1: flow logs switched off fail outside production too", () => {
    expect(brokenByStack([settingsFor("dev", { network: { flowLogRetentionDays: 0 } })])).toEqual({ "multiple-server-dev": ["MS-VPC-1"] });
  });

  it("not an environment named production that does not say so", () => {
    expect(brokenByStack([settingsFor("production")])).toEqual({});
  });

  it("the state bootstrap stack when it holds a production environment's state, not when that lives elsewhere", () => {
    const dev = settingsFor("dev");
    const unprotectedState = ["MS-STATE-2"];
    expect(brokenByStack([dev, settingsFor("prod")], false)["multiple-server-state"]).toEqual(unprotectedState);
    expect(brokenByStack([dev, settingsFor("prod", { backend: { kind: "local" } })], false)["multiple-server-state"]).toBeUndefined();
  });
});
