import { Construct } from "constructs";
import { DataAwsCallerIdentity, DataAwsIamPolicyDocument, DataAwsPartition, IamRolePolicy, SsmParameter } from "../../aws";
import type { DatabaseParameterNames, Naming } from "../../naming";

export interface DatabaseAccessProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Region of the databases (part of each `rds-db` ARN). Required. */
  readonly region: string;
  /** Name of the web servers' role, which gets the permissions. Required. */
  readonly roleName: string;
  /** The SSM parameters to write (Naming.databaseParameters()). Required. */
  readonly parameters: DatabaseParameterNames;
  /** Host name of the writer (the primary). Required. */
  readonly writerAddress: string;
  /** Host name of the reader (the replica). Required. */
  readonly readerAddress: string;
  /** The application's database user (config `database.appUsername`). Required. */
  readonly username: string;
  /** Resource ids (`db-...`, not the identifiers) of every instance the servers connect to. Required. */
  readonly databaseResourceIds: string[];
}

/**
 * How the web servers reach the database: SSM parameters with the writer's and reader's host
 * names and the application user's name, and a policy on the web role that may read exactly
 * those three parameters and connect as exactly that user to exactly these instances
 * (`rds-db:connect` on `arn:<partition>:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>`:
 * Service Authorization Reference, "Actions, resources, and condition keys for Amazon RDS IAM
 * Authentication"; RDS User Guide, "Creating and using an IAM policy for IAM database access").
 * The servers sign a short-lived token with their role (`aws rds generate-db-auth-token`) and never
 * see a password: the master secret is read only by RDS and the database tier's function
 * (DatabaseUsers), which created the user.
 *
 * Parameters rather than values in the boot script: the servers' user data holds only names, so
 * they boot in parallel with RDS instead of after the replica (many minutes), and a replaced
 * replica or moved endpoint updates a parameter instead of replacing every server
 * (user_data_replace_on_change). Standard parameters cost nothing.
 */
export class DatabaseAccess extends Construct {
  public readonly parameterArns: string[];
  /** The `rds-db:connect` resources the web role is given, one per instance. */
  public readonly connectArns: string[];

  constructor(scope: Construct, id: string, props: DatabaseAccessProps) {
    super(scope, id);
    const { naming, parameters } = props;
    const parameter = (key: string, name: string, value: string, description: string) =>
      new SsmParameter(this, key, {
        name,
        type: "String",
        // Not secret (host names and a user name): plans show it.
        insecureValue: value,
        description,
        tags: { Name: name },
      });
    this.parameterArns = [
      parameter("writer", parameters.writer, props.writerAddress, "Host name of the database writer (the RDS primary)"),
      parameter("reader", parameters.reader, props.readerAddress, "Host name of the database reader (the RDS read replica)"),
      parameter("user", parameters.user, props.username, "Database user of the application (IAM database authentication, no password)"),
    ].map((p) => p.arn);

    const partition = new DataAwsPartition(this, "partition").partition;
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    this.connectArns = props.databaseResourceIds.map(
      (resourceId) => `arn:${partition}:rds-db:${props.region}:${account}:dbuser:${resourceId}/${props.username}`,
    );
    const document = new DataAwsIamPolicyDocument(this, "policy-document", {
      statement: [
        { sid: "ReadDatabaseParameters", actions: ["ssm:GetParameters", "ssm:GetParameter"], resources: this.parameterArns },
        { sid: "ConnectAsApplicationUser", actions: ["rds-db:connect"], resources: this.connectArns },
      ],
    });
    new IamRolePolicy(this, "policy", { name: naming.name("web-database-access"), role: props.roleName, policy: document.json });
  }
}
