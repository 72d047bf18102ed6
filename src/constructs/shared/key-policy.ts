import type { DataAwsIamPolicyDocumentStatement } from "../../aws";
import { KMS_KEY_ADMIN_ACTIONS } from "../../config/constants";

/** What a key's data actions are, for a service that encrypts and decrypts with it on the caller's behalf. */
const DATA_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/**
 * The two statements of a key policy that gives a key to one AWS service: the account
 * administers the key (AWS's key-administrator actions, so the key never becomes unmanageable:
 * AWS KMS Developer Guide, "Default key policy"), and uses it for data only through `viaService`
 * (`rds.<region>.amazonaws.com`, `secretsmanager.<region>.amazonaws.com`), from the account itself
 * (kms:ViaService, kms:CallerAccount). IAM policies still decide which principals may do either.
 */
export function serviceKeyStatements(props: {
  /** `arn:<partition>:iam::<account>:root`. */
  readonly accountRoot: string;
  /** The account's id (kms:CallerAccount). */
  readonly accountId: string;
  /** The service endpoint the key may be used through (kms:ViaService). */
  readonly viaService: string;
  /** Sid of the data statement (`UseThroughRdsOnly`). */
  readonly useSid: string;
}): DataAwsIamPolicyDocumentStatement[] {
  const account = [{ type: "AWS", identifiers: [props.accountRoot] }];
  return [
    { sid: "AccountAdministersKey", principals: account, actions: KMS_KEY_ADMIN_ACTIONS, resources: ["*"] },
    {
      sid: props.useSid,
      principals: account,
      actions: DATA_ACTIONS,
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: [props.viaService] },
        { test: "StringEquals", variable: "kms:CallerAccount", values: [props.accountId] },
      ],
    },
  ];
}
