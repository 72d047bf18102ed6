import { Construct } from "constructs";
import { DataAwsSecretsmanagerSecretVersion, SecretsmanagerSecret, SecretsmanagerSecretVersion } from "../../aws";
import { Naming } from "../../naming";

export interface SharedOriginSecretProps {
  /** Source of every AWS name (the primary's). Required. */
  readonly naming: Naming;
  /** The origin secret CloudFront sends (a `random_password` result: a reference, never a literal). Required. */
  readonly value: string;
  /** Region the secret is replicated into: the standby's. Required. */
  readonly replicaRegion: string;
  /** Days a deleted secret stays recoverable: 0, or 7 to 30. Required (config `secretRecoveryWindowDays`). */
  readonly recoveryWindowDays: number;
  /** `prevent_destroy` on the secret. @default false */
  readonly protect?: boolean;
  /**
   * KMS keys of the secret and of its replica (`SecretKey`: the key and its replica in the standby
   * region). @default none (the AWS managed key `aws/secretsmanager` of each region)
   */
  readonly kms?: { readonly keyId: string; readonly replicaKeyId?: string };
}

/** Name of the Secrets Manager secret holding the origin header's value: both stacks derive it from the primary's prefix. */
export function originSecretName(naming: Naming): string {
  return naming.name("origin-secret");
}

/**
 * The origin header's secret, published for the standby region. CloudFront sends one header value
 * to whichever ALB answers its origin name, so the standby's ALB must accept the same value; the
 * standby stack may not refer to the primary's state, so the value travels through a Secrets
 * Manager secret replicated into the standby region, which the standby stack reads by name
 * (`StandbyOriginSecret`). The value is only a reference in the synthesized JSON; it exists in the
 * two stacks' state and in Secrets Manager. The replica stays readable while the primary region is
 * down.
 */
export class SharedOriginSecret extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SharedOriginSecretProps) {
    super(scope, id);
    this.name = originSecretName(props.naming);
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: this.name,
      description: `Value of the origin header CloudFront sends to the ALBs of ${props.naming.prefix} (primary and standby)`,
      kmsKeyId: props.kms?.keyId,
      replica: [{ region: props.replicaRegion, kmsKeyId: props.kms?.replicaKeyId }],
      recoveryWindowInDays: props.recoveryWindowDays,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
      tags: { Name: this.name },
    });
    new SecretsmanagerSecretVersion(this, "value", { secretId: this.secret.id, secretString: props.value });
  }
}

export interface StandbyOriginSecretProps {
  /** Naming of the primary environment (not the standby's): the secret carries the primary's prefix. Required. */
  readonly primaryNaming: Naming;
}

/** The replica of `SharedOriginSecret` in the standby region, read at plan time by name (no reference into the primary's state). */
export class StandbyOriginSecret extends Construct {
  /** The secret's current value: a reference to the data source, never a literal. */
  public readonly value: string;

  constructor(scope: Construct, id: string, props: StandbyOriginSecretProps) {
    super(scope, id);
    const version = new DataAwsSecretsmanagerSecretVersion(this, "value", { secretId: originSecretName(props.primaryNaming) });
    this.value = version.secretString;
  }
}
