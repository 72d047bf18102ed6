import { Construct } from "constructs";
import { Fn } from "../../cdk";
import { DataAwsSecretsmanagerSecret, SecretsmanagerSecret, SecretsmanagerSecretVersion } from "../../aws";
import { MASTER_PASSWORD } from "../../config/constants";
import { EphemeralResource } from "../../ephemeral";
import { Naming } from "../../naming";

export interface MasterCredentialsProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Master user name written into the secret beside the password. Required (config `database.masterUsername`). */
  readonly username: string;
  /** Version of the password: a higher number generates and writes a new one. Required (config `database.passwordVersion`). */
  readonly version: number;
  /** KMS key ARN of the secret. @default unset (the AWS managed key `aws/secretsmanager`) */
  readonly kmsKeyId?: string;
  /** Days a deleted secret stays recoverable: 0, or 7 to 30. Required (config `secretRecoveryWindowDays`). */
  readonly recoveryWindowDays: number;
  /** Region (and its KMS key) the secret is replicated into: the standby's. @default unset (no replica) */
  readonly replica?: { readonly region: string; readonly kmsKeyId?: string };
  /** `prevent_destroy` on the secret. @default false */
  readonly protect?: boolean;
}

/**
 * The database master credentials, owned by the stack rather than by RDS.
 *
 * RDS refuses a read replica of a source whose master password it manages in Secrets Manager
 * (RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager", Limitations;
 * terraform-aws-modules/terraform-aws-rds#512), so the password is ours: Secrets Manager's
 * GetRandomPassword generates it at apply time (an ephemeral resource: never in plan or state),
 * it is written to this secret through the write-only `secret_string_wo`, and RDS is given what
 * the secret holds, read back by a second ephemeral resource at the exact version just written,
 * through the write-only `password_wo`. Reading it back rather than handing RDS the generated
 * value makes the secret the one source: an apply that fails between the two writes leaves RDS to
 * take the secret's value on the next one, never a second, unrecorded password. Terraform sends a
 * write-only argument only when its `_wo_version` changes, so `version` is the rotation switch.
 *
 * The secret holds `{"username", "password"}`, the shape RDS-managed secrets have. With a standby
 * region it is replicated there, so the credentials survive the primary region; the standby's
 * servers never read it, and promoting the replica (which keeps its source's password) changes none.
 */
export class MasterCredentials extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly secretArn: string;
  /** The password as RDS must receive it: an ephemeral value, valid only in a write-only argument. */
  public readonly password: string;
  /** The version to pair with `password` (`password_wo_version`). */
  public readonly version: number;

  constructor(scope: Construct, id: string, props: MasterCredentialsProps) {
    super(scope, id);
    const name = props.naming.masterSecret();
    this.version = props.version;
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name,
      description: `Master credentials of the RDS databases of ${props.naming.prefix} (generated at apply time; rotate with database.passwordVersion)`,
      kmsKeyId: props.kmsKeyId,
      recoveryWindowInDays: props.recoveryWindowDays,
      replica: props.replica ? [{ region: props.replica.region, kmsKeyId: props.replica.kmsKeyId }] : undefined,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
      tags: { Name: name },
    });
    this.secretArn = this.secret.arn;

    const generated = new EphemeralResource(this, "generated", "aws_secretsmanager_random_password", {
      password_length: MASTER_PASSWORD.length,
      exclude_characters: MASTER_PASSWORD.excludeCharacters,
      require_each_included_type: true,
    });
    const written = new SecretsmanagerSecretVersion(this, "value", {
      secretId: this.secret.id,
      secretStringWo: Fn.jsonencode({ username: props.username, password: generated.getStringAttribute("random_password") }),
      secretStringWoVersion: props.version,
    });
    // version_id is unknown while the version above is being written, so Terraform opens this only
    // in the apply, after that write, and reads exactly it.
    const stored = new EphemeralResource(this, "stored", "aws_secretsmanager_secret_version", {
      secret_id: this.secret.arn,
      version_id: written.versionId,
    });
    this.password = Fn.lookup(Fn.jsondecode(stored.getStringAttribute("secret_string")), "password");
  }
}

export interface StandbyMasterCredentialsProps {
  /** Naming of the primary environment (the secret carries the primary's prefix). Required. */
  readonly primaryNaming: Naming;
}

/**
 * The replica of `MasterCredentials`' secret in the standby region, found by name (metadata only:
 * DescribeSecret, never its value), so the standby stack needs nothing of the primary's state and
 * plans while the primary region is down.
 */
export class StandbyMasterCredentials extends Construct {
  public readonly secretArn: string;

  constructor(scope: Construct, id: string, props: StandbyMasterCredentialsProps) {
    super(scope, id);
    this.secretArn = new DataAwsSecretsmanagerSecret(this, "secret", { name: props.primaryNaming.masterSecret() }).arn;
  }
}
