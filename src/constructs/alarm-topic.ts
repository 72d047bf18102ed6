import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { DataAwsIamPolicyDocument, KmsAlias, KmsKey, SnsTopic, SnsTopicPolicy, SnsTopicSubscription } from "../aws";
import { CLOUDWATCH_SERVICE, KMS_DELETION_WINDOW_DAYS, NAME_TAG_KEY } from "../config/constants";

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
    for (const email of new Set(props.emails ?? [])) {
      new SnsTopicSubscription(this, `email-${email.replace(/[^A-Za-z0-9]/g, "-")}`, {
        provider,
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: email,
      });
    }
  }
}
