import { Construct } from "constructs";
import { Route53Record } from "../../aws";

/** Where alias records point: a CloudFront distribution's or a load balancer's DNS name and zone. */
export interface AliasTarget {
  readonly dnsName: string;
  /** The target's own hosted zone id (`hosted_zone_id` of a distribution, `zone_id` of an ALB). */
  readonly hostedZoneId: string;
}

export interface AliasRecordsProps {
  /** Hosted zone of the records. Required. */
  readonly zoneId: string;
  /** The names to point at the target, each inside the zone. Required. */
  readonly names: string[];
  /** What they point at. Required. */
  readonly target: AliasTarget;
  /** Also an AAAA record per name (the target answers IPv6: CloudFront does, an IPv4 ALB does not). @default false */
  readonly ipv6?: boolean;
  /** Route 53 answers only while the target is healthy (an ALB with healthy targets). @default false */
  readonly evaluateTargetHealth?: boolean;
  /**
   * One side of a failover pair: Route 53 answers with the PRIMARY while its health check passes,
   * else with the SECONDARY (owned by another stack under the same name). @default simple routing
   */
  readonly failover?: FailoverRole;
}

/** A record's side of a Route 53 failover pair. */
export interface FailoverRole {
  readonly type: "PRIMARY" | "SECONDARY";
  /** Tells the pair's records apart; unique per name and type. Required. */
  readonly setIdentifier: string;
  /** Route 53 health check deciding whether this side answers. @default none (the target's own health, when evaluateTargetHealth) */
  readonly healthCheckId?: string;
}

/**
 * Route 53 alias records (A, and AAAA when the target answers IPv6) from names in a zone to an
 * AWS target. Aliases resolve inside Route 53, cost nothing per query and, unlike a CNAME, work
 * at a zone's apex.
 */
export class AliasRecords extends Construct {
  public readonly records: Route53Record[];

  constructor(scope: Construct, id: string, props: AliasRecordsProps) {
    super(scope, id);
    const types = props.ipv6 ? ["A", "AAAA"] : ["A"];
    this.records = props.names.flatMap((name, i) =>
      types.map(
        (type) =>
          new Route53Record(this, `${type.toLowerCase()}-${i}`, {
            zoneId: props.zoneId,
            name,
            type,
            alias: { name: props.target.dnsName, zoneId: props.target.hostedZoneId, evaluateTargetHealth: props.evaluateTargetHealth ?? false },
            setIdentifier: props.failover?.setIdentifier,
            failoverRoutingPolicy: props.failover ? { type: props.failover.type } : undefined,
            healthCheckId: props.failover?.healthCheckId,
          }),
      ),
    );
  }
}
