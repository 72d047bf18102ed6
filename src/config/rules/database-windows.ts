// The database's weekly maintenance window and daily backup window (schema `database`), in RDS's formats.
import { check, type Problem } from "./check";

/**
 * RDS's constraints on both (CreateDBInstance, PreferredMaintenanceWindow and PreferredBackupWindow;
 * RDS User Guide, "Maintaining a DB instance" and "Backup window"): `ddd:hh24:mi-ddd:hh24:mi` and
 * `hh24:mi-hh24:mi` in UTC, each at least 30 minutes, and neither may conflict with the other.
 */
export const MIN_WINDOW_MINUTES = 30;

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY = 24 * 60;
const WEEK = 7 * DAY;
const TIME = "([01]\\d|2[0-3]):([0-5]\\d)";
const DAY_NAME = `(${DAYS.join("|")})`;
const BACKUP_WINDOW = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE_WINDOW = new RegExp(`^${DAY_NAME}:${TIME}-${DAY_NAME}:${TIME}$`, "i");

/** A window on a circle of `period` minutes: it may run past the end (Sunday night into Monday). */
interface Window {
  readonly start: number;
  readonly minutes: number;
}

const minuteOf = (hours: string, minutes: string) => Number(hours) * 60 + Number(minutes);
const span = (start: number, end: number, period: number): Window => ({ start, minutes: (end - start + period) % period });

function backupWindow(text: string): Window | undefined {
  const m = BACKUP_WINDOW.exec(text);
  return m ? span(minuteOf(m[1], m[2]), minuteOf(m[3], m[4]), DAY) : undefined;
}

function maintenanceWindow(text: string): Window | undefined {
  const m = MAINTENANCE_WINDOW.exec(text);
  if (!m) return undefined;
  const at = (day: string, h: string, mi: string) => DAYS.indexOf(day.toLowerCase() as (typeof DAYS)[number]) * DAY + minuteOf(h, mi);
  return span(at(m[1], m[2], m[3]), at(m[4], m[5], m[6]), WEEK);
}

/** Whether two windows on the week's circle share a minute. */
function overlap(a: Window, b: Window): boolean {
  return (a.start - b.start + WEEK) % WEEK < b.minutes || (b.start - a.start + WEEK) % WEEK < a.minutes;
}

export const checkDatabaseWindows = check(["database"], (s, problem: Problem) => {
  const { maintenanceWindow: maintenanceText, backupWindow: backupText } = s.database;
  const tooShort = `is shorter than the ${MIN_WINDOW_MINUTES} minutes RDS requires`;
  let maintenance: Window | undefined;
  let backup: Window | undefined;
  if (maintenanceText !== undefined) {
    maintenance = maintenanceWindow(maintenanceText);
    if (!maintenance) problem("database.maintenanceWindow", maintenanceText, "must be ddd:hh24:mi-ddd:hh24:mi in UTC, days mon to sun (like sun:18:00-sun:19:00)");
    else if (maintenance.minutes < MIN_WINDOW_MINUTES) problem("database.maintenanceWindow", maintenanceText, tooShort);
  }
  if (maintenanceText !== undefined && backupText === undefined) {
    // Unset, RDS gives each instance a backup window of its own choosing (30 minutes at random in an
    // 8-hour block of the region: RDS User Guide, "Backup window"), which this rule cannot see and
    // the maintenance window may then conflict with: ModifyDBInstance refuses that at apply.
    problem(
      "database.backupWindow",
      backupText,
      `must be set with database.maintenanceWindow ${maintenanceText}: otherwise RDS picks a backup window at random, which may conflict with it (RDS refuses windows that conflict)`,
    );
  }
  if (backupText !== undefined) {
    backup = backupWindow(backupText);
    if (!backup) problem("database.backupWindow", backupText, "must be hh24:mi-hh24:mi in UTC (like 17:00-17:30)");
    else if (backup.minutes < MIN_WINDOW_MINUTES) problem("database.backupWindow", backupText, tooShort);
  }
  if (!maintenance || !backup || maintenance.minutes < MIN_WINDOW_MINUTES || backup.minutes < MIN_WINDOW_MINUTES) return;
  // The backup window recurs every day: it must miss the maintenance window on each of them.
  const daily = DAYS.map((_, day) => ({ start: day * DAY + backup.start, minutes: backup.minutes }));
  if (daily.some((window) => overlap(window, maintenance))) {
    problem("database.backupWindow", backupText, `overlaps database.maintenanceWindow ${maintenanceText} (RDS refuses windows that conflict)`);
  }
});
