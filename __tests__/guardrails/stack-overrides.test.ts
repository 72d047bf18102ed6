import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "../../src/cdk";
import type { Construct } from "constructs";
import { DbInstance } from "../../src/aws";
import { Guardrails } from "../../src/guardrails";
import { SynthesizedStack } from "../../src/guardrails/stack-view";
import { MultipleServerStack } from "../../src/stacks/stack";
import { settingsFor } from "../helpers";
import { check, compliantPrimary, header } from "./fixtures";

// An override put on the stack, not on the element, is merged only by `stack.toTerraform()`: each
// element's own `toTerraform()` never shows it, yet cdk.tf.json holds it and Terraform applies it.

const RDS_2 = [
  "  - stack test, construct test/db, resource aws_db_instance.db",
  "    MS-RDS-2 (high, checkov CKV_AWS_17): RDS instances, Aurora cluster instances and Multi-AZ DB clusters are not publicly accessible",
  "    fix: set publiclyAccessible: false and keep the instance in the database subnets",
].join("\n");

const STATE_1 = [
  "  - stack test, construct test/backend, resource terraform.backend.s3",
  "    MS-STATE-1 (high): The S3 state backend encrypts the state and locks it (use_lockfile or a DynamoDB table)",
  "    fix: keep backend.encrypt: true and backend.useLockfile: true (or backend.dynamodbTable for Terraform < 1.10)",
].join("\n");

const stackOf = (scope: Construct) => TerraformStack.of(scope);

describe("overrides put on the stack", () => {
  it("MS-RDS-2: stack.addOverride makes a private database public", () => {
    const { error } = check((s) => {
      new DbInstance(s, "db", compliantPrimary);
      stackOf(s).addOverride("resource.aws_db_instance.db.publicly_accessible", true);
    });
    expect(error).toBe(`${header(1)}\n${RDS_2}`);
  });

  it("MS-STATE-1: stack.addOverride switches the S3 backend's encryption off", () => {
    const { error } = check((s) => stackOf(s).addOverride("terraform.backend.s3.encrypt", false));
    expect(error).toBe(`${header(1)}\n${STATE_1}`);
  });

  it("a resource that only a stack override writes is checked too, and belongs to the stack", () => {
    const { error } = check((s) =>
      stackOf(s).addOverride("resource.aws_vpc_security_group_ingress_rule.open", {
        security_group_id: "sg-1",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "0.0.0.0/0",
      }),
    );
    expect(error?.split("\n").slice(0, 3)).toEqual([
      header(1),
      "  - stack test, construct test, resource aws_vpc_security_group_ingress_rule.open",
      expect.stringMatching(/^ {4}MS-SG-1 /),
    ]);
  });

  it("a suppression on the resource covers a stack override of it", () => {
    const { error, log } = check((s) => {
      Guardrails.suppress(new DbInstance(s, "db", compliantPrimary), "MS-RDS-2", "reached through a private link only (OPS-7)");
      stackOf(s).addOverride("resource.aws_db_instance.db.publicly_accessible", true);
    });
    expect(error).toBeUndefined();
    expect(log).toEqual(["Guardrails: MS-RDS-2 suppressed on test/db (aws_db_instance.db) in stack test: reached through a private link only (OPS-7)"]);
  });
});

describe("the view of a shipped stack with stack overrides", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-overrides-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const settings = settingsFor("dev");
  const app = new App({ outdir: work });
  const stack = new MultipleServerStack(app, settings);
  const db = stack.database.primary;
  stack.addOverride(`resource.aws_db_instance.${db.friendlyUniqueId}.publicly_accessible`, true);
  stack.addOverride("terraform.backend.s3.encrypt", false);
  const guardrails = new Guardrails().applyTo(stack, "dev", settings.production);
  app.synth();
  const written = JSON.parse(fs.readFileSync(path.join(work, "stacks", stack.node.id, "cdk.tf.json"), "utf8"));

  it("holds exactly what cdk.tf.json holds, resource by resource, the ephemeral resources and the backend block", () => {
    const view = new SynthesizedStack(stack, "dev");
    const fromFile: Record<string, unknown> = {};
    for (const [type, byName] of Object.entries(written.resource as Record<string, Record<string, any>>)) {
      for (const [name, { "//": _metadata, ...config }] of Object.entries(byName)) fromFile[`${type}.${name}`] = config;
    }
    for (const [type, byName] of Object.entries(written.ephemeral as Record<string, Record<string, any>>)) {
      for (const [name, { "//": _metadata, ...config }] of Object.entries(byName)) fromFile[`ephemeral.${type}.${name}`] = config;
    }
    for (const [kind, config] of Object.entries(written.terraform.backend)) fromFile[`terraform.backend.${kind}`] = config;
    expect(Object.fromEntries(view.all().map((r) => [r.address, r.config]))).toEqual(fromFile);
    expect(written.resource.aws_db_instance[db.friendlyUniqueId].publicly_accessible).toBe(true);
    expect(written.terraform.backend.s3.encrypt).toBe(false);
  });

  it("fails on both overrides, each on the construct it changes", () => {
    expect(guardrails.violations.map((f) => [f.rule.id, f.resource.path, f.resource.address])).toEqual([
      ["MS-STATE-1", `${stack.node.id}/state/backend`, "terraform.backend.s3"],
      ["MS-RDS-2", db.node.path, `aws_db_instance.${db.friendlyUniqueId}`],
    ]);
  });
});
