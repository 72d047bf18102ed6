import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "../cdk";
import type { StandbySettings } from "../config/standby";
import { MultipleServerStack, STANDBY_ORIGIN_VARIABLE, STANDBY_VPC_ORIGIN_VARIABLE } from "../stacks/stack";
import { StandbyStack } from "../stacks/standby-stack";
import { type Resource, RunbookError, SynthesizedStack, type TerraformJson } from "./synthesized";

/** The standby stack's output each variable of the primary takes its value from at a failover. */
export const VARIABLE_SOURCES: Record<string, string> = {
  [STANDBY_ORIGIN_VARIABLE]: "alb_dns_name",
  [STANDBY_VPC_ORIGIN_VARIABLE]: "vpc_origin_id",
};

/** The AWS-managed RDS key: what RDS encrypts with when an instance names no key (RDS User Guide, "Encrypting Amazon RDS resources"). */
export const AWS_MANAGED_RDS_KEY = "alias/aws/rds";

/** The four stacks the runbook reads: each side standing by, and each side as `dr.promote: true` synthesizes it. */
export interface RunbookStacks {
  readonly primary: SynthesizedStack;
  readonly standby: SynthesizedStack;
  readonly promotedPrimary: SynthesizedStack;
  readonly promotedStandby: SynthesizedStack;
}

/**
 * Synthesizes the primary and standby stacks of `settings` twice, standing by and promoted,
 * exactly as `npm run synth` writes them (an App into a scratch folder, read back and removed).
 */
export function synthesizeForRunbook(settings: StandbySettings): RunbookStacks {
  const synth = (promote: boolean) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "runbook-"));
    try {
      const app = new App({ outdir: scratch });
      const variant: StandbySettings = { ...settings, dr: { ...settings.dr, promote } };
      const stacks = [new MultipleServerStack(app, variant), new StandbyStack(app, variant)];
      app.synth();
      return stacks.map((s) => {
        const file = path.join(scratch, "stacks", s.node.id, "cdk.tf.json");
        return new SynthesizedStack(s.node.id, JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson);
      });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  };
  const [primary, standby] = synth(false);
  const [promotedPrimary, promotedStandby] = synth(true);
  return { primary, standby, promotedPrimary, promotedStandby };
}

/** The S3 backend settings that point a stack's `terraform init` at another bucket, as `-backend-config` pairs. */
export interface BackendSwitch {
  readonly bucket: string;
  readonly region: string;
  readonly kmsKeyId?: string;
  /** Set when the primary locks with a DynamoDB table (of the primary region): the switch empties it. */
  readonly clearDynamodbTable: boolean;
}

/** How traffic reaches the standby at a failover. */
export type TrafficMove =
  /** The origin name is a Route 53 failover pair: it moves by itself; the runbook pins it by removing the PRIMARY records. */
  | { readonly kind: "dns"; readonly originName: string; readonly primaryRecords: string[] }
  /** CloudFront's origin is the primary's ALB or VPC origin: one targeted apply of the distribution with the standby's values. */
  | { readonly kind: "cloudfront"; readonly distribution: string };

/** The primary's web fleet: an Auto Scaling group, or fixed instances by Name tag. */
export type PrimaryFleet = { readonly kind: "autoScaling"; readonly group: string } | { readonly kind: "instances"; readonly names: string[] };

/** Everything the runbook names, each read from the synthesized stacks. */
export interface RunbookFacts {
  readonly environment: string;
  readonly mode: string;
  readonly primaryStack: string;
  readonly standbyStack: string;
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  /** Backend kind of both stacks (`s3`, `cloud`, `local`). */
  readonly backendKind: string;
  /** Where the primary's state is while its region is down (the standby bucket), for S3 state. */
  readonly primaryStateInStandbyRegion?: BackendSwitch;
  readonly traffic: TrafficMove;
  /** Variables the promoted primary declares, each with the standby output that gives its value. */
  readonly variables: Array<{ readonly name: string; readonly standbyOutput: string }>;
  readonly primaryDatabase: {
    readonly address: string;
    readonly identifier: string;
    readonly instanceClass: string;
    /** The zone the primary stack pins (availability_zone forces a replacement when it differs); unset for Multi-AZ. */
    readonly availabilityZone?: string;
    readonly subnetGroup: string;
    readonly parameterGroup: string;
    readonly kmsKey: string;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
  };
  readonly primaryReplica: { readonly address: string; readonly identifier: string; readonly deletionProtection: boolean };
  readonly primaryFleet: PrimaryFleet;
  readonly primarySecurityGroups: { readonly database: string; readonly web: string };
  readonly standbyDatabase: { readonly address: string; readonly identifier: string; readonly deletionProtection: boolean };
  readonly standbyBackupsReplication: string;
  readonly standbyFleet: string;
  /** Output of the promoted standby naming the new writer, when it declares one. */
  readonly writerOutput?: string;
}

/** Reads every fact of the runbook from the four stacks. */
export function runbookFacts(environment: string, mode: string, stacks: RunbookStacks): RunbookFacts {
  const { primary, standby, promotedPrimary, promotedStandby } = stacks;
  const isReplica = (db: Record<string, any>) => db.replicate_source_db !== undefined;
  const primaryDb = primary.one("aws_db_instance", (db) => !isReplica(db));
  const replica = primary.one("aws_db_instance", isReplica);
  const nameOf = (stack: SynthesizedStack, value: unknown, what: string): string => {
    const target = stack.referenced(value);
    const name = target?.config.name;
    if (typeof name !== "string") throw new RunbookError(`${stack.name}: ${what} is not a reference to a named resource (${String(value)})`);
    return name;
  };
  const dbGroup = primary.referenced(primaryDb.config.vpc_security_group_ids?.[0]);
  if (!dbGroup) throw new RunbookError(`${primary.name}: the primary database names no security group of the stack`);
  // The web servers' group: the one their instances or launch template name (the database also
  // admits the database users function, from a group of its own).
  const webGroupRefs = [
    ...primary.resources("aws_instance").flatMap((r) => r.config.vpc_security_group_ids ?? []),
    ...primary
      .resources("aws_launch_template")
      .flatMap((r) => [...(r.config.vpc_security_group_ids ?? []), ...[r.config.network_interfaces ?? []].flat().flatMap((n: any) => n.security_groups ?? [])]),
  ];
  const webGroups = new Set(webGroupRefs.map((ref: unknown) => primary.referenced(ref)?.address).filter(Boolean));
  const fromWeb = primary
    .resources("aws_vpc_security_group_ingress_rule")
    .filter(
      (r) =>
        primary.referenced(r.config.security_group_id)?.address === dbGroup.address &&
        r.config.referenced_security_group_id &&
        webGroups.has(primary.referenced(r.config.referenced_security_group_id)?.address),
    );
  if (fromWeb.length !== 1) throw new RunbookError(`${primary.name}: expected one rule admitting the web tier to the database, found ${fromWeb.length}`);

  const standbyDb = standby.one("aws_db_instance");
  const s3 = primary.s3Backend();
  const standbyS3 = standby.s3Backend();
  const variables = promotedPrimary.variables().map((name) => {
    const standbyOutput = VARIABLE_SOURCES[name];
    if (!standbyOutput || !promotedStandby.hasOutput(standbyOutput)) {
      throw new RunbookError(`${promotedPrimary.name}: variable ${name} has no standby output to take its value from`);
    }
    return { name, standbyOutput };
  });
  const failoverRecords = primary.resources("aws_route53_record").filter((r) => r.config.failover_routing_policy?.type === "PRIMARY");
  const traffic: TrafficMove = failoverRecords.length
    ? { kind: "dns", originName: failoverRecords[0].config.name, primaryRecords: failoverRecords.map((r) => r.address) }
    : { kind: "cloudfront", distribution: promotedPrimary.one("aws_cloudfront_distribution").address };
  const instances = primary.resources("aws_instance");
  return {
    environment,
    mode,
    primaryStack: primary.name,
    standbyStack: standby.name,
    primaryRegion: primary.region(),
    standbyRegion: standby.region(),
    backendKind: primary.backendKind(),
    primaryStateInStandbyRegion:
      s3 && standbyS3
        ? {
            bucket: String(standbyS3.bucket),
            region: String(standbyS3.region),
            kmsKeyId: standbyS3.kms_key_id === undefined ? undefined : String(standbyS3.kms_key_id),
            clearDynamodbTable: s3.dynamodb_table !== undefined,
          }
        : undefined,
    traffic,
    variables,
    primaryDatabase: {
      address: primaryDb.address,
      identifier: primaryDb.config.identifier,
      instanceClass: primaryDb.config.instance_class,
      availabilityZone: typeof primaryDb.config.availability_zone === "string" ? primaryDb.config.availability_zone : undefined,
      subnetGroup: nameOf(primary, primaryDb.config.db_subnet_group_name, "the primary's subnet group"),
      parameterGroup: nameOf(primary, primaryDb.config.parameter_group_name, "the primary's parameter group"),
      kmsKey: kmsKeyOf(primary, primaryDb),
      backupRetentionDays: primaryDb.config.backup_retention_period ?? 0,
      deletionProtection: primaryDb.config.deletion_protection === true,
    },
    primaryReplica: { address: replica.address, identifier: replica.config.identifier, deletionProtection: replica.config.deletion_protection === true },
    primaryFleet: instances.length
      ? { kind: "instances", names: instances.map((r) => r.config.tags?.Name) }
      : { kind: "autoScaling", group: primary.one("aws_autoscaling_group").config.name },
    primarySecurityGroups: {
      database: dbGroup.config.name,
      web: nameOf(primary, fromWeb[0].config.referenced_security_group_id, "the database rule's source"),
    },
    standbyDatabase: {
      address: standbyDb.address,
      identifier: standbyDb.config.identifier,
      deletionProtection: standbyDb.config.deletion_protection === true,
    },
    standbyBackupsReplication: standby.one("aws_db_instance_automated_backups_replication").address,
    standbyFleet: standby.one("aws_autoscaling_group").config.name,
    writerOutput: promotedStandby.hasOutput("db_writer_endpoint") ? "db_writer_endpoint" : undefined,
  };
}

/**
 * The key a replica of the standby in the primary region is encrypted with: the primary's own
 * (by its alias when the stack gives it one), or RDS's AWS-managed key when the primary names none.
 */
function kmsKeyOf(stack: SynthesizedStack, db: Resource): string {
  const key = db.config.kms_key_id;
  if (key === undefined) return AWS_MANAGED_RDS_KEY;
  const managed = stack.referenced(key);
  if (!managed) return String(key);
  const alias = stack.resources("aws_kms_alias").find((a) => stack.referenced(a.config.target_key_id)?.address === managed.address);
  if (!alias) throw new RunbookError(`${stack.name}: the primary database's key ${managed.address} has no alias to name it by`);
  return alias.config.name;
}
