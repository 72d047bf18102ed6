import { AcmCertificate, CloudfrontDistribution } from "../../../src/aws";
import { Compliance } from "../../../src/guardrails";
import { AwsAcmCertificateForCloudfront } from "../../../src/guardrails/rules/aws-cloudfront-certificate-region";
import { compliantDistribution, edgeProvider, judge } from "../fixtures";

const ADDRESS = "aws_cloudfront_distribution.cdn";
const VIEWER = { sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" };

/** A distribution on www.example.com whose certificate is made with the us-east-1 provider or the stack's (ap-northeast-2). */
function withCertificateIn(edge: boolean): Compliance {
  return judge(AwsAcmCertificateForCloudfront, (s) => {
    const certificate = new AcmCertificate(s, "certificate", { domainName: "www.example.com", validationMethod: "DNS", provider: edge ? edgeProvider(s) : undefined });
    new CloudfrontDistribution(s, "cdn", { ...compliantDistribution(), aliases: ["www.example.com"], viewerCertificate: { ...VIEWER, acmCertificateArn: certificate.arn } });
  })[ADDRESS];
}

describe("MS-AWS-4: a distribution's ACM certificate is in us-east-1", () => {
  it("violated: the certificate made in the stack's own region (ap-northeast-2)", () => {
    expect(withCertificateIn(false)).toBe(Compliance.NON_COMPLIANT);
  });

  it("violated: an ARN of another region", () => {
    const verdict = judge(AwsAcmCertificateForCloudfront, (s) => {
      new CloudfrontDistribution(s, "cdn", { ...compliantDistribution(), viewerCertificate: { ...VIEWER, acmCertificateArn: "arn:aws:acm:ap-northeast-2:111122223333:certificate/1" } });
    });
    expect(verdict[ADDRESS]).toBe(Compliance.NON_COMPLIANT);
  });

  it("compliant: the certificate made with the us-east-1 provider", () => {
    expect(withCertificateIn(true)).toBe(Compliance.COMPLIANT);
  });

  it("not applicable: CloudFront's default certificate", () => {
    expect(judge(AwsAcmCertificateForCloudfront, (s) => new CloudfrontDistribution(s, "cdn", compliantDistribution()))[ADDRESS]).toBe(Compliance.NOT_APPLICABLE);
  });
});
