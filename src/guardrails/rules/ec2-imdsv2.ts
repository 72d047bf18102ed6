import { blocks, compliantIf, type Rule } from "../rule";

/**
 * IMDSv1 answers any GET from the instance, so an SSRF in the web application hands out the
 * instance role's credentials; IMDSv2 requires a PUT-issued session token first.
 */
export const Ec2Imdsv2Required: Rule = {
  id: "MS-EC2-1",
  description: "EC2 instances require IMDSv2 (session tokens) for instance metadata",
  checkov: "CKV_AWS_79",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_instance", "aws_launch_configuration", "aws_launch_template"],
  fix: 'set metadataOptions: { httpTokens: "required" } (or httpEndpoint: "disabled")',
  check: ({ config }) => {
    const metadata = blocks(config.metadata_options)[0] ?? {};
    return compliantIf(metadata.http_tokens === "required" || metadata.http_endpoint === "disabled");
  },
};
