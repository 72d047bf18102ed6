import { Construct } from "constructs";
import type { ITerraformDependable } from "../../cdk";
import type { CloudfrontVpcOrigin } from "../../aws";
import { Naming } from "../../naming";
import { replaceableVpcOrigin } from "../edge/vpc-origin";

export interface StandbyVpcOriginProps {
  /** Source of every AWS name (the standby's). Required. */
  readonly naming: Naming;
  /** ARN of the standby's internal ALB. Required. */
  readonly loadBalancerArn: string;
  /** HTTP port of its listener. Required (config `loadBalancer.listenerPort`). */
  readonly httpPort: number;
  /** HTTPS only (the origin name's certificate) or HTTP only, as the primary's VPC origin. Required. */
  readonly https: boolean;
  /** What the VPC origin waits for: AWS requires the VPC's internet gateway attached. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A CloudFront VPC origin of the standby's internal ALB, waiting for a failover. A VPC origin names
 * one load balancer, so the primary's distribution cannot reach the standby through DNS: at a
 * failover it is switched to this origin's id (output `vpc_origin_id`) by one targeted apply of
 * the primary stack. CloudFront's API is global: creating and naming this needs nothing of the
 * primary region.
 */
export class StandbyVpcOrigin extends Construct {
  public readonly vpcOrigin: CloudfrontVpcOrigin;
  public readonly id: string;

  constructor(scope: Construct, id: string, props: StandbyVpcOriginProps) {
    super(scope, id);
    // Replaced, never updated in place: at a failover a distribution uses it (src/constructs/edge/vpc-origin.ts).
    this.vpcOrigin = replaceableVpcOrigin(this, {
      baseName: props.naming.name("vpc-origin"),
      loadBalancerArn: props.loadBalancerArn,
      httpPort: props.httpPort,
      https: props.https,
      dependsOn: props.dependsOn,
    }).vpcOrigin;
    this.id = this.vpcOrigin.id;
  }
}
