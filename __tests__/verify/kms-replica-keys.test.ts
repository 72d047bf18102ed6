import * as fs from "node:fs";
import * as path from "node:path";
import { skippedSuite } from "../integration/terraform";
import { jsonCall } from "../helpers/moto";

/**
 * KMS ReplicateKey in verify's moto (scripts/verify/kms_replica_keys.py), over raw HTTP with KMS's
 * JSON protocol, as the AWS provider's aws_kms_replica_key calls it: the replica holds the
 * request's policy (the provider waits for exactly that), description and tags, and reads back as a
 * REPLICA while its primary stays the PRIMARY. Needs verify's venv (moto): skipped without it.
 */
const ROOT = path.join(__dirname, "..", "..");
const { startEmulator } = require(path.join(ROOT, "scripts", "verify", "emulator.js"));

const python = path.join(ROOT, ".verify", "venv", "bin", "python");
const PRIMARY_REGION = "ap-northeast-2";
const REPLICA_REGION = "ap-northeast-1";
const START_TIMEOUT_MS = 90_000;
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "Account", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }],
});

if (!fs.existsSync(python)) {
  skippedSuite("KMS replica keys in verify's moto", "verify's venv is not installed (`npm run verify` installs it)", () => !fs.existsSync(python));
} else {
  describe("KMS replica keys in verify's moto", () => {
    let emulator: { endpoint: string; stop: () => Promise<void> };
    const kms = (region: string, action: string, body: object) => jsonCall(emulator.endpoint, "kms", "TrentService", region, action, body);
    let keyId = "";
    let replicated: any;

    beforeAll(async () => {
      emulator = await startEmulator(python);
      keyId = (await kms(PRIMARY_REGION, "CreateKey", { MultiRegion: true, Description: "primary" })).KeyMetadata.KeyId;
      // Called in the primary's region, naming the replica's (the provider does the same).
      replicated = await kms(PRIMARY_REGION, "ReplicateKey", {
        KeyId: keyId,
        ReplicaRegion: REPLICA_REGION,
        Policy: POLICY,
        Description: "replica",
        Tags: [{ TagKey: "Name", TagValue: "secrets" }],
      });
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      await emulator?.stop();
    });

    it("answers with the replica's metadata and the policy sent", () => {
      expect(replicated.ReplicaKeyMetadata).toMatchObject({ KeyId: keyId, Description: "replica", MultiRegion: true });
      expect(replicated.ReplicaKeyMetadata.Arn).toBe(`arn:aws:kms:${REPLICA_REGION}:123456789012:key/${keyId}`);
      expect(replicated.ReplicaKeyMetadata.MultiRegionConfiguration.MultiRegionKeyType).toBe("REPLICA");
      expect(replicated.ReplicaPolicy).toBe(POLICY);
    });

    it("gives the replica the request's policy and tags; the primary keeps its own policy", async () => {
      expect((await kms(REPLICA_REGION, "GetKeyPolicy", { KeyId: keyId, PolicyName: "default" })).Policy).toBe(POLICY);
      expect((await kms(REPLICA_REGION, "ListResourceTags", { KeyId: keyId })).Tags).toEqual([{ TagKey: "Name", TagValue: "secrets" }]);
      expect((await kms(PRIMARY_REGION, "GetKeyPolicy", { KeyId: keyId, PolicyName: "default" })).Policy).not.toBe(POLICY);
    });

    it("lets each region hold an alias of the same name, one per key (aliases are not shared)", async () => {
      const alias = "alias/replicated-secrets";
      await kms(PRIMARY_REGION, "CreateAlias", { AliasName: alias, TargetKeyId: keyId });
      await kms(REPLICA_REGION, "CreateAlias", { AliasName: alias, TargetKeyId: keyId });
      for (const region of [PRIMARY_REGION, REPLICA_REGION]) {
        const aliases = (await kms(region, "ListAliases", { KeyId: keyId })).Aliases;
        expect(aliases.map((a: { AliasArn: string }) => a.AliasArn)).toEqual([`arn:aws:kms:${region}:123456789012:${alias}`]);
      }
    });

    it("describes the replica as a REPLICA without turning the primary into one", async () => {
      const replica = (await kms(REPLICA_REGION, "DescribeKey", { KeyId: keyId })).KeyMetadata;
      const primary = (await kms(PRIMARY_REGION, "DescribeKey", { KeyId: keyId })).KeyMetadata;
      expect(replica.MultiRegionConfiguration.MultiRegionKeyType).toBe("REPLICA");
      expect(replica.Description).toBe("replica");
      expect(primary.MultiRegionConfiguration.MultiRegionKeyType).toBe("PRIMARY");
      expect(primary.Description).toBe("primary");
    });

    it("gives a replica asked without a policy or description AWS's default key policy and an empty description, not its primary's", async () => {
      const other = (await kms(PRIMARY_REGION, "CreateKey", { MultiRegion: true, Description: "primary", Policy: POLICY })).KeyMetadata.KeyId;
      await kms(PRIMARY_REGION, "ReplicateKey", { KeyId: other, ReplicaRegion: REPLICA_REGION });
      const policy = JSON.parse((await kms(REPLICA_REGION, "GetKeyPolicy", { KeyId: other, PolicyName: "default" })).Policy);
      expect(policy).toMatchObject({ Id: "key-default-1", Statement: [{ Sid: "Enable IAM User Permissions", Action: "kms:*" }] });
      expect((await kms(REPLICA_REGION, "DescribeKey", { KeyId: other })).KeyMetadata.Description).toBe("");
    });
  });
}
