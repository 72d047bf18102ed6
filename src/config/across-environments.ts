import { stackName, stateKey } from "../naming";
import type { ConfigProblem } from "./errors";
import type { Section } from "./rules";
import type { Settings } from "./schema";

/** A state bucket the selected environments name, with the environments that use it. */
export interface StateBucketPlan {
  readonly name: string;
  readonly region: string;
  readonly kmsKeyId?: string;
  readonly environments: string[];
}

/** A DynamoDB lock table some environment opted into, with the environments that use it. */
export interface LockTablePlan {
  readonly name: string;
  readonly region: string;
  readonly environments: string[];
}

/** What the bootstrap stack must create for these environments. */
export interface StatePlan {
  readonly buckets: StateBucketPlan[];
  readonly tables: LockTablePlan[];
}

/**
 * Rules between the selected environments: what one account and one state store can hold. The
 * rules of each environment on its own are in `rules.ts`.
 */

/** Where an environment's state lives: two environments must never share it. */
function stateLocation(s: Settings): string {
  const b = s.backend;
  if (b.kind === "s3") return `s3://${b.bucket}/${stateKey(b, s.environment)}`;
  if (b.kind === "cloud") return `cloud:${b.hostname}/${b.organization}/${b.workspace ?? stackName(s.environment)}`;
  return `local:${stackName(s.environment)}/${b.localPath ?? s.environment}`;
}

/**
 * The buckets and lock tables named by the `s3` backends of `environments`, each once, and where
 * the environments disagree about them. Two environments may share a bucket (their keys differ)
 * but must then agree on where it lives and how it is encrypted: a bucket has one region and one
 * default key, a lock table one region. The bootstrap stack's `statePlan` builds from this same
 * function, so the check before synth and the plan it creates cannot drift apart.
 */
export function planStateStorage(environments: readonly Settings[]): { plan: StatePlan; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const buckets = new Map<string, StateBucketPlan>();
  const tables = new Map<string, LockTablePlan>();
  for (const s of environments) {
    const b = s.backend;
    if (b.kind !== "s3") continue; // cloud and local state need nothing in AWS
    const bucket = buckets.get(b.bucket);
    if (!bucket) buckets.set(b.bucket, { name: b.bucket, region: b.region, kmsKeyId: b.kmsKeyId, environments: [s.environment] });
    else {
      const first = bucket.environments[0];
      if (bucket.region !== b.region) {
        problems.push({ environment: s.environment, path: "backend.region", value: b.region, rule: `differs from ${first}'s ${bucket.region} for the same bucket ${b.bucket}` });
      }
      if (bucket.kmsKeyId !== b.kmsKeyId) {
        problems.push({ environment: s.environment, path: "backend.kmsKeyId", value: b.kmsKeyId, rule: `differs from ${first}'s ${bucket.kmsKeyId ?? "(unset)"} for the same bucket ${b.bucket}` });
      }
      bucket.environments.push(s.environment);
    }
    if (!b.dynamodbTable) continue;
    const table = tables.get(b.dynamodbTable);
    if (!table) tables.set(b.dynamodbTable, { name: b.dynamodbTable, region: b.region, environments: [s.environment] });
    else {
      if (table.region !== b.region) {
        problems.push({ environment: s.environment, path: "backend.region", value: b.region, rule: `differs from ${table.environments[0]}'s ${table.region} for the same lock table ${b.dynamodbTable}` });
      }
      table.environments.push(s.environment);
    }
  }
  return { plan: { buckets: [...buckets.values()], tables: [...tables.values()] }, problems };
}

/**
 * Rules between the selected environments. `failed` names, per environment, the top-level
 * settings whose defaults stand in for a type error: an environment takes part only in the rules
 * that read none of them.
 */
export function checkAcrossEnvironments(all: Settings[], failed: ReadonlyMap<string, ReadonlySet<Section>> = new Map()): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const reading = (section: Section) => all.filter((s) => !failed.get(s.environment)?.has(section));
  // IAM roles, ALBs, target groups and RDS ids are unique per account (and region): two
  // environments with one prefix would claim the same names, and the second apply fails.
  const prefixes = new Map<string, string>();
  for (const s of reading("namePrefix")) {
    const owner = prefixes.get(s.namePrefix);
    if (owner) {
      problems.push({
        environment: s.environment,
        path: "namePrefix",
        value: s.namePrefix,
        rule: `is also the namePrefix of ${owner}; its IAM role, ALB and RDS names would collide in one account, so give each environment its own`,
      });
    } else prefixes.set(s.namePrefix, s.environment);
  }
  const withBackend = reading("backend");
  const owners = new Map<string, string>();
  for (const s of withBackend) {
    const location = stateLocation(s);
    const owner = owners.get(location);
    if (owner) {
      const path = s.backend.kind === "cloud" ? "backend.workspace" : "backend";
      problems.push({ environment: s.environment, path, value: location, rule: `is also the state of ${owner}; each environment needs its own` });
    } else owners.set(location, s.environment);
  }
  problems.push(...planStateStorage(withBackend).problems);
  return problems;
}
