import { AcmCertificate, AcmCertificateValidation, AwsProvider } from "../../../src/aws";
import { DnsValidatedCertificate } from "../../../src/constructs/edge/certificate";
import { resourcesOf, synthConstruct } from "../../helpers";

describe("DnsValidatedCertificate", () => {
  const { json, tf } = synthConstruct((scope) => {
    const edge = new AwsProvider(scope, "edge", { alias: "us_east_1", region: "us-east-1" });
    new DnsValidatedCertificate(scope, "cert", {
      provider: edge,
      domainName: "example.com",
      alternativeNames: ["*.example.com", "www.example.com"],
      zoneId: "Z0123456789ABCDEFGHIJ",
      name: "site-certificate",
    });
  });
  const [[certificateId]] = resourcesOf(tf, "aws_acm_certificate");
  const [[recordId, record]] = resourcesOf(tf, "aws_route53_record");

  it("requests a DNS-validated certificate for every name, in the provider's region, replaced before it is destroyed", () => {
    expect(json).toHaveResourceWithProperties(AcmCertificate, {
      provider: "aws.us_east_1",
      domain_name: "example.com",
      subject_alternative_names: ["*.example.com", "www.example.com"],
      validation_method: "DNS",
      lifecycle: { create_before_destroy: true },
      tags: { Name: "site-certificate" },
    });
  });

  it("writes one validation record per name, a name and its wildcard sharing theirs, in the zone", () => {
    expect(record.for_each).toBe(
      `\${{ for option in aws_acm_certificate.${certificateId}.domain_validation_options : trimprefix(option.domain_name, "*.") => option... }}`,
    );
    expect(record).toMatchObject({
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: "${each.value[0].resource_record_name}",
      type: "${each.value[0].resource_record_type}",
      records: ["${each.value[0].resource_record_value}"],
      ttl: 60,
      allow_overwrite: true,
    });
    expect(record.provider).toBeUndefined();
  });

  it("waits for ACM to issue it, through every validation record, before anything uses its ARN", () => {
    expect(json).toHaveResourceWithProperties(AcmCertificateValidation, {
      provider: "aws.us_east_1",
      certificate_arn: `\${aws_acm_certificate.${certificateId}.arn}`,
      validation_record_fqdns: `\${[ for key, val in aws_route53_record.${recordId}: val.fqdn]}`,
    });
  });
});

describe("DnsValidatedCertificate whose validation record another stack writes", () => {
  const { tf } = synthConstruct((scope) => {
    new DnsValidatedCertificate(scope, "cert", { domainName: "origin.example.com", zoneId: "Z0123456789ABCDEFGHIJ", name: "alb-certificate", writeValidationRecords: false });
  });
  const [[certificateId]] = resourcesOf(tf, "aws_acm_certificate");

  it("writes no record and waits for ACM to issue through the owner's (no record names)", () => {
    expect(resourcesOf(tf, "aws_route53_record")).toEqual([]);
    const [[, validation]] = resourcesOf(tf, "aws_acm_certificate_validation");
    expect(validation).toEqual({ certificate_arn: `\${aws_acm_certificate.${certificateId}.arn}` });
  });

  it("forgets, without destroying, the records this construct wrote before (the owner's record stays)", () => {
    expect((tf as { removed?: unknown }).removed).toEqual([{ from: expect.stringMatching(/^aws_route53_record\.cert_validation_[0-9A-F]{8}$/), lifecycle: [{ destroy: false }] }]);
  });
});
