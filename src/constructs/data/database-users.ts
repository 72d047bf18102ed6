import { Construct } from "constructs";
import { AssetType, Fn, type ITerraformDependable, TerraformAsset } from "../../cdk";
import {
  CloudwatchLogGroup,
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
  IamRole,
  IamRolePolicy,
  LambdaFunction,
  LambdaInvocation,
} from "../../aws";
import { DATABASE_USERS_FUNCTION, LAMBDA_RUNTIME, LOG_RETENTION_DAYS } from "../../config/constants";
import { functionBundle } from "../../functions/bundle";
import type { Naming } from "../../naming";

/** Name of the function's folder under src/functions/. */
export const DATABASE_USERS_FUNCTION_NAME = "database-users";

/** The function's name and its log group's (Lambda's default group name, declared with a retention). */
export function databaseUsersNames(naming: Naming): { functionName: string; logGroup: string } {
  const functionName = naming.name("db-users");
  return { functionName, logGroup: `/aws/lambda/${functionName}` };
}

export interface DatabaseUsersProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Region of the stack (the secret's): names Secrets Manager in the KMS condition. Required. */
  readonly region: string;
  /** Database subnets the function runs in (they route to the NAT gateway). Required. */
  readonly subnetIds: string[];
  /** The function's own security group (SecurityGroups' `databaseUsersFunction`). Required. */
  readonly securityGroupId: string;
  /** ARN of the master credentials' secret, which only this function and RDS read. Required. */
  readonly masterSecretArn: string;
  /** KMS key ARN of the secret when it is not the AWS managed key. @default unset (no kms grant) */
  readonly secretKmsKeyArn?: string;
  /** The primary: its host name, port and resource id (a replaced primary reruns the function). Required. */
  readonly primary: { readonly address: string; readonly port: number; readonly resourceId: string };
  /** The application's user (config `database.appUsername`). Required. */
  readonly username: string;
  /** Schema the user may read and write (config `database.appSchema`). @default unset (connect only) */
  readonly schema?: string;
  /** Master password version: a rotation reruns the function, which proves the new password works. Required. */
  readonly passwordVersion: number;
  /** KMS key of the function's log group. @default unset (CloudWatch Logs' own encryption) */
  readonly logKmsKeyArn?: string;
  /** What must exist before the function runs: the master password written, the route out, the rules. Required. */
  readonly dependsOn: ITerraformDependable[];
  /** `prevent_destroy` on the log group. @default false */
  readonly protect?: boolean;
}

/**
 * Creates the application's database user, so that nothing outside the database tier holds the
 * master password: a Lambda function in the database subnets (src/functions/database-users,
 * bundled by esbuild at synth into a cdktf asset) that reads the master secret, connects to the
 * primary over TLS and creates the user with IAM authentication only; the apply invokes it
 * (`aws_lambda_invocation`) once, and again whenever the user, the schema, the primary's host or
 * resource id or the password version changes. The replicas get the user by replication.
 *
 * A function in a VPC reaches AWS's public endpoints only through a NAT gateway (AWS Lambda
 * Developer Guide, "Enable internet access for VPC-connected Lambda functions"), which the
 * database subnets route to; its execution role needs the network-interface actions of AWS's
 * AWSLambdaVPCAccessExecutionRole ("Giving Lambda functions access to resources in an Amazon
 * VPC"), written here inline with the log and secret permissions, nothing else. No environment
 * variables: the invocation's input carries the names it needs, nothing secret.
 */
export class DatabaseUsers extends Construct {
  public readonly function: LambdaFunction;
  public readonly invocation: LambdaInvocation;
  /** The function's execution role: with RDS, the only reader of the master secret. */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DatabaseUsersProps) {
    super(scope, id);
    const { naming } = props;
    const { functionName: name, logGroup: logGroupName } = databaseUsersNames(naming);

    const code = new TerraformAsset(this, "code", { path: functionBundle(DATABASE_USERS_FUNCTION_NAME), type: AssetType.FILE });
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: logGroupName,
      retentionInDays: LOG_RETENTION_DAYS,
      kmsKeyId: props.logKmsKeyArn,
      lifecycle: props.protect ? { preventDestroy: true } : undefined,
      tags: { Name: logGroupName },
    });

    const assume = new DataAwsIamPolicyDocument(this, "assume", {
      statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }] }],
    });
    this.role = new IamRole(this, "role", {
      name,
      description: `Creates the application's database user of ${naming.prefix}; reads the master secret`,
      assumeRolePolicy: assume.json,
      tags: { Name: name },
    });
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: "ReadMasterSecret", actions: ["secretsmanager:GetSecretValue"], resources: [props.masterSecretArn] },
      { sid: "WriteOwnLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.arn}:*`] },
      {
        // The actions of AWSLambdaVPCAccessExecutionRole without its logs:* on every group. EC2's
        // Describe actions have no resource level; Lambda creates the interface before it knows its id.
        sid: "VpcNetworkInterfaces",
        actions: [
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        resources: ["*"],
      },
    ];
    if (props.secretKmsKeyArn) {
      statements.push({
        sid: "DecryptMasterSecret",
        actions: ["kms:Decrypt"],
        resources: [props.secretKmsKeyArn],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${props.region}.amazonaws.com`] }],
      });
    }
    const policy = new IamRolePolicy(this, "policy", {
      name,
      role: this.role.name,
      policy: new DataAwsIamPolicyDocument(this, "policy-document", { statement: statements }).json,
    });

    this.function = new LambdaFunction(this, "function", {
      functionName: name,
      description: `Creates the IAM-authenticated application user on the database of ${naming.prefix}`,
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME.name,
      handler: "index.handler",
      filename: code.path,
      sourceCodeHash: code.assetHash,
      memorySize: DATABASE_USERS_FUNCTION.memoryMb,
      timeout: DATABASE_USERS_FUNCTION.timeoutSeconds,
      vpcConfig: { subnetIds: props.subnetIds, securityGroupIds: [props.securityGroupId] },
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      // Lambda creates the network interfaces with the role: its policy must be in place first.
      dependsOn: [policy],
      tags: { Name: name },
    });

    this.invocation = new LambdaInvocation(this, "invocation", {
      functionName: this.function.functionName,
      input: Fn.jsonencode({
        secretArn: props.masterSecretArn,
        host: props.primary.address,
        port: props.primary.port,
        username: props.username,
        ...(props.schema ? { schema: props.schema } : {}),
        connectTimeoutSeconds: DATABASE_USERS_FUNCTION.connectTimeoutSeconds,
      }),
      // Rerun (the statements are idempotent) on a new primary or a new master password.
      triggers: { primary: props.primary.resourceId, credentials_version: String(props.passwordVersion) },
      dependsOn: props.dependsOn,
    });
  }
}
