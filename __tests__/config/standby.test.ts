import { ConfigError, formatProblem } from "../../src/config/errors";
import { ENVIRONMENTS } from "../../src/config/environments";
import { loadSettings } from "../../src/config/load";
import type { SettingsInput } from "../../src/config/schema";
import { hasStandby, primaryDatabaseIdentifier, standbyFleet, standbyNetwork, standbyStateBucket } from "../../src/config/standby";
import { deepMerge, settingsFor } from "../helpers";

/** The formatted problems of loading `definitions`' environments, or [] when they load. */
function problemsOfLoading(definitions: Record<string, SettingsInput>): string[] {
  try {
    loadSettings(Object.keys(definitions), {}, definitions);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
}

/** The problems of prod (the shipped entry) with `overrides` laid over it. */
const problemsOf = (overrides: SettingsInput) => problemsOfLoading({ prod: deepMerge(ENVIRONMENTS.prod, overrides) });

const tokyo = { region: "ap-northeast-1" } as const;
const SEOUL_KEY = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOKYO_KEY = "arn:aws:kms:ap-northeast-1:111122223333:key/abcd1234-ab12-cd34-ef56-abcdef123456";

describe("dr settings", () => {
  it("leaves an environment without dr without a standby", () => {
    expect(hasStandby(settingsFor("prod"))).toBe(false);
    expect(settingsFor("prod").dr).toBeUndefined();
  });

  it("defaults to a pilot light in the region's a and c zones, in 10.1.0.0/16, with a week of replicated backups", () => {
    const s = settingsFor("prod", { dr: tokyo });
    if (!hasStandby(s)) throw new Error("expected a standby");
    expect(s.dr).toMatchObject({ region: "ap-northeast-1", mode: "pilotLight", promote: false, backupRetentionDays: 7 });
    expect(standbyNetwork(s.dr)).toMatchObject({
      vpcCidr: "10.1.0.0/16",
      availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
      subnets: {
        public: [{ cidr: "10.1.0.0/24" }, { cidr: "10.1.10.0/24" }],
        web: [{ cidr: "10.1.1.0/24" }, { cidr: "10.1.11.0/24" }],
        database: [{ cidr: "10.1.2.0/24" }, { cidr: "10.1.12.0/24" }],
      },
      natGateways: "single",
    });
    expect(standbyStateBucket(s)).toBe("multiple-server-tfstate-ap-northeast-1");
    expect(primaryDatabaseIdentifier(s)).toBe("multiple-server-prod-db-a");
  });

  it("sizes the standby's Auto Scaling group: min 0 in pilot light, dr.webMin in warm standby, the primary's sizes once promoted", () => {
    const sizes = (dr: SettingsInput["dr"], web: SettingsInput["web"] = {}) => {
      const s = settingsFor("prod", { dr, web });
      if (!hasStandby(s)) throw new Error("expected a standby");
      const { min, desired, max } = standbyFleet(s);
      return { min, desired, max };
    };
    // prod's fleet: autoScaling, 2/2/6 over its two zones.
    expect(sizes(tokyo)).toEqual({ min: 0, desired: 0, max: 6 });
    expect(sizes({ ...tokyo, mode: "warmStandby" })).toEqual({ min: 2, desired: 2, max: 6 });
    expect(sizes({ ...tokyo, mode: "warmStandby", webMin: 3 })).toEqual({ min: 3, desired: 3, max: 6 });
    expect(sizes({ ...tokyo, promote: true })).toEqual({ min: 2, desired: 2, max: 6 });
    expect(sizes({ ...tokyo, promote: true }, { autoScaling: { min: 4, desired: 5, max: 8 } })).toEqual({ min: 4, desired: 5, max: 8 });
    // A primary of fixed instances: the standby rises to their count.
    expect(sizes({ ...tokyo, promote: true }, { fleet: "instances", countPerAz: 3 })).toEqual({ min: 6, desired: 6, max: 6 });
  });
});

describe("dr rules: the bad value, the exact message", () => {
  it.each<[string, SettingsInput, string[]]>([
    ["dr without a region", { dr: {} }, ["prod.dr.region (unset) must be set when dr is set: the standby region (like ap-northeast-1)"]],
    [
      "dr.promote without a standby",
      { dr: { promote: true } },
      ["prod.dr.promote true needs a standby to promote: set dr.region (without it there is no standby stack)"],
    ],
    [
      "the primary's own region",
      { dr: { region: "ap-northeast-2" } },
      ["prod.dr.region ap-northeast-2 must differ from region ap-northeast-2 (a standby in the primary's region goes down with it)"],
    ],
    [
      "an unknown region",
      { dr: { region: "ap-northeast-9" } },
      ["prod.dr.region ap-northeast-9 is not a known AWS region (the list is in src/config/constants.ts: add a new region there)"],
    ],
    [
      "a standby VPC overlapping the primary's",
      {
        dr: {
          ...tokyo,
          network: {
            vpcCidr: "10.0.0.0/16",
            subnets: {
              public: [{ cidr: "10.0.0.0/24" }, { cidr: "10.0.10.0/24" }],
              web: [{ cidr: "10.0.1.0/24" }, { cidr: "10.0.11.0/24" }],
              database: [{ cidr: "10.0.2.0/24" }, { cidr: "10.0.12.0/24" }],
            },
          },
        },
      },
      [
        "prod.dr.network.vpcCidr 10.0.0.0/16 overlaps the primary VPC network.vpcCidr 10.0.0.0/16 (the two regions' VPCs need separate blocks to be peered or routed to each other, for fail back)",
      ],
    ],
    [
      "a standby VPC inside the primary's",
      {
        dr: {
          ...tokyo,
          network: {
            vpcCidr: "10.0.128.0/20",
            subnets: {
              public: [{ cidr: "10.0.128.0/24" }, { cidr: "10.0.129.0/24" }],
              web: [{ cidr: "10.0.130.0/24" }, { cidr: "10.0.131.0/24" }],
              database: [{ cidr: "10.0.132.0/24" }, { cidr: "10.0.133.0/24" }],
            },
          },
        },
      },
      [
        "prod.dr.network.vpcCidr 10.0.128.0/20 overlaps the primary VPC network.vpcCidr 10.0.0.0/16 (the two regions' VPCs need separate blocks to be peered or routed to each other, for fail back)",
      ],
    ],
    [
      "standby zones of another region",
      { dr: { ...tokyo, network: { availabilityZones: ["ap-northeast-2a", "ap-northeast-1c"] } } },
      ["prod.dr.network.availabilityZones[0] ap-northeast-2a is not a zone of region ap-northeast-1 (like ap-northeast-1a)"],
    ],
    [
      "one standby zone twice",
      { dr: { ...tokyo, network: { availabilityZones: ["ap-northeast-1a", "ap-northeast-1a"] } } },
      [
        "prod.dr.network.availabilityZones[1] ap-northeast-1a repeats dr.network.availabilityZones[0]",
        'prod.dr.network.availabilityZones ["ap-northeast-1a","ap-northeast-1a"] must name at least two distinct zones (the ALB and the replica need two)',
      ],
    ],
    [
      "a standby subnet outside the standby VPC",
      {
        dr: {
          ...tokyo,
          network: {
            subnets: {
              public: [{ cidr: "10.1.0.0/24" }, { cidr: "10.2.10.0/24" }],
            },
          },
        },
      },
      ["prod.dr.network.subnets.public[1].cidr 10.2.10.0/24 is outside the VPC 10.1.0.0/16"],
    ],
    [
      "standby subnets that do not match the zones",
      // Tiers written for two zones beside three zones (a tier left out is derived for all three).
      {
        dr: {
          ...tokyo,
          network: {
            availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
            subnets: {
              public: [{ cidr: "10.1.0.0/24" }, { cidr: "10.1.10.0/24" }],
              web: [{ cidr: "10.1.1.0/24" }, { cidr: "10.1.11.0/24" }],
              database: [{ cidr: "10.1.2.0/24" }, { cidr: "10.1.12.0/24" }],
            },
          },
        },
      },
      [
        'prod.dr.network.subnets.public ["10.1.0.0/24","10.1.10.0/24"] must have one subnet per availability zone (3), in zone order',
        'prod.dr.network.subnets.web ["10.1.1.0/24","10.1.11.0/24"] must have one subnet per availability zone (3), in zone order',
        'prod.dr.network.subnets.database ["10.1.2.0/24","10.1.12.0/24"] must have one subnet per availability zone (3), in zone order',
      ],
    ],
    [
      "a standby flow-log retention CloudWatch refuses",
      { dr: { ...tokyo, network: { flowLogRetentionDays: 8 } } },
      [expect.stringMatching(/^prod\.dr\.network\.flowLogRetentionDays 8 must be 0 \(off\) or a retention CloudWatch Logs accepts/) as unknown as string],
    ],
    [
      "dr.webMin with a pilot light",
      { dr: { ...tokyo, webMin: 2 } },
      ["prod.dr.webMin 2 is only used with dr.mode warmStandby (a pilot light runs no web servers until promoted); remove it or set dr.mode"],
    ],
    [
      "a warm standby with fewer servers than zones",
      { dr: { ...tokyo, mode: "warmStandby", webMin: 1 } },
      ["prod.dr.webMin 1 must be at least the number of standby zones (2): a warm standby keeps a server in each"],
    ],
    [
      "a warm standby larger than the primary fleet can grow",
      { dr: { ...tokyo, mode: "warmStandby", webMin: 7 } },
      ["prod.dr.webMin 7 must be at most the primary fleet's largest size (6), which the standby's Auto Scaling group shares"],
    ],
    [
      "a mode that does not exist",
      { dr: { ...tokyo, mode: "multiSite" as "pilotLight" } },
      ['prod.dr.mode multiSite must be one of "pilotLight", "warmStandby"'],
    ],
    [
      "replicated backups kept longer than RDS allows",
      { dr: { ...tokyo, backupRetentionDays: 36 } },
      ["prod.dr.backupRetentionDays 36 must be 1 to 35 days (what RDS keeps of automated backups replicated into another region)"],
    ],
    [
      "a standby state bucket that is the primary's",
      { dr: { ...tokyo, stateBucket: "multiple-server-tfstate" } },
      [
        "prod.dr.stateBucket multiple-server-tfstate must differ from backend.bucket (a bucket lives in one region; the standby's state must be readable while the primary region is down)",
        "prod.dr.region ap-northeast-1 differs from prod's ap-northeast-2 for the same bucket multiple-server-tfstate",
      ],
    ],
    [
      "a standby state bucket S3 refuses",
      { dr: { ...tokyo, stateBucket: "Bad_Bucket" } },
      ["prod.dr.stateBucket Bad_Bucket is not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)"],
    ],
    [
      "a KMS-encrypted state with dr and no key in the standby region, named by alias",
      { backend: { kmsKeyId: "alias/state" }, dr: tokyo },
      [
        "prod.backend.kmsKeyId alias/state must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or a bare id, with dr (the state replication role is granted that key by ARN)",
        "prod.dr.stateKmsKeyId (unset) must be set when backend.kmsKeyId is: a KMS key belongs to one region, and the state replicated into ap-northeast-1 needs a key there",
      ],
    ],
    [
      "a standby state key of another region",
      { backend: { kmsKeyId: SEOUL_KEY }, dr: { ...tokyo, stateKmsKeyId: SEOUL_KEY } },
      [`prod.dr.stateKmsKeyId ${SEOUL_KEY} must be a key of ap-northeast-1 (a KMS key serves only its own region), not of ap-northeast-2,`],
    ],
    [
      "a customer key on the master secret and none for its replica in the standby region",
      { database: { masterSecretKmsKeyId: SEOUL_KEY }, dr: tokyo },
      [
        "prod.dr.masterSecretKmsKeyId (unset) must be set when database.masterSecretKmsKeyId is: a KMS key belongs to one region, and the master secret's replica in ap-northeast-1 needs a key there",
      ],
    ],
    [
      "a master secret replica key of another region",
      { database: { masterSecretKmsKeyId: SEOUL_KEY }, dr: { ...tokyo, masterSecretKmsKeyId: SEOUL_KEY } },
      [`prod.dr.masterSecretKmsKeyId ${SEOUL_KEY} must be a key of ap-northeast-1 (a KMS key serves only its own region), not of ap-northeast-2, (the master secret's replica in dr.region is encrypted with it)`],
    ],
    [
      "a standby state key without S3 state",
      { backend: { kind: "local" }, dr: { ...tokyo, stateKmsKeyId: TOKYO_KEY } },
      [`prod.dr.stateKmsKeyId ${TOKYO_KEY} is only used with the s3 backend (backend.kind is local)`],
    ],
    [
      "a DynamoDB lock without the lock file",
      { backend: { useLockfile: false, dynamodbTable: "locks" }, dr: tokyo },
      [
        "prod.backend.useLockfile false must be true with dr: the standby stack locks its state with S3's lock file in dr.region (a DynamoDB table of the primary region is out of reach when that region is down)",
      ],
    ],
    [
      "a prefix too long for the standby's ALB",
      { namePrefix: "multiple-server-prod-abcdef", dr: tokyo },
      [
        "prod.namePrefix multiple-server-prod-abcdef makes the standby ALB name multiple-server-prod-abcdef-dr-alb 34 characters long (AWS allows 32)",
        "prod.namePrefix multiple-server-prod-abcdef makes the standby target group name multiple-server-prod-abcdef-dr-tg 33 characters long (AWS allows 32)",
        "prod.namePrefix multiple-server-prod-abcdef makes the standby S3 bucket prefix multiple-server-prod-abcdef-dr-alb-logs- 40 characters long (AWS allows 37)",
      ],
    ],
    [
      "a standby state bucket without S3 state",
      { backend: { kind: "local" }, dr: { ...tokyo, stateBucket: "acme-state-tokyo" } },
      ["prod.dr.stateBucket acme-state-tokyo is only used with the s3 backend (backend.kind is local)"],
    ],
    ["an unknown dr setting", { dr: { ...tokyo, regoin: "x" } as SettingsInput["dr"] }, ["prod.dr.regoin x is not a setting (did you mean region?)"]],
  ])("%s", (_, overrides, expected) => {
    expect(problemsOf(overrides)).toEqual(expected);
  });

  it("refuses an environment whose stack would be another's standby stack", () => {
    expect(problemsOfLoading({ prod: deepMerge(ENVIRONMENTS.prod, { dr: tokyo }), "prod-dr": { namePrefix: "ms-x" } })).toEqual([
      "app.environments prod-dr makes the stack multiple-server-prod-dr, which is the standby stack of prod (dr is set there); choose another name",
    ]);
  });

  it("refuses an environment whose name prefix is another's standby prefix", () => {
    expect(problemsOfLoading({ prod: deepMerge(ENVIRONMENTS.prod, { dr: tokyo }), qa: { namePrefix: "multiple-server-prod-dr" } })).toEqual([
      "qa.namePrefix multiple-server-prod-dr is also the namePrefix of prod's standby; its IAM role, ALB and RDS names would collide in one account, so give each environment its own",
    ]);
  });

  it("accepts a warm standby, a promotion and a standby with its own network", () => {
    expect(problemsOf({ dr: { ...tokyo, mode: "warmStandby", webMin: 2 } })).toEqual([]);
    expect(problemsOf({ dr: { ...tokyo, promote: true } })).toEqual([]);
    expect(problemsOf({ backend: { kmsKeyId: SEOUL_KEY }, dr: { ...tokyo, stateKmsKeyId: TOKYO_KEY } })).toEqual([]);
    expect(
      problemsOf({
        dr: {
          region: "us-west-2",
          network: {
            vpcCidr: "172.20.0.0/16",
            availabilityZones: ["us-west-2a", "us-west-2b"],
            subnets: {
              public: [{ cidr: "172.20.0.0/24" }, { cidr: "172.20.10.0/24" }],
              web: [{ cidr: "172.20.1.0/24" }, { cidr: "172.20.11.0/24" }],
              database: [{ cidr: "172.20.2.0/24" }, { cidr: "172.20.12.0/24" }],
            },
          },
        },
      }),
    ).toEqual([]);
  });
});
