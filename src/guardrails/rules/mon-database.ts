import { alarmsOn, hasAction } from "../alarms";
import { compliantIf, isUnset, referenceTo, type Rule } from "../rule";

/** A database that runs out of storage, memory or connections takes the site with it; production hears of it first. */
export const MonDatabaseAlarm: Rule = {
  id: "MS-MON-2",
  description: "RDS instances have at least one alarm on their metrics (AWS/RDS, DBInstanceIdentifier) with an action",
  severity: "high",
  environments: "prod",
  resourceTypes: ["aws_db_instance"],
  fix: "set alarms.enabled: true for the environment (Monitoring builds CPU, storage, memory, connections and replica lag alarms that notify <prefix>-alarms)",
  check: (db, stack) => {
    const names = [referenceTo(db, "identifier"), referenceTo(db, "id"), db.config.identifier].filter((n) => !isUnset(n));
    const alarms = alarmsOn(stack, "AWS/RDS", undefined, "DBInstanceIdentifier", (value) => names.includes(value));
    return compliantIf(alarms.some((alarm) => hasAction(alarm.config)));
  },
};
