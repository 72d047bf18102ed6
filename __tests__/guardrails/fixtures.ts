import { S3Backend, type S3BackendConfig, Testing, TerraformResource, TerraformStack } from "../../src/cdk";
import type { Construct } from "constructs";
import { AwsProvider, DbParameterGroup, SecretsmanagerSecret } from "../../src/aws";
import { EphemeralResource } from "../../src/ephemeral";
import { Compliance, Guardrails, type Rule } from "../../src/guardrails";
import { SynthesizedStack } from "../../src/guardrails/stack-view";

/** The tags the project's provider puts on every resource, so that only the rule under test fires. */
export const OWNERSHIP = { Project: "multiple-server", Environment: "test", ManagedBy: "cdktf" };

export interface CheckedStack {
  readonly guardrails: Guardrails;
  /** Lines `enforce()` printed (suppressions). */
  readonly log: string[];
  /** `enforce()`'s error message, or undefined when the stack passes. */
  readonly error?: string;
}

export interface CheckOptions {
  /** The provider carries the ownership default tags. @default true */
  readonly tagged?: boolean;
  /** Settings laid over the test stack's encrypted, locked S3 backend. @default {} */
  readonly backend?: Partial<S3BackendConfig>;
  /** Backend arguments as synthesized, laid over last (`use_lockfile: undefined` drops the lock file). @default {} */
  readonly backendArgs?: Record<string, unknown>;
  /** Check with the production rules. @default false */
  readonly production?: boolean;
}

/** Name of the MySQL parameter group requiring TLS that every test stack holds (`compliantPrimary` uses it). */
export const TLS_PARAMETER_GROUP = "mysql-tls";

/** Logical name of the ephemeral read of the stack's own master secret that every test stack holds (`compliantPrimary` uses it). */
export const MASTER_PASSWORD_READ = "master_password";
/** The write-only password argument of a compliant primary: what the stack's own secret holds. */
export const OWNED_PASSWORD = `\${jsondecode(ephemeral.aws_secretsmanager_secret_version.${MASTER_PASSWORD_READ}.secret_string).password}`;

/**
 * Builds `build` in a bare stack named `test` (provider with the ownership default tags unless
 * `tagged` is false; an encrypted, locked S3 backend with `backend` and `backendArgs` laid over
 * it; a MySQL parameter group requiring TLS named TLS_PARAMETER_GROUP; a master secret of the
 * stack, protected, read by the ephemeral MASTER_PASSWORD_READ), checks it as `environment`, with the production rules when `production`, and returns
 * what `enforce()` printed and threw.
 */
export function check(
  build: (scope: Construct) => void,
  environment = "test",
  { tagged = true, backend = {}, backendArgs = {}, production = false }: CheckOptions = {},
): CheckedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "ap-northeast-2", defaultTags: tagged ? [{ tags: OWNERSHIP }] : undefined });
  const s3 = new S3Backend(stack, { bucket: "state", key: "test.tfstate", region: "ap-northeast-2", encrypt: true, ...backend });
  for (const [key, value] of Object.entries({ use_lockfile: true, ...backendArgs })) s3.addOverride(key, value);
  new DbParameterGroup(stack, TLS_PARAMETER_GROUP, {
    name: TLS_PARAMETER_GROUP,
    family: "mysql8.4",
    parameter: [{ name: "require_secure_transport", value: "1" }],
    tags: OWNERSHIP,
  });
  const secret = new SecretsmanagerSecret(stack, "master-secret", { name: "db-master", lifecycle: { preventDestroy: true }, tags: OWNERSHIP });
  new EphemeralResource(stack, MASTER_PASSWORD_READ, "aws_secretsmanager_secret_version", { secret_id: secret.arn });
  build(stack);
  const guardrails = new Guardrails().applyTo(stack, environment, production);
  Testing.synth(stack);
  const log: string[] = [];
  try {
    guardrails.enforce((line) => log.push(line));
    return { guardrails, log };
  } catch (error) {
    return { guardrails, log, error: (error as Error).message };
  }
}

/**
 * A resource of any Terraform type, its arguments written as `cdk.tf.json` holds them (snake_case):
 * for the types the project does not build, which `src/aws.ts` therefore does not load.
 */
export function resource(scope: Construct, type: string, id: string, args: Record<string, unknown>): TerraformResource {
  const r = new TerraformResource(scope, id, { terraformResourceType: type });
  for (const [key, value] of Object.entries(args)) r.addOverride(key, value);
  return r;
}

/** The first line of every guardrail error. */
export function header(violations: number): string {
  return (
    `Guardrails: ${violations} violation${violations === 1 ? "" : "s"}. Fix each one, or suppress it with ` +
    'Guardrails.suppress(construct, ruleId, reason) (docs/guardrails.md "Guardrails"):'
  );
}

/** An EC2 instance that passes every rule; cases remove or change one field. */
export const compliantInstance = {
  ami: "ami-0123456789abcdef0",
  instanceType: "t3.micro",
  associatePublicIpAddress: false,
  metadataOptions: { httpTokens: "required" },
  rootBlockDevice: { encrypted: true },
};

/** An RDS primary that passes every rule, production ones included. */
export const compliantPrimary = {
  identifier: "db",
  engine: "mysql",
  instanceClass: "db.t3.micro",
  allocatedStorage: 20,
  maxAllocatedStorage: 100,
  parameterGroupName: TLS_PARAMETER_GROUP,
  username: "admin",
  passwordWo: OWNED_PASSWORD,
  passwordWoVersion: 1,
  storageEncrypted: true,
  publiclyAccessible: false,
  backupRetentionPeriod: 7,
  deletionProtection: true,
  multiAz: true,
  skipFinalSnapshot: false,
  finalSnapshotIdentifier: "db-final",
  lifecycle: { preventDestroy: true },
};

/** An ALB that passes every rule, production ones included. */
export const compliantAlb = {
  name: "alb",
  loadBalancerType: "application",
  subnets: ["subnet-a", "subnet-c"],
  dropInvalidHeaderFields: true,
  enableDeletionProtection: true,
  accessLogs: { bucket: "alb-logs", enabled: true },
};

/** A CloudFront distribution in front of a custom origin that passes every rule. */
export function compliantDistribution(
  overrides: { viewerProtocolPolicy?: string; originProtocolPolicy?: string; customHeader?: { name: string; value: string }[] } = {},
) {
  return {
    enabled: true,
    origin: [
      {
        originId: "alb",
        domainName: "alb.example.com",
        customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: overrides.originProtocolPolicy ?? "http-only", originSslProtocols: ["TLSv1.2"] },
        customHeader: "customHeader" in overrides ? overrides.customHeader : [{ name: "X-Origin-Verify", value: "secret" }],
      },
    ],
    defaultCacheBehavior: {
      targetOriginId: "alb",
      viewerProtocolPolicy: overrides.viewerProtocolPolicy ?? "redirect-to-https",
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: "policy",
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  };
}

/** The us-east-1 provider of a test stack (alias `us_east_1`, the ownership tags), created on first use: CloudFront's certificates and web ACLs live there. */
export function edgeProvider(scope: Construct): AwsProvider {
  const stack = TerraformStack.of(scope);
  return (
    (stack.node.tryFindChild("aws-edge") as AwsProvider | undefined) ??
    new AwsProvider(stack, "aws-edge", { alias: "us_east_1", region: "us-east-1", defaultTags: [{ tags: OWNERSHIP }] })
  );
}

/**
 * `rule`'s answer for every resource `build` makes in a bare stack (provider in ap-northeast-2 with
 * the ownership tags), by Terraform address: the rule alone, read from the synthesized JSON.
 */
export function judge(rule: Rule, build: (scope: Construct) => void): Record<string, Compliance> {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "ap-northeast-2", defaultTags: [{ tags: OWNERSHIP }] });
  build(stack);
  Testing.synth(stack);
  const view = new SynthesizedStack(stack, "test");
  return Object.fromEntries(
    view
      .all()
      .filter((r) => rule.resourceTypes.includes(r.type))
      .map((r) => [r.address, rule.check(r, view)]),
  );
}
