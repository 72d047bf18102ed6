import * as fs from "node:fs";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { resolveEnvironment } from "../../src/config/load";
import type { SettingsInput } from "../../src/config/schema";
import { hasStandby, type StandbySettings } from "../../src/config/standby";
import { runbook } from "../../src/runbook/main";
import type { TerraformJson } from "../helpers";
import { deepMerge } from "../helpers";
import { tempDir } from "../integration/terraform";

const TOKYO = "ap-northeast-1";
const KEY = (region: string, id: string) => `arn:aws:kms:${region}:111122223333:key/${id}`;

/**
 * The environments the runbook is proven on: both modes, with and without a domain, both origin
 * modes, KMS-encrypted state with a DynamoDB lock table, another name prefix and state bucket, and
 * prod with every feature (bench/all-features.json).
 */
export const VARIANTS: Record<string, SettingsInput> = {
  "pilot-public": { namePrefix: "rb-pilot", dr: { region: TOKYO } },
  "warm-vpc": { namePrefix: "rb-warm", web: { fleet: "autoScaling" }, cdn: { origin: "vpc" }, dr: { region: TOKYO, mode: "warmStandby" } },
  "domain-public": { namePrefix: "rb-dns", domain: { name: "www.example.com", zoneName: "example.com" }, dr: { region: TOKYO } },
  "domain-vpc": {
    namePrefix: "rb-dvpc",
    cdn: { origin: "vpc" },
    domain: { name: "shop.example.org", zoneName: "example.org" },
    dr: { region: TOKYO, mode: "warmStandby" },
  },
  "kms-state": {
    namePrefix: "rb-kms",
    backend: { bucket: "rb-kms-tfstate", kmsKeyId: KEY("ap-northeast-2", "primary-key"), dynamodbTable: "rb-kms-locks" },
    dr: { region: TOKYO, stateKmsKeyId: KEY(TOKYO, "standby-key") },
  },
  "other-names": {
    namePrefix: "acme-shop",
    backend: { bucket: "acme-terraform-state", keyPrefix: "acme" },
    dr: { region: "ap-southeast-1", stateBucket: "acme-terraform-state-dr" },
  },
};

const BENCH = path.join(__dirname, "..", "..", "bench", "all-features.json");

/** One variant: the runbook printed for it, and its stacks as `npm run synth` writes them, standing by and promoted. */
export interface Printed {
  readonly text: string;
  /** By stack name: the stacks standing by (dr.promote false). */
  readonly standing: Map<string, TerraformJson>;
  /** By stack name: the stacks as the runbook's steps 2 and 3 synthesize them (dr.promote true). */
  readonly promoted: Map<string, TerraformJson>;
  readonly primary: string;
  readonly standby: string;
}

function synthesized(configFile: string, environment: string, outdir: string): Map<string, TerraformJson> {
  const names = synthesize({ outdir, env: { MULTIPLE_SERVER_CONFIG: configFile, MULTIPLE_SERVER_ENVIRONMENTS: environment } });
  return new Map(names.map((name) => [name, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"))]));
}

/** Prints the runbook of `environment` through MULTIPLE_SERVER_CONFIG, and synthesizes its stacks twice with the app's own synth. */
export function printed(environment: string): Printed {
  const work = tempDir("runbook");
  try {
    const entry = environment === "all-features" ? JSON.parse(fs.readFileSync(BENCH, "utf8")).environments[environment] : VARIANTS[environment];
    const write = (name: string, settings: SettingsInput) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, JSON.stringify({ environments: { [environment]: settings } }));
      return file;
    };
    const standingFile = write("standing.json", entry);
    const promotedFile = write("promoted.json", deepMerge(entry, { dr: { promote: true } }));
    const text = runbook(environment, { MULTIPLE_SERVER_CONFIG: environment === "all-features" ? BENCH : standingFile });
    return {
      text,
      standing: synthesized(standingFile, environment, path.join(work, "standing")),
      promoted: synthesized(promotedFile, environment, path.join(work, "promoted")),
      primary: `multiple-server-${environment}`,
      standby: `multiple-server-${environment}-dr`,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The settings of a variant (bench's from its file), parsed and checked as the synth does. */
export function variantSettings(environment: string): StandbySettings {
  const entry = environment === "all-features" ? JSON.parse(fs.readFileSync(BENCH, "utf8")).environments[environment] : VARIANTS[environment];
  const { settings, problems } = resolveEnvironment(environment, entry);
  if (!settings || problems.length || !hasStandby(settings)) throw new Error(`variant ${environment} is invalid: ${JSON.stringify(problems)}`);
  return settings;
}

/** Every variant's name, bench's included. */
export const ALL_VARIANTS = [...Object.keys(VARIANTS), "all-features"];
