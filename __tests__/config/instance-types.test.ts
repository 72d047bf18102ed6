import { EC2_INSTANCE_TYPES, INSTANCE_TYPES_SOURCE, RDS_MYSQL_INSTANCE_CLASSES } from "../../src/config/instance-types.generated";
import { stagingProblems } from "../helpers";
import { didYouMean, nearestNames } from "../../src/config/spelling";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { instanceTypesOf, RDS_MYSQL_FAMILIES } = require("../../scripts/refresh-instance-types.js");

const problemsOf = stagingProblems;

describe("EC2 instance types and RDS classes against the generated list", () => {
  it("names the setting the user wrote, with the type it was probably meant to be", () => {
    expect(problemsOf({ web: { instanceType: "t3.mirco" } })).toEqual(["staging.web.instanceType t3.mirco is not an EC2 instance type (did you mean t3.micro?)"]);
    expect(problemsOf({ database: { instanceClass: "db.t3.mirco" } })).toEqual([
      "staging.database.instanceClass db.t3.mirco is not an RDS for MySQL instance class (did you mean db.t3.micro?)",
    ]);
  });

  it("blames a mistyped class on database.instanceClass alone, not on the alarms' memory setting", () => {
    expect(problemsOf({ alarms: { enabled: true }, database: { instanceClass: "db.t3.mirco" } })).toEqual([
      "staging.database.instanceClass db.t3.mirco is not an RDS for MySQL instance class (did you mean db.t3.micro?)",
    ]);
  });

  it("says where the list comes from when nothing is near", () => {
    expect(problemsOf({ web: { instanceType: "zz99.huge" } })).toEqual([
      `staging.web.instanceType zz99.huge is not an EC2 instance type in the list of src/config/instance-types.generated.ts, from @aws-sdk/client-ec2 ${INSTANCE_TYPES_SOURCE.version} of ${INSTANCE_TYPES_SOURCE.date}; a newer one: run node scripts/refresh-instance-types.js`,
    ]);
    expect(problemsOf({ database: { instanceClass: "db.t3.nano" } })).toEqual([
      `staging.database.instanceClass db.t3.nano is not a size of db.t3 (its sizes: 2xlarge, large, medium, micro, small, xlarge) in the list of src/config/instance-types.generated.ts, from @aws-sdk/client-ec2 ${INSTANCE_TYPES_SOURCE.version} of ${INSTANCE_TYPES_SOURCE.date}; a newer one: run node scripts/refresh-instance-types.js`,
    ]);
  });

  it("holds the Graviton families another setting will allow (t4g, m7g, c7g; db.t4g, db.m7g)", () => {
    for (const type of ["t4g.micro", "m7g.large", "c7g.xlarge", "t3.micro", "m5.large"]) expect(EC2_INSTANCE_TYPES).toContain(type);
    for (const cls of ["db.t4g.micro", "db.m7g.large", "db.r7g.large", "db.t3.micro"]) expect(RDS_MYSQL_INSTANCE_CLASSES).toContain(cls);
  });

  it("accepts the shipped classes and every class the database alarms' memory table names that RDS sells", () => {
    expect(problemsOf({ web: { instanceType: "t3.small" }, database: { instanceClass: "db.r6g.xlarge" } })).toEqual([]);
  });

  it("is what the refresh script makes of its EC2 list: RDS classes are db. + an EC2 type of a listed family, no nano or metal", () => {
    const ec2 = new Set(EC2_INSTANCE_TYPES);
    for (const cls of RDS_MYSQL_INSTANCE_CLASSES) {
      const type = cls.slice("db.".length);
      expect(ec2.has(type)).toBe(true);
      expect(RDS_MYSQL_FAMILIES).toContain(type.split(".")[0]);
      expect(type).not.toMatch(/\.(nano|metal)/);
    }
    expect([...EC2_INSTANCE_TYPES].sort()).toEqual(EC2_INSTANCE_TYPES);
  });

  it("reads the SDK's enum of instance types", () => {
    const enums = 'export const _Other = {\n  a: "x",\n};\nexport const _InstanceType = {\n  t3_micro: "t3.micro",\n  t4g_micro: "t4g.micro",\n};\nexport const _Z = { z: "z" };';
    expect(instanceTypesOf(enums)).toEqual(["t3.micro", "t4g.micro"]);
    expect(() => instanceTypesOf("export const _Other = {};")).toThrow(/no _InstanceType enum/);
  });
});

describe("did you mean", () => {
  it("offers the nearest names within two edits, ignoring case, and nothing farther", () => {
    expect(nearestNames("T3.Micro", ["t3.micro", "t3.small"])).toEqual(["t3.micro"]);
    expect(didYouMean("t3.mikro", ["t3.micro", "t2.micro"])).toBe(" (did you mean t3.micro?)");
    expect(didYouMean("m5.larg", ["m5.large", "m6.large", "m5.xlarge"])).toBe(" (did you mean m5.large?)");
    expect(didYouMean("abcdef", ["abcdeg", "abcdeh"])).toBe(" (did you mean abcdeg or abcdeh?)");
    expect(didYouMean("t3.mirco", ["t3.micro"])).toBe(" (did you mean t3.micro?)");
    // Short names take fewer edits for a typo: `qa` is not `dev`, `prdo` is `prod`.
    expect(didYouMean("qa", ["dev", "prod"])).toBe("");
    expect(didYouMean("prdo", ["dev", "prod"])).toBe(" (did you mean prod?)");
    expect(didYouMean("entirely-else", ["t3.micro"])).toBe("");
  });
});
