import { classMemoryGiB, databaseAlarmLimits, defaultMaxConnections, MYSQL_BYTES_PER_CONNECTION } from "../../src/config/rds-memory";

describe("RDS instance memory and MySQL's default max_connections", () => {
  it("knows the memory of the classes people pick", () => {
    expect([classMemoryGiB("db.t3.micro"), classMemoryGiB("db.t4g.large"), classMemoryGiB("db.m6i.2xlarge"), classMemoryGiB("db.r7g.large")]).toEqual([1, 8, 32, 16]);
    expect(classMemoryGiB("db.x2iedn.xlarge")).toBeUndefined();
  });

  // RDS's reported defaults for MySQL: db.t2.micro 66, t2.small 150, t2.medium 312, m4.large 648, m4.xlarge 1320.
  it.each([
    [1, 66],
    [2, 150],
    [4, 312],
    [8, 648],
    [16, 1320],
  ])("estimates max_connections of a %i GiB class within 3%% or two connections of what RDS sets (%i)", (memory, reported) => {
    const estimate = defaultMaxConnections(memory);
    expect(Math.abs(estimate - reported)).toBeLessThanOrEqual(Math.max(2, 0.03 * reported));
  });

  it("stays below the whole-memory formula, which would put an 80% alarm above a micro's real limit", () => {
    const wholeMemory = Math.floor(1024 ** 3 / MYSQL_BYTES_PER_CONNECTION);
    expect(wholeMemory).toBe(85);
    expect(Math.floor(defaultMaxConnections(1) * 0.8)).toBeLessThan(66);
  });

  it("takes the settings' memory and max_connections over the table", () => {
    expect(databaseAlarmLimits("db.t3.micro", {})).toEqual({ memoryGiB: 1, maxConnections: 64 });
    expect(databaseAlarmLimits("db.t3.micro", { maxConnections: 200 })).toEqual({ memoryGiB: 1, maxConnections: 200 });
    expect(databaseAlarmLimits("db.x2iedn.xlarge", { instanceMemoryGiB: 128 })).toEqual({ memoryGiB: 128, maxConnections: defaultMaxConnections(128) });
    expect(databaseAlarmLimits("db.x2iedn.xlarge", {})).toEqual({ memoryGiB: undefined, maxConnections: undefined });
  });
});
