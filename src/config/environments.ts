import { PROJECT } from "../naming";
import type { SettingsInput } from "./schema";

/**
 * The shipped environments: each is the schema's defaults plus the overrides below.
 *
 * To add one, add an entry with its own name prefix (`staging: { namePrefix: "multiple-server-staging", ... }`:
 * two environments with one prefix would ask AWS for the same names) and list it in
 * MULTIPLE_SERVER_ENVIRONMENTS (see docs/configuration.md "Configuration and environments"). Anything not written here keeps the default
 * documented in `schema.ts`. A JSON file (MULTIPLE_SERVER_CONFIG) may add environments but not
 * redefine these: its entry would replace the whole environment, prod's protections included.
 */
export const ENVIRONMENTS: Record<string, SettingsInput> = {
  /** The article's values: one NAT gateway, t3.micro, db.t3.micro, nothing kept on destroy (secrets deleted at once, so it can be deployed again right away). */
  dev: { secretRecoveryWindowDays: 0 },

  /**
   * Production: a NAT gateway per zone, an Auto Scaling web fleet, Multi-AZ primary, backups kept a week, deletion protection
   * and a final snapshot, database changes held for the maintenance window, an internal load balancer CloudFront reaches
   * through a VPC origin, a web application firewall in front of CloudFront, alarms and a dashboard, and `prevent_destroy` on
   * everything that holds data. Its own name
   * prefix keeps its account-wide names (IAM role, ALB, RDS ids) apart from dev's when both live
   * in one account.
   */
  prod: {
    production: true,
    namePrefix: `${PROJECT}-prod`,
    protectStatefulResources: true,
    logKmsEncryption: true,
    secretKmsEncryption: true,
    secretRecoveryWindowDays: 30,
    network: { natGateways: "perAz", flowLogRetentionDays: 90 },
    web: { fleet: "autoScaling" },
    // consoleOnly: nobody is notified until you name a recipient here (alarms.emails or
    // alarms.httpsEndpoints) and remove it; every synth of prod says so until then.
    alarms: { enabled: true, dashboard: true, consoleOnly: true },
    loadBalancer: { deletionProtection: true, accessLogs: true },
    cdn: { origin: "vpc", waf: { enabled: true, logRetentionDays: 90 }, accessLogs: true },
    database: {
      multiAz: true,
      backupRetentionDays: 7,
      deletionProtection: true,
      skipFinalSnapshot: false,
      // Restarts and failovers wait for the maintenance window (docs/architecture.md "Where we differ from the article").
      applyImmediately: false,
      monitoringIntervalSeconds: 60,
    },
  },
};

/** Environments synthesized when none are selected. */
export const DEFAULT_ENVIRONMENTS = ["dev", "prod"];
