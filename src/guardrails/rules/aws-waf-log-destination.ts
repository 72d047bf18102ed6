import { awsRefusal } from "../aws-refusal";
import { referenced } from "../cloudfront";
import { Compliance, compliantIf } from "../rule";

/** The start WAF requires of the name of every log destination. */
const WAF_LOG_PREFIX = "aws-waf-logs-";

/** Destination types of the stack and the argument that names each. */
const DESTINATIONS = [
  { type: "aws_cloudwatch_log_group", name: "name" },
  { type: "aws_s3_bucket", name: "bucket" },
  { type: "aws_kinesis_firehose_delivery_stream", name: "name" },
] as const;

/** The name a destination ARN ends with: `...:log-group:<name>`, `arn:aws:s3:::<name>`, `...:deliverystream/<name>`. */
function nameInArn(arn: string): string | undefined {
  return /(?::log-group:|:::|:deliverystream\/)([^:/*]+)/.exec(arn)?.[1];
}

/**
 * WAF delivers a web ACL's logs only to a CloudWatch Logs group, S3 bucket or Firehose stream whose
 * name starts with `aws-waf-logs-`, and refuses the logging configuration otherwise. Compliant when
 * every destination (an ARN, or a resource of the stack) is so named; a destination neither
 * literal nor of the stack is not judged.
 */
export const AwsWafLogDestination = awsRefusal({
  id: "MS-AWS-7",
  accepts: "WAF logging configurations send logs only to destinations whose name starts with aws-waf-logs-",
  source: "AWS WAF API Reference, LoggingConfiguration (LogDestinationConfigs)",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_wafv2_web_acl_logging_configuration"],
  fix: "name the log group aws-waf-logs-<...> (Naming.wafLogGroup(), as EdgeFirewall does)",
  check: ({ config }, stack) => {
    const names = (Array.isArray(config.log_destination_configs) ? config.log_destination_configs : []).flatMap((destination: unknown) => {
      if (typeof destination !== "string") return [];
      if (!destination.includes("${")) return [nameInArn(destination) ?? ""];
      return DESTINATIONS.flatMap(({ type, name }) => referenced(stack, type, destination).map((r) => String(r.config[name] ?? "")));
    });
    if (!names.length) return Compliance.NOT_APPLICABLE;
    return compliantIf(names.every((name: string) => name.startsWith(WAF_LOG_PREFIX)));
  },
});
