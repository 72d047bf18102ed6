import { Construct } from "constructs";
import type { TerraformProvider } from "../../cdk";
import { DataAwsIamPolicyDocument, KmsAlias, KmsKey, SnsTopic, SnsTopicPolicy, SnsTopicSubscription } from "../../aws";
import { CLOUDWATCH_SERVICE, KMS_DELETION_WINDOW_DAYS, NAME_TAG_KEY } from "../../config/constants";

export interface AlarmTopicProps {
  /** Name of the topic (`<prefix>-alarms`); its key's alias is `alias/<name>`. Required. */
  readonly name: string;
  /** Region of the topic and of the alarms that publish to it (the provider's). Required. */
  readonly region: string;
  /** Account of the alarms allowed to publish. Required. */
  readonly accountId: string;
  /** AWS partition (`aws`), for the ARNs in the policies. Required. */
  readonly partition: string;
  /** Addresses subscribed by email; each must confirm the mail AWS sends. @default none */
  readonly emails?: readonly string[];
  /** HTTPS endpoints subscribed (a pager's or chat tool's integration URL); each must confirm SNS's request. @default none */
  readonly httpsEndpoints?: readonly string[];
  /** Provider of `region` when it is not the stack's (us-east-1 for CloudFront's alarms). @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * The SNS topic alarms notify: encrypted with a customer managed KMS key whose policy lets
 * CloudWatch use it (alarms cannot publish to a topic under the AWS managed `alias/aws/sns` key,
 * whose policy nobody can change), a topic policy that lets only this account's CloudWatch
 * alarms in this region publish, over TLS, and an email subscription per address.
 */
export class AlarmTopic extends Construct {
  public readonly topic: SnsTopic;
  public readonly topicArn: string;
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const { provider } = props;
    const root = `arn:${props.partition}:iam::${props.accountId}:root`;
    const alarms = `arn:${props.partition}:cloudwatch:${props.region}:${props.accountId}:alarm:*`;
    const fromOurAlarms = [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [alarms] },
    ];

    const keyPolicy = new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        // Without it the key could become unmanageable: IAM policies of the account govern it.
        { sid: "AccountAdministers", principals: [{ type: "AWS", identifiers: [root] }], actions: ["kms:*"], resources: ["*"] },
        // AWS's documented grant for alarms publishing to an encrypted topic; the topic policy
        // below is what limits publishing to this account's alarms.
        {
          sid: "CloudWatchAlarmsEncrypt",
          principals: [{ type: "Service", identifiers: [CLOUDWATCH_SERVICE] }],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
        },
      ],
    });
    this.key = new KmsKey(this, "key", {
      provider,
      description: `Encrypts the alarm notifications of SNS topic ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: KMS_DELETION_WINDOW_DAYS,
      policy: keyPolicy.json,
      tags: { [NAME_TAG_KEY]: props.name },
    });
    new KmsAlias(this, "key-alias", { provider, name: `alias/${props.name}`, targetKeyId: this.key.keyId });

    this.topic = new SnsTopic(this, "topic", {
      provider,
      name: props.name,
      kmsMasterKeyId: this.key.arn,
      tags: { [NAME_TAG_KEY]: props.name },
    });
    this.topicArn = this.topic.arn;

    const topicPolicy = new DataAwsIamPolicyDocument(this, "topic-policy", {
      statement: [
        {
          sid: "CloudWatchAlarmsPublish",
          principals: [{ type: "Service", identifiers: [CLOUDWATCH_SERVICE] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: fromOurAlarms,
        },
        {
          sid: "TlsOnly",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new SnsTopicPolicy(this, "policy", { provider, arn: this.topic.arn, policy: topicPolicy.json });

    // Keyed by the address, not its position: removing one address must not re-subscribe the others.
    for (const [id, email] of subscriptionIds("email", props.emails ?? [])) {
      new SnsTopicSubscription(this, id, { provider, topicArn: this.topic.arn, protocol: "email", endpoint: email });
    }
    for (const [id, url] of subscriptionIds("https", props.httpsEndpoints ?? [])) {
      new SnsTopicSubscription(this, id, { provider, topicArn: this.topic.arn, protocol: "https", endpoint: url });
    }
  }
}

/**
 * Construct ids of one subscription per distinct endpoint, unique by construction. The readable id
 * `<kind>-<endpoint with every other character than a letter or digit as ->` is the one
 * subscriptions have always had, so running topics keep theirs; two endpoints that share it
 * (`first.last@` and `first_last@`, `ops+a@` and `ops-a@`) each get `_` and the code points of the
 * characters the readable id replaced, which spell their endpoint back (the readable part never
 * holds a `_`, so no other id can equal one of these). Adding an endpoint that shares the readable
 * id of a subscribed one renames that one's subscription: it is made anew and must be confirmed again.
 */
export function subscriptionIds(kind: string, endpoints: readonly string[]): Array<[id: string, endpoint: string]> {
  const readable = (endpoint: string) => `${kind}-${endpoint.replace(/[^A-Za-z0-9]/g, "-")}`;
  const distinct = [...new Set(endpoints)];
  const sharing = new Map<string, number>();
  for (const endpoint of distinct) sharing.set(readable(endpoint), (sharing.get(readable(endpoint)) ?? 0) + 1);
  return distinct.map((endpoint) => {
    const id = readable(endpoint);
    if (sharing.get(id) === 1) return [id, endpoint];
    const replaced = [...endpoint].filter((c) => !/[A-Za-z0-9]/.test(c)).map((c) => c.codePointAt(0)!.toString(16));
    return [`${id}_${replaced.join("-")}`, endpoint];
  });
}
