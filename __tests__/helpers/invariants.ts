import ipaddr from "ipaddr.js";
import { CLOUDFRONT_STANDARD_LOG_REGIONS } from "../../src/config/constants";
import type { TerraformJson } from "./index";

/**
 * Properties every synthesized stack must have, whatever its configuration. Each returns the
 * list of violations (empty when the stack is sound) so a failing test shows all of them.
 */

const REFERENCE = /\$\{([^}]*)\}/g;
const ADDRESS = /\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)/g;

function walk(value: unknown, visit: (key: string, value: unknown) => void, key = ""): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit, key));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k !== "//") walk(v, visit, k); // "//" is cdktf metadata, not configuration
    }
  } else visit(key, value);
}

/** Objects Terraform addresses by a keyword and a name: `var.x`, `local.x`, `module.x`. */
const NAMED_BLOCKS: Record<string, (tf: TerraformJson) => object | undefined> = {
  var: (tf) => tf.variable,
  local: (tf) => tf.locals,
  module: (tf) => tf.module,
};

/**
 * Every `${type.name...}` and `depends_on` entry names a resource, data source, variable, local
 * or module the stack declares.
 */
export function unresolvedReferences(tf: TerraformJson): string[] {
  const declared = new Set<string>();
  for (const [type, items] of Object.entries(tf.resource ?? {})) for (const name of Object.keys(items)) declared.add(`${type}.${name}`);
  for (const [type, items] of Object.entries(tf.data ?? {})) for (const name of Object.keys(items)) declared.add(`data.${type}.${name}`);
  for (const [keyword, block] of Object.entries(NAMED_BLOCKS)) for (const name of Object.keys(block(tf) ?? {})) declared.add(`${keyword}.${name}`);
  const missing: string[] = [];
  const check = (expression: string) => {
    for (const [, data, type, name] of expression.matchAll(ADDRESS)) {
      const addressable = data || type in NAMED_BLOCKS || type.startsWith("aws_") || type.startsWith("random_");
      if (!addressable) continue; // function calls, attribute paths
      const address = `${data ?? ""}${type}.${name}`;
      if (!declared.has(address)) missing.push(address);
    }
  };
  walk({ resource: tf.resource, data: tf.data, output: tf.output, provider: tf.provider }, (key, value) => {
    if (typeof value !== "string") return;
    if (key === "depends_on") check(value);
    for (const [, expression] of value.matchAll(REFERENCE)) check(expression);
  });
  return missing;
}

/** Subnets lie inside the VPC and do not overlap each other. */
export function subnetLayoutProblems(tf: TerraformJson): string[] {
  const problems: string[] = [];
  const vpcs = Object.values(tf.resource.aws_vpc ?? {});
  if (vpcs.length !== 1) return [`expected one VPC, found ${vpcs.length}`];
  const vpc = ipaddr.IPv4.parseCIDR(vpcs[0].cidr_block);
  const subnets = Object.values(tf.resource.aws_subnet ?? {}).map((s: any) => ({
    name: s.tags?.Name as string,
    cidr: s.cidr_block as string,
    block: ipaddr.IPv4.parseCIDR(s.cidr_block),
  }));
  for (const [i, s] of subnets.entries()) {
    if (!(s.block[1] >= vpc[1] && s.block[0].match(vpc))) problems.push(`${s.name} ${s.cidr} is outside ${vpcs[0].cidr_block}`);
    for (const t of subnets.slice(i + 1)) {
      if (s.block[0].match(t.block) || t.block[0].match(s.block)) problems.push(`${s.name} ${s.cidr} overlaps ${t.name} ${t.cidr}`);
    }
  }
  return problems;
}

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** No ingress from the whole internet; egress to it only on the ports the design allows. */
export function worldOpenRules(tf: TerraformJson, allowedEgressPorts: number[]): string[] {
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(tf.resource.aws_vpc_security_group_ingress_rule ?? {}) as [string, any][]) {
    if (WORLD.has(rule.cidr_ipv4) || WORLD.has(rule.cidr_ipv6)) problems.push(`ingress ${name} admits the world`);
  }
  for (const [name, rule] of Object.entries(tf.resource.aws_vpc_security_group_egress_rule ?? {}) as [string, any][]) {
    const world = WORLD.has(rule.cidr_ipv4) || WORLD.has(rule.cidr_ipv6);
    if (world && !(rule.from_port === rule.to_port && allowedEgressPorts.includes(rule.from_port))) {
      problems.push(`egress ${name} opens ports ${rule.from_port}-${rule.to_port} to the world`);
    }
  }
  for (const [name, group] of Object.entries(tf.resource.aws_security_group ?? {}) as [string, any][]) {
    if (group.ingress || group.egress) problems.push(`security group ${name} has inline rules`);
  }
  return problems;
}

/**
 * No attribute that names a password or secret holds a literal string. An attribute that names
 * which secret to use (`secret_id`, `..._arn`, `..._name`) is not one.
 */
export function passwordLiterals(tf: TerraformJson): string[] {
  const found: string[] = [];
  walk(tf, (key, value) => {
    if (/_(id|arn|name)$/.test(key)) return;
    if (/password|secret/i.test(key) && typeof value === "string" && !/^\$\{.*\}$/.test(value)) found.push(`${key}=${value}`);
  });
  return found;
}

/** The provider meta-argument of a resource on the us-east-1 provider (`MultipleServerStack.edgeProvider()`). */
export const EDGE_PROVIDER = "aws.us_east_1";
/** Metric namespaces AWS publishes only in us-east-1: alarms on them must live there. */
const EDGE_NAMESPACES = new Set(["AWS/CloudFront", "AWS/WAFV2"]);

/**
 * The addresses that must be in us-east-1, derived from the stack itself: web ACLs of scope
 * CLOUDFRONT, their logging configurations and the log groups those log to, the certificate a
 * distribution serves (named directly or through its aws_acm_certificate_validation) with that
 * validation, and alarms on CloudFront's or WAF's metrics with the SNS topics they notify (and
 * those topics' policies, subscriptions, KMS keys and key aliases); the KMS key of such a log group
 * (and its alias); CloudFront's standard-log bucket and its parts, in a stack whose region
 * CloudFront delivers no standard logs to (CLOUDFRONT_STANDARD_LOG_REGIONS).
 */
export function edgeAddresses(tf: TerraformJson): Set<string> {
  const edge = new Set<string>();
  const resources = (type: string) => Object.entries(tf.resource?.[type] ?? {}) as Array<[string, any]>;
  const mentions = (value: unknown, type: string, name: string) => JSON.stringify(value ?? null).includes(`\${${type}.${name}.`);
  for (const [name, acl] of resources("aws_wafv2_web_acl")) {
    if (acl.scope !== "CLOUDFRONT") continue;
    edge.add(`aws_wafv2_web_acl.${name}`);
    for (const [logName, logging] of resources("aws_wafv2_web_acl_logging_configuration")) {
      if (!mentions(logging.resource_arn, "aws_wafv2_web_acl", name)) continue;
      edge.add(`aws_wafv2_web_acl_logging_configuration.${logName}`);
      for (const [groupName, group] of resources("aws_cloudwatch_log_group")) {
        if (!mentions(logging.log_destination_configs, "aws_cloudwatch_log_group", groupName)) continue;
        edge.add(`aws_cloudwatch_log_group.${groupName}`);
        // A log group's KMS key lives in its region, and so does the key's alias.
        for (const [keyName] of resources("aws_kms_key")) {
          if (!mentions(group.kms_key_id, "aws_kms_key", keyName)) continue;
          edge.add(`aws_kms_key.${keyName}`);
          for (const [aliasName, alias] of resources("aws_kms_alias")) {
            if (mentions(alias.target_key_id, "aws_kms_key", keyName)) edge.add(`aws_kms_alias.${aliasName}`);
          }
        }
      }
    }
  }
  for (const [, distribution] of resources("aws_cloudfront_distribution")) {
    const served = [distribution.viewer_certificate].flat().map((c: any) => c?.acm_certificate_arn);
    for (const [validationName, validation] of resources("aws_acm_certificate_validation")) {
      if (!mentions(served, "aws_acm_certificate_validation", validationName)) continue;
      edge.add(`aws_acm_certificate_validation.${validationName}`);
      served.push(validation.certificate_arn);
    }
    for (const [certificateName] of resources("aws_acm_certificate")) {
      if (mentions(served, "aws_acm_certificate", certificateName)) edge.add(`aws_acm_certificate.${certificateName}`);
    }
  }
  for (const [name, alarm] of resources("aws_cloudwatch_metric_alarm")) {
    const namespaces = [alarm.namespace, ...[alarm.metric_query ?? []].flat().map((q: any) => q?.metric?.namespace ?? [q?.metric].flat()[0]?.namespace)];
    if (!namespaces.some((n) => EDGE_NAMESPACES.has(n))) continue;
    edge.add(`aws_cloudwatch_metric_alarm.${name}`);
    for (const [topicName] of resources("aws_sns_topic")) {
      if (mentions([alarm.alarm_actions, alarm.ok_actions, alarm.insufficient_data_actions], "aws_sns_topic", topicName)) edge.add(`aws_sns_topic.${topicName}`);
    }
  }
  // CloudFront's standard-log bucket of a stack whose region gets no standard logs lives in us-east-1,
  // with everything of that bucket (ownership, encryption, policy, ...).
  const region = [tf.provider?.aws ?? []].flat().find((provider: any) => !provider.alias)?.region;
  if (region && !CLOUDFRONT_STANDARD_LOG_REGIONS.includes(region)) {
    for (const [, distribution] of resources("aws_cloudfront_distribution")) {
      for (const [bucketName] of resources("aws_s3_bucket")) {
        if (!mentions(distribution.logging_config, "aws_s3_bucket", bucketName)) continue;
        edge.add(`aws_s3_bucket.${bucketName}`);
        for (const [type, items] of Object.entries(tf.resource ?? {})) {
          for (const [name, body] of Object.entries(items as Record<string, any>)) {
            if (!type.startsWith("aws_s3_bucket_") || !mentions(body.bucket, "aws_s3_bucket", bucketName)) continue;
            edge.add(`${type}.${name}`);
          }
        }
      }
    }
  }
  // What belongs to such a topic lives in its region: its policy, subscriptions, KMS key and the key's alias.
  for (const [topicName, topic] of resources("aws_sns_topic")) {
    if (!edge.has(`aws_sns_topic.${topicName}`)) continue;
    for (const type of ["aws_sns_topic_policy", "aws_sns_topic_subscription"]) {
      for (const [name, body] of resources(type)) {
        if (mentions([body.arn, body.topic_arn], "aws_sns_topic", topicName)) edge.add(`${type}.${name}`);
      }
    }
    for (const [keyName] of resources("aws_kms_key")) {
      if (!mentions(topic.kms_master_key_id, "aws_kms_key", keyName)) continue;
      edge.add(`aws_kms_key.${keyName}`);
      for (const [aliasName, alias] of resources("aws_kms_alias")) {
        if (mentions(alias.target_key_id, "aws_kms_key", keyName)) edge.add(`aws_kms_alias.${aliasName}`);
      }
    }
  }
  return edge;
}

/** Every resource that must be in us-east-1 names the edge provider, and nothing else (data sources included) does. */
export function edgeProviderProblems(tf: TerraformJson): string[] {
  const edge = edgeAddresses(tf);
  const problems: string[] = [];
  for (const [kind, blocks] of [["", tf.resource], ["data.", tf.data]] as const) {
    for (const [type, items] of Object.entries(blocks ?? {})) {
      for (const [name, body] of Object.entries(items as Record<string, any>)) {
        const address = `${kind}${type}.${name}`;
        const onEdge = body.provider === EDGE_PROVIDER;
        if (edge.has(address) && !onEdge) problems.push(`${address} must be in us-east-1 but uses ${body.provider ?? "the default provider"}`);
        if (!edge.has(address) && onEdge) problems.push(`${address} uses the us-east-1 provider but belongs in the stack's region`);
      }
    }
  }
  return problems;
}

/**
 * What ties a stack to another stack's state: a `terraform_remote_state` data source, a
 * `terraform.remote_state` style block, or a reference to an address the stack does not declare.
 * A stack that must plan while another stack's region is down may have none.
 */
export function crossStackReferences(tf: TerraformJson): string[] {
  const found = unresolvedReferences(tf);
  for (const name of Object.keys(tf.data?.terraform_remote_state ?? {})) found.push(`data.terraform_remote_state.${name}`);
  return found;
}

/** The AWS provider each resource and data source uses: `aws` for the default one, `aws.<alias>` for an aliased one. */
export function providerOfEach(tf: TerraformJson): Map<string, string> {
  const providers = new Map<string, string>();
  for (const [kind, block] of [["", tf.resource], ["data.", tf.data]] as const) {
    for (const [type, items] of Object.entries(block ?? {})) {
      if (!type.startsWith("aws_")) continue;
      for (const [name, body] of Object.entries(items)) providers.set(`${kind}${type}.${name}`, body.provider ?? "aws");
    }
  }
  return providers;
}

/**
 * What `terraform plan -target=<address> ...` pulls in from the configuration: the targets and,
 * transitively, every resource, data source, variable and local their arguments refer to or
 * `depends_on` names (Terraform's -target keeps a target's dependencies). An address missing from
 * the configuration (a resource only in state, which the plan destroys) contributes nothing but
 * itself.
 */
export function targetClosure(tf: TerraformJson, targets: string[]): Set<string> {
  const nodes = new Map<string, unknown>();
  for (const [type, items] of Object.entries(tf.resource ?? {})) for (const [name, body] of Object.entries(items)) nodes.set(`${type}.${name}`, body);
  for (const [type, items] of Object.entries(tf.data ?? {})) for (const [name, body] of Object.entries(items)) nodes.set(`data.${type}.${name}`, body);
  for (const [keyword, block] of Object.entries(NAMED_BLOCKS)) for (const [name, body] of Object.entries(block(tf) ?? {})) nodes.set(`${keyword}.${name}`, body);
  const referencesOf = (body: unknown): string[] => {
    const found: string[] = [];
    const check = (expression: string) => {
      for (const [, data, type, name] of expression.matchAll(ADDRESS)) {
        const address = `${data ?? ""}${type}.${name}`;
        if (nodes.has(address)) found.push(address);
      }
    };
    walk(body, (key, value) => {
      if (typeof value !== "string") return;
      if (key === "depends_on") check(value);
      for (const [, expression] of value.matchAll(REFERENCE)) check(expression);
    });
    return found;
  };
  const closure = new Set<string>();
  const queue = [...targets];
  while (queue.length) {
    const address = queue.pop()!;
    if (closure.has(address)) continue;
    closure.add(address);
    if (nodes.has(address)) queue.push(...referencesOf(nodes.get(address)));
  }
  return closure;
}

/** The provider configuration (`aws`, `aws.us_east_1`, `random`) each resource and data source of `addresses` runs on. */
export function providersOf(tf: TerraformJson, addresses: Iterable<string>): Set<string> {
  const providers = new Set<string>();
  for (const address of addresses) {
    const parts = address.split(".");
    const [block, type, name] = parts[0] === "data" ? [tf.data, parts[1], parts[2]] : [tf.resource, parts[0], parts[1]];
    const body = block?.[type]?.[name];
    if (!body) continue;
    providers.add(body.provider ?? type.split("_")[0]);
  }
  return providers;
}
