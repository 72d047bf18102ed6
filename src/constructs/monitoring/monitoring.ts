import { Construct } from "constructs";
import type { TerraformProvider } from "../../cdk";
import { DataAwsCallerIdentity, DataAwsPartition } from "../../aws";
import { EDGE_REGION } from "../../config/constants";
import { databaseAlarmLimits } from "../../config/rds-memory";
import type { AlarmSettings } from "../../config/schema";
import type { Naming } from "../../naming";
import { AlarmTopic } from "./alarm-topic";
import { CdnAlarms } from "./cdn-alarms";
import { RequestPathDashboard } from "./dashboard";
import { DatabaseAlarms, type WatchedDatabase } from "./database-alarms";
import { LoadBalancerAlarms } from "./load-balancer-alarms";
import { NatGatewayAlarms, type WatchedNatGateway } from "./nat-alarms";

export interface MonitoringProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** What to build and every threshold. @default the `alarms` defaults of config/schema.ts */
  readonly settings: AlarmSettings;
  /** Region of the stack. Required. */
  readonly region: string;
  /** The us-east-1 provider, asked for only when CloudFront's alarm is built (`MultipleServerStack.edgeProvider`). @default none (then no `distribution` either) */
  readonly edgeProvider?: () => TerraformProvider;
  /** The ALB: its name and `arn_suffix`, and its web servers' target group's `arn_suffix`. Required. */
  readonly loadBalancer: { readonly name: string; readonly arnSuffix: string; readonly targetGroupArnSuffix: string };
  /**
   * Zones the web servers must always serve from: one healthy-hosts alarm each. None for a fleet
   * that may stand at zero servers (a pilot-light standby), where such an alarm would never be OK.
   * Required.
   */
  readonly availabilityZones: string[];
  /** The primary and its replicas. Required. */
  readonly databases: WatchedDatabase[];
  /** Instance class of the databases (for memory and max_connections). Required. */
  readonly databaseInstanceClass: string;
  /** The NAT gateways. Required. */
  readonly natGateways: WatchedNatGateway[];
  /** The CloudFront distribution in front of the ALB: its name and id. @default none (no CloudFront alarm, no us-east-1 topic, no CloudFront graph) */
  readonly distribution?: { readonly name: string; readonly id: string };
  /** The web servers' Auto Scaling group, graphed on the dashboard. @default none (fixed instances) */
  readonly autoScalingGroupName?: string;
}

/**
 * Alarms and the dashboard of one environment, after cdk-monitoring-constructs' MonitoringFacade:
 * one construct per thing watched (load balancer, databases, NAT gateways, CloudFront), all
 * notifying the topic `<prefix>-alarms` of their region. CloudFront publishes its metrics in
 * us-east-1 only, so its alarm and a topic of the same name live there, through the edge provider.
 */
export class Monitoring extends Construct {
  /** The topic of the stack's region, and the one in us-east-1 for CloudFront's alarm. */
  public readonly topic?: AlarmTopic;
  public readonly edgeTopic?: AlarmTopic;
  public readonly loadBalancerAlarms?: LoadBalancerAlarms;
  public readonly databaseAlarms?: DatabaseAlarms;
  public readonly natGatewayAlarms?: NatGatewayAlarms;
  public readonly cdnAlarms?: CdnAlarms;
  public readonly dashboard?: RequestPathDashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { naming, settings } = props;
    if (settings.enabled) {
      // The configuration rules refuse an unknown class first; this guards other callers.
      const limits = databaseAlarmLimits(props.databaseInstanceClass, settings.database);
      if (limits.memoryGiB === undefined || limits.maxConnections === undefined) {
        throw new Error(`Monitoring: the memory of ${props.databaseInstanceClass} is unknown; set alarms.database.instanceMemoryGiB`);
      }
      const account = new DataAwsCallerIdentity(this, "account");
      const partition = new DataAwsPartition(this, "partition");
      const topicProps = { name: naming.name("alarms"), accountId: account.accountId, partition: partition.partition, emails: settings.emails, httpsEndpoints: settings.httpsEndpoints };
      this.topic = new AlarmTopic(this, "topic", { ...topicProps, region: props.region });
      const target = { topicArn: this.topic.topicArn };
      this.loadBalancerAlarms = new LoadBalancerAlarms(this, "load-balancer", {
        loadBalancerName: props.loadBalancer.name,
        loadBalancerArnSuffix: props.loadBalancer.arnSuffix,
        targetGroupArnSuffix: props.loadBalancer.targetGroupArnSuffix,
        availabilityZones: props.availabilityZones,
        thresholds: settings.loadBalancer,
        target,
      });
      this.databaseAlarms = new DatabaseAlarms(this, "database", {
        databases: props.databases,
        instanceMemoryGiB: limits.memoryGiB,
        maxConnections: limits.maxConnections,
        thresholds: settings.database,
        target,
      });
      this.natGatewayAlarms = new NatGatewayAlarms(this, "nat", { natGateways: props.natGateways, thresholds: settings.nat, target });

      if (props.distribution) {
        if (!props.edgeProvider) throw new Error("Monitoring: CloudFront's alarm needs the us-east-1 provider (edgeProvider)");
        const edge = props.edgeProvider();
        this.edgeTopic = new AlarmTopic(this, "edge-topic", { ...topicProps, region: EDGE_REGION, provider: edge });
        this.cdnAlarms = new CdnAlarms(this, "cdn", {
          distributionName: props.distribution.name,
          distributionId: props.distribution.id,
          thresholds: settings.cdn,
          target: { topicArn: this.edgeTopic.topicArn, provider: edge },
        });
      }
    }

    if (settings.dashboard) {
      this.dashboard = new RequestPathDashboard(this, "dashboard", {
        name: naming.prefix,
        region: props.region,
        distributionId: props.distribution?.id,
        loadBalancerArnSuffix: props.loadBalancer.arnSuffix,
        targetGroupArnSuffix: props.loadBalancer.targetGroupArnSuffix,
        databaseIdentifiers: props.databases.map((db) => db.identifier),
        replicaIdentifiers: props.databases.filter((db) => db.replica).map((db) => db.identifier),
        connectionsAlarmAt: this.databaseAlarms?.connectionsThreshold,
        replicaLagAlarmAt: settings.enabled ? settings.database.replicaLagSeconds : undefined,
        autoScalingGroupName: props.autoScalingGroupName,
      });
    }
  }
}
