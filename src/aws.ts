/**
 * The one place that imports the AWS and random providers' bindings.
 *
 * Each class comes from its own module: the package root (`@cdktf/provider-aws`) loads every one
 * of the provider's ~1,500 resources and costs seconds and a gigabyte per synth. With src/cdk.ts
 * (the CDK core) it is the only module that imports a CDK's packages, so `npm run use:cdktn`
 * switches to the community fork's bindings (`@cdktn/provider-aws`) by rewriting these lines
 * (docs/cdktn.md).
 */
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
export { Vpc } from "@cdktf/provider-aws/lib/vpc";
export { Subnet } from "@cdktf/provider-aws/lib/subnet";
export { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
export { Eip } from "@cdktf/provider-aws/lib/eip";
export { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
export { RouteTable } from "@cdktf/provider-aws/lib/route-table";
export { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
export { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
export { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
export { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
export { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
export { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
export { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
export { DataAwsSecurityGroup } from "@cdktf/provider-aws/lib/data-aws-security-group";
export { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
export { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
export { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
export { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
export { DataAwsLaunchTemplate } from "@cdktf/provider-aws/lib/data-aws-launch-template";
export { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
export { IamRole } from "@cdktf/provider-aws/lib/iam-role";
export { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
export { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
export { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
export { Instance } from "@cdktf/provider-aws/lib/instance";
export { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
export { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
export { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
export { Lb } from "@cdktf/provider-aws/lib/lb";
export { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
export { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
export { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
export { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
export { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
export { DataAwsCloudfrontCachePolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-cache-policy";
export { CloudfrontVpcOrigin } from "@cdktf/provider-aws/lib/cloudfront-vpc-origin";
export { DataAwsCloudfrontOriginRequestPolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-origin-request-policy";
export { DataAwsCloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-response-headers-policy";
export { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
export { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
export { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
export { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
export { Wafv2WebAcl, type Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
export { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
export { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
export { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
export { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
export { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
export { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
export { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
export { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
export { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
export { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
export { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
export {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
  type DataAwsIamPolicyDocumentStatementPrincipals,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
export { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
export { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
export { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
export { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
export { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
export { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
export { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
export { RandomProvider } from "@cdktf/provider-random/lib/provider";
export { Password as RandomPassword } from "@cdktf/provider-random/lib/password";
export { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
export { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
export { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
export { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
export { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
export { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
export { KmsReplicaKey } from "@cdktf/provider-aws/lib/kms-replica-key";
export { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
export { S3BucketReplicationConfigurationA as S3BucketReplicationConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
export { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
export { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
export { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
export { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
