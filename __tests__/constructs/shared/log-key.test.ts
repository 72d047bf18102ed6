import { CloudwatchLogGroup, KmsKey } from "../../../src/aws";
import { EDGE_PROVIDER } from "../../helpers/invariants";
import { byName, resourcesOf, settingsFor, synthStack, synthStandby } from "../../helpers";

const policyOf = (tf: any, keyBody: any) => tf.data.aws_iam_policy_document[/data\.aws_iam_policy_document\.([^.]+)\.json/.exec(keyBody.policy)![1]].statement;
const groupArns = (statement: any) => statement.condition[0].values.map((arn: string) => arn.replace(/^.*:log-group:/, ""));

describe("LogKey (logKmsEncryption)", () => {
  it("is off in dev: no key, every log group on CloudWatch Logs' own encryption (dev unchanged)", () => {
    const { tf } = synthStack(settingsFor("dev"));
    expect(resourcesOf(tf, "aws_kms_key")).toEqual([]);
    expect(resourcesOf(tf, "aws_cloudwatch_log_group").map(([, g]) => g.kms_key_id)).toEqual(resourcesOf(tf, "aws_cloudwatch_log_group").map(() => undefined));
  });

  describe("in prod", () => {
    const { json, tf } = synthStack(settingsFor("prod"));
    const regional = byName(tf, "aws_kms_key", "multiple-server-prod-logs");
    const edge = byName(tf, "aws_kms_key", "multiple-server-prod-logs-edge");

    it("encrypts every log group with the key of its region: the flow logs, RDS and the function's here, the WAF's in us-east-1", () => {
      for (const [, group] of resourcesOf(tf, "aws_cloudwatch_log_group")) {
        const key = group.provider === EDGE_PROVIDER ? edge : regional;
        expect([group.name, group.kms_key_id]).toEqual([group.name, `\${aws_kms_key.${key.id}.arn}`]);
      }
      expect(edge.body.provider).toBe(EDGE_PROVIDER);
      expect(regional.body.provider).toBeUndefined();
      expect(json).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
      expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "aws-waf-logs-multiple-server-prod", provider: EDGE_PROVIDER });
    });

    it("lets CloudWatch Logs of the key's region use it for exactly the stack's groups there, and the account only administer it", () => {
      const groupsHere = resourcesOf(tf, "aws_cloudwatch_log_group").filter(([, g]) => g.provider !== EDGE_PROVIDER).map(([, g]) => g.name).sort();
      const [admin, logs] = policyOf(tf, regional.body);
      expect(admin.sid).toBe("AccountAdministersKey");
      expect(admin.actions.filter((a: string) => /Encrypt|Decrypt|GenerateDataKey|Grant|kms:\*/.test(a))).toEqual([]);
      expect(logs).toMatchObject({
        sid: "CloudWatchLogsForTheseGroupsOnly",
        principals: [{ type: "Service", identifiers: ["logs.ap-northeast-2.amazonaws.com"] }],
        condition: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn" }],
      });
      expect(groupArns(logs).sort()).toEqual(groupsHere);
      expect(logs.condition[0].values[0]).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:logs:ap-northeast-2:\$\{data\.aws_caller_identity\.[^}]+\}:log-group:/);
      const [, edgeLogs] = policyOf(tf, edge.body);
      expect(edgeLogs.principals).toEqual([{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }]);
      expect(groupArns(edgeLogs)).toEqual(["aws-waf-logs-multiple-server-prod"]);
      expect(edgeLogs.condition[0].values[0]).toContain(":logs:us-east-1:");
    });
  });

  it("follows the standby with a key of its region for its own groups", () => {
    const { tf } = synthStandby(settingsFor("prod", { dr: { region: "ap-northeast-1" } }));
    const key = byName(tf, "aws_kms_key", "multiple-server-prod-dr-logs");
    const [, logs] = policyOf(tf, key.body);
    expect(groupArns(logs).sort()).toEqual(resourcesOf(tf, "aws_cloudwatch_log_group").map(([, g]) => g.name).sort());
    for (const [, group] of resourcesOf(tf, "aws_cloudwatch_log_group")) expect(group.kms_key_id).toBe(`\${aws_kms_key.${key.id}.arn}`);
  });
});
