import { Construct } from "constructs";
import { DataAwsRoute53Zone } from "../../aws";
import { FAILOVER_SET } from "../../config/constants";
import type { DomainSettings } from "../../config/schema";
import { Naming, originHostName } from "../../naming";
import { AliasRecords, type AliasTarget } from "../edge/alias-records";
import { DnsValidatedCertificate } from "../edge/certificate";

export interface StandbyOriginProps {
  /** Source of every AWS name (the standby's). Required. */
  readonly naming: Naming;
  /** The environment's domain: its zone and origin name. Required. */
  readonly domain: DomainSettings;
}

/**
 * The standby's leg of the origin name (`origin.<domain.name>`): the zone looked up as the primary
 * does, a certificate for the name in the standby region (a certificate serves only the region it
 * was issued in), and, once `target` is known, the SECONDARY record of the name's failover pair.
 * ACM gives certificates of one name in one account the same validation record in every region
 * (hashicorp/terraform-provider-aws#13653): the primary stack, deployed first, owns and writes it;
 * this certificate only waits for ACM to issue through it, so destroying the standby leaves the
 * record the primary's renewals need (docs/disaster-recovery.md "Disaster recovery").
 */
export class StandbyOrigin extends Construct {
  public readonly zoneId: string;
  public readonly originName: string;
  public readonly certificate: DnsValidatedCertificate;

  constructor(scope: Construct, id: string, props: StandbyOriginProps) {
    super(scope, id);
    const zone = new DataAwsRoute53Zone(this, "zone", {
      name: props.domain.zoneName,
      zoneId: props.domain.zoneId,
      privateZone: false,
    });
    this.zoneId = zone.zoneId;
    this.originName = originHostName(props.domain);
    this.certificate = new DnsValidatedCertificate(this, "certificate", {
      domainName: this.originName,
      zoneId: this.zoneId,
      name: props.naming.name("alb-certificate"),
      writeValidationRecords: false,
    });
  }

  /** The SECONDARY record: Route 53 answers with it when the PRIMARY's health check fails. */
  pointAt(target: AliasTarget): AliasRecords {
    return new AliasRecords(this, "record", {
      zoneId: this.zoneId,
      names: [this.originName],
      target,
      // The standby answers even with no healthy server (pilot light before promotion): a failed
      // primary is worse, and both unhealthy would send Route 53 back to the primary.
      evaluateTargetHealth: false,
      failover: { type: "SECONDARY", setIdentifier: FAILOVER_SET.secondary },
    });
  }
}
