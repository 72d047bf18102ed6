import { originHostName, stackName, standbyPrefix, standbyStackName, stateKey } from "../naming";
import { hasStandby, standbyStateBucket } from "./standby";
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

/**
 * One environment's state copied from its bucket into its standby region's bucket (`dr`): every
 * object under `prefix` (`<keyPrefix>/<env>/`), so the primary's state can be read while its
 * region is down.
 */
export interface StateReplicationPlan {
  readonly environment: string;
  readonly source: string;
  readonly destination: string;
  readonly prefix: string;
  /** Regions of the two buckets. */
  readonly sourceRegion: string;
  readonly destinationRegion: string;
  /** KMS key ARN the source's state is encrypted with (backend.kmsKeyId), if any. */
  readonly sourceKmsKeyId?: string;
  /** KMS key ARN of the destination's region to encrypt the copies with (dr.stateKmsKeyId), if any. */
  readonly destinationKmsKeyId?: string;
}

/** What the bootstrap stack must create for these environments. */
export interface StatePlan {
  readonly buckets: StateBucketPlan[];
  readonly tables: LockTablePlan[];
  /** Replication rules, in the order the environments were given. */
  readonly replications: StateReplicationPlan[];
}

/**
 * Rules between the selected environments: what one account and one state store can hold. The
 * rules of each environment on its own are in `rules/`.
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
  const replications: StateReplicationPlan[] = [];
  /** One environment's use of a bucket; `paths` name its settings in messages. */
  const useBucket = (environment: string, name: string, region: string, kmsKeyId: string | undefined, paths: { region: string; kmsKeyId: string }) => {
    const bucket = buckets.get(name);
    if (!bucket) {
      buckets.set(name, { name, region, kmsKeyId, environments: [environment] });
      return;
    }
    const first = bucket.environments[0];
    if (bucket.region !== region) {
      problems.push({ environment, path: paths.region, value: region, rule: `differs from ${first}'s ${bucket.region} for the same bucket ${name}` });
    }
    if (bucket.kmsKeyId !== kmsKeyId) {
      problems.push({ environment, path: paths.kmsKeyId, value: kmsKeyId, rule: `differs from ${first}'s ${bucket.kmsKeyId ?? "(unset)"} for the same bucket ${name}` });
    }
    bucket.environments.push(environment);
  };
  for (const s of environments) {
    const b = s.backend;
    if (b.kind !== "s3") continue; // cloud and local state need nothing in AWS
    useBucket(s.environment, b.bucket, b.region, b.kmsKeyId, { region: "backend.region", kmsKeyId: "backend.kmsKeyId" });
    if (hasStandby(s)) {
      // The standby's bucket: its own state, and the copy of the primary's, encrypted with a key
      // of its own region when one is given (a KMS key serves one region).
      const destination = standbyStateBucket(s);
      useBucket(s.environment, destination, s.dr.region, s.dr.stateKmsKeyId, { region: "dr.region", kmsKeyId: "dr.stateKmsKeyId" });
      replications.push({
        environment: s.environment,
        source: b.bucket,
        destination,
        prefix: `${b.keyPrefix}/${s.environment}/`,
        sourceRegion: b.region,
        destinationRegion: s.dr.region,
        sourceKmsKeyId: b.kmsKeyId,
        destinationKmsKeyId: s.dr.stateKmsKeyId,
      });
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
  return { plan: { buckets: [...buckets.values()], tables: [...tables.values()], replications }, problems };
}

/**
 * Rules between the selected environments. `failed` names, per environment, the top-level
 * settings whose defaults stand in for a type error: an environment takes part only in the rules
 * that read none of them.
 */
export function checkAcrossEnvironments(
  all: Settings[],
  failed: ReadonlyMap<string, ReadonlySet<Section>> = new Map(),
  unselected: readonly Settings[] = [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const reading = (section: Section) => all.filter((s) => !failed.get(s.environment)?.has(section));
  // IAM roles, ALBs, target groups and RDS ids are unique per account (and region): two
  // environments with one prefix would claim the same names, and the second apply fails.
  const prefixes = new Map<string, string>();
  // A standby's names start with `<prefix>-dr`: another environment must not own that prefix either.
  for (const s of reading("namePrefix")) {
    if (s.dr?.region !== undefined) prefixes.set(standbyPrefix(s.namePrefix), `${s.environment}'s standby`);
  }
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
  // Environments defined but not selected this time share the account all the same: a `staging`
  // synthesized alone with dev's prefix would take over dev's names at its first apply.
  const selectedPrefixes = new Map<string, Settings>();
  for (const s of reading("namePrefix")) {
    selectedPrefixes.set(s.namePrefix, s);
    if (s.dr?.region !== undefined) selectedPrefixes.set(standbyPrefix(s.namePrefix), s);
  }
  for (const other of unselected) {
    const claimed: Array<[string, string]> = [[other.namePrefix, other.environment]];
    if (other.dr?.region !== undefined) claimed.push([standbyPrefix(other.namePrefix), `${other.environment}'s standby`]);
    for (const [prefix, owner] of claimed) {
      const s = selectedPrefixes.get(prefix);
      if (!s) continue;
      problems.push({
        environment: s.environment,
        path: "namePrefix",
        value: s.namePrefix,
        rule: `${prefix === s.namePrefix ? "is also" : `makes the standby prefix ${prefix}, which is`} the namePrefix of ${owner} (defined, though not selected now); their IAM role, ALB and RDS names would collide in one account, so give each environment its own`,
      });
    }
  }
  // `multiple-server-<env>-dr` is the standby stack of <env>: an environment named `<env>-dr` would clash with it.
  const standbys = new Map(all.filter((s) => s.dr?.region !== undefined).map((s) => [standbyStackName(s.environment), s.environment]));
  for (const s of all) {
    const owner = standbys.get(stackName(s.environment));
    if (owner) {
      problems.push({
        environment: "app",
        path: "environments",
        value: s.environment,
        rule: `makes the stack ${stackName(s.environment)}, which is the standby stack of ${owner} (dr is set there); choose another name`,
      });
    }
  }
  // CloudFront refuses an alias another distribution already serves, and two stacks would fight
  // over one DNS record: each name belongs to one environment.
  const nameOwners = new Map<string, string>();
  for (const s of reading("domain")) {
    if (!s.domain) continue;
    const names: Array<[string, string]> = [
      ["domain.name", s.domain.name],
      ...s.domain.aliases.map((alias, i): [string, string] => [`domain.aliases[${i}]`, alias]),
      ["domain.originName", originHostName(s.domain)],
    ];
    for (const [path, name] of names) {
      const owner = nameOwners.get(name);
      if (owner && owner !== s.environment) {
        problems.push({ environment: s.environment, path, value: name, rule: `is also a name of ${owner}; each environment needs its own names` });
      } else nameOwners.set(name, s.environment);
    }
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
