import { CloudfrontDistribution, S3BucketOwnershipControls, S3BucketServerSideEncryptionConfiguration } from "../../../src/aws";
import { CLOUDFRONT_STANDARD_LOG_REGIONS } from "../../../src/config/constants";
import { EDGE_PROVIDER, edgeAddresses, edgeProviderProblems } from "../../helpers/invariants";
import { resourcesOf, settingsFor, synthStack, type TerraformJson } from "../../helpers";

const logBucket = (tf: TerraformJson) => resourcesOf(tf, "aws_s3_bucket").filter(([, b]) => /-cdn-logs-$/.test(b.bucket_prefix));
const ofBucket = (tf: TerraformJson, type: string, bucketId: string) => resourcesOf(tf, type).filter(([, r]) => r.bucket === `\${aws_s3_bucket.${bucketId}.id}`);

describe("CdnLogBucket (cdn.accessLogs: CloudFront's standard logs, checkov CKV_AWS_86)", () => {
  it("is off in dev: no log bucket, no logging_config", () => {
    const { tf } = synthStack(settingsFor("dev"));
    expect(logBucket(tf)).toEqual([]);
    expect(resourcesOf(tf, "aws_cloudfront_distribution")[0][1].logging_config).toBeUndefined();
  });

  describe("in prod (ap-northeast-2, where CloudFront delivers standard logs)", () => {
    const { json, tf } = synthStack(settingsFor("prod"));
    const [[bucketId, bucket]] = logBucket(tf);
    const [[ownershipId]] = ofBucket(tf, "aws_s3_bucket_ownership_controls", bucketId);
    const [, distribution] = resourcesOf(tf, "aws_cloudfront_distribution")[0];

    it("points the distribution at the bucket's domain name, under cloudfront/, without cookies, once the bucket allows ACLs", () => {
      expect(distribution.logging_config).toEqual({ bucket: `\${aws_s3_bucket.${bucketId}.bucket_domain_name}`, prefix: "cloudfront/", include_cookies: false });
      expect(distribution.depends_on).toContain(`aws_s3_bucket_ownership_controls.${ownershipId}`);
      expect(json).toHaveResourceWithProperties(CloudfrontDistribution, { logging_config: expect.objectContaining({ prefix: "cloudfront/" }) });
    });

    it("keeps ACLs on (BucketOwnerPreferred), for CloudFront to grant its log delivery account; writes no ACL itself, and reads nothing from S3 for one", () => {
      expect(json).toHaveResourceWithProperties(S3BucketOwnershipControls, { bucket: `\${aws_s3_bucket.${bucketId}.id}`, rule: { object_ownership: "BucketOwnerPreferred" } });
      expect(resourcesOf(tf, "aws_s3_bucket_acl")).toEqual([]);
      expect(tf.data!.aws_canonical_user_id).toBeUndefined();
      // Every other bucket keeps ACLs off.
      const others = resourcesOf(tf, "aws_s3_bucket_ownership_controls").filter(([id]) => id !== ownershipId);
      expect(others.length).toBeGreaterThan(0);
      for (const [, other] of others) expect(other.rule.object_ownership).toBe("BucketOwnerEnforced");
    });

    it("is every other bucket's kind otherwise: SSE-S3, public access blocked, versioned, logs expiring after cdn.accessLogRetentionDays (90), kept from destroy", () => {
      expect(bucket).toMatchObject({ bucket_prefix: "multiple-server-prod-cdn-logs-", lifecycle: { prevent_destroy: true } });
      expect(bucket.provider).toBeUndefined();
      expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfiguration, {
        bucket: `\${aws_s3_bucket.${bucketId}.id}`,
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
      });
      expect(ofBucket(tf, "aws_s3_bucket_public_access_block", bucketId)[0][1]).toMatchObject({ block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: true });
      expect(ofBucket(tf, "aws_s3_bucket_versioning", bucketId)[0][1].versioning_configuration).toEqual({ status: "Enabled" });
      expect(ofBucket(tf, "aws_s3_bucket_lifecycle_configuration", bucketId)[0][1].rule[0]).toMatchObject({ expiration: [{ days: 90 }], noncurrent_version_expiration: [{ noncurrent_days: 7 }] });
    });

    it("puts nothing of the bucket on the us-east-1 provider", () => {
      expect([...edgeAddresses(tf)].filter((address) => /s3_bucket|canonical_user/.test(address))).toEqual([]);
      expect(edgeProviderProblems(tf)).toEqual([]);
    });
  });

  it("keeps the logs cdn.accessLogRetentionDays", () => {
    const { tf } = synthStack(settingsFor("dev", { cdn: { accessLogs: true, accessLogRetentionDays: 30 } }));
    const [[bucketId]] = logBucket(tf);
    expect(ofBucket(tf, "aws_s3_bucket_lifecycle_configuration", bucketId)[0][1].rule[0].expiration).toEqual([{ days: 30 }]);
  });

  // Melbourne is an opt-in region: CloudFront's standard logs (legacy) reach no bucket there.
  it("in ap-southeast-4, where CloudFront delivers no standard logs, creates the bucket and its parts in us-east-1 (the edge provider)", () => {
    expect(CLOUDFRONT_STANDARD_LOG_REGIONS).not.toContain("ap-southeast-4");
    const settings = settingsFor("dev", {
      region: "ap-southeast-4",
      network: { availabilityZones: ["ap-southeast-4a", "ap-southeast-4b"] },
      cdn: { accessLogs: true },
    });
    const { tf } = synthStack(settings);
    const [[bucketId, bucket]] = logBucket(tf);
    expect(bucket.provider).toBe(EDGE_PROVIDER);
    const parts = Object.keys(tf.resource).filter((type) => type.startsWith("aws_s3_bucket_")).flatMap((type) => ofBucket(tf, type, bucketId));
    expect(parts.length).toBeGreaterThanOrEqual(5);
    for (const [, part] of parts) expect(part.provider).toBe(EDGE_PROVIDER);
    expect(tf.provider!.aws.find((p: any) => p.alias === "us_east_1")).toMatchObject({ region: "us-east-1" });
    expect(edgeProviderProblems(tf)).toEqual([]);
  });
});
