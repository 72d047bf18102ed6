import * as path from "node:path";
import { settingsFor, synthStack } from "../helpers";

/** verify's copies of a stack (scripts/verify/working-copy.js): what it substitutes, and only there. */
const ROOT = path.join(__dirname, "..", "..");
const { forProvider, forEmulator, unprotected, hostedZonesRead, MANAGED_CLOUDFRONT_POLICIES } = require(path.join(ROOT, "scripts", "verify", "working-copy.js"));

const MIRROR = { kind: "mirror", version: "5.100.0" };
const ENDPOINT = "http://127.0.0.1:45678";

describe("verify's working copy of dev, with a mirror's provider", () => {
  const synthesized = synthStack(settingsFor("dev")).tf as any;
  const before = JSON.stringify(synthesized);
  const { stack, notes } = forProvider(synthesized, MIRROR);
  const text = JSON.stringify(stack);

  it("leaves the synthesized stack itself as it was", () => expect(JSON.stringify(synthesized)).toBe(before));

  it("requires the mirror's hashicorp/aws and no hashicorp/random", () => {
    // The source as the CDK wrote it: "aws" (cdktf) or "hashicorp/aws" (cdktn), the same address.
    expect(stack.terraform.required_providers).toEqual({ aws: { source: synthesized.terraform.required_providers.aws.source, version: "5.100.0" } });
    expect(["aws", "hashicorp/aws"]).toContain(stack.terraform.required_providers.aws.source);
    expect(stack.provider.random).toBeUndefined();
  });

  it("replaces the origin secret's random_password by a terraform_data holding a value of the same length, and says so", () => {
    const [name] = Object.keys(synthesized.resource.random_password);
    expect(stack.resource.random_password).toBeUndefined();
    expect(stack.resource.terraform_data[name].input).toMatch(/^[A-Za-z0-9]{32}$/);
    // (the database password's ephemeral aws_secretsmanager_random_password is the AWS provider's, and stays)
    expect(text).not.toMatch(/\$\{random_password\./);
    expect(text).toContain(`\${terraform_data.${name}.output}`);
    expect(notes).toContain(`random_password.${name} -> terraform_data (hashicorp/random is not in the mirror)`);
  });

  it("generates the value for each run (no literal in the project)", () => {
    const [name] = Object.keys(synthesized.resource.random_password);
    expect(forProvider(synthesized, MIRROR).stack.resource.terraform_data[name].input).not.toBe(stack.resource.terraform_data[name].input);
  });

  it("changes nothing with the pinned providers", () => {
    const pinned = synthesized.terraform.required_providers.aws.version;
    expect(forProvider(synthesized, { kind: "pinned", version: pinned }).stack).toEqual(synthesized);
  });
});

describe("verify's emulator copy of prod", () => {
  const synthesized = synthStack(settingsFor("prod")).tf as any;
  const { stack } = forEmulator(forProvider(synthesized, MIRROR).stack, ENDPOINT);
  const text = JSON.stringify(stack);

  it("keeps its state in a local file of the working copy, not the synthesized S3 backend", () => {
    expect(stack.terraform.backend).toEqual({ local: { path: "terraform.tfstate" } });
  });

  it("points every AWS provider (the us-east-1 alias too) at the emulator with dummy keys", () => {
    expect(stack.provider.aws).toHaveLength(2);
    for (const provider of stack.provider.aws) {
      expect(provider).toMatchObject({ access_key: "verify", skip_credentials_validation: true, s3_use_path_style: true, max_retries: 5 });
      expect(provider.endpoints[0]).toMatchObject({ ec2: ENDPOINT, rds: ENDPOINT, cloudfront: ENDPOINT, logs: ENDPOINT, sts: ENDPOINT });
      expect(provider.endpoints[0].cloudwatchlogs).toBeUndefined();
    }
  });

  it("keeps prod's protections for the apply and the second plan", () => {
    expect(text).toContain('"prevent_destroy":true');
    expect(text).toContain('"deletion_protection":true');
  });

  it("lifts them only in the copy applied before the destroy: prevent_destroy, and the deletion protection of the databases and the ALB", () => {
    const { stack: open, addresses } = unprotected(stack);
    const openText = JSON.stringify(open);
    expect(openText).not.toContain('"prevent_destroy":true');
    expect(openText).not.toContain('"deletion_protection":true');
    expect(openText).not.toContain('"enable_deletion_protection":true');
    const protectedCount = JSON.stringify(synthesized).split('"prevent_destroy":true').length - 1;
    expect(protectedCount).toBeGreaterThan(0);
    expect(addresses.length).toBeGreaterThanOrEqual(protectedCount);
    expect(addresses).toEqual(expect.arrayContaining(Object.keys(stack.resource.aws_db_instance).map((name) => `aws_db_instance.${name}`)));
    expect(addresses).toEqual(expect.arrayContaining(Object.keys(stack.resource.aws_lb).map((name) => `aws_lb.${name}`)));
  });

  it("replaces the CloudFront managed-policy lookups by the IDs AWS publishes", () => {
    expect(stack.data.aws_cloudfront_cache_policy).toBeUndefined();
    expect(stack.data.aws_cloudfront_origin_request_policy).toBeUndefined();
    const behavior = Object.values(stack.resource.aws_cloudfront_distribution as Record<string, any>)[0].default_cache_behavior;
    expect(behavior.cache_policy_id).toBe(MANAGED_CLOUDFRONT_POLICIES.aws_cloudfront_cache_policy["Managed-CachingDisabled"]);
    expect(behavior.cache_policy_id).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
    // The security headers (checkov CKV2_AWS_32): moto answers the response headers policy lookup with a 404 too.
    expect(stack.data.aws_cloudfront_response_headers_policy).toBeUndefined();
    expect(behavior.response_headers_policy_id).toBe("67f7725c-6f97-4210-82d7-5512b31e9d03");
  });

  it("reads no hosted zone without a domain", () => expect(hostedZonesRead(stack)).toEqual([]));
});

describe("a stack on its own domain", () => {
  it("reads its public hosted zone, which verify creates in the emulator first", () => {
    const tf = synthStack(settingsFor("prod", { domain: { name: "www.example.com", zoneName: "example.com" } })).tf as any;
    expect(hostedZonesRead(tf)).toEqual(["example.com"]);
  });
});
