import { Compliance, compliantIf, isReadReplica, isTrue, referenceTo, type Rule } from "../rule";

/**
 * What AWS refuses at apply time, though `terraform validate` and `plan` pass: RDS does not create
 * a read replica of a source DB instance or cluster whose master password RDS manages in Secrets
 * Manager (RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager",
 * Limitations: all engines but RDS for SQL Server). The API answers `InvalidParameterValue:
 * Creating read replicas for source instance with engine mysql where ManageMasterUserPassword is
 * enabled is not supported` (terraform-aws-modules/terraform-aws-rds#512, #532). The source is
 * found by reference within the stack; a source named by ARN (another stack's, another region's)
 * is not applicable here: its own stack's rules read it.
 */
export const AwsReplicaOfManagedPassword: Rule = {
  id: "MS-AWS-1",
  description:
    "No RDS read replica of a source whose master password RDS manages (manage_master_user_password): RDS refuses to create it (RDS User Guide, \"Password management with Amazon RDS and AWS Secrets Manager\", Limitations)",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance"],
  fix: "give the source its password from the stack's own secret (MasterCredentials: passwordWo), not manageMasterUserPassword",
  check: ({ config }, stack) => {
    if (!isReadReplica(config)) return Compliance.NOT_APPLICABLE;
    const source = stack
      .resources("aws_db_instance")
      .find((db) => ["identifier", "arn", "id"].some((attribute) => config.replicate_source_db === referenceTo(db, attribute)));
    if (!source) return Compliance.NOT_APPLICABLE;
    return compliantIf(!isTrue(source.config.manage_master_user_password));
  },
};
