// S3 backend settings (schema `backend`): bucket names S3 accepts.
import { check } from "./check";
import { regionRule } from "./network";

/** Starts of bucket names S3 keeps for its own (punycode, its console, its documentation's examples). */
export const S3_RESERVED_BUCKET_STARTS: readonly string[] = ["xn--", "sthree-", "amzn-s3-demo-"];

/** Ends of bucket names S3 keeps for access point and Object Lambda aliases, Multi-Region access points, directory and table buckets. */
const S3_RESERVED_BUCKET_ENDS: readonly string[] = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** A bucket name S3 refuses as looking like an IP address (192.168.1.1). */
const IPV4_SHAPED = /^\d{1,3}(?:\.\d{1,3}){3}$/;

const DYNAMODB_TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

const BUCKET_NAME = /^[a-z0-9](?:[a-z0-9.-]{1,61})[a-z0-9]$/;

/** Why `bucket` is not a name S3 accepts: none when it is one. */
export function bucketNameRules(bucket: string): string[] {
  if (!BUCKET_NAME.test(bucket) || bucket.includes("..")) return ["is not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)"];
  if (IPV4_SHAPED.test(bucket)) return ["is shaped like an IP address, which S3 refuses as a bucket name"];
  const rules: string[] = [];
  const start = S3_RESERVED_BUCKET_STARTS.find((reserved) => bucket.startsWith(reserved));
  if (start) rules.push(`must not start with ${start} (S3 keeps ${S3_RESERVED_BUCKET_STARTS.join(", ")} for its own names)`);
  const end = S3_RESERVED_BUCKET_ENDS.find((reserved) => bucket.endsWith(reserved));
  if (end) rules.push(`must not end with ${end} (S3 keeps ${S3_RESERVED_BUCKET_ENDS.join(", ")} for its own names)`);
  return rules;
}

export const checkBackend = check(["backend"], (s, problem) => {
  const b = s.backend;
  if (b.kind === "s3") {
    for (const rule of bucketNameRules(b.bucket)) problem("backend.bucket", b.bucket, rule);
    const regionProblem = regionRule(b.region);
    if (regionProblem) problem("backend.region", b.region, regionProblem);
    // The key is `<keyPrefix>/<env>/terraform.tfstate`: terraform init refuses a key with an empty segment.
    if (b.keyPrefix.startsWith("/") || b.keyPrefix.endsWith("/") || b.keyPrefix.includes("//")) {
      problem("backend.keyPrefix", b.keyPrefix, "must not start or end with / nor contain // (terraform init refuses the state key as an Invalid Value)");
    }
    if (b.kmsKeyId && !b.encrypt) problem("backend.encrypt", b.encrypt, "must be true when backend.kmsKeyId is set");
    // DynamoDB's naming rules ("Supported data types and naming rules in Amazon DynamoDB"): a table
    // name is 3-255 characters of a-z, A-Z, 0-9, _, - and .; CreateTable refuses anything else.
    if (b.dynamodbTable !== undefined && !DYNAMODB_TABLE_NAME.test(b.dynamodbTable)) {
      problem("backend.dynamodbTable", b.dynamodbTable, "is not a DynamoDB table name (3-255 letters, digits, _, - and .)");
    }
    // Shared state without a lock lets two applies interleave and lose one's writes.
    if (!b.useLockfile && !b.dynamodbTable) {
      problem("backend.useLockfile", b.useLockfile, "must be true unless backend.dynamodbTable is set (the state would not be locked)");
    }
  }
  if (b.kind === "cloud" && !b.organization) {
    problem("backend.organization", b.organization, "is required for the cloud backend (or set TF_CLOUD_ORGANIZATION)");
  }
});
