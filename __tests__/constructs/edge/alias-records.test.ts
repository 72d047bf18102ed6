import { Route53Record } from "../../../src/aws";
import { AliasRecords } from "../../../src/constructs/edge/alias-records";
import { resourcesOf, synthConstruct } from "../../helpers";

describe("AliasRecords", () => {
  const records = (ipv6: boolean) =>
    resourcesOf(
      synthConstruct((scope) => {
        new AliasRecords(scope, "records", {
          zoneId: "Z1",
          names: ["www.example.com", "example.com"],
          target: { dnsName: "d111.cloudfront.net", hostedZoneId: "Z2FDTNDATAQYW2" },
          ipv6,
        });
      }).tf,
      "aws_route53_record",
    ).map(([, r]) => r);

  it("points an A and an AAAA alias of every name at a target that answers IPv6", () => {
    expect(records(true).map((r) => [r.name, r.type]).sort()).toEqual([
      ["example.com", "A"],
      ["example.com", "AAAA"],
      ["www.example.com", "A"],
      ["www.example.com", "AAAA"],
    ]);
    for (const r of records(true)) {
      expect(r).toMatchObject({ zone_id: "Z1", alias: { name: "d111.cloudfront.net", zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: false } });
    }
  });

  it("writes each as an aws_route53_record alias (the cdktf matcher)", () => {
    const { json } = synthConstruct((scope) => {
      new AliasRecords(scope, "records", { zoneId: "Z1", names: ["origin.example.com"], target: { dnsName: "alb.example", hostedZoneId: "ZALB" }, evaluateTargetHealth: true });
    });
    expect(json).toHaveResourceWithProperties(Route53Record, {
      zone_id: "Z1",
      name: "origin.example.com",
      type: "A",
      alias: { name: "alb.example", zone_id: "ZALB", evaluate_target_health: true },
    });
  });

  it("writes A records only for an IPv4 target", () => {
    expect(records(false).map((r) => r.type)).toEqual(["A", "A"]);
  });
});
