import type { Construct } from "constructs";
import { DataResource, Fn, type ITerraformDependable } from "../../cdk";
import { CloudfrontVpcOrigin } from "../../aws";
import { HTTPS_PORT, ORIGIN_SSL_PROTOCOLS, VPC_ORIGIN_NAME_SUFFIX_LENGTH } from "../../config/constants";

export interface VpcOriginProps {
  /** Name before the suffix that follows each replacement (`<prefix>-vpc-origin`). Required. */
  readonly baseName: string;
  /** ARN of the internal ALB CloudFront reaches. Required. */
  readonly loadBalancerArn: string;
  /** Port of the ALB's HTTP listener. Required (config `loadBalancer.listenerPort`). */
  readonly httpPort: number;
  /** HTTPS only, TLS 1.2 (the ALB then serves the origin name's certificate), or HTTP only. Required. */
  readonly https: boolean;
  /** What must exist first: AWS requires an internet gateway attached to the VPC. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A CloudFront VPC origin that is never updated in place. CloudFront refuses to update (or delete)
 * a VPC origin while a distribution uses it: 409 "The specified VPC origin is currently associated
 * with one or more distributions" (hashicorp/terraform-provider-aws#40905, open; the same answer
 * to a tag change in aws/aws-cdk#35765), and the provider updates every change of the endpoint in
 * place. So every change of the endpoint (its ALB's ARN, ports, protocol, the name's prefix)
 * replaces the `endpoint` trigger (a `terraform_data`), which replaces the VPC origin
 * (`replace_triggered_by`) create-before-destroy: the new one exists, the distribution moves to its
 * id, and only then is the old one, no longer associated, deleted. Its name carries the first
 * characters of the trigger's id, so the new one never shares the old one's name.
 *
 * Terraform makes what a create-before-destroy resource depends on create-before-destroy too (the
 * ALB): an ALB replaced under the same name then fails on ELB's duplicate name instead of
 * deleting anything (docs/domain-and-edge.md "Origin modes").
 */
export interface ReplaceableVpcOrigin {
  readonly vpcOrigin: CloudfrontVpcOrigin;
  /** Replaced whenever the endpoint changes; the VPC origin follows it. */
  readonly endpoint: DataResource;
}

/**
 * Builds the VPC origin in `scope` under the construct id `vpc-origin` (its address since VPC
 * origins were added), beside its trigger `vpc-origin-endpoint`.
 */
export function replaceableVpcOrigin(scope: Construct, props: VpcOriginProps): ReplaceableVpcOrigin {
  const protocol = {
    httpPort: props.httpPort,
    httpsPort: HTTPS_PORT,
    originProtocolPolicy: props.https ? "https-only" : "http-only",
  };
  const endpoint = new DataResource(scope, "vpc-origin-endpoint", {
    triggersReplace: {
      base_name: props.baseName,
      arn: props.loadBalancerArn,
      http_port: protocol.httpPort,
      https_port: protocol.httpsPort,
      origin_protocol_policy: protocol.originProtocolPolicy,
      origin_ssl_protocols: ORIGIN_SSL_PROTOCOLS,
    },
  });
  const name = `${props.baseName}-${Fn.substr(endpoint.id, 0, VPC_ORIGIN_NAME_SUFFIX_LENGTH)}`;
  const vpcOrigin = new CloudfrontVpcOrigin(scope, "vpc-origin", {
    vpcOriginEndpointConfig: [
      {
        name,
        arn: props.loadBalancerArn,
        ...protocol,
        originSslProtocols: [{ items: ORIGIN_SSL_PROTOCOLS, quantity: ORIGIN_SSL_PROTOCOLS.length }],
      },
    ],
    dependsOn: props.dependsOn,
    // A bare address: cdktf 0.21 writes a resource given here as "${terraform_data.x}", which
    // Terraform refuses in replace_triggered_by ("Invalid character").
    lifecycle: { createBeforeDestroy: true, replaceTriggeredBy: [`${DataResource.tfResourceType}.${endpoint.friendlyUniqueId}`] },
    tags: { Name: name },
  });
  return { vpcOrigin, endpoint };
}
