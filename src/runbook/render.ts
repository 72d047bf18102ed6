import type { BackendSwitch, RunbookFacts } from "./facts";

/** What the user runs the commands with: where the environment is defined and how to synthesize only it. */
export interface RunbookContext {
  /** The file holding the environment's entry (`src/config/environments.ts` or the MULTIPLE_SERVER_CONFIG file). */
  readonly configSource: string;
  /** The MULTIPLE_SERVER_CONFIG file the runbook was printed with, if any. */
  readonly configFile?: string;
}

/** Suffix of the identifier a stale primary-region instance is renamed to at fail back, so the stack's name is free. */
export const STALE_SUFFIX = "-stale";
/** Suffix of the final snapshot of the promoted standby when it is deleted at fail back. */
export const FAILBACK_SNAPSHOT_SUFFIX = "-failback";
/** Suffix of the final snapshot of the stale primary: it holds the writes that never reached the standby. */
export const STALE_SNAPSHOT_SUFFIX = "-stale-final";

const STACKS_DIR = "cdktf.out/stacks";

/** `-backend-config` flags that point `terraform init` at the standby region's copy of the primary's state. */
export function backendFlags(to: BackendSwitch): string {
  return [
    `-backend-config=bucket=${to.bucket}`,
    `-backend-config=region=${to.region}`,
    ...(to.kmsKeyId ? [`-backend-config=kms_key_id=${to.kmsKeyId}`] : []),
    // An empty table switches DynamoDB locking off (the s3 backend reads dynamodb_table as a plain
    // string: hashicorp/terraform, internal/backend/remote-state/s3/backend.go); use_lockfile stays on.
    ...(to.clearDynamodbTable ? ["-backend-config=dynamodb_table="] : []),
  ].join(" ");
}

/** The whole runbook of one environment, as Markdown with shell commands run from the project's root. */
export function renderRunbook(f: RunbookFacts, ctx: RunbookContext): string {
  const tf = (stack: string) => `terraform -chdir=${STACKS_DIR}/${stack}`;
  const P = tf(f.primaryStack);
  const S = tf(f.standbyStack);
  const R = f.primaryRegion;
  const DR = f.standbyRegion;
  const envPrefix = ctx.configFile ? `MULTIPLE_SERVER_CONFIG=${ctx.configFile} ` : "";
  const synth = `${envPrefix}MULTIPLE_SERVER_ENVIRONMENTS=${f.environment} npm run synth`;
  const sw = f.primaryStateInStandbyRegion;
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines, "");
  const sh = (...lines: string[]) => p("```sh", ...lines, "```");
  const vars = f.variables.map((v) => `-var "${v.name}=$(${S} output -raw ${v.standbyOutput})"`).join(" ");
  const db = f.primaryDatabase;
  const sdb = f.standbyDatabase;
  const lag = (region: string, id: string) =>
    `aws cloudwatch get-metric-statistics --region ${region} --namespace AWS/RDS --metric-name ReplicaLag --dimensions Name=DBInstanceIdentifier,Value=${id} --start-time "$(date -u -d '-30 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" --period 60 --statistics Maximum --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,Maximum]' --output text`;
  const groupId = (name: string) =>
    `$(aws ec2 describe-security-groups --region ${R} --filters Name=group-name,Values=${name} --query 'SecurityGroups[0].GroupId' --output text)`;
  const fleetToZero = (region: string, group: string) =>
    `aws autoscaling update-auto-scaling-group --region ${region} --auto-scaling-group-name ${group} --min-size 0 --max-size 0 --desired-capacity 0`;

  p(
    `# Disaster recovery runbook: ${f.environment}`,
    `Primary \`${f.primaryStack}\` in ${R}; standby \`${f.standbyStack}\` in ${DR} (${f.mode}). Printed by ` +
      `\`${envPrefix}npm run -s runbook -- ${f.environment}\` from the stacks this configuration synthesizes: print it again after changing it. ` +
      `Every command runs from the project's root. Pause the deploy workflow until step 6 is done: it applies both stacks.`,
  );

  p(
    "## 1. Detect",
    `Confirm the region is down, not one server: the AWS Health Dashboard (https://health.aws.amazon.com/health/status) shows ${R}'s event. ` +
      "Failing over is one way: the promoted standby does not replicate back. How far behind the standby was (seconds, per minute; " +
      "-1 once replication stopped, which is what a lost source looks like: the last value before the -1s bounds the lag the replica " +
      "had applied, not what the primary had not yet shipped):",
  );
  sh(lag(DR, sdb.identifier), `aws rds describe-db-instances --region ${DR} --db-instance-identifier ${sdb.identifier} --query 'DBInstances[0].[DBInstanceStatus,StatusInfos]'`);

  p(
    "## 2. Promote the standby",
    `Set \`dr: { ..., promote: true }\` in the entry of \`${f.environment}\` in ${ctx.configSource}, then:`,
  );
  sh(
    synth,
    `${S} init`,
    `${S} plan -out=promote.tfplan`,
    `${S} apply promote.tfplan`,
    ...(f.writerOutput ? [`${S} output -raw ${f.writerOutput}`] : []),
  );
  p(
    `The plan updates \`${sdb.address}\` (${sdb.identifier}) in place: if it says "must be replaced", stop. RDS promotes it at once ` +
      `(it reboots it: minutes), and the standby's Auto Scaling group \`${f.standbyFleet}\` rises to the primary's size.`,
  );

  p("## 3. Serve from the standby");
  const stateWhere = sw ? `from the copy of the primary's state in ${sw.bucket} (${sw.region})` : `from the primary's state (${f.backendKind}, not in the lost region)`;
  const init = sw
    ? [`${P} init -reconfigure ${backendFlags(sw)}`]
    : [`${P} init   # ${f.backendKind} state: not in the lost region`];
  if (f.traffic.kind === "dns") {
    p(
      `The origin name \`${f.traffic.originName}\` is a Route 53 failover pair: Route 53 already answers with the standby's ALB ` +
        `(check: \`dig +short ${f.traffic.originName}\`). Pin it there, or the primary region's return sends traffic back to its stale ` +
        "database: the promoted primary stack has no PRIMARY record, and one targeted apply, " +
        stateWhere +
        ", removes it (Route 53's API is global):",
    );
    const targets = f.traffic.primaryRecords.map((r) => `-target=${r}`).join(" ");
    sh(...init, `${P} plan -refresh=false ${targets}${vars ? ` ${vars}` : ""} -out=failover.tfplan`, `${P} apply failover.tfplan`);
    p(`The plan destroys ${f.traffic.primaryRecords.length} record(s) and nothing else: if it shows any other change, stop (applying it needs ${R}).`);
  } else {
    p(
      "CloudFront's origin is the primary's load balancer: one targeted apply of the distribution, " +
        stateWhere +
        ", switches it to the standby (CloudFront's API is global; `-refresh=false` reads nothing of the lost region):",
    );
    sh(...init, `${P} plan -refresh=false -target=${f.traffic.distribution} ${vars} -out=failover.tfplan`, `${P} apply failover.tfplan`);
    p(
      `The plan changes \`${f.traffic.distribution}\` in place and nothing else: if it shows any other change, stop (applying it needs ${R}). ` +
        `Until fail back, every plan of the primary stack needs ${f.variables.map((v) => `\`${v.name}\``).join(" and ")} ` +
        `(dr.promote makes ${f.variables.length === 1 ? "it" : "them"} required), ` +
        `so an apply that forgets ${f.variables.length === 1 ? "it" : "them"} fails instead of pointing CloudFront back at the lost region. CloudFront's deployment to its edge ` +
        "locations follows the apply; the distribution is `Deployed` when it is done.",
    );
  }

  p(
    "## 4. Fence the primary region when it answers again",
    `Before anything else in ${R}: nothing may write to the stale primary \`${db.identifier}\`. Its web fleet to zero, and the ` +
      `database's rule admitting the web tier revoked (fail back restores both in 5.7${f.primaryFleet.kind === "instances" ? ", starting the stopped servers" : ""}):`,
  );
  // Terraform restores a group's sizes and a revoked rule, but does not start a stopped instance.
  const instances = (verb: string, states: string) =>
    f.primaryFleet.kind === "instances"
      ? [
          `aws ec2 ${verb}-instances --region ${R} --instance-ids $(aws ec2 describe-instances --region ${R} --filters Name=tag:Name,Values=${f.primaryFleet.names.join(",")} Name=instance-state-name,Values=${states} --query 'Reservations[].Instances[].InstanceId' --output text)`,
        ]
      : [];
  const fence = f.primaryFleet.kind === "autoScaling" ? [fleetToZero(R, f.primaryFleet.group)] : instances("stop", "pending,running");
  sh(
    ...fence,
    `DB_SG=${groupId(f.primarySecurityGroups.database)}`,
    `WEB_SG=${groupId(f.primarySecurityGroups.web)}`,
    `aws ec2 revoke-security-group-ingress --region ${R} --group-id "$DB_SG" --security-group-rule-ids $(aws ec2 describe-security-group-rules --region ${R} --filters Name=group-id,Values="$DB_SG" --query "SecurityGroupRules[?ReferencedGroupInfo.GroupId=='$WEB_SG'].SecurityGroupRuleId" --output text)`,
  );

  p(
    "## 5. Fail back (a maintenance window: the site is down from 5.4 to 5.7)",
    "In this order: the state first, then a replica of the standby in the primary region, then stop the standby's writes, then wait " +
      "for that replica to catch up, then promote it.",
  );
  if (sw) {
    p(
      "5.1. Move the primary's state back to its own bucket, with the copy changed during the outage (answer `yes` to copying it " +
        "over the older one). In a folder whose last `init` was not step 3's, run that `init -reconfigure` first:",
    );
    sh(`${P} init -migrate-state`);
  } else p(`5.1. The primary's state (${f.backendKind}) never moved: nothing to do.`);
  p(`5.2. Rename the stale instances out of the stack's names (they keep their data):`);
  sh(
    ...(f.primaryReplica.deletionProtection
      ? [`aws rds modify-db-instance --region ${R} --db-instance-identifier ${f.primaryReplica.identifier} --no-deletion-protection --apply-immediately`]
      : []),
    `aws rds modify-db-instance --region ${R} --db-instance-identifier ${f.primaryReplica.identifier} --new-db-instance-identifier ${f.primaryReplica.identifier}${STALE_SUFFIX} --apply-immediately`,
    `aws rds modify-db-instance --region ${R} --db-instance-identifier ${db.identifier} --new-db-instance-identifier ${db.identifier}${STALE_SUFFIX} --apply-immediately`,
    `aws rds wait db-instance-available --region ${R} --db-instance-identifier ${f.primaryReplica.identifier}${STALE_SUFFIX}`,
    `aws rds wait db-instance-available --region ${R} --db-instance-identifier ${db.identifier}${STALE_SUFFIX}`,
  );
  p(`5.3. A replica of the promoted standby in ${R}, under the primary's name, in the primary's subnet group, security group and parameter group:`);
  sh(
    `SOURCE_ARN=$(aws rds describe-db-instances --region ${DR} --db-instance-identifier ${sdb.identifier} --query 'DBInstances[0].DBInstanceArn' --output text)`,
    `aws rds create-db-instance-read-replica --region ${R} --source-region ${DR} --db-instance-identifier ${db.identifier} --source-db-instance-identifier "$SOURCE_ARN" --db-instance-class ${db.instanceClass}${db.availabilityZone ? ` --availability-zone ${db.availabilityZone}` : ""} --db-subnet-group-name ${db.subnetGroup} --vpc-security-group-ids ${groupId(f.primarySecurityGroups.database)} --db-parameter-group-name ${db.parameterGroup} --kms-key-id ${db.kmsKey} --no-publicly-accessible`,
    `aws rds wait db-instance-available --region ${R} --db-instance-identifier ${db.identifier}`,
  );
  p("5.4. Stop writes on the standby (from here the site answers 5xx until 5.7):");
  sh(fleetToZero(DR, f.standbyFleet));
  p(
    `5.5. Wait until the new replica has applied everything: \`ReplicaLag\` 0 (not -1) for five minutes in a row, counted from ` +
      "after 5.4 (a lag read before writes stopped says nothing about the writes that followed):",
  );
  sh(lag(R, db.identifier));
  p("5.6. Promote it:");
  sh(
    `aws rds promote-read-replica --region ${R} --db-instance-identifier ${db.identifier} --backup-retention-period ${Math.max(db.backupRetentionDays, 1)}`,
    `aws rds wait db-instance-available --region ${R} --db-instance-identifier ${db.identifier}`,
  );
  p(
    `5.7. Hand it to Terraform and serve from ${R}: set \`dr.promote: false\` for \`${f.environment}\` in ${ctx.configSource} ` +
      "(do not apply the standby stack until step 6), then:",
  );
  sh(
    synth,
    `${P} state rm ${db.address} ${f.primaryReplica.address}`,
    `${P} import ${db.address} ${db.identifier}`,
    ...instances("start", "stopped"),
    `${P} plan -out=failback.tfplan`,
    `${P} apply failback.tfplan`,
  );
  p(
    `The plan creates the replica \`${f.primaryReplica.identifier}\`, restores the web fleet and the database rule fenced in step 4, and ` +
      (f.traffic.kind === "dns" ? "re-creates the origin name's PRIMARY record" : "points CloudFront back at this region's load balancer") +
      `; it must not replace \`${db.address}\`.`,
  );
  p(
    "5.8. Delete the stale instances. Keep the stale primary's final snapshot: it holds the writes that never reached the standby " +
      "(the RPO of step 1), to reconcile by hand:",
  );
  sh(
    `aws rds delete-db-instance --region ${R} --db-instance-identifier ${f.primaryReplica.identifier}${STALE_SUFFIX} --skip-final-snapshot`,
    ...(db.deletionProtection
      ? [`aws rds modify-db-instance --region ${R} --db-instance-identifier ${db.identifier}${STALE_SUFFIX} --no-deletion-protection --apply-immediately`]
      : []),
    `aws rds delete-db-instance --region ${R} --db-instance-identifier ${db.identifier}${STALE_SUFFIX} --final-db-snapshot-identifier ${db.identifier}${STALE_SNAPSHOT_SUFFIX}`,
  );

  p(
    "## 6. Re-create the standby",
    `The promoted standby \`${sdb.identifier}\` is now a stale copy: take it out of the standby's state (its \`prevent_destroy\` refuses ` +
      "a plan that destroys it, on purpose), delete it after a final snapshot, and apply the standby stack (`dr.promote: false` since 5.7): a new replica of the primary, " +
      "and the primary's automated backups replicated again (the new primary is a new instance under the same ARN):",
  );
  sh(
    `${S} state rm ${sdb.address}`,
    ...(sdb.deletionProtection
      ? [`aws rds modify-db-instance --region ${DR} --db-instance-identifier ${sdb.identifier} --no-deletion-protection --apply-immediately`]
      : []),
    `aws rds delete-db-instance --region ${DR} --db-instance-identifier ${sdb.identifier} --final-db-snapshot-identifier ${sdb.identifier}${FAILBACK_SNAPSHOT_SUFFIX}`,
    `aws rds wait db-instance-deleted --region ${DR} --db-instance-identifier ${sdb.identifier}`,
    `${S} plan -replace=${f.standbyBackupsReplication} -out=recreate.tfplan`,
    `${S} apply recreate.tfplan`,
  );
  p("Then resume the deploy workflow.");
  return out.join("\n");
}
