// Disaster recovery settings (schema `dr`): the standby region, network, fleet, backups, state and names.
import { Naming, standbyPrefix } from "../../naming";
import { primaryFleetSizes, type StandbySettings, standbyNetwork, standbyStateBucket } from "../standby";
import { LOWERCASE_NAME } from "./names";
import { check } from "./check";
import { parseIpv4Block, contains, regionRule, checkZonesInRegion, checkZones, checkCidrs, checkFlowLogs } from "./network";
import { KMS_KEY_ARN } from "./database";
import { bucketNameRules } from "./backend";

/** A secret replicated into dr.region is encrypted there with a key of that region, never the primary's. */
export const checkDrSecretKey = check(["dr", "database"], (s, problem) => {
  const key = s.dr?.masterSecretKmsKeyId;
  if (!s.dr?.region) {
    if (key !== undefined) problem("dr.masterSecretKmsKeyId", key, "is only used with dr.region (it encrypts the master secret's replica there)");
    return;
  }
  if (key === undefined) {
    if (s.database.masterSecretKmsKeyId !== undefined) {
      problem("dr.masterSecretKmsKeyId", key, `must be set when database.masterSecretKmsKeyId is: a KMS key belongs to one region, and the master secret's replica in ${s.dr.region} needs a key there`);
    }
    return;
  }
  const rule = kmsKeyArnRule(key, s.dr.region);
  if (rule) problem("dr.masterSecretKmsKeyId", key, `${rule} (the standby's web role is granted kms:Decrypt on it by ARN)`);
});

/** Retention RDS accepts for automated backups replicated into another region. */
const REPLICATED_BACKUP_RETENTION = { min: 1, max: 35 } as const;

export const checkDrRegion = check(["dr", "region"], (s, problem) => {
  const dr = s.dr;
  if (!dr) return;
  if (dr.region === undefined) {
    if (dr.promote) problem("dr.promote", dr.promote, "needs a standby to promote: set dr.region (without it there is no standby stack)");
    else problem("dr.region", dr.region, "must be set when dr is set: the standby region (like ap-northeast-1)");
    return;
  }
  const rule = regionRule(dr.region);
  if (rule) problem("dr.region", dr.region, rule);
  else if (dr.region === s.region) problem("dr.region", dr.region, `must differ from region ${s.region} (a standby in the primary's region goes down with it)`);
});

export const checkDrNetwork = check(["dr", "network"], (s, problem) => {
  const dr = s.dr;
  if (!dr?.region) return;
  const net = standbyNetwork({ ...dr, region: dr.region });
  // Zones of an unknown region would only repeat the region's problem.
  if (regionRule(dr.region) === undefined) checkZonesInRegion(net, dr.region, "dr.network", problem);
  checkZones(net, "dr.network", problem);
  checkCidrs(net, "dr.network", problem);
  checkFlowLogs(net, "dr.network", problem);
  const standby = parseIpv4Block(net.vpcCidr).block;
  const primary = parseIpv4Block(s.network.vpcCidr).block;
  if (standby && primary && (contains(standby, primary) || contains(primary, standby))) {
    problem(
      "dr.network.vpcCidr",
      net.vpcCidr,
      `overlaps the primary VPC network.vpcCidr ${s.network.vpcCidr} (the two regions' VPCs need separate blocks to be peered or routed to each other, for fail back)`,
    );
  }
});

export const checkDrFleet = check(["dr", "web", "network"], (s, problem) => {
  const dr = s.dr;
  if (!dr?.region) return;
  if (dr.mode === "pilotLight") {
    if (dr.webMin !== undefined) {
      problem("dr.webMin", dr.webMin, "is only used with dr.mode warmStandby (a pilot light runs no web servers until promoted); remove it or set dr.mode");
    }
    return;
  }
  if (dr.webMin === undefined) return;
  const zones = standbyNetwork({ ...dr, region: dr.region }).availabilityZones.length;
  const largest = primaryFleetSizes(s).max;
  if (dr.webMin < zones) problem("dr.webMin", dr.webMin, `must be at least the number of standby zones (${zones}): a warm standby keeps a server in each`);
  if (dr.webMin > largest) {
    problem("dr.webMin", dr.webMin, `must be at most the primary fleet's largest size (${largest}), which the standby's Auto Scaling group shares`);
  }
});

export const checkDrBackups = check(["dr"], (s, problem) => {
  const days = s.dr?.backupRetentionDays;
  if (days !== undefined && (days < REPLICATED_BACKUP_RETENTION.min || days > REPLICATED_BACKUP_RETENTION.max)) {
    problem(
      "dr.backupRetentionDays",
      days,
      `must be ${REPLICATED_BACKUP_RETENTION.min} to ${REPLICATED_BACKUP_RETENTION.max} days (what RDS keeps of automated backups replicated into another region)`,
    );
  }
});

/** Why `key` is not a KMS key ARN of `region`, if it is not. */
function kmsKeyArnRule(key: string, region: string): string | undefined {
  const match = KMS_KEY_ARN.exec(key);
  if (!match) return "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or a bare id,";
  if (match[1] !== region) return `must be a key of ${region} (a KMS key serves only its own region), not of ${match[1]},`;
  return undefined;
}

export const checkDrState = check(["dr", "backend"], (s, problem) => {
  const dr = s.dr;
  const b = s.backend;
  if (!dr?.region || b.kind !== "s3") {
    if (dr?.stateBucket !== undefined && b.kind !== "s3") problem("dr.stateBucket", dr.stateBucket, `is only used with the s3 backend (backend.kind is ${b.kind})`);
    if (dr?.stateKmsKeyId !== undefined && b.kind !== "s3") problem("dr.stateKmsKeyId", dr.stateKmsKeyId, `is only used with the s3 backend (backend.kind is ${b.kind})`);
    return;
  }
  const bucket = standbyStateBucket({ ...s, dr: { ...dr, region: dr.region } } as StandbySettings);
  for (const rule of bucketNameRules(bucket)) problem("dr.stateBucket", bucket, rule);
  if (bucket === b.bucket) problem("dr.stateBucket", bucket, "must differ from backend.bucket (a bucket lives in one region; the standby's state must be readable while the primary region is down)");
  // The replication role's policy names the keys, and IAM matches a key only by its key ARN.
  if (b.kmsKeyId !== undefined) {
    const rule = kmsKeyArnRule(b.kmsKeyId, b.region);
    if (rule) problem("backend.kmsKeyId", b.kmsKeyId, `${rule} with dr (the state replication role is granted that key by ARN)`);
    if (dr.stateKmsKeyId === undefined) {
      problem("dr.stateKmsKeyId", dr.stateKmsKeyId, `must be set when backend.kmsKeyId is: a KMS key belongs to one region, and the state replicated into ${dr.region} needs a key there`);
    }
  }
  if (dr.stateKmsKeyId !== undefined) {
    const rule = kmsKeyArnRule(dr.stateKmsKeyId, dr.region);
    if (rule) problem("dr.stateKmsKeyId", dr.stateKmsKeyId, rule);
  }
  if (!b.useLockfile) {
    problem(
      "backend.useLockfile",
      b.useLockfile,
      "must be true with dr: the standby stack locks its state with S3's lock file in dr.region (a DynamoDB table of the primary region is out of reach when that region is down)",
    );
  }
});

export const checkDrNames = check(["namePrefix", "dr"], (s, problem) => {
  if (!s.dr?.region || !LOWERCASE_NAME.test(s.namePrefix)) return;
  const naming = new Naming(standbyPrefix(s.namePrefix));
  const limits: Array<[string, string, number]> = [
    ["standby ALB name", naming.name("alb"), 32],
    ["standby RDS identifier", naming.name("db", "x"), 63],
    ["standby IAM role name", naming.name("flow-logs"), 64],
    ["standby target group name", naming.name("tg"), 32],
    ["standby S3 bucket prefix", naming.bucketPrefix("alb-logs"), 37],
  ];
  for (const [what, name, max] of limits) {
    if (name.length > max) problem("namePrefix", s.namePrefix, `makes the ${what} ${name} ${name.length} characters long (AWS allows ${max})`);
  }
});
