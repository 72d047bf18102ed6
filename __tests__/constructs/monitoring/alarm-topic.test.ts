import { AwsProvider, KmsAlias, KmsKey, SnsTopic, SnsTopicSubscription } from "../../../src/aws";
import { AlarmTopic, subscriptionIds } from "../../../src/constructs/monitoring/alarm-topic";
import { resourcesOf, settingsFor, synthConstruct, synthStack } from "../../helpers";

const props = { name: "multiple-server-prod-alarms", region: "ap-northeast-2", accountId: "111122223333", partition: "aws" };

describe("AlarmTopic", () => {
  const { json, tf } = synthConstruct((scope) => {
    new AlarmTopic(scope, "topic", { ...props, emails: ["ops@example.com", "oncall@example.com", "ops@example.com"] });
  });
  const [[keyId]] = resourcesOf(tf, "aws_kms_key");
  const [[topicId]] = resourcesOf(tf, "aws_sns_topic");
  const documents = tf.data!.aws_iam_policy_document as Record<string, any>;
  const documentOf = (reference: string) => documents[/data\.aws_iam_policy_document\.([^.]+)\.json/.exec(reference)![1]];

  it("is <prefix>-alarms, encrypted with a rotated customer managed key aliased alias/<prefix>-alarms", () => {
    expect(json).toHaveResourceWithProperties(SnsTopic, {
      name: "multiple-server-prod-alarms",
      kms_master_key_id: `\${aws_kms_key.${keyId}.arn}`,
    });
    expect(json).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(json).toHaveResourceWithProperties(KmsAlias, { name: "alias/multiple-server-prod-alarms", target_key_id: `\${aws_kms_key.${keyId}.key_id}` });
  });

  it("lets CloudWatch use the key (the AWS managed SNS key would refuse it) and the account administer it", () => {
    const [[, key]] = resourcesOf(tf, "aws_kms_key");
    expect(documentOf(key.policy).statement).toEqual([
      { sid: "AccountAdministers", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }], actions: ["kms:*"], resources: ["*"] },
      {
        sid: "CloudWatchAlarmsEncrypt",
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      },
    ]);
  });

  it("lets only this account's alarms in this region publish, and only over TLS", () => {
    const [[, policy]] = resourcesOf(tf, "aws_sns_topic_policy");
    expect(policy.arn).toBe(`\${aws_sns_topic.${topicId}.arn}`);
    const topic = `\${aws_sns_topic.${topicId}.arn}`;
    expect(documentOf(policy.policy).statement).toEqual([
      {
        sid: "CloudWatchAlarmsPublish",
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
        actions: ["sns:Publish"],
        resources: [topic],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:*"] },
        ],
      },
      {
        sid: "TlsOnly",
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["sns:Publish"],
        resources: [topic],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
  });

  it("subscribes each address once by email, keyed by the address so removing one leaves the others", () => {
    const subscriptions = resourcesOf(tf, "aws_sns_topic_subscription");
    const byId = Object.fromEntries(subscriptions.map(([id, s]) => [id.replace(/^topic_(.*)_[0-9A-F]{8}$/, "$1"), [s.protocol, s.endpoint]]));
    expect(byId).toEqual({
      "email-ops-example-com": ["email", "ops@example.com"],
      "email-oncall-example-com": ["email", "oncall@example.com"],
    });
    expect(json).toHaveResourceWithProperties(SnsTopicSubscription, { topic_arn: `\${aws_sns_topic.${topicId}.arn}` });
  });

  it("keeps addresses that differ only in punctuation apart (they used to crash the synth with a construct-name clash)", () => {
    const emails = ["first.last@example.com", "first_last@example.com", "ops+a@example.com", "ops-a@example.com", "solo@example.com"];
    const { tf: built } = synthConstruct((scope) => void new AlarmTopic(scope, "topic", { ...props, emails }));
    const endpoints = resourcesOf(built, "aws_sns_topic_subscription").map(([id, s]) => [id.replace(/^topic_(.*)_[0-9A-F]{8}$/, "$1"), s.endpoint]);
    expect(Object.fromEntries(endpoints)).toEqual({
      "email-first-last-example-com_2e-40-2e": "first.last@example.com",
      "email-first-last-example-com_5f-40-2e": "first_last@example.com",
      "email-ops-a-example-com_2b-40-2e": "ops+a@example.com",
      "email-ops-a-example-com_2d-40-2e": "ops-a@example.com",
      // An address alone with its readable id keeps the id it always had.
      "email-solo-example-com": "solo@example.com",
    });
  });

  it("lets a whole prod stack carry such addresses: one subscription per address and topic", () => {
    const emails = ["first.last@example.com", "first_last@example.com", "ops+a@example.com", "ops-a@example.com"];
    const { tf: stack } = synthStack(settingsFor("prod", { alarms: { emails, consoleOnly: false } }));
    const endpoints = resourcesOf(stack, "aws_sns_topic_subscription").map(([, s]) => s.endpoint).sort();
    // The regional topic and CloudFront's in us-east-1 each subscribe every address.
    expect(endpoints).toEqual([...emails, ...emails].sort());
  });

  it("gives distinct endpoints distinct ids, whatever they are", () => {
    const endpoints = ["a.b@c.com", "a@b.c.com", "a-b@c.com", "a_b@c.com", "A.b@c.com", "a.b@c.com"];
    const ids = subscriptionIds("email", endpoints).map(([id]) => id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  it("subscribes HTTPS endpoints (a pager's integration URL) beside the addresses", () => {
    const url = "https://events.pagerduty.com/integration/abc/enqueue";
    const { json: built } = synthConstruct((scope) => void new AlarmTopic(scope, "topic", { ...props, httpsEndpoints: [url] }));
    expect(built).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "https", endpoint: url });
  });

  it("puts every resource on the given provider (us-east-1 for CloudFront's alarm)", () => {
    const edge = synthConstruct((scope) => {
      const provider = new AwsProvider(scope, "edge", { alias: "us_east_1", region: "us-east-1" });
      new AlarmTopic(scope, "topic", { ...props, region: "us-east-1", emails: ["ops@example.com"], provider });
    }).tf;
    for (const type of ["aws_kms_key", "aws_kms_alias", "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription"]) {
      expect(resourcesOf(edge, type).map(([, r]) => r.provider)).toEqual(["aws.us_east_1"]);
    }
    const [[, policy]] = resourcesOf(edge, "aws_sns_topic_policy");
    const id = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1];
    expect((edge.data!.aws_iam_policy_document as any)[id].statement[0].condition[1].values).toEqual(["arn:aws:cloudwatch:us-east-1:111122223333:alarm:*"]);
  });

  it("has no subscription without addresses", () => {
    const quiet = synthConstruct((scope) => void new AlarmTopic(scope, "topic", props)).tf;
    expect(resourcesOf(quiet, "aws_sns_topic_subscription")).toEqual([]);
  });
});
