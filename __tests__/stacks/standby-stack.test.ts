import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  AwsProvider,
  DbInstanceAutomatedBackupsReplication,
  KmsKey,
  LbListenerRule,
  SecretsmanagerSecret,
  SecretsmanagerSecretVersion,
} from "../../src/aws";
import { synthesize } from "../../src/app";
import { ENVIRONMENTS } from "../../src/config/environments";
import type { SettingsInput } from "../../src/config/schema";
import { Testing } from "../../src/cdk";
import { Compliance, GuardrailError, Guardrails, RULES } from "../../src/guardrails";
import { SynthesizedStack } from "../../src/guardrails/stack-view";
import { StandbyStack } from "../../src/stacks/standby-stack";
import { hasStandby } from "../../src/config/standby";
import { STATE_STACK_NAME } from "../../src/naming";
import { STANDBY_ORIGIN_VARIABLE, STANDBY_VPC_ORIGIN_VARIABLE } from "../../src/stacks/stack";
import { alarmsOf, byName, deepMerge, ref, resourcesOf, settingsFor, synthStack, synthStandby, type TerraformJson } from "../helpers";
import { crossStackReferences, passwordLiterals, providerOfEach, subnetLayoutProblems, worldOpenRules } from "../helpers/invariants";

const tokyo = { region: "ap-northeast-1" } as const;
const withDr = (dr: SettingsInput["dr"], overrides: SettingsInput = {}) => settingsFor("prod", { ...overrides, dr });

/** The one resource of `type`, as [logical name, body]. */
function only(tf: TerraformJson, type: string): [string, any] {
  const found = resourcesOf(tf, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

describe.each<[string, SettingsInput["dr"]]>([
  ["pilot light", tokyo],
  ["warm standby", { ...tokyo, mode: "warmStandby", webMin: 2 }],
  ["promoted", { ...tokyo, promote: true }],
])("the prod standby stack, %s", (_, dr) => {
  const settings = withDr(dr);
  const { tf } = synthStandby(settings);

  it("refers to nothing outside itself: every reference is declared in it, and no remote state is read", () => {
    expect(crossStackReferences(tf)).toEqual([]);
  });

  it("runs every resource and data source on its one provider, of the standby region", () => {
    expect(tf.provider!.aws).toEqual([
      { region: "ap-northeast-1", default_tags: [{ tags: { Project: "multiple-server", Environment: "prod", ManagedBy: "cdktf" } }] },
    ]);
    const providers = new Set(providerOfEach(tf).values());
    expect(providers).toEqual(new Set(["aws"]));
    expect(Object.keys(tf.provider!)).toEqual(["aws"]);
  });

  it("keeps its state in the standby region's bucket, under its own key", () => {
    expect(tf.terraform.backend).toEqual({
      s3: {
        bucket: "multiple-server-tfstate-ap-northeast-1",
        key: "multiple-server/prod-dr/terraform.tfstate",
        region: "ap-northeast-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("holds the standby VPC, no subnet outside it, nothing open to the internet, no secret literal", () => {
    expect(byName(tf, "aws_vpc", "multiple-server-prod-dr-vpc").body.cidr_block).toBe("10.1.0.0/16");
    expect(resourcesOf(tf, "aws_subnet").map(([, s]) => s.availability_zone).sort()).toEqual([
      "ap-northeast-1a", "ap-northeast-1a", "ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1c", "ap-northeast-1c",
    ]);
    expect(subnetLayoutProblems(tf)).toEqual([]);
    expect(worldOpenRules(tf, [80, 443])).toEqual([]);
    expect(passwordLiterals(tf)).toEqual([]);
    // dr.network has its own NAT mode, single by default: a standby waiting for a disaster pays for one.
    expect(resourcesOf(tf, "aws_nat_gateway")).toHaveLength(1);
  });

  it("replicates the primary by its ARN, built from the account, the primary's region and identifier", () => {
    const [, db] = only(tf, "aws_db_instance");
    const [partition] = Object.keys(tf.data!.aws_partition).filter((n) => n.startsWith("database_"));
    const [account] = Object.keys(tf.data!.aws_caller_identity).filter((n) => n.startsWith("database_"));
    const arn = `arn:\${data.aws_partition.${partition}.partition}:rds:ap-northeast-2:\${data.aws_caller_identity.${account}.account_id}:db:multiple-server-prod-db-a`;
    const [, backups] = only(tf, "aws_db_instance_automated_backups_replication");
    expect(backups.source_db_instance_arn).toBe(arn);
    if (dr?.promote) expect(db.replicate_source_db).toBeUndefined();
    else expect(db.replicate_source_db).toBe(arn);
  });

  it("encrypts the standby database and its replicated backups with a KMS key of its own region, keeps it private and protected", () => {
    // The others are the alarm topic's (prod has alarms on) and the log groups' (logKmsEncryption).
    const [keyId, key] = resourcesOf(tf, "aws_kms_key").find(([id]) => id.startsWith("database_"))!;
    // With the log groups' key (prod's logKmsEncryption): three.
    expect(resourcesOf(tf, "aws_kms_key")).toHaveLength(3);
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    const [, db] = only(tf, "aws_db_instance");
    expect(db).toMatchObject({
      identifier: "multiple-server-prod-dr-db-a",
      storage_encrypted: true,
      kms_key_id: ref("aws_kms_key", keyId, "arn"),
      publicly_accessible: false,
      deletion_protection: true,
      max_allocated_storage: 100,
    });
    expect(db.lifecycle).toMatchObject({ prevent_destroy: true });
    expect(only(tf, "aws_db_parameter_group")[1].parameter).toContainEqual({ name: "require_secure_transport", value: "1" });
    expect(db.db_subnet_group_name).toBe(ref("aws_db_subnet_group", only(tf, "aws_db_subnet_group")[0], "name"));
    expect(db.parameter_group_name).toBe(ref("aws_db_parameter_group", only(tf, "aws_db_parameter_group")[0], "name"));
    const dbGroup = byName(tf, "aws_security_group", "multiple-server-prod-dr-db-sg").id;
    expect(db.vpc_security_group_ids).toEqual([ref("aws_security_group", dbGroup, "id")]);
    const [, backups] = only(tf, "aws_db_instance_automated_backups_replication");
    expect(backups).toMatchObject({ retention_period: 7, kms_key_id: ref("aws_kms_key", keyId, "arn") });
    for (const [, group] of resourcesOf(tf, "aws_cloudwatch_log_group")) expect(group.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("forwards only requests carrying the origin secret read from the replicated secret, by name", () => {
    const [versionId, version] = Object.entries(tf.data!.aws_secretsmanager_secret_version)[0] as [string, any];
    expect(version.secret_id).toBe("multiple-server-prod-origin-secret");
    const [, rule] = only(tf, "aws_lb_listener_rule");
    expect(rule.condition).toEqual([
      { http_header: { http_header_name: "X-Origin-Verify", values: [`\${data.aws_secretsmanager_secret_version.${versionId}.secret_string}`] } },
    ]);
    expect(resourcesOf(tf, "random_password")).toEqual([]);
    const [, listener] = only(tf, "aws_lb_listener");
    expect(listener.default_action[0]).toMatchObject({ type: "fixed-response", fixed_response: { status_code: "403" } });
  });
});

describe("the standby fleet: an Auto Scaling group behind the standby ALB, whatever the primary's fleet", () => {
  const fleet = (dr: SettingsInput["dr"], overrides: SettingsInput = {}) => {
    const { tf } = synthStandby(withDr(dr, overrides));
    const [groupId, group] = only(tf, "aws_autoscaling_group");
    const [tgId] = only(tf, "aws_lb_target_group");
    expect(group.target_group_arns).toEqual([ref("aws_lb_target_group", tgId, "arn")]);
    expect(group.health_check_type).toBe("ELB");
    expect(group.vpc_zone_identifier).toHaveLength(2);
    expect(resourcesOf(tf, "aws_instance")).toEqual([]);
    expect(tf.output!.web_autoscaling_group.value).toBe(ref("aws_autoscaling_group", groupId, "name"));
    const [, template] = only(tf, "aws_launch_template");
    expect(template.name).toBe("multiple-server-prod-dr-web");
    return { min: group.min_size, desired: group.desired_capacity, max: group.max_size, mode: tf.output!.standby_mode.value };
  };

  it("runs no web server in pilot light (min 0): the ALB and its target group wait", () => {
    expect(fleet(tokyo)).toEqual({ min: 0, desired: 0, max: 6, mode: "pilotLight" });
  });

  it("starts its servers only once the route out, their egress rules and the SSM policy exist, as the primary's fleet does", () => {
    const { tf } = synthStandby(withDr({ ...tokyo, mode: "warmStandby" }));
    const [, group] = only(tf, "aws_autoscaling_group");
    const [[ssmId]] = resourcesOf(tf, "aws_iam_role_policy_attachment").filter(([, a]) => a.policy_arn.endsWith("/AmazonSSMManagedInstanceCore"));
    expect(group.depends_on).toEqual(expect.arrayContaining([`aws_iam_role_policy_attachment.${ssmId}`]));
    expect(group.depends_on.some((d: string) => d.startsWith("aws_vpc_security_group_egress_rule."))).toBe(true);
    expect(group.depends_on.some((d: string) => d.startsWith("aws_route_table_association.") || d.startsWith("aws_route_table."))).toBe(true);
  });

  it("keeps dr.webMin servers in warm standby", () => {
    expect(fleet({ ...tokyo, mode: "warmStandby", webMin: 3 })).toEqual({ min: 3, desired: 3, max: 6, mode: "warmStandby" });
  });

  it("rises to the primary's size when promoted, from an Auto Scaling or a fixed primary fleet", () => {
    expect(fleet({ ...tokyo, promote: true })).toEqual({ min: 2, desired: 2, max: 6, mode: "promoted" });
    expect(fleet({ ...tokyo, mode: "warmStandby", promote: true }, { web: { fleet: "instances", countPerAz: 3 } })).toEqual({
      min: 6,
      desired: 6,
      max: 6,
      mode: "promoted",
    });
  });
});

describe("promotion: dr.promote true", () => {
  const before = synthStandby(withDr(tokyo)).tf;
  const after = synthStandby(withDr({ ...tokyo, promote: true })).tf;
  const db = (tf: TerraformJson) => only(tf, "aws_db_instance");

  it("removes replicate_source_db from the same instance (the provider promotes it in place) and gives it a primary's backups, Multi-AZ, storage and final snapshot, at once", () => {
    expect(db(after)[0]).toBe(db(before)[0]); // the same resource address: promoted, not replaced
    const { replicate_source_db: _source, ...unchanged } = db(before)[1];
    expect(db(before)[1].replicate_source_db).toEqual(expect.stringContaining(":db:multiple-server-prod-db-a"));
    expect(db(after)[1]).toEqual({
      ...unchanged,
      availability_zone: undefined,
      allocated_storage: 20,
      lifecycle: { prevent_destroy: true, ignore_changes: ["allocated_storage"] },
      backup_retention_period: 7,
      multi_az: true,
      // prod holds changes for the maintenance window; a failover cannot wait for it.
      apply_immediately: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "multiple-server-prod-dr-db-a-final",
    });
  });

  it("names the new writer in the outputs", () => {
    const [id] = db(after);
    const common = ["alb_dns_name", "standby_mode", "vpc_id", "vpc_origin_id", "web_autoscaling_group"];
    expect(Object.keys(before.output!).sort()).toEqual([...common, "db_replica_endpoint", "db_source_arn"].sort());
    expect(Object.keys(after.output!).sort()).toEqual([...common, "db_master_secret_arn", "db_writer_endpoint"].sort());
    expect(after.output!.db_writer_endpoint.value).toBe(ref("aws_db_instance", id, "endpoint"));
    // The primary's secret replicated into this region, found by name: promotion changes no credential
    // (and nothing reads master_user_secret, an empty list on a promoted replica: hashicorp/terraform-provider-aws#34094).
    const [secretId] = Object.keys(after.data!.aws_secretsmanager_secret);
    expect(after.output!.db_master_secret_arn.value).toBe(`\${data.aws_secretsmanager_secret.${secretId}.arn}`);
    expect(JSON.stringify(after)).not.toContain("master_user_secret");
    expect(db(after)[1].manage_master_user_password).toBeUndefined();
    expect(after.output!.standby_mode.value).toBe("promoted");
  });

  it("keeps replicating the primary's backups already taken (the resource stays)", () => {
    expect(resourcesOf(after, "aws_db_instance_automated_backups_replication")).toEqual(resourcesOf(before, "aws_db_instance_automated_backups_replication"));
  });
});

describe("the primary stack with dr", () => {
  const settings = withDr(tokyo);
  const { json, tf } = synthStack(settings);
  const standby = synthStandby(settings).tf;

  it("names the primary database the standby replicates", () => {
    expect(byName(tf, "aws_db_instance", "multiple-server-prod-db-a").body.replicate_source_db).toBeUndefined();
    expect(only(standby, "aws_db_instance_automated_backups_replication")[1].source_db_instance_arn).toMatch(/:db:multiple-server-prod-db-a$/);
  });

  it("publishes its origin secret in Secrets Manager, replicated into the standby region, without a literal", () => {
    const [passwordId] = only(tf, "random_password");
    const [secretId] = resourcesOf(tf, "aws_secretsmanager_secret").find(([, s]) => s.name === "multiple-server-prod-origin-secret")!;
    // prod's secretKmsEncryption: the stack's key here, its replica key in the standby region there.
    const keyId = byName(tf, "aws_kms_key", "multiple-server-prod-secrets").id;
    const [replicaKeyId] = only(tf, "aws_kms_replica_key");
    const keys = { kms_key_id: ref("aws_kms_key", keyId, "arn"), replica: [{ region: "ap-northeast-1", kms_key_id: ref("aws_kms_replica_key", replicaKeyId, "arn") }] };
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "multiple-server-prod-origin-secret",
      ...keys,
      recovery_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    // The master credentials are replicated too, for administrators in the standby region.
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, { name: "multiple-server-prod-db-master", ...keys });
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecretVersion, {
      secret_id: ref("aws_secretsmanager_secret", secretId, "id"),
      secret_string: ref("random_password", passwordId, "result"),
    });
    // The primary's own ALB and CloudFront keep the random_password they had.
    expect(json).toHaveResourceWithProperties(LbListenerRule, {
      condition: [{ http_header: { http_header_name: "X-Origin-Verify", values: [ref("random_password", passwordId, "result")] } }],
    });
    expect(passwordLiterals(tf)).toEqual([]);
  });

  it("lets a targeted apply point CloudFront at the standby ALB with one variable, else its own ALB (public origin)", () => {
    const publicOrigin = synthStack(withDr(tokyo, { cdn: { origin: "public" } })).tf;
    expect(publicOrigin.variable![STANDBY_ORIGIN_VARIABLE]).toMatchObject({ type: "string", default: "" });
    const [albId] = only(publicOrigin, "aws_lb");
    const [, distribution] = only(publicOrigin, "aws_cloudfront_distribution");
    expect(distribution.origin[0].domain_name).toBe(
      `\${coalesce(var.${STANDBY_ORIGIN_VARIABLE}, aws_lb.${albId}.dns_name)}`,
    );
  });

  it("with prod's VPC origin, lets the same targeted apply switch the distribution to the standby's VPC origin", () => {
    const [ownId] = only(tf, "aws_cloudfront_vpc_origin");
    const [, distribution] = only(tf, "aws_cloudfront_distribution");
    expect(tf.variable![STANDBY_VPC_ORIGIN_VARIABLE]).toMatchObject({ type: "string", default: "" });
    expect(distribution.origin[0].vpc_origin_config.vpc_origin_id).toBe(`\${coalesce(var.${STANDBY_VPC_ORIGIN_VARIABLE}, aws_cloudfront_vpc_origin.${ownId}.id)}`);
    expect(distribution.origin[0].domain_name).toMatch(new RegExp(`^\\$\\{coalesce\\(var\\.${STANDBY_ORIGIN_VARIABLE}, aws_lb\\.`));
    // The standby holds that VPC origin: its internal ALB's, with the same protocol settings, on the standby's one provider.
    const standbyTf = synthStandby(settings).tf;
    const [standbyOriginId, standbyOrigin] = only(standbyTf, "aws_cloudfront_vpc_origin");
    const [standbyLbId, standbyLb] = only(standbyTf, "aws_lb");
    expect(standbyLb.internal).toBe(true);
    expect(standbyOrigin.vpc_origin_endpoint_config[0]).toMatchObject({ arn: ref("aws_lb", standbyLbId, "arn"), origin_protocol_policy: "http-only" });
    expect(standbyOrigin.provider).toBeUndefined();
    expect(standbyTf.output!.vpc_origin_id.value).toBe(ref("aws_cloudfront_vpc_origin", standbyOriginId, "id"));
    expect(standbyLb.subnets).toEqual(resourcesOf(standbyTf, "aws_subnet").filter(([, sn]) => /private-ap/.test(sn.tags.Name)).map(([id]) => ref("aws_subnet", id, "id")));
  });

  it("is otherwise the stack without dr: only the origin secret and its version, and the secrets key's replica, are added (and the variable, with a public origin)", () => {
    const plain = synthStack(settingsFor("prod")).tf;
    const count = (t: TerraformJson) => Object.fromEntries(Object.entries(t.resource).map(([type, items]) => [type, Object.keys(items).length]));
    expect(count(tf)).toEqual({
      ...count(plain),
      aws_secretsmanager_secret: 2,
      aws_secretsmanager_secret_version: 2,
      aws_kms_replica_key: 1,
      aws_kms_alias: count(plain).aws_kms_alias + 1,
    });
    expect(plain.resource.aws_secretsmanager_secret).toBeDefined();
    expect(plain.variable).toBeUndefined();
    expect(Object.keys(tf.output!).sort()).toEqual(Object.keys(plain.output!).sort());
  });
});

describe("the standby stack with other backends", () => {
  it("uses a workspace of its own in HCP Terraform", () => {
    const { tf } = synthStandby(withDr(tokyo, { backend: { kind: "cloud", organization: "acme" } }));
    expect(tf.terraform.cloud).toEqual({ hostname: "app.terraform.io", organization: "acme", workspaces: { name: "multiple-server-prod-dr" } });
    const named = synthStandby(withDr(tokyo, { backend: { kind: "cloud", organization: "acme", workspace: "web-prod" } })).tf;
    expect(named.terraform.cloud.workspaces).toEqual({ name: "web-prod-dr" });
  });

  it("keeps a local state file of its own", () => {
    const { tf } = synthStandby(withDr(tokyo, { backend: { kind: "local" } }));
    expect(tf.terraform.backend.local.path).toBe("../../../terraform-state/terraform.prod-dr.tfstate");
    const custom = synthStandby(withDr(tokyo, { backend: { kind: "local", localPath: "../../../state/prod.tfstate" } })).tf;
    expect(custom.terraform.backend.local.path).toBe("../../../state/prod-dr.tfstate");
  });

  it("puts the standby on the cdktf matchers' AWS provider of its region", () => {
    const { json } = synthStandby(withDr(tokyo));
    expect(json).toHaveProviderWithProperties(AwsProvider, { region: "ap-northeast-1" });
    expect(json).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    expect(json).toHaveResourceWithProperties(DbInstanceAutomatedBackupsReplication, { retention_period: 7 });
  });
});

describe("the standby's alarms (prod has alarms on)", () => {
  const alarmsIn = (dr: SettingsInput["dr"]) => {
    const { tf } = synthStandby(withDr(dr));
    const [[topicId, topic]] = resourcesOf(tf, "aws_sns_topic");
    return { tf, topicId, topic, alarms: alarmsOf(tf) };
  };

  it("watches the cross-region replica (lag, CPU, storage, memory, connections) and the NAT gateway, notifying a topic of the standby region", () => {
    const { tf, topicId, topic, alarms } = alarmsIn(tokyo);
    expect(topic.name).toBe("multiple-server-prod-dr-alarms");
    expect(topic.provider).toBeUndefined();
    const [[dbId]] = resourcesOf(tf, "aws_db_instance");
    expect(alarms["multiple-server-prod-dr-db-a-replica-lag"]).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "ReplicaLag",
      dimensions: { DBInstanceIdentifier: ref("aws_db_instance", dbId, "identifier") },
      treat_missing_data: "breaching",
    });
    expect(Object.keys(alarms).filter((n) => n.startsWith("multiple-server-prod-dr-db-a-")).sort()).toEqual(
      ["connections", "cpu", "free-storage", "freeable-memory", "replica-lag"].map((m) => `multiple-server-prod-dr-db-a-${m}`),
    );
    expect(Object.keys(alarms).some((n) => n.includes("-nat"))).toBe(true);
    for (const alarm of Object.values(alarms)) expect(alarm.alarm_actions).toEqual([ref("aws_sns_topic", topicId, "arn")]);
    expect(resourcesOf(tf, "aws_cloudwatch_dashboard")).toEqual([]);
  });

  it("has no healthy-hosts alarm in pilot light (no server until promoted), and one per zone in warm standby", () => {
    const healthy = (alarms: Record<string, any>) => Object.keys(alarms).filter((n) => n.includes("healthy-hosts-")).sort();
    expect(healthy(alarmsIn(tokyo).alarms)).toEqual([]);
    expect(healthy(alarmsIn({ ...tokyo, mode: "warmStandby" }).alarms)).toEqual([
      "multiple-server-prod-dr-alb-healthy-hosts-a",
      "multiple-server-prod-dr-alb-healthy-hosts-c",
    ]);
  });

  it("needs no healthy-hosts alarm for MS-MON-1 in pilot light, with no suppression: a min-0 group's target group is not applicable", () => {
    const verdict = (dr: SettingsInput["dr"]) => {
      const settings = withDr(dr);
      if (!hasStandby(settings)) throw new Error("no dr.region");
      const stack = new StandbyStack(Testing.app(), settings);
      const guardrails = new Guardrails().applyTo(stack, "prod", true);
      Testing.synth(stack);
      const view = new SynthesizedStack(stack, "prod");
      const [group] = view.resources("aws_lb_target_group");
      return [RULES.find((r) => r.id === "MS-MON-1")!.check(group, view), guardrails.violations.length, guardrails.suppressed.length];
    };
    expect(verdict(tokyo)).toEqual([Compliance.NOT_APPLICABLE, 0, 0]);
    expect(verdict({ ...tokyo, mode: "warmStandby" })).toEqual([Compliance.COMPLIANT, 0, 0]);
  });

  it("drops the replica-lag alarm once promoted (the database is a writer then)", () => {
    expect(Object.keys(alarmsIn({ ...tokyo, promote: true }).alarms).filter((n) => n.endsWith("replica-lag"))).toEqual([]);
  });
});

describe("the app with a dr environment", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-dr-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const production = deepMerge(ENVIRONMENTS.prod, { namePrefix: "ms-tokyo", network: { vpcCidr: "10.0.0.0/16" }, dr: { region: "ap-northeast-1" } });
  const run = (entry: SettingsInput, name: string) => {
    const file = path.join(work, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ environments: { tokyo: entry } }));
    return synthesize({ outdir: path.join(work, name), env: { MULTIPLE_SERVER_CONFIG: file, MULTIPLE_SERVER_ENVIRONMENTS: "tokyo" } });
  };

  it("synthesizes the environment, its standby and the state stack, the production guardrails passing on both (promoted, with a domain)", () => {
    expect(run(production, "standby")).toEqual(["multiple-server-tokyo", "multiple-server-tokyo-dr", STATE_STACK_NAME]);
    expect(run(deepMerge(production, { dr: { promote: true } }), "promoted")).toEqual(["multiple-server-tokyo", "multiple-server-tokyo-dr", STATE_STACK_NAME]);
    const domain = { domain: { name: "www.example.com", zoneName: "example.com" } };
    expect(run(deepMerge(production, domain), "domain")).toEqual(["multiple-server-tokyo", "multiple-server-tokyo-dr", STATE_STACK_NAME]);
  });

  it("checks the standby as a production stack: an unprotected standby database fails the synth", () => {
    let error: unknown;
    try {
      run(deepMerge(production, { protectStatefulResources: false }), "unprotected");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GuardrailError);
    const standby = (error as GuardrailError).violations.filter((v) => v.stack === "multiple-server-tokyo-dr").map((v) => `${v.rule.id} ${v.resource.type}`);
    expect(standby).toEqual(expect.arrayContaining(["MS-STATE-2 aws_db_instance", "MS-STATE-2 aws_cloudwatch_log_group", "MS-STATE-2 aws_s3_bucket"]));
  });
});

describe("with a domain: the origin name as a Route 53 failover pair, one record per stack", () => {
  // The pair works where CloudFront resolves the origin name: the public origin (prod ships "vpc").
  const domain = { domain: { name: "www.example.com", zoneName: "example.com" }, cdn: { origin: "public" } } as const;
  const settings = withDr(tokyo, domain);
  const primary = synthStack(settings).tf;
  const standby = synthStandby(settings);
  const originRecords = (tf: TerraformJson) => resourcesOf(tf, "aws_route53_record").filter(([, r]) => r.name === "origin.www.example.com");

  it("makes the primary's origin record the PRIMARY, answered while its health check passes", () => {
    const [[, record]] = originRecords(primary);
    const [healthId, health] = only(primary, "aws_route53_health_check");
    const [lbId] = only(primary, "aws_lb");
    expect(record).toMatchObject({
      type: "A",
      set_identifier: "primary",
      failover_routing_policy: { type: "PRIMARY" },
      health_check_id: ref("aws_route53_health_check", healthId, "id"),
      alias: { name: ref("aws_lb", lbId, "dns_name"), evaluate_target_health: true },
    });
    expect(originRecords(primary)).toHaveLength(1);
    expect(health).toMatchObject({ type: "CLOUDWATCH_METRIC", cloudwatch_alarm_region: "ap-northeast-2", insufficient_data_health_status: "Unhealthy" });
    expect(health.provider).toBeUndefined();
  });

  it("checks the health path through the target group's healthy servers; a region that stops reporting fails over", () => {
    // The other alarms are prod's monitoring (they notify a topic); this one feeds Route 53.
    const [alarmId, alarm] = resourcesOf(primary, "aws_cloudwatch_metric_alarm").find(([id]) => id.startsWith("origin-health"))!;
    const [lbId] = only(primary, "aws_lb");
    const [tgId, tg] = only(primary, "aws_lb_target_group");
    expect(tg.health_check.path).toBe("/health");
    expect(alarm).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "HealthyHostCount",
      dimensions: { LoadBalancer: ref("aws_lb", lbId, "arn_suffix"), TargetGroup: ref("aws_lb_target_group", tgId, "arn_suffix") },
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
    });
    expect(only(primary, "aws_route53_health_check")[1].cloudwatch_alarm_name).toBe(ref("aws_cloudwatch_metric_alarm", alarmId, "alarm_name"));
  });

  it("keeps CloudFront on the one origin name: no variable, no apply to fail over", () => {
    expect(primary.variable).toBeUndefined();
    expect(only(primary, "aws_cloudfront_distribution")[1].origin[0].domain_name).toBe("origin.www.example.com");
  });

  it("makes the standby's record of the same name the SECONDARY, to the standby ALB, answering without a health check", () => {
    const [[, record]] = originRecords(standby.tf);
    const [lbId] = only(standby.tf, "aws_lb");
    expect(record).toMatchObject({
      type: "A",
      set_identifier: "standby",
      failover_routing_policy: { type: "SECONDARY" },
      alias: { name: ref("aws_lb", lbId, "dns_name"), evaluate_target_health: false },
    });
    expect(record.health_check_id).toBeUndefined();
    expect(record.zone_id).toBe(`\${data.aws_route53_zone.${Object.keys(standby.tf.data!.aws_route53_zone)[0]}.zone_id}`);
  });

  it("gives the standby ALB its own certificate for the origin name, in the standby region, validated through the record the primary owns", () => {
    const [certId, certificate] = only(standby.tf, "aws_acm_certificate");
    expect(certificate).toMatchObject({ domain_name: "origin.www.example.com", validation_method: "DNS" });
    expect(certificate.provider).toBeUndefined(); // the standby region's provider, the only one
    // ACM asks the same record of both regions' certificates (hashicorp/terraform-provider-aws#13653): only the primary writes it.
    expect(resourcesOf(standby.tf, "aws_route53_record").filter(([, r]) => r.for_each)).toEqual([]);
    const [, validation] = only(standby.tf, "aws_acm_certificate_validation");
    expect(validation).toEqual(expect.objectContaining({ certificate_arn: `\${aws_acm_certificate.${certId}.arn}` }));
    expect(validation.validation_record_fqdns).toBeUndefined();
    const https = resourcesOf(standby.tf, "aws_lb_listener").find(([, l]) => l.protocol === "HTTPS")![1];
    expect(https.port).toBe(443);
    expect(https.certificate_arn).toBe(`\${aws_acm_certificate_validation.${Object.keys(standby.tf.resource.aws_acm_certificate_validation)[0]}.certificate_arn}`);
    expect(certId).toBeDefined();
    // The primary writes the records of both its certificates (the viewer's and the origin name's).
    const primaryValidation = resourcesOf(primary, "aws_route53_record").filter(([, r]) => r.for_each);
    expect(primaryValidation).toHaveLength(2);
  });

  it("forgets, without deleting, the validation records an earlier standby wrote: deleting them would delete the primary's record", () => {
    const settings = withDr(tokyo, domain);
    if (!hasStandby(settings)) throw new Error("no dr.region");
    const stack = new StandbyStack(Testing.app(), settings);
    const certificate = stack.origin!.certificate;
    const formerAddress = `aws_route53_record.${stack.getLogicalId(certificate.node.findChild("validation").node)}`;
    expect(formerAddress).toMatch(/^aws_route53_record\.origin_certificate_validation_[0-9A-F]{8}$/);
    expect(standby.tf.removed).toEqual([{ from: formerAddress, lifecycle: [{ destroy: false }] }]);
  });

  it("stays independent of the primary stack and on its one provider, domain or not", () => {
    expect(crossStackReferences(standby.tf)).toEqual([]);
    expect(new Set(providerOfEach(standby.tf).values())).toEqual(new Set(["aws"]));
    expect(standby.tf.provider!.aws).toHaveLength(1);
    expect(passwordLiterals(standby.tf)).toEqual([]);
  });

  it("drops the PRIMARY record once promoted, so the primary region's return cannot send traffic back to its stale database", () => {
    const promoted = synthStack(withDr({ ...tokyo, promote: true }, domain)).tf;
    expect(originRecords(promoted)).toEqual([]);
    // The SECONDARY stays, alone: Route 53 answers with it.
    const promotedStandby = synthStandby(withDr({ ...tokyo, promote: true }, domain)).tf;
    expect(originRecords(promotedStandby).map(([, r]) => r.failover_routing_policy)).toEqual([{ type: "SECONDARY" }]);
    // CloudFront still names the origin name.
    expect(only(promoted, "aws_cloudfront_distribution")[1].origin[0].domain_name).toBe("origin.www.example.com");
  });

  it("builds no pair behind a VPC origin (prod's default): CloudFront names the ALB by ARN, no DNS answer moves it", () => {
    const vpc = { ...domain, cdn: { origin: "vpc" } } as const;
    const [[, record]] = originRecords(synthStack(withDr(tokyo, vpc)).tf);
    expect(record.failover_routing_policy).toBeUndefined();
    expect(resourcesOf(synthStack(withDr(tokyo, vpc)).tf, "aws_route53_health_check")).toEqual([]);
    expect(originRecords(synthStandby(withDr(tokyo, vpc)).tf)).toEqual([]);
  });

  it("leaves the origin record of a domain without dr a simple one", () => {
    const plain = synthStack(settingsFor("prod", domain)).tf;
    const [[, record]] = originRecords(plain);
    expect(record.set_identifier).toBeUndefined();
    expect(record.failover_routing_policy).toBeUndefined();
    expect(resourcesOf(plain, "aws_route53_health_check")).toEqual([]);
  });
});

describe("the standby's web servers and their database", () => {
  const parameterNames = ["/multiple-server-prod-dr/database/app-user", "/multiple-server-prod-dr/database/reader-endpoint", "/multiple-server-prod-dr/database/writer-endpoint"];

  it("boot with the standby region's parameter names", () => {
    const { tf } = synthStandby(withDr({ ...tokyo, mode: "warmStandby" }));
    const [, template] = only(tf, "aws_launch_template");
    const script = Buffer.from(template.user_data, "base64").toString("utf8");
    for (const name of parameterNames) expect(script).toContain(name);
    expect(script).toContain("ap-northeast-1");
  });

  it.each([
    ["standing by", false],
    ["promoted", true],
  ])("%s, read the standby database (writer and reader: read-only until promoted) as the replicated application user with IAM, never the master secret; promotion changes none of it", (_state, promote) => {
    const { tf } = synthStandby(withDr({ ...tokyo, promote }));
    const [dbId, db] = only(tf, "aws_db_instance");
    expect(db.iam_database_authentication_enabled).toBe(true);
    const parameters = Object.fromEntries(resourcesOf(tf, "aws_ssm_parameter").map(([, p]) => [p.name, p.insecure_value]));
    expect(parameters).toEqual({
      [parameterNames[2]]: ref("aws_db_instance", dbId, "address"),
      [parameterNames[1]]: ref("aws_db_instance", dbId, "address"),
      [parameterNames[0]]: "app",
    });
    const [, policy] = resourcesOf(tf, "aws_iam_role_policy").find(([, p]) => p.name === "multiple-server-prod-dr-web-database-access")!;
    const documentId = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1];
    const statements = (tf.data!.aws_iam_policy_document as Record<string, any>)[documentId].statement;
    expect(statements.map((st: any) => st.sid)).toEqual(["ReadDatabaseParameters", "ConnectAsApplicationUser"]);
    // The standby instance's own resource id: it stays through the promotion (the same instance).
    expect(statements[1].resources).toEqual([expect.stringMatching(new RegExp(`:rds-db:ap-northeast-1:.*:dbuser:\\$\\{aws_db_instance\\.${dbId}\\.resource_id\\}/app$`))]);
    expect(JSON.stringify(statements)).not.toMatch(/secretsmanager|kms:/);
  });

  it("with a customer key on the master secret, encrypts its replica with dr.masterSecretKmsKeyId; the standby's servers get no grant on it (they never read the secret)", () => {
    const primaryKey = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const standbyKey = "arn:aws:kms:ap-northeast-1:111122223333:key/abcd1234-ab12-cd34-ef56-abcdef123456";
    const settings = withDr({ ...tokyo, masterSecretKmsKeyId: standbyKey }, { database: { masterSecretKmsKeyId: primaryKey } });
    const primary = synthStack(settings);
    expect(primary.json).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "multiple-server-prod-db-master",
      kms_key_id: primaryKey,
      replica: [{ region: "ap-northeast-1", kms_key_id: standbyKey }],
    });
    const { tf } = synthStandby(settings);
    const documents = Object.values(tf.data!.aws_iam_policy_document as Record<string, any>);
    expect(documents.flatMap((d) => d.statement).find((st: any) => st.sid === "DecryptMasterSecret")).toBeUndefined();
    // On the primary only the database tier's function may decrypt it, through Secrets Manager only.
    const primaryDocuments = Object.values(primary.tf.data!.aws_iam_policy_document as Record<string, any>);
    expect(primaryDocuments.flatMap((d) => d.statement).filter((st: any) => st.sid === "DecryptMasterSecret")).toEqual([
      expect.objectContaining({
        actions: ["kms:Decrypt"],
        resources: [primaryKey],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.ap-northeast-2.amazonaws.com"] }],
      }),
    ]);
  });
});

describe("the standby's state with KMS-encrypted state", () => {
  it("encrypts the standby's own state with the standby region's key", () => {
    const tokyoKey = "arn:aws:kms:ap-northeast-1:111122223333:key/abcd1234-ab12-cd34-ef56-abcdef123456";
    const { tf } = synthStandby(
      withDr({ ...tokyo, stateKmsKeyId: tokyoKey }, { backend: { kmsKeyId: "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } }),
    );
    expect(tf.terraform.backend.s3).toMatchObject({ bucket: "multiple-server-tfstate-ap-northeast-1", region: "ap-northeast-1", encrypt: true, kms_key_id: tokyoKey });
  });
});

describe("the standby's image: pinned at a failover", () => {
  const template = (dr: SettingsInput["dr"]) => {
    const { tf } = synthStandby(withDr(dr));
    return { tf, template: only(tf, "aws_launch_template")[1] };
  };

  it("standing by, takes the current image of its AMI family from AWS's public SSM parameter, so each apply keeps it current", () => {
    const { tf, template: t } = template({ ...tokyo, mode: "warmStandby" });
    const [amiId] = Object.keys(tf.data!.aws_ssm_parameter);
    expect(t.image_id).toBe(`\${data.aws_ssm_parameter.${amiId}.insecure_value}`);
    expect(tf.data!.aws_launch_template).toBeUndefined();
  });

  it("promoted, keeps the image of its own launch template (read by name in the standby region): no instance refresh mid-failover", () => {
    const { tf, template: t } = template({ ...tokyo, mode: "warmStandby", promote: true });
    const [pinnedId, pinned] = Object.entries<any>(tf.data!.aws_launch_template)[0];
    expect(pinned.name).toBe(t.name);
    expect(pinned.name).toBe("multiple-server-prod-dr-web");
    expect(t.image_id).toBe(`\${data.aws_launch_template.${pinnedId}.image_id}`);
  });
});
