import { compliantIf, isTrue, type Rule } from "../rule";

/**
 * State holds every generated secret in clear text, and two concurrent applies without a lock
 * corrupt it.
 */
export const S3BackendEncryptedAndLocked: Rule = {
  id: "MS-STATE-1",
  description: "The S3 state backend encrypts the state and locks it (use_lockfile or a DynamoDB table)",
  severity: "high",
  environments: "all",
  resourceTypes: ["backend.s3"],
  fix: "keep backend.encrypt: true and backend.useLockfile: true (or backend.dynamodbTable for Terraform < 1.10)",
  check: ({ config }) => compliantIf(isTrue(config.encrypt) && (isTrue(config.use_lockfile) || Boolean(config.dynamodb_table))),
};
