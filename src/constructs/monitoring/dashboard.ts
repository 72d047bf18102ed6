import { Construct } from "constructs";
import { CloudwatchDashboard } from "../../aws";
import { CLOUDFRONT_METRICS_REGION_DIMENSION, EDGE_REGION, HOST_ALARM_PERIOD_SECONDS } from "../../config/constants";

export interface RequestPathDashboardProps {
  /** Name of the dashboard (`<prefix>`). Required. */
  readonly name: string;
  /** Region of the stack: the ALB's, the databases' and the group's metrics. Required. */
  readonly region: string;
  /** The CloudFront distribution's id (its metrics are read in us-east-1). @default none (no CloudFront graph) */
  readonly distributionId?: string;
  /** The ALB's `arn_suffix`. Required. */
  readonly loadBalancerArnSuffix: string;
  /** The web servers' target group's `arn_suffix`. Required. */
  readonly targetGroupArnSuffix: string;
  /** Identifiers of the primary and its replicas (references or names). Required. */
  readonly databaseIdentifiers: string[];
  /** Identifiers of the read replicas among them, for the lag graph. Required. */
  readonly replicaIdentifiers: string[];
  /** Connections at which the connections alarm fires, drawn as a line. @default none drawn */
  readonly connectionsAlarmAt?: number;
  /** Replica lag (s) at which the lag alarm fires, drawn as a line. @default none drawn */
  readonly replicaLagAlarmAt?: number;
  /** The web servers' Auto Scaling group, whose size is graphed. @default none (fixed instances) */
  readonly autoScalingGroupName?: string;
}

/** A metric of a graph: namespace, name, dimension pairs, then rendering options. */
type Metric = Array<string | Record<string, string>>;

const WIDTH = 12;
const HEIGHT = 6;

/**
 * The request path on one CloudWatch dashboard, in the order a request takes it: viewers'
 * requests and errors (CloudFront, read from us-east-1, and the ALB), latency, healthy hosts and
 * the fleet's size, then the databases' CPU, connections and replica lag.
 */
export class RequestPathDashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: RequestPathDashboardProps) {
    super(scope, id);
    const alb = ["LoadBalancer", props.loadBalancerArnSuffix];
    const tg = ["TargetGroup", props.targetGroupArnSuffix, ...alb];
    const cdn = ["DistributionId", props.distributionId ?? "", "Region", CLOUDFRONT_METRICS_REGION_DIMENSION];
    const graph = (title: string, metrics: Metric[], extra: Record<string, unknown> = {}, region = props.region) => ({
      type: "metric",
      width: WIDTH,
      height: HEIGHT,
      properties: { title, region, view: "timeSeries", stacked: false, period: HOST_ALARM_PERIOD_SECONDS, metrics, ...extra },
    });
    const line = (value: number | undefined, label: string) => (value === undefined ? {} : { annotations: { horizontal: [{ value, label }] } });
    const perDatabase = (metric: string, stat: string, ids: string[]) =>
      ids.map((id): Metric => ["AWS/RDS", metric, "DBInstanceIdentifier", id, { stat }]);

    const cdnGraph = graph(
      "Requests (CloudFront, us-east-1)",
      [
        ["AWS/CloudFront", "Requests", ...cdn, { stat: "Sum" }],
        ["AWS/CloudFront", "4xxErrorRate", ...cdn, { stat: "Average", yAxis: "right" }],
        ["AWS/CloudFront", "5xxErrorRate", ...cdn, { stat: "Average", yAxis: "right" }],
      ],
      {},
      EDGE_REGION,
    );
    const widgets = [
      ...(props.distributionId === undefined ? [] : [cdnGraph]),
      graph("Requests and errors (ALB)", [
        ["AWS/ApplicationELB", "RequestCount", ...alb, { stat: "Sum" }],
        ["AWS/ApplicationELB", "HTTPCode_ELB_4XX_Count", ...alb, { stat: "Sum" }],
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...alb, { stat: "Sum" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", ...tg, { stat: "Sum" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...tg, { stat: "Sum" }],
      ]),
      graph("Web servers' response time (s)", [
        ["AWS/ApplicationELB", "TargetResponseTime", ...tg, { stat: "p50" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...tg, { stat: "p95" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...tg, { stat: "p99" }],
      ]),
      graph("Web servers: healthy and unhealthy", [
        ["AWS/ApplicationELB", "HealthyHostCount", ...tg, { stat: "Minimum" }],
        ["AWS/ApplicationELB", "UnHealthyHostCount", ...tg, { stat: "Maximum" }],
        ...(props.autoScalingGroupName
          ? [["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", props.autoScalingGroupName, { stat: "Average" }]]
          : []),
      ]),
      graph("Database CPU (%)", perDatabase("CPUUtilization", "Average", props.databaseIdentifiers)),
      graph(
        "Database connections",
        perDatabase("DatabaseConnections", "Maximum", props.databaseIdentifiers),
        line(props.connectionsAlarmAt, "alarm"),
      ),
      graph("Replica lag (s)", perDatabase("ReplicaLag", "Maximum", props.replicaIdentifiers), line(props.replicaLagAlarmAt, "alarm")),
    ];
    // Two graphs a row, in the order above.
    const body = { widgets: widgets.map((w, i) => ({ ...w, x: (i % 2) * WIDTH, y: Math.floor(i / 2) * HEIGHT })) };
    this.dashboard = new CloudwatchDashboard(this, "dashboard", { dashboardName: props.name, dashboardBody: JSON.stringify(body) });
  }
}
