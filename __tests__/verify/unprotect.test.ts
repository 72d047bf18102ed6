import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * verify lifts deletion protection by API before its destroy (scripts/verify/unprotect.js). The
 * state parsing is tested on a state as `terraform show -json` prints it; the calls against moto
 * itself (the launcher verify starts) where verify's venv exists, else skipped saying why.
 */
const ROOT = path.join(__dirname, "..", "..");
const { protectedResources, liftDeletionProtection } = require(path.join(ROOT, "scripts", "verify", "unprotect.js"));
const { startEmulator } = require(path.join(ROOT, "scripts", "verify", "emulator.js"));
const PYTHON = path.join(ROOT, ".verify", "venv", "bin", "python");

const DB_ARN = "arn:aws:rds:ap-northeast-2:123456789012:db:multiple-server-db-a";
const stateOf = (resources: object[], child: object[] = []) => ({
  values: { root_module: { resources, child_modules: child.length > 0 ? [{ resources: child }] : undefined } },
});

describe("which resources verify unprotects", () => {
  it("databases, load balancers and tables with their protection on, each in the region of its ARN; others and data sources not", () => {
    const lb = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/multiple-server-alb/50dc6c495c0c9188";
    const state = stateOf(
      [
        { mode: "managed", type: "aws_db_instance", address: "aws_db_instance.a", values: { identifier: "multiple-server-db-a", arn: DB_ARN, deletion_protection: true } },
        { mode: "managed", type: "aws_db_instance", address: "aws_db_instance.c", values: { identifier: "multiple-server-db-c", arn: DB_ARN, deletion_protection: false } },
        { mode: "data", type: "aws_db_instance", address: "data.aws_db_instance.x", values: { deletion_protection: true } },
      ],
      [{ mode: "managed", type: "aws_lb", address: "module.m.aws_lb.alb", values: { arn: lb, enable_deletion_protection: true } }],
    );
    const found = protectedResources(state);
    expect(found.map((r: any) => [r.address, r.region, r.service])).toEqual([
      ["aws_db_instance.a", "ap-northeast-2", "rds"],
      ["module.m.aws_lb.alb", "ap-northeast-1", "elasticloadbalancing"],
    ]);
    expect(found[0].params).toMatchObject({ Action: "ModifyDBInstance", DBInstanceIdentifier: "multiple-server-db-a", DeletionProtection: "false" });
    expect(found[1].params).toMatchObject({ "Attributes.member.1.Key": "deletion_protection.enabled", "Attributes.member.1.Value": "false" });
  });

  it("nothing in an empty state (an apply that created nothing)", () => expect(protectedResources({ format_version: "1.0" })).toEqual([]));
});

const haveMoto = fs.existsSync(PYTHON);
(haveMoto ? describe : describe.skip)(
  haveMoto ? "lifting protection in moto" : "lifting protection in moto (skipped: no .verify/venv; `npm run verify` creates it)",
  () => {
    let emulator: any;
    beforeAll(async () => (emulator = await startEmulator(PYTHON)), 90_000);
    afterAll(async () => emulator?.stop());

    const rds = async (params: Record<string, string>) => {
      const response = await fetch(`${emulator.endpoint}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: "AWS4-HMAC-SHA256 Credential=verify/20260101/ap-northeast-2/rds/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: new URLSearchParams({ Version: "2014-10-31", ...params }).toString(),
      });
      return { status: response.status, text: await response.text() };
    };

    it("a protected instance moto refuses to delete is deletable after the lift", async () => {
      const created = await rds({
        Action: "CreateDBInstance", DBInstanceIdentifier: "multiple-server-db-a", DBInstanceClass: "db.t3.micro", Engine: "mysql",
        MasterUsername: "admin", MasterUserPassword: randomBytes(12).toString("hex"), AllocatedStorage: "20", DeletionProtection: "true",
      });
      expect(created.status).toBe(200);
      const refused = await rds({ Action: "DeleteDBInstance", DBInstanceIdentifier: "multiple-server-db-a", SkipFinalSnapshot: "true" });
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/deletion protection/i);

      const state = stateOf([{ mode: "managed", type: "aws_db_instance", address: "aws_db_instance.a", values: { identifier: "multiple-server-db-a", arn: DB_ARN, deletion_protection: true } }]);
      expect(await liftDeletionProtection(emulator.endpoint, state)).toEqual(["aws_db_instance.a"]);
      const deleted = await rds({ Action: "DeleteDBInstance", DBInstanceIdentifier: "multiple-server-db-a", SkipFinalSnapshot: "true" });
      expect(deleted.status).toBe(200);
    }, 60_000);
  },
);
