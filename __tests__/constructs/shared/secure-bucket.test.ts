import { SecureBucket, type SecureBucketProps } from "../../../src/constructs/shared/secure-bucket";
import { resourcesOf, synthConstruct } from "../../helpers";

const lifecycleRules = (props: SecureBucketProps) => {
  const { tf } = synthConstruct((scope) => {
    new SecureBucket(scope, "bucket", { bucketName: "b", ...props });
  });
  const configs = resourcesOf(tf, "aws_s3_bucket_lifecycle_configuration");
  return configs.length ? configs[0][1].rule : undefined;
};

describe("SecureBucket lifecycle", () => {
  it("expires delete markers beside the noncurrent-version expiry of a versioned bucket (the state bucket's case)", () => {
    expect(lifecycleRules({ noncurrentVersionExpirationDays: 90 })).toEqual([
      expect.objectContaining({
        id: "expire",
        expiration: [{ expired_object_delete_marker: true }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      }),
    ]);
  });

  it("puts the delete markers in a rule of their own when current objects expire by days (S3 refuses both in one Expiration)", () => {
    const rules = lifecycleRules({ noncurrentVersionExpirationDays: 30, expirationDays: 90 });
    expect(rules).toEqual([
      expect.objectContaining({ id: "expire", expiration: [{ days: 90 }], noncurrent_version_expiration: [{ noncurrent_days: 30 }] }),
      expect.objectContaining({ id: "expire-delete-markers", status: "Enabled", expiration: [{ expired_object_delete_marker: true }] }),
    ]);
    for (const rule of rules) expect(rule.expiration[0].days === undefined || rule.expiration[0].expired_object_delete_marker === undefined).toBe(true);
  });

  it("leaves delete markers alone in an unversioned bucket (it has none), expiring objects by days (the access-log bucket's case)", () => {
    expect(lifecycleRules({ versioned: false, expirationDays: 90 })).toEqual([
      expect.objectContaining({ id: "expire", expiration: [{ days: 90 }] }),
    ]);
  });

  it("writes no lifecycle without an expiry", () => {
    expect(lifecycleRules({})).toBeUndefined();
  });
});
