import { Construct } from "constructs";
import type { TerraformProvider } from "../../cdk";
import { DataAwsRoute53Zone } from "../../aws";
import type { DomainSettings } from "../../config/schema";
import { Naming, originHostName } from "../../naming";
import { DnsValidatedCertificate } from "./certificate";

export interface SiteDomainProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Names, zone and origin name. Required (config `domain`, already validated). */
  readonly domain: DomainSettings;
  /**
   * The us-east-1 provider (`MultipleServerStack.edgeProvider()`): CloudFront takes certificates only
   * from there. The origin's certificate uses the stack's default provider, the load balancer's region.
   */
  readonly edgeProvider: TerraformProvider;
}

/**
 * The site's own domain: the public hosted zone, looked up (the stack never creates or destroys a
 * zone: it holds records others rely on, and its name servers are delegated by hand), a certificate
 * for the site's names in us-east-1 for CloudFront, and a certificate in the stack's region for the
 * origin's name, which the load balancer's HTTPS listener serves. Both are validated by DNS in the
 * zone. The alias records are made once their targets exist (`AliasRecords`).
 */
export class SiteDomain extends Construct {
  public readonly zoneId: string;
  /** The names viewers use: `domain.name` first, then the aliases. */
  public readonly viewerNames: string[];
  /** The name CloudFront reaches the load balancer at. */
  public readonly originName: string;
  public readonly viewerCertificate: DnsValidatedCertificate;
  public readonly originCertificate: DnsValidatedCertificate;

  constructor(scope: Construct, id: string, props: SiteDomainProps) {
    super(scope, id);
    const { naming, domain } = props;
    const zone = new DataAwsRoute53Zone(this, "zone", {
      name: domain.zoneName,
      zoneId: domain.zoneId,
      privateZone: false,
    });
    this.zoneId = zone.zoneId;
    this.viewerNames = [domain.name, ...domain.aliases];
    this.originName = originHostName(domain);

    this.viewerCertificate = new DnsValidatedCertificate(this, "viewer-certificate", {
      provider: props.edgeProvider,
      domainName: domain.name,
      alternativeNames: domain.aliases,
      zoneId: this.zoneId,
      name: naming.name("cdn-certificate"),
    });
    this.originCertificate = new DnsValidatedCertificate(this, "origin-certificate", {
      domainName: this.originName,
      zoneId: this.zoneId,
      name: naming.name("alb-certificate"),
    });
  }
}
