import { Construct } from "constructs";
import { type AwsProvider, DataAwsCallerIdentity, DataAwsIamPolicyDocument, DataAwsPartition, KmsAlias, KmsKey, KmsReplicaKey } from "../../aws";
import { KMS_DELETION_WINDOW_DAYS } from "../../config/constants";
import type { Naming } from "../../naming";
import { serviceKeyStatements } from "./key-policy";

/** A secret's customer managed key, and its replica's in the standby region (with `dr`). */
export interface SecretKms {
  readonly keyId: string;
  readonly replicaKeyId?: string;
}

export interface SecretKeyProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Region of the key: the stack's. Required. */
  readonly region: string;
  /**
   * The standby region and its provider: a replica of the key there encrypts the secrets' replicas
   * (a KMS key serves one region). @default none (no replica key)
   */
  readonly replica?: { readonly region: string; readonly provider: AwsProvider };
  /** `prevent_destroy` on the key and its replica. @default false */
  readonly protect?: boolean;
}

/**
 * A customer managed KMS key for the stack's Secrets Manager secrets (checkov CKV_AWS_149). Its
 * policy lets the account administer it (AWS's key-administrator actions: AWS KMS Developer
 * Guide, "Default key policy") and use it for data only through Secrets Manager of the key's
 * region, from this account (kms:ViaService, kms:CallerAccount): Secrets Manager encrypts and
 * decrypts a secret's value with the caller's permissions on its key (Secrets Manager User
 * Guide, "Secret encryption and decryption in AWS Secrets Manager"), so IAM policies still decide
 * who reads a secret (the database users function's role: kms:Decrypt through Secrets Manager).
 * It is a multi-Region key from the start, so a standby added later gets a replica (its own
 * policy, the standby region's Secrets Manager) without replacing the key.
 */
export class SecretKey extends Construct {
  public readonly key: KmsKey;
  public readonly keyArn: string;
  /** The replica in the standby region, when there is one. */
  public readonly replicaKeyArn?: string;

  constructor(scope: Construct, id: string, props: SecretKeyProps) {
    super(scope, id);
    const partition = new DataAwsPartition(this, "partition").partition;
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const accountRoot = `arn:${partition}:iam::${account}:root`;
    const policyFor = (policyId: string, region: string) =>
      new DataAwsIamPolicyDocument(this, policyId, {
        statement: serviceKeyStatements({
          accountRoot,
          accountId: account,
          viaService: `secretsmanager.${region}.amazonaws.com`,
          useSid: "UseThroughSecretsManagerOnly",
        }),
      }).json;
    const name = props.naming.name("secrets");
    const lifecycle = props.protect ? { preventDestroy: true } : undefined;
    this.key = new KmsKey(this, "key", {
      description: `Secrets Manager secrets of ${props.naming.prefix}`,
      multiRegion: true,
      enableKeyRotation: true,
      deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
      policy: policyFor("policy", props.region),
      lifecycle,
      tags: { Name: name },
    });
    new KmsAlias(this, "alias", { name: `alias/${name}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;

    if (props.replica) {
      const { provider } = props.replica;
      const replica = new KmsReplicaKey(this, "replica", {
        provider,
        description: `Secrets Manager secret replicas of ${props.naming.prefix}`,
        primaryKeyArn: this.key.arn,
        deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
        policy: policyFor("replica-policy", props.replica.region),
        lifecycle,
        tags: { Name: name },
      });
      new KmsAlias(this, "replica-alias", { provider, name: `alias/${name}`, targetKeyId: replica.keyId });
      this.replicaKeyArn = replica.arn;
    }
  }
}
