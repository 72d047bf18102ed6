import { awsRefusal } from "../aws-refusal";
import { Compliance, compliantIf, isReadReplica, isTrue, referenceTo } from "../rule";

/**
 * RDS does not create a read replica of a source DB instance or cluster whose master password it
 * manages in Secrets Manager (all engines but RDS for SQL Server); the API answers
 * `InvalidParameterValue: Creating read replicas for source instance with engine mysql where
 * ManageMasterUserPassword is enabled is not supported` (terraform-aws-modules/terraform-aws-rds
 * #512, #532), though `terraform validate` and `plan` pass. The source is found by reference
 * within the stack; a source named by ARN (another stack's, another region's) is not judged here:
 * its own stack's rules read it.
 */
export const AwsReplicaOfManagedPassword = awsRefusal({
  id: "MS-AWS-1",
  accepts: "RDS read replicas have a source whose master password RDS does not manage (no manage_master_user_password)",
  source: 'Amazon RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager", Limitations',
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
});
