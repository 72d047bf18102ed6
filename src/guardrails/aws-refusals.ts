import type { Rule } from "./rule";
import { AwsReplicaOfManagedPassword } from "./rules/aws-replica-managed-password";
import { AwsAcmCertificateForCloudfront } from "./rules/aws-cloudfront-certificate-region";
import { AwsHttpsOriginHost } from "./rules/aws-https-origin-host";
import { AwsSecurityGroupDescription } from "./rules/aws-security-group-description";
import { AwsVpcOriginReplaced } from "./rules/aws-vpc-origin-replaced";
import { AwsWafCloudfrontScopeRegion } from "./rules/aws-waf-cloudfront-region";
import { AwsWafLogDestination } from "./rules/aws-waf-log-destination";

/**
 * The MS-AWS category, by id. A rule is one file under rules/ (built with `awsRefusal`) and one
 * line here.
 */
export const AWS_REFUSALS: readonly Rule[] = [
  AwsReplicaOfManagedPassword, // MS-AWS-1
  AwsHttpsOriginHost, // MS-AWS-2
  AwsVpcOriginReplaced, // MS-AWS-3
  AwsAcmCertificateForCloudfront, // MS-AWS-4
  AwsWafCloudfrontScopeRegion, // MS-AWS-5
  AwsSecurityGroupDescription, // MS-AWS-6
  AwsWafLogDestination, // MS-AWS-7
];
