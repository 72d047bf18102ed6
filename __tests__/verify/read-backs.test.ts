import * as fs from "node:fs";
import * as path from "node:path";
import { skippedSuite } from "../integration/terraform";
import { jsonCall } from "../helpers/moto";

/**
 * Secrets Manager replicas in verify's moto (scripts/verify/read_backs.py), over raw HTTP with the
 * JSON protocol: a replica's ReplicationStatus names the key the request asked for, and the replica
 * answers GetResourcePolicy with the primary's policy (the standby's data source reads it). The
 * distribution's certificate read-back is in vpc-origins.test.ts. Skipped without verify's venv.
 */
const ROOT = path.join(__dirname, "..", "..");
const { startEmulator } = require(path.join(ROOT, "scripts", "verify", "emulator.js"));

const python = path.join(ROOT, ".verify", "venv", "bin", "python");
const PRIMARY_REGION = "ap-northeast-2";
const REPLICA_REGION = "ap-northeast-1";
const REPLICA_KEY = `arn:aws:kms:${REPLICA_REGION}:123456789012:key/mrk-0123456789abcdef0123456789abcdef`;
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "secretsmanager:DeleteSecret", Resource: "*" }] });
const START_TIMEOUT_MS = 90_000;

if (!fs.existsSync(python)) {
  skippedSuite("Secrets Manager replicas in verify's moto", "verify's venv is not installed (`npm run verify` installs it)", () => !fs.existsSync(python));
} else {
  describe("Secrets Manager replicas in verify's moto", () => {
    let emulator: { endpoint: string; stop: () => Promise<void> };
    const secrets = (region: string, action: string, body: object) => jsonCall(emulator.endpoint, "secretsmanager", "secretsmanager", region, action, body);
    let primaryArn = "";

    beforeAll(async () => {
      emulator = await startEmulator(python);
      primaryArn = (await secrets(PRIMARY_REGION, "CreateSecret", { Name: "origin", SecretString: "s", AddReplicaRegions: [{ Region: REPLICA_REGION, KmsKeyId: REPLICA_KEY }] })).ARN;
      await secrets(PRIMARY_REGION, "PutResourcePolicy", { SecretId: primaryArn, ResourcePolicy: POLICY });
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      await emulator?.stop();
    });

    it("names the replica's requested key in ReplicationStatus", async () => {
      const status = (await secrets(PRIMARY_REGION, "DescribeSecret", { SecretId: primaryArn })).ReplicationStatus;
      expect(status).toEqual([expect.objectContaining({ Region: REPLICA_REGION, KmsKeyId: REPLICA_KEY, Status: "InSync" })]);
    });

    it("answers GetResourcePolicy for the replica with its own ARN and the primary's policy", async () => {
      const replicaArn = primaryArn.replace(PRIMARY_REGION, REPLICA_REGION);
      const answer = await secrets(REPLICA_REGION, "GetResourcePolicy", { SecretId: replicaArn });
      expect(answer).toMatchObject({ ARN: replicaArn, Name: "origin", ResourcePolicy: POLICY });
    });
  });
}
