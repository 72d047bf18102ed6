import { Construct } from "constructs";
import {
  type AwsProvider,
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
  S3Bucket,
  S3BucketLifecycleConfiguration,
  S3BucketOwnershipControls,
  S3BucketPolicy,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfiguration,
  S3BucketVersioning,
} from "../../aws";
import { INCOMPLETE_UPLOAD_DAYS } from "../../config/constants";

export interface SecureBucketProps {
  /** Exact bucket name; give this or `bucketPrefix`. @default unset */
  readonly bucketName?: string;
  /** Prefix Terraform completes to a unique name (at most 37 characters). @default unset */
  readonly bucketPrefix?: string;
  /** Keep every version of every object. @default true */
  readonly versioned?: boolean;
  /** KMS key for default encryption; unset means SSE-S3 (which ALB log delivery requires). @default unset */
  readonly kmsKeyId?: string;
  /** Days after which noncurrent versions are deleted; unset keeps them. @default unset */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days after which current objects expire; unset keeps them. @default unset */
  readonly expirationDays?: number;
  /** Statements added to the bucket policy besides the TLS-only deny, given the bucket's ARN. @default none */
  readonly policyStatements?: (bucketArn: string) => DataAwsIamPolicyDocumentStatement[];
  /** `prevent_destroy` on the bucket. @default false */
  readonly protect?: boolean;
  /**
   * S3 Object Ownership. `BucketOwnerPreferred` keeps ACLs working, for a writer that grants itself
   * access by ACL (CloudFront's standard logs): the caller then sets the bucket's ACL, after `ownership`.
   * @default "BucketOwnerEnforced" (ACLs off)
   */
  readonly objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
  /** Provider of the bucket's region, when it is not the stack's (the edge provider for us-east-1). @default the stack's default provider */
  readonly provider?: AwsProvider;
}

/**
 * An S3 bucket the way every bucket of this project must be: owner-enforced objects (no ACLs, unless
 * `objectOwnership` says why),
 * all public access blocked, default encryption, a policy that refuses plain HTTP, optional
 * versioning and expiry.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  /** The bucket policy: depend on it before asking a service to write into the bucket. */
  public readonly policy: S3BucketPolicy;
  /** Versioning, when on: S3 replication needs it on both buckets first. */
  public readonly versioning?: S3BucketVersioning;
  /** Object Ownership: an ACL may be set only after it allows ACLs. */
  public readonly ownership: S3BucketOwnershipControls;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const { provider } = props;
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: props.bucketName,
      bucketPrefix: props.bucketPrefix,
      forceDestroy: false,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
      tags: { Name: props.bucketName ?? props.bucketPrefix ?? id },
    });
    const bucket = this.bucket.id;

    this.ownership = new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket,
      rule: { objectOwnership: props.objectOwnership ?? "BucketOwnerEnforced" },
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
      provider,
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyId
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyId }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: props.kmsKeyId ? true : undefined,
        },
      ],
    });
    const versioned = props.versioned ?? true;
    if (versioned) {
      this.versioning = new S3BucketVersioning(this, "versioning", { provider, bucket, versioningConfiguration: { status: "Enabled" } });
    }
    if (props.noncurrentVersionExpirationDays || props.expirationDays) {
      // In a versioned bucket every delete (each release of a `.tflock` lock) leaves a delete
      // marker; once the versions under it expire it is alone, and this removes it too. S3 refuses
      // ExpiredObjectDeleteMarker beside Days in one Expiration: with Days it needs a rule of its own.
      const expireMarkers = versioned && props.noncurrentVersionExpirationDays !== undefined;
      const markers = { expiredObjectDeleteMarker: true };
      new S3BucketLifecycleConfiguration(this, "lifecycle", {
        provider,
        bucket,
        rule: [
          {
            id: "expire",
            status: "Enabled",
            filter: [{ prefix: "" }],
            expiration: props.expirationDays ? [{ days: props.expirationDays }] : expireMarkers ? [markers] : undefined,
            noncurrentVersionExpiration: props.noncurrentVersionExpirationDays
              ? [{ noncurrentDays: props.noncurrentVersionExpirationDays }]
              : undefined,
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: INCOMPLETE_UPLOAD_DAYS }],
          },
          ...(props.expirationDays && expireMarkers
            ? [{ id: "expire-delete-markers", status: "Enabled", filter: [{ prefix: "" }], expiration: [markers] }]
            : []),
        ],
      });
    }

    const policy = new DataAwsIamPolicyDocument(this, "policy-document", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        ...(props.policyStatements?.(this.bucket.arn) ?? []),
      ],
    });
    // The public access block must exist first, or a policy with a broad principal is refused.
    this.policy = new S3BucketPolicy(this, "policy", { provider, bucket, policy: policy.json, dependsOn: [publicAccess] });
  }
}
