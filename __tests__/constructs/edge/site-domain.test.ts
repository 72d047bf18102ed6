import { AwsProvider, DataAwsRoute53Zone } from "../../../src/aws";
import { SiteDomain } from "../../../src/constructs/edge/site-domain";
import { naming, resourcesOf, settingsFor, synthConstruct } from "../../helpers";

const build = (domain: { name: string; aliases?: string[]; zoneName?: string; zoneId?: string; originName?: string }) =>
  synthConstruct((scope) => {
    const edgeProvider = new AwsProvider(scope, "edge", { alias: "us_east_1", region: "us-east-1" });
    new SiteDomain(scope, "domain", { naming, edgeProvider, domain: settingsFor("dev", { domain }).domain! });
  });

describe("SiteDomain", () => {
  const { json, tf } = build({ name: "www.example.com", aliases: ["example.com"], zoneName: "example.com" });

  it("looks the public zone up by name, never creating one", () => {
    expect(json).toHaveDataSourceWithProperties(DataAwsRoute53Zone, { name: "example.com", private_zone: false });
    expect(tf.resource.aws_route53_zone).toBeUndefined();
  });

  it("certifies the site's names in us-east-1 for CloudFront and origin.<name> in the stack's region for the ALB", () => {
    const certificates = resourcesOf(tf, "aws_acm_certificate").map(([, c]) => [c.tags.Name, c.domain_name, c.subject_alternative_names, c.provider]);
    expect(certificates.sort()).toEqual([
      ["multiple-server-alb-certificate", "origin.www.example.com", undefined, undefined],
      ["multiple-server-cdn-certificate", "www.example.com", ["example.com"], "aws.us_east_1"],
    ]);
    const [zoneId] = Object.keys(tf.data!.aws_route53_zone);
    for (const [, record] of resourcesOf(tf, "aws_route53_record")) expect(record.zone_id).toBe(`\${data.aws_route53_zone.${zoneId}.zone_id}`);
  });

  it("takes the zone by id instead, and the origin name it is given", () => {
    const byId = build({ name: "www.example.com", zoneId: "Z0123456789ABCDEFGHIJ", originName: "alb.example.com" });
    expect(byId.json).toHaveDataSourceWithProperties(DataAwsRoute53Zone, { zone_id: "Z0123456789ABCDEFGHIJ", private_zone: false });
    expect(resourcesOf(byId.tf, "aws_acm_certificate").map(([, c]) => c.domain_name).sort()).toEqual(["alb.example.com", "www.example.com"]);
  });
});
