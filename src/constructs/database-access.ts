import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement, IamRolePolicy, SsmParameter } from "../aws";
import type { DatabaseParameterNames, Naming } from "../naming";

export interface DatabaseAccessProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Region of the stack (the secret's): names Secrets Manager in the KMS condition. Required. */
  readonly region: string;
  /** Name of the web servers' role, which gets the read permissions. Required. */
  readonly roleName: string;
  /** The SSM parameters to write (Naming.databaseParameters()). Required. */
  readonly parameters: DatabaseParameterNames;
  /** Host name of the writer (the primary). Required. */
  readonly writerAddress: string;
  /** Host name of the reader (the replica). Required. */
  readonly readerAddress: string;
  /** ARN of the RDS-managed master secret. Required. */
  readonly masterSecretArn: string;
  /** KMS key ARN of the secret when it is not the AWS managed key. @default unset (no kms grant) */
  readonly secretKmsKeyArn?: string;
}

/**
 * How the web servers reach the database: SSM parameters with the writer's and reader's host
 * names and the master secret's ARN, and a policy on the web role that may read exactly those
 * three parameters and that one secret (and decrypt with its key, through Secrets Manager only,
 * when it has a key of its own; the AWS managed key needs no grant).
 *
 * Parameters rather than values in the boot script: the servers' user data holds only names, so
 * they boot in parallel with RDS instead of after the replica (many minutes), and a replaced
 * replica or moved endpoint updates a parameter instead of replacing every server
 * (user_data_replace_on_change). Standard parameters cost nothing.
 */
export class DatabaseAccess extends Construct {
  public readonly parameterArns: string[];

  constructor(scope: Construct, id: string, props: DatabaseAccessProps) {
    super(scope, id);
    const { naming, parameters } = props;
    const parameter = (key: string, name: string, value: string, description: string) =>
      new SsmParameter(this, key, {
        name,
        type: "String",
        // Not secret (host names and an ARN): plans show it.
        insecureValue: value,
        description,
        tags: { Name: name },
      });
    this.parameterArns = [
      parameter("writer", parameters.writer, props.writerAddress, "Host name of the database writer (the RDS primary)"),
      parameter("reader", parameters.reader, props.readerAddress, "Host name of the database reader (the RDS read replica)"),
      parameter("secret-arn", parameters.secretArn, props.masterSecretArn, "ARN of the RDS-managed master secret in Secrets Manager"),
    ].map((p) => p.arn);

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: "ReadDatabaseParameters", actions: ["ssm:GetParameters", "ssm:GetParameter"], resources: this.parameterArns },
      { sid: "ReadMasterSecret", actions: ["secretsmanager:GetSecretValue"], resources: [props.masterSecretArn] },
    ];
    if (props.secretKmsKeyArn) {
      statements.push({
        sid: "DecryptMasterSecret",
        actions: ["kms:Decrypt"],
        resources: [props.secretKmsKeyArn],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${props.region}.amazonaws.com`] }],
      });
    }
    const document = new DataAwsIamPolicyDocument(this, "policy-document", { statement: statements });
    new IamRolePolicy(this, "policy", { name: naming.name("web-database-access"), role: props.roleName, policy: document.json });
  }
}
