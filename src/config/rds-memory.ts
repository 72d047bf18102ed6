/**
 * Memory of the RDS instance classes, and the max_connections MySQL on RDS derives from it: the
 * database alarms set their connection and memory thresholds from these.
 */

const GIB = 1024 ** 3;

/** Memory of the burstable classes, by size. */
const BURSTABLE_GIB: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 };
/** Sizes of the general-purpose and memory-optimized classes, in multiples of `large`. */
const SIZE_UNITS: Record<string, number> = { large: 1, xlarge: 2, "2xlarge": 4, "4xlarge": 8, "8xlarge": 16, "12xlarge": 24, "16xlarge": 32, "24xlarge": 48 };

function family(prefix: string, sizes: Record<string, number>, gibPerUnit = 1): Record<string, number> {
  return Object.fromEntries(Object.entries(sizes).map(([size, units]) => [`db.${prefix}.${size}`, units * gibPerUnit]));
}

/**
 * Memory in GiB of the RDS for MySQL instance classes people pick for this design (AWS's "DB
 * instance classes" hardware table): burstable t3/t4g, general-purpose m5 to m7 (8 GiB per
 * `large`), memory-optimized r5 to r7 (16 GiB per `large`). Another class needs
 * `alarms.database.instanceMemoryGiB`; the configuration rules say so.
 */
export const RDS_INSTANCE_MEMORY_GIB: Readonly<Record<string, number>> = {
  ...family("t3", BURSTABLE_GIB),
  ...family("t4g", BURSTABLE_GIB),
  ...Object.assign({}, ...["m5", "m6g", "m6i", "m7g", "m7i"].map((f) => family(f, SIZE_UNITS, 8))),
  ...Object.assign({}, ...["r5", "r6g", "r6i", "r7g", "r7i"].map((f) => family(f, SIZE_UNITS, 16))),
};

/** MySQL on RDS's default: max_connections = {DBInstanceClassMemory/12582880} (bytes per connection). */
export const MYSQL_BYTES_PER_CONNECTION = 12_582_880;

/**
 * DBInstanceClassMemory is the class's memory less what the OS and RDS's own processes keep. AWS
 * does not publish that share; max(256 MiB, 4%) reproduces the defaults RDS reports for MySQL
 * (db.t2.micro 66, db.t2.small 150, db.t2.medium 312, db.m4.large 648, db.m4.xlarge 1320) within
 * 3% or two connections, and errs low on the small classes, where an estimate from the whole 1 GiB (85 on a micro)
 * would put an 80% alarm above the real limit of 66.
 */
const RESERVED = { minBytes: 256 * 1024 ** 2, share: 0.04 } as const;

/** Memory of `instanceClass` in GiB, if the table knows it. */
export function classMemoryGiB(instanceClass: string): number | undefined {
  return RDS_INSTANCE_MEMORY_GIB[instanceClass];
}

/** The max_connections MySQL on RDS sets by default on an instance with `memoryGiB` of memory. */
export function defaultMaxConnections(memoryGiB: number): number {
  const bytes = memoryGiB * GIB;
  const usable = bytes - Math.max(RESERVED.minBytes, bytes * RESERVED.share);
  return Math.max(1, Math.floor(usable / MYSQL_BYTES_PER_CONNECTION));
}

/** What the database alarms need to know of the instance class, from the settings or the table. */
export interface DatabaseAlarmLimits {
  /** Memory of the class in GiB; undefined when neither the table nor `alarms.database.instanceMemoryGiB` gives it. */
  readonly memoryGiB?: number;
  /** max_connections; undefined when it can be neither read from the settings nor estimated. */
  readonly maxConnections?: number;
}

/** The memory and max_connections the database alarms use for `instanceClass`. */
export function databaseAlarmLimits(
  instanceClass: string,
  overrides: { readonly instanceMemoryGiB?: number; readonly maxConnections?: number },
): DatabaseAlarmLimits {
  const memoryGiB = overrides.instanceMemoryGiB ?? classMemoryGiB(instanceClass);
  return { memoryGiB, maxConnections: overrides.maxConnections ?? (memoryGiB === undefined ? undefined : defaultMaxConnections(memoryGiB)) };
}
