import { Construct } from "constructs";
import { Instance } from "../../src/aws";
import { Guardrails } from "../../src/guardrails";
import { check, compliantInstance, header } from "./fixtures";

/** An instance breaking MS-EC2-1 (no IMDSv2) and MS-EC2-3 (public IP left to the subnet). */
const twoViolations = { ami: compliantInstance.ami, instanceType: "t3.micro", rootBlockDevice: { encrypted: true } };

const imdsv2 = "MS-EC2-1 (high, checkov CKV_AWS_79): EC2 instances require IMDSv2 (session tokens) for instance metadata";
const publicIp =
  "MS-EC2-3 (high, checkov CKV_AWS_88): EC2 instances get no public IP address: associate_public_ip_address = false (instances, launch templates and configurations), no Elastic IP on an instance or network interface";
const resourceLine = (id: string) => `  - stack test, construct test/${id}, resource aws_instance.${id}`;

describe("Guardrails.suppress", () => {
  it("silences exactly that rule on exactly that resource, and reports it with its reason", () => {
    const { error, log, guardrails } = check((s) => {
      const legacy = new Instance(s, "legacy", twoViolations);
      new Instance(s, "other", twoViolations);
      Guardrails.suppress(legacy, "MS-EC2-1", "the vendor agent on this image reads IMDSv1; ticket OPS-12 tracks its upgrade");
    });
    expect(log).toEqual([
      "Guardrails: MS-EC2-1 suppressed on test/legacy (aws_instance.legacy) in stack test: " +
        "the vendor agent on this image reads IMDSv1; ticket OPS-12 tracks its upgrade",
    ]);
    // The other rule still fails on the suppressed resource, and the same rule on the other one.
    const found = (error ?? "").split("\n").filter((line) => line.startsWith("  - ") || line.startsWith("    MS-"));
    expect(found).toEqual([resourceLine("legacy"), `    ${publicIp}`, resourceLine("other"), `    ${imdsv2}`, resourceLine("other"), `    ${publicIp}`]);
    expect(error?.split("\n")[0]).toBe(header(3));
    expect(guardrails.suppressed.map((f) => [f.rule.id, f.resource.path])).toEqual([["MS-EC2-1", "test/legacy"]]);
  });

  it("applies to everything under the construct it is put on", () => {
    const { error, log } = check((s) => {
      const tier = new Construct(s, "tier");
      new Instance(tier, "a", withPublicIpOnly());
      new Instance(tier, "b", withPublicIpOnly());
      Guardrails.suppress(tier, "MS-EC2-3", "bastion tier in a public subnet, admitted from the office only");
    });
    expect(error).toBeUndefined();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^Guardrails: MS-EC2-3 suppressed on test\/tier\/a \(aws_instance\.tier_a_[0-9A-F]+\) in stack test: bastion tier/);
  });

  it.each([
    ["an empty reason", ""],
    ["a blank reason", "   "],
  ])("refuses %s", (_title, reason) => {
    expect(() =>
      check((s) => Guardrails.suppress(new Instance(s, "web", twoViolations), "MS-EC2-1", reason)),
    ).toThrow("Guardrails.suppress: suppressing MS-EC2-1 on test/web needs a reason");
  });

  it("refuses a rule id the pack does not have, so a typo cannot hide a violation", () => {
    expect(() => check((s) => Guardrails.suppress(new Instance(s, "web", twoViolations), "MS-EC2-9", "typo"))).toThrow(
      /^Guardrails\.suppress: unknown rule MS-EC2-9 \(rules: MS-EC2-1, MS-EC2-2, /,
    );
  });
});

function withPublicIpOnly() {
  const { associatePublicIpAddress: _unset, ...rest } = compliantInstance;
  return rest;
}
