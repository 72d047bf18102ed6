import { awsRefusal } from "../aws-refusal";
import { blocks, Compliance, compliantIf, type Config, isTrue, type StackView } from "../rule";

/** Every leaf value of a JSON value, as strings (`443` and `"443"` alike). */
function leaves(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "object") return Object.values(value as Config).flatMap(leaves);
  return [String(value)];
}

/**
 * What replaces the VPC origin: each `replace_triggered_by` entry, as Terraform reads it. An entry
 * written as an interpolation (`"${terraform_data.x}"`, what cdktf 0.21 writes for a resource object)
 * is refused by Terraform ("Invalid character") and counts for nothing; a terraform_data entry
 * stands for the values it holds, a resource attribute (`aws_lb.x.arn`) for that attribute.
 */
function triggeredBy(entries: unknown, stack: StackView): { values: Set<string>; references: string[] } | undefined {
  const values = new Set<string>();
  const references: string[] = [];
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (typeof entry !== "string" || entry.includes("${")) return undefined;
    references.push(entry);
    const data = /^terraform_data\.([^.[\s]+)/.exec(entry);
    const trigger = data && stack.resources("terraform_data").find((r) => r.name === data[1]);
    if (trigger) leaves(trigger.config.triggers_replace ?? trigger.config.input).forEach((v) => values.add(v));
    else values.add(`\${${entry}}`);
  }
  return references.length ? { values, references } : undefined;
}

/**
 * CloudFront refuses to update or delete a VPC origin a distribution uses (409 "The specified VPC
 * origin is currently associated with one or more distributions"), and the AWS provider updates a
 * changed endpoint in place. Compliant when every change of the endpoint replaces it instead,
 * create-before-destroy: `create_before_destroy`, and a `replace_triggered_by` whose triggers hold
 * the ALB's ARN, both ports and the protocol policy, with the name among them or built from one
 * (the new VPC origin then exists, the distribution moves to it, and only then is the old one deleted).
 */
export const AwsVpcOriginReplaced = awsRefusal({
  id: "MS-AWS-3",
  accepts:
    "CloudFront VPC origins are replaced, never updated in place: create_before_destroy, and replace_triggered_by a trigger holding the endpoint's ARN, ports, protocol and name",
  source: "hashicorp/terraform-provider-aws#40905 (CloudFront's 409 on updating a VPC origin a distribution uses)",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_cloudfront_vpc_origin"],
  fix: "build it with replaceableVpcOrigin (src/constructs/edge/vpc-origin.ts): a terraform_data trigger of the whole endpoint, replace_triggered_by as a bare address, create_before_destroy, a name following the trigger",
  check: ({ config }, stack) => {
    const endpoint = blocks(config.vpc_origin_endpoint_config)[0];
    if (!endpoint) return Compliance.NOT_APPLICABLE;
    const lifecycle = blocks(config.lifecycle)[0] ?? {};
    const triggers = triggeredBy(lifecycle.replace_triggered_by, stack);
    if (!isTrue(lifecycle.create_before_destroy) || !triggers) return Compliance.NON_COMPLIANT;
    const held = [endpoint.arn, endpoint.http_port, endpoint.https_port, endpoint.origin_protocol_policy].every((v) => triggers.values.has(String(v)));
    const name = String(endpoint.name);
    const named = triggers.values.has(name) || triggers.references.some((r) => name.includes(`${r.split(".").slice(0, 2).join(".")}.`));
    return compliantIf(held && named);
  },
});
