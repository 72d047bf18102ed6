import { AWS_MANAGED_RDS_KEY } from "../../src/runbook/facts";
import { FAILBACK_SNAPSHOT_SUFFIX, STALE_SNAPSHOT_SUFFIX, STALE_SUFFIX } from "../../src/runbook/render";
import type { TerraformJson } from "../helpers";
import { ALL_VARIANTS, printed } from "./variants";

/**
 * Every name `npm run -s runbook -- <env>` prints exists in the stacks `npm run synth` writes for
 * that configuration (standing by, and with dr.promote as steps 2 and 3 run): each flag or
 * argument that carries a name is found and looked up where it must be; a flag this test does not
 * know fails it, so no new name slips in unchecked.
 */

const resources = (tf: TerraformJson, type: string): any[] => Object.values(tf.resource?.[type] ?? {});
const hasAddress = (tf: TerraformJson, address: string) => {
  const [type, name] = address.split(".");
  return tf.resource?.[type]?.[name] !== undefined;
};
/** Flags that take no value. */
const SWITCHES = new Set(["apply-immediately", "no-deletion-protection", "skip-final-snapshot", "no-publicly-accessible"]);

/**
 * Every `--flag value` of every command of the text, command substitutions `$(...)` included (each
 * is read as a command of its own, and stands as its own text where it is a value).
 */
function flagValues(text: string): Array<readonly [string, string]> {
  const commands: string[] = [];
  let rest = text;
  const innermost = /\$\(([^()]*)\)/;
  const substituted = new Map<string, string>();
  for (let m = innermost.exec(rest); m; m = innermost.exec(rest)) {
    const mark = `@${substituted.size}@`;
    substituted.set(mark, m[0].replace(/@\d+@/g, (x) => substituted.get(x)!));
    commands.push(m[1]);
    rest = rest.replace(m[0], mark);
  }
  commands.push(...rest.split("\n"));
  const found: Array<readonly [string, string]> = [];
  for (const command of commands) {
    const tokens = command.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    tokens.forEach((token, i) => {
      const flag = /^--([a-z-]+)$/.exec(token)?.[1];
      if (!flag) return;
      const value = SWITCHES.has(flag) ? "" : (tokens[i + 1] ?? "");
      found.push([flag, value.replace(/@\d+@/g, (x) => substituted.get(x)!)]);
    });
  }
  return found;
}

const all = <T>(text: string, pattern: RegExp, pick: (m: RegExpMatchArray) => T): T[] => [...text.matchAll(pattern)].map(pick);

describe.each(ALL_VARIANTS)("the runbook of %s", (environment) => {
  const p = printed(environment);
  const { text } = p;
  const stacks = [...p.standing.values(), ...p.promoted.values()];
  const primary = p.standing.get(p.primary)!;
  const standby = p.standing.get(p.standby)!;
  const promotedPrimary = p.promoted.get(p.primary)!;
  const promotedStandby = p.promoted.get(p.standby)!;
  const dbIds = stacks.flatMap((tf) => resources(tf, "aws_db_instance").map((db) => db.identifier as string));
  const regions = new Set([primary, standby].map((tf) => tf.provider!.aws.find((a: any) => !a.alias).region));

  it("runs terraform only in the folders of its two stacks", () => {
    const folders = new Set(all(text, /terraform -chdir=cdktf\.out\/stacks\/(\S+)/g, (m) => m[1]));
    expect(folders).toEqual(new Set([p.primary, p.standby]));
  });

  it("targets, replaces, removes and imports only addresses of the stack it runs in", () => {
    const uses = all(text, /-chdir=cdktf\.out\/stacks\/(\S+) (.*)/g, (m) => ({ stack: m[1], rest: m[2] }));
    let checked = 0;
    for (const { stack, rest } of uses) {
      const addresses = [
        ...all(rest, /-(?:target|replace)=(\S+)/g, (m) => m[1]),
        ...(/^state rm /.test(rest) ? rest.replace(/^state rm /, "").split(" ") : []),
        ...(/^import /.test(rest) ? [rest.split(" ")[1]] : []),
      ];
      for (const address of addresses) {
        checked++;
        expect([address, hasAddress(p.standing.get(stack)!, address)]).toEqual([address, true]);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it("points init at the standby region's copy of the primary's state with that bucket's region, KMS key and lock", () => {
    const flags = Object.fromEntries(all(text, /-backend-config=([a-z_]+)=(\S*)/g, (m) => [m[1], m[2]]));
    const own = standby.terraform.backend.s3;
    expect(flags).toEqual({
      bucket: own.bucket,
      region: own.region,
      ...(own.kms_key_id ? { kms_key_id: own.kms_key_id } : {}),
      ...(primary.terraform.backend.s3.dynamodb_table ? { dynamodb_table: "" } : {}),
    });
    expect(own.bucket).not.toBe(primary.terraform.backend.s3.bucket);
  });

  it("passes exactly the variables the promoted primary declares, each from an output the standby declares", () => {
    const vars = all(text, /-var "([a-z_]+)=\$\(terraform -chdir=cdktf\.out\/stacks\/(\S+) output -raw ([a-z_]+)\)"/g, (m) => ({ name: m[1], stack: m[2], output: m[3] }));
    expect(new Set(vars.map((v) => v.name))).toEqual(new Set(Object.keys(promotedPrimary.variable ?? {})));
    for (const v of vars) {
      expect(v.stack).toBe(p.standby);
      expect(promotedStandby.output![v.output]).toBeDefined();
    }
    expect(all(text, /-var[ =]/g, (m) => m[0])).toHaveLength(vars.length);
    for (const m of text.matchAll(/-chdir=cdktf\.out\/stacks\/(\S+) output -raw ([a-z_]+)/g)) expect([m[2], p.promoted.get(m[1])!.output![m[2]] !== undefined]).toEqual([m[2], true]);
  });

  it("names only the stacks' regions, database identifiers, groups, fleets and keys", () => {
    const values = flagValues(text);
    const names = (type: string, key = "name") => new Set(stacks.flatMap((tf) => resources(tf, type).map((r) => r[key])));
    const derived = (id: string, suffix: string) => id.endsWith(suffix) && dbIds.includes(id.slice(0, -suffix.length));
    const primaryDb = resources(primary, "aws_db_instance").find((db) => !db.replicate_source_db);
    const checks: Record<string, (value: string) => boolean> = {
      region: (v) => regions.has(v),
      "source-region": (v) => v === standby.provider!.aws[0].region,
      "db-instance-identifier": (v) => dbIds.includes(v) || derived(v, STALE_SUFFIX),
      "new-db-instance-identifier": (v) => derived(v, STALE_SUFFIX),
      "final-db-snapshot-identifier": (v) => derived(v, FAILBACK_SNAPSHOT_SUFFIX) || derived(v, STALE_SNAPSHOT_SUFFIX),
      "auto-scaling-group-name": (v) => names("aws_autoscaling_group").has(v),
      "db-subnet-group-name": (v) => names("aws_db_subnet_group").has(v),
      "db-parameter-group-name": (v) => names("aws_db_parameter_group").has(v),
      "db-instance-class": (v) => v === primaryDb.instance_class,
      "availability-zone": (v) => v === primaryDb.availability_zone,
      "backup-retention-period": (v) => Number(v) === Math.max(primaryDb.backup_retention_period ?? 0, 1),
      "kms-key-id": (v) => (primaryDb.kms_key_id === undefined ? v === AWS_MANAGED_RDS_KEY : names("aws_kms_alias").has(v)),
      "source-db-instance-identifier": (v) => v === '"$SOURCE_ARN"',
      "vpc-security-group-ids": (v) => v.startsWith("$(aws ec2 describe-security-groups "),
      "group-id": (v) => v === '"$DB_SG"',
      "security-group-rule-ids": (v) => v.startsWith("$(aws ec2 describe-security-group-rules "),
      "instance-ids": (v) => v.startsWith("$(aws ec2 describe-instances "),
      filters: (v) => /^Name=(group-name|group-id|tag:Name),Values=/.test(v),
      // Flags that carry no name of the stacks.
      namespace: (v) => v === "AWS/RDS",
      "metric-name": (v) => v === "ReplicaLag",
      dimensions: (v) => /^Name=DBInstanceIdentifier,Value=/.test(v) && dbIds.includes(v.split("Value=")[1]),
      "start-time": () => true,
      "end-time": () => true,
      period: (v) => v === "60",
      statistics: (v) => v === "Maximum",
      query: () => true,
      output: (v) => v === "text",
      "min-size": (v) => v === "0",
      "max-size": (v) => v === "0",
      "desired-capacity": (v) => v === "0",
      // Switches, which take no value.
      "apply-immediately": (v) => v === "",
      "no-deletion-protection": (v) => v === "",
      "skip-final-snapshot": (v) => v === "",
      "no-publicly-accessible": (v) => v === "",
    };
    const wrong = values.filter(([flag, value]) => !(checks[flag] ?? (() => false))(value));
    expect(wrong).toEqual([]);
    // The names inside the look-ups: security groups by name, instances by Name tag.
    for (const m of text.matchAll(/Name=group-name,Values=(\S+)/g)) expect(names("aws_security_group").has(m[1])).toBe(true);
    for (const m of text.matchAll(/Name=tag:Name,Values=(\S+)/g)) {
      for (const name of m[1].split(",")) expect(stacks.some((tf) => resources(tf, "aws_instance").some((i) => i.tags?.Name === name))).toBe(true);
    }
    // Every identifier of both stacks' databases appears where it is used: the promoted standby and the primary's pair.
    for (const db of [...resources(primary, "aws_db_instance"), ...resources(standby, "aws_db_instance")]) expect(text).toContain(db.identifier);
  });

  it("checks DNS only for a record name the stacks hold", () => {
    for (const m of text.matchAll(/dig \+short (\S+)`/g)) expect(stacks.some((tf) => resources(tf, "aws_route53_record").some((r) => r.name === m[1]))).toBe(true);
  });
});
