import { awsRefusal } from "../aws-refusal";
import { Compliance, compliantIf } from "../rule";

/** What EC2 accepts in a VPC security group's name and description: up to 255 of these characters. */
const EC2_GROUP_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;

/**
 * EC2 refuses a security group whose name or description holds any other character (an apostrophe,
 * an arrow, any non-ASCII letter) or is longer than 255 characters. The description cannot be
 * changed afterwards either: the provider replaces the group. Expressions are not judged.
 */
export const AwsSecurityGroupDescription = awsRefusal({
  id: "MS-AWS-6",
  accepts: "Security group names and descriptions use only the characters EC2 accepts (a-z, A-Z, 0-9, spaces, ._-:/()#,@[]+=&;{}!$*), at most 255",
  source: "Amazon EC2 API Reference, CreateSecurityGroup (GroupName, GroupDescription)",
  severity: "medium",
  environments: "all",
  resourceTypes: ["aws_security_group"],
  fix: "write the name and description with those characters only (no apostrophes or arrows)",
  check: ({ config }) => {
    const texts = [config.name, config.name_prefix, config.description].filter((t): t is string => typeof t === "string" && !t.includes("${"));
    if (!texts.length) return Compliance.NOT_APPLICABLE;
    return compliantIf(texts.every((t) => EC2_GROUP_TEXT.test(t)));
  },
});
