"use strict";
// The copies of a synthesized stack that verify runs terraform on. The synthesized cdk.tf.json is
// never changed; every substitution below is made in verify's own copy and reported in its output.
const crypto = require("node:crypto");

/**
 * The IDs AWS publishes for the CloudFront managed policies our stacks name. moto 5.2.5 has no
 * cache, origin request or response headers policies (ListCachePolicies answers 404), so against
 * the emulator the data sources that look them up by name are replaced by these IDs. Sources:
 * CloudFront Developer Guide, "Use managed cache policies", "Use managed origin request policies"
 * and "Use managed response headers policies" (each policy's "When using CloudFormation, the AWS
 * CLI, or the CloudFront API, the ID for this policy is").
 */
const MANAGED_CLOUDFRONT_POLICIES = {
  aws_cloudfront_cache_policy: {
    "Managed-CachingDisabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    "Managed-CachingOptimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
  },
  aws_cloudfront_origin_request_policy: {
    "Managed-AllViewer": "216adef6-5c7f-47e4-b989-5492eafa07d3",
    "Managed-AllViewerExceptHostHeader": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
  },
  aws_cloudfront_response_headers_policy: {
    "Managed-SecurityHeadersPolicy": "67f7725c-6f97-4210-82d7-5512b31e9d03",
  },
};

/** Every service endpoint the stacks call, pointed at the emulator (`logs` only: `cloudwatchlogs` is its alias). */
const EMULATED_SERVICES = [
  "acm", "autoscaling", "cloudfront", "cloudwatch", "dynamodb", "ec2", "elbv2", "iam", "kms", "lambda", "logs",
  "rds", "route53", "s3", "secretsmanager", "sns", "ssm", "sts", "wafv2",
];

/** SDK retries of a failed call against the emulator (see forEmulator). */
const EMULATOR_MAX_RETRIES = 5;

const clone = (value) => JSON.parse(JSON.stringify(value));

/** Replaces every `${<from>...}` reference in the JSON text of `stack`. */
function replaceReferences(stack, from, to) {
  return JSON.parse(JSON.stringify(stack).split(from).join(to));
}

/**
 * The stack as terraform validates it with the chosen provider. With the pinned providers: as
 * synthesized. With a mirror's hashicorp/aws (and no hashicorp/random offline): the aws version
 * constraint set to the mirror's, and each `random_password` replaced by a `terraform_data` that
 * holds a value generated for this run (no literal in any file of the project). Returns the
 * configuration and the substitutions made, as sentences.
 */
function forProvider(synthesized, provider) {
  let stack = clone(synthesized);
  const notes = [];
  if (provider.kind === "pinned") return { stack, notes };
  const required = stack.terraform?.required_providers ?? {};
  if (required.aws && required.aws.version !== provider.version) {
    notes.push(`hashicorp/aws ${required.aws.version} -> ${provider.version} (local mirror)`);
    required.aws.version = provider.version;
  }
  const random = stack.resource?.random_password ?? {};
  const otherRandom = Object.keys(stack.resource ?? {}).filter((type) => type.startsWith("random_") && type !== "random_password");
  if (otherRandom.length > 0) throw new Error(`no substitution for ${otherRandom.join(", ")} without hashicorp/random`);
  for (const [name, config] of Object.entries(random)) {
    stack.resource.terraform_data ??= {};
    stack.resource.terraform_data[name] = { input: generatedPassword(config.length ?? 16) };
    stack = replaceReferences(stack, `random_password.${name}.result`, `terraform_data.${name}.output`);
    notes.push(`random_password.${name} -> terraform_data (hashicorp/random is not in the mirror)`);
  }
  if (Object.keys(random).length > 0) {
    delete stack.resource.random_password;
    delete stack.terraform.required_providers.random;
    if (stack.provider) delete stack.provider.random;
  }
  return { stack, notes };
}

function generatedPassword(length) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");
}

/**
 * The stack as it is applied to the emulator at `endpoint`: state in a local file of the working
 * directory (not the S3 bucket, not terraform-state/), every provider pointed at the emulator with
 * dummy keys, and the CloudFront managed policies as their published IDs. Returns the
 * configuration and the substitutions. Protections stay on: see `unprotected`.
 */
function forEmulator(validated, endpoint) {
  let stack = clone(validated);
  const notes = [];
  stack.terraform.backend = { local: { path: "terraform.tfstate" } };
  notes.push("state in a local file of the working copy (the synthesized backend is not used)");
  const endpoints = Object.fromEntries(EMULATED_SERVICES.map((service) => [service, endpoint]));
  const providers = stack.provider?.aws ?? [];
  for (const provider of Array.isArray(providers) ? providers : [providers]) {
    Object.assign(provider, {
      access_key: "verify",
      secret_key: "verify",
      skip_credentials_validation: true,
      // The account id is asked of the emulator's STS (123456789012): without it the provider
      // reads a rule's referenced group as "<account>/sg-..." and plans a change.
      skip_metadata_api_check: true,
      skip_region_validation: true,
      s3_use_path_style: true,
      // The provider's SDK retries a throttled or 5xx call up to 25 times with back-off (its
      // `max_retries` default): against the emulator a 5xx is an API moto lacks, which no retry
      // mends, and 25 back-offs cost minutes before the error shows.
      max_retries: EMULATOR_MAX_RETRIES,
      endpoints: [endpoints],
    });
  }
  for (const [type, ids] of Object.entries(MANAGED_CLOUDFRONT_POLICIES)) {
    for (const [name, config] of Object.entries(stack.data?.[type] ?? {})) {
      const id = ids[config.name];
      if (!id) throw new Error(`data.${type}.${name} names ${config.name}, which has no published ID in scripts/verify/working-copy.js`);
      stack = replaceReferences(stack, `\${data.${type}.${name}.id}`, id);
      delete stack.data[type][name];
      notes.push(`data.${type}.${name} (${config.name}) -> its published ID (moto has no CloudFront policies)`);
    }
    if (stack.data?.[type] && Object.keys(stack.data[type]).length === 0) delete stack.data[type];
  }
  return { stack, notes };
}

/** Arguments that make a destroy fail, by resource type (lifecycle prevent_destroy on any). */
const DELETION_PROTECTION = { aws_db_instance: "deletion_protection", aws_lb: "enable_deletion_protection", aws_dynamodb_table: "deletion_protection_enabled" };

/**
 * The emulator's copy with every protection lifted, the configuration verify destroys with (as an
 * operator would have to): `prevent_destroy`, and the deletion protection arguments of databases,
 * load balancers and tables (the resources' own protection is lifted by API first: unprotect.js).
 * Returns the configuration and the addresses of the resources it unprotects.
 */
function unprotected(emulated) {
  const stack = clone(emulated);
  const addresses = [];
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    for (const [name, resource] of Object.entries(resources)) {
      let lifted = false;
      if (resource.lifecycle?.prevent_destroy) {
        resource.lifecycle.prevent_destroy = false;
        lifted = true;
      }
      const argument = DELETION_PROTECTION[type];
      if (argument && resource[argument] === true) {
        resource[argument] = false;
        lifted = true;
      }
      if (lifted) addresses.push(`${type}.${name}`);
    }
  }
  return { stack, addresses };
}

/** The public hosted zones the stack reads by name (they exist before the stack; the emulator gets them first). */
function hostedZonesRead(stack) {
  return Object.values(stack.data?.aws_route53_zone ?? {})
    .filter((zone) => zone.name && !zone.private_zone)
    .map((zone) => zone.name);
}

module.exports = { forProvider, forEmulator, unprotected, hostedZonesRead, MANAGED_CLOUDFRONT_POLICIES };
