// Rules that relate settings to each other or to AWS's limits; the schema has already checked shapes
// and types. Each rule returns problems, none throws: the user sees every one at once.
// One file per concern beside the schema it checks; CHECKS keeps the order problems are reported in.
import type { ConfigProblem } from "../errors";
import type { Settings } from "../schema";
import type { Section, Check } from "./check";
import { checkNamePrefix, checkDerivedNames } from "./names";
import { checkRegion, checkNetworkZonesInRegion, checkNetwork } from "./network";
import { checkTags } from "./tags";
import { checkWeb, checkFleet, checkKeepAlive, checkPolicyPartition } from "./web";
import { checkBootScript } from "./boot-script";
import { checkAlarms, checkAlarmRecipients } from "./monitoring";
import { checkLoadBalancer } from "./load-balancer";
import { checkWaf, checkDomain, checkDomainListeners } from "./edge";
import { checkDatabase, checkDatabaseParameters, checkDatabaseUsers, checkStorageCeiling, checkSecretKey, checkSecretRecovery, checkDatabaseZones, checkDatabasePort } from "./database";
import { checkDatabaseWindows } from "./database-windows";
import { checkDrSecretKey, checkDrRegion, checkDrNetwork, checkDrFleet, checkDrBackups, checkDrState, checkDrNames, checkDrImage } from "./dr";
import { checkBackend } from "./backend";
import { checkSuppressions } from "./guardrails";

export type { Section } from "./check";
export { checkEnvironmentName } from "./names";

const CHECKS: Check[] = [
  checkNamePrefix,
  checkDerivedNames,
  checkTags,
  checkRegion,
  checkNetworkZonesInRegion,
  checkNetwork,
  checkWeb,
  checkPolicyPartition,
  checkFleet,
  checkBootScript,
  checkAlarms,
  checkAlarmRecipients,
  checkLoadBalancer,
  checkWaf,
  checkDomain,
  checkDomainListeners,
  checkDatabase,
  checkDatabaseUsers,
  checkDatabaseWindows,
  checkDatabaseParameters,
  checkStorageCeiling,
  checkSecretKey,
  checkSecretRecovery,
  checkDrSecretKey,
  checkKeepAlive,
  checkDatabaseZones,
  checkDatabasePort,
  checkBackend,
  checkDrRegion,
  checkDrNetwork,
  checkDrFleet,
  checkDrBackups,
  checkDrState,
  checkDrNames,
  checkDrImage,
  checkSuppressions,
];

/**
 * Every rule on one environment's settings, except those reading a top-level setting in `failed`
 * (one whose type error left its default standing in for what the user wrote).
 */
export function checkRules(settings: Settings, failed: ReadonlySet<Section> = new Set()): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const { reads, run } of CHECKS) {
    if (reads.some((section) => failed.has(section))) continue;
    run(settings, (path, value, rule) => problems.push({ environment: settings.environment, path, value, rule }));
  }
  return problems;
}
