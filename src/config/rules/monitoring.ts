// Alarm settings (schema `alarms`): thresholds the database class allows, recipients.
import { databaseAlarmLimits } from "../rds-memory";
import { check } from "./check";
import { instanceClassRule } from "./instance-types";

/** The database alarms need the class's memory; a class the table does not know needs it given. */
export const checkAlarms = check(["alarms", "database"], (s, problem) => {
  if (!s.alarms.enabled) return;
  const limits = databaseAlarmLimits(s.database.instanceClass, s.alarms.database);
  // A class that is not one is database.instanceClass's problem, reported there, not a missing memory size.
  if (limits.memoryGiB === undefined && instanceClassRule(s.database.instanceClass) === undefined) {
    problem(
      "alarms.database.instanceMemoryGiB",
      s.alarms.database.instanceMemoryGiB,
      `must be set: the memory of database.instanceClass ${s.database.instanceClass} is not in RDS_INSTANCE_MEMORY_GIB (src/config/rds-memory.ts), and the memory and connections alarms are shares of it`,
    );
  }
});

/**
 * Production alarms must reach someone: shipped prod once had twenty alarms and no subscription.
 * Alarms seen only in the console are a choice to write down (`alarms.consoleOnly`), not a default.
 */
export const checkAlarmRecipients = check(["alarms", "production"], (s, problem) => {
  const a = s.alarms;
  if (!a.enabled) return; // settings of disabled alarms are refused as ignored (dependent-settings.ts)
  const recipients = [...(a.emails.length ? ["alarms.emails"] : []), ...(a.httpsEndpoints.length ? ["alarms.httpsEndpoints"] : [])];
  if (a.consoleOnly && recipients.length) {
    problem("alarms.consoleOnly", a.consoleOnly, `contradicts ${recipients.join(" and ")}, which notify someone; remove one or the other`);
  } else if (s.production && !a.consoleOnly && !recipients.length) {
    problem(
      "alarms.emails",
      a.emails,
      'is empty and so is alarms.httpsEndpoints: the alarms of a production environment (production is true) would notify no one. Set alarms.emails (like ["ops@example.com"]) or alarms.httpsEndpoints (a pager\'s or chat tool\'s endpoint for Amazon SNS), or set alarms.consoleOnly to true to accept alarms seen only in the CloudWatch console',
    );
  }
});
