import { Construct } from "constructs";
import type { AwsProvider, S3BucketOwnershipControls } from "../../aws";
import { CDN_LOG_PREFIX, LOG_NONCURRENT_DAYS } from "../../config/constants";
import type { Naming } from "../../naming";
import { SecureBucket } from "../shared/secure-bucket";

export interface CdnLogBucketProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Days the logs are kept. Required (config `cdn.accessLogRetentionDays`). */
  readonly retentionDays: number;
  /**
   * Provider of the bucket's region when it is not the stack's: the edge provider (us-east-1) for a
   * stack in a region CloudFront delivers no standard logs to (`CLOUDFRONT_STANDARD_LOG_REGIONS`).
   * @default the stack's default provider
   */
  readonly provider?: AwsProvider;
  /** `prevent_destroy` on the bucket. @default false */
  readonly protect?: boolean;
}

/**
 * The bucket of CloudFront's standard logs (legacy; checkov CKV_AWS_86 reads `logging_config`).
 * CloudFront writes them as its `awslogsdelivery` account, through the bucket's ACL: the bucket
 * must have ACLs enabled (Object Ownership `BucketOwnerPreferred`, not the default
 * `BucketOwnerEnforced`), and CloudFront itself adds FULL_CONTROL for that account to the bucket's
 * ACL when logging is turned on by someone allowed s3:GetBucketAcl and s3:PutBucketAcl on it
 * (CloudFront Developer Guide, "Configure standard logging (legacy)": "Choose an Amazon S3 bucket
 * for standard logs" and "Permissions"). The stack writes no ACL of its own: an `aws_s3_bucket_acl`
 * needs the owner's canonical id, read from S3 in the stack's region, and the distribution would
 * depend on it, which a failover's targeted apply of the distribution, with that region down,
 * could not read (__tests__/runbook/failover-closure.test.ts). SSE-S3, versioned, logs expire
 * after `retentionDays`.
 */
export class CdnLogBucket extends Construct {
  public readonly bucket: SecureBucket;
  /** The bucket's domain name (`<bucket>.s3.amazonaws.com`), as `logging_config.bucket` takes it. */
  public readonly domainName: string;
  /** Object Ownership that keeps ACLs on: CloudFront refuses a log bucket without them, so the distribution waits for it. */
  public readonly ownership: S3BucketOwnershipControls;
  public readonly prefix = CDN_LOG_PREFIX;

  constructor(scope: Construct, id: string, props: CdnLogBucketProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, "bucket", {
      provider: props.provider,
      bucketPrefix: props.naming.bucketPrefix("cdn-logs"),
      objectOwnership: "BucketOwnerPreferred",
      versioned: true,
      expirationDays: props.retentionDays,
      noncurrentVersionExpirationDays: LOG_NONCURRENT_DAYS,
      protect: props.protect,
    });
    this.ownership = this.bucket.ownership;
    this.domainName = this.bucket.bucket.bucketDomainName;
  }
}
