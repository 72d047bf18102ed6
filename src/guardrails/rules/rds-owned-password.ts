import { compliantIf, type Config, Compliance, isReadReplica, isTrue, isUnset, referenceTo, type Rule, type StackView } from "../rule";

/** Matches the ephemeral secret versions a write-only password argument reads. */
const EPHEMERAL_SECRET_VERSION = "ephemeral.aws_secretsmanager_secret_version";

/**
 * Whether `expression` reads the value of a secret this stack owns: it names an ephemeral
 * aws_secretsmanager_secret_version of the stack whose `secret_id` is a reference to an
 * aws_secretsmanager_secret of the stack.
 */
function readsOwnedSecret(expression: unknown, stack: StackView): boolean {
  if (typeof expression !== "string") return false;
  const secrets = stack.resources("aws_secretsmanager_secret");
  return stack.resources(EPHEMERAL_SECRET_VERSION).some(
    (version) =>
      expression.includes(`${version.address}.secret_string`) &&
      secrets.some((secret) => ["arn", "id"].some((attribute) => version.config.secret_id === referenceTo(secret, attribute))),
  );
}

/**
 * No password is ever written in the configuration (it would sit in source, plan and state), and
 * none is left to RDS either: RDS refuses a read replica of a source whose master password it
 * manages (MS-AWS-1). The password is the stack's own secret, handed over through the write-only
 * `password_wo` (`master_password_wo` on a cluster), which Terraform keeps out of plan and state.
 */
export const RdsOwnedPassword: Rule = {
  id: "MS-RDS-4",
  description:
    "RDS master passwords come from a Secrets Manager secret of the stack through the write-only password_wo (an ephemeral aws_secretsmanager_secret_version of that secret): no password argument, not RDS-managed",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  fix: "give the database its password through MasterCredentials (src/constructs/data/master-credentials.ts): passwordWo and passwordWoVersion, no password, no manageMasterUserPassword",
  check: ({ type, config }, stack) => {
    if (type === "aws_db_instance" && isReadReplica(config)) return Compliance.NOT_APPLICABLE;
    const c: Config = config;
    const literal = c.password ?? c.master_password;
    const writeOnly = type === "aws_db_instance" ? c.password_wo : c.master_password_wo;
    // No user and no password of any kind: the instance inherits both (a promoted read replica, a
    // restore from a snapshot); RDS refuses to create a new instance without a master user name.
    const inherits = [c.username, c.master_username, literal, writeOnly, c.manage_master_user_password].every(isUnset);
    if (type === "aws_db_instance" && inherits) return Compliance.NOT_APPLICABLE;
    return compliantIf(isUnset(literal) && !isTrue(c.manage_master_user_password) && readsOwnedSecret(writeOnly, stack));
  },
};
