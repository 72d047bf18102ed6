import { Construct } from "constructs";
import { DataAwsCallerIdentity, DataAwsIamPolicyDocument, DataAwsPartition, KmsAlias, KmsKey, type AwsProvider } from "../../aws";
import { KMS_DELETION_WINDOW_DAYS, KMS_KEY_ADMIN_ACTIONS } from "../../config/constants";
import type { Naming } from "../../naming";

export interface LogKeyProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Region of the key and the log groups (the edge provider's for us-east-1's). Required. */
  readonly region: string;
  /** Names of the log groups the key encrypts, and the only ones CloudWatch Logs may use it for. Required. */
  readonly logGroupNames: string[];
  /** Provider of the key's region (the edge provider for us-east-1's groups). @default the stack's default provider */
  readonly provider?: AwsProvider;
  /** Suffix of the alias when a stack has keys in two regions (`logs-edge`). @default "logs" */
  readonly aliasName?: string;
  /** `prevent_destroy` on the key. @default false */
  readonly protect?: boolean;
}

/**
 * A customer managed KMS key for the log groups of one region (checkov CKV_AWS_158). CloudWatch
 * Logs encrypts with a key only if its key policy lets `logs.<region>.amazonaws.com` use it, and
 * then only in the encryption context of the log group's ARN (CloudWatch Logs User Guide,
 * "Encrypt log data in CloudWatch Logs using AWS Key Management Service"): the policy names exactly
 * the groups given (kms:EncryptionContext:aws:logs:arn), so no other group can be associated with
 * it. The account administers the key and may not use it for data.
 */
export class LogKey extends Construct {
  public readonly key: KmsKey;
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: LogKeyProps) {
    super(scope, id);
    const { provider } = props;
    // Partition, account and the policy's JSON are the same from any region: only the key and its
    // alias are created through `provider`.
    const partition = new DataAwsPartition(this, "partition").partition;
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const region = props.region;
    const groupArns = props.logGroupNames.map((name) => `arn:${partition}:logs:${region}:${account}:log-group:${name}`);
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "AccountAdministersKey",
          principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${account}:root`] }],
          actions: KMS_KEY_ADMIN_ACTIONS,
          resources: ["*"],
        },
        {
          sid: "CloudWatchLogsForTheseGroupsOnly",
          principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
          actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          resources: ["*"],
          condition: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: groupArns }],
        },
      ],
    });
    const alias = props.naming.name(props.aliasName ?? "logs");
    this.key = new KmsKey(this, "key", {
      provider,
      description: `CloudWatch Logs groups of ${props.naming.prefix}`,
      enableKeyRotation: true,
      deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
      policy: policy.json,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
      tags: { Name: alias },
    });
    new KmsAlias(this, "alias", { provider, name: `alias/${alias}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }
}
