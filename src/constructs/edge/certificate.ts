import { Construct } from "constructs";
import { type TerraformProvider, TerraformIterator, TerraformStack, Token } from "../../cdk";
import { AcmCertificate, AcmCertificateValidation, Route53Record } from "../../aws";
import { ACM_VALIDATION_RECORD_TTL } from "../../config/constants";

export interface DnsValidatedCertificateProps {
  /** The certificate's first name (at most 64 characters). Required. */
  readonly domainName: string;
  /** More names on the same certificate (`*.example.com` allowed). @default [] */
  readonly alternativeNames?: string[];
  /** Public hosted zone the validation records go to; every name must lie in it. Required. */
  readonly zoneId: string;
  /**
   * Provider of the certificate and its validation: the region that uses the certificate (us-east-1
   * for CloudFront, `MultipleServerStack.edgeProvider()`). The validation records are global and use
   * the stack's default provider. @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /** The Name tag. Required. */
  readonly name: string;
  /**
   * Write the validation records into the zone. `false` where another stack owns them: a certificate
   * of the same name in the same account, in another region, asks for the same record
   * (hashicorp/terraform-provider-aws#13653), which that stack writes; this one only waits for ACM
   * to issue. An existing environment's records of this construct are then forgotten, not deleted
   * (a `removed` block with `destroy = false`): deleting them would delete the owner's record.
   * @default true
   */
  readonly writeValidationRecords?: boolean;
}

/**
 * An ACM certificate validated by DNS, the way terraform-aws-modules/acm and the AWS CDK's
 * `CertificateValidation.fromDns` do it: one CNAME per distinct validation record in the zone, and
 * an `aws_acm_certificate_validation` that completes only once ACM has issued the certificate.
 * Whatever uses `certificateArn` (a distribution, a listener) therefore waits for the issue,
 * instead of failing on a certificate still pending validation. The records stay: ACM re-checks
 * them at every renewal. Replaced certificates are created before the old one goes
 * (`create_before_destroy`), since a listener or distribution still uses the old one.
 */
export class DnsValidatedCertificate extends Construct {
  public readonly certificate: AcmCertificate;
  /** Validation records, one per distinct name (`example.com` and `*.example.com` share one); none where another stack writes them. */
  public readonly validationRecords?: Route53Record;
  public readonly validation: AcmCertificateValidation;
  /** ARN of the issued certificate: using it waits for the validation. */
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const alternativeNames = props.alternativeNames ?? [];
    this.certificate = new AcmCertificate(this, "certificate", {
      provider: props.provider,
      domainName: props.domainName,
      subjectAlternativeNames: alternativeNames.length ? alternativeNames : undefined,
      validationMethod: "DNS",
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: props.name },
    });

    if (props.writeValidationRecords === false) {
      this.validationRecords = undefined;
      forgetWithoutDestroying(this, "validation");
      // No record fqdns (optional in the provider's acm/certificate_validation.go): the resource
      // still waits, up to 75 minutes, until ACM has issued the certificate through the owner's record.
      this.validation = new AcmCertificateValidation(this, "validation-complete", {
        provider: props.provider,
        certificateArn: this.certificate.arn,
      });
    } else {
      // Keyed by the name without `*.`: a name and its wildcard ask for the same record, which must
      // be written once. The keys are known at plan time (they come from the configuration).
      const byName = TerraformIterator.fromMap(
        Token.asAnyMap(
          `\${{ for option in ${this.certificate.fqn}.domain_validation_options : trimprefix(option.domain_name, "*.") => option... }}`,
        ),
      );
      const records = new Route53Record(this, "validation", {
        forEach: byName,
        zoneId: props.zoneId,
        name: "${each.value[0].resource_record_name}",
        type: "${each.value[0].resource_record_type}",
        records: ["${each.value[0].resource_record_value}"],
        ttl: ACM_VALIDATION_RECORD_TTL,
        // A record left by an earlier certificate for the same name holds the same value.
        allowOverwrite: true,
      });

      this.validation = new AcmCertificateValidation(this, "validation-complete", {
        provider: props.provider,
        certificateArn: this.certificate.arn,
        validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
      });
      this.validationRecords = records;
    }
    this.certificateArn = this.validation.certificateArn;
  }
}

/**
 * Tells Terraform to forget, not destroy, what the construct `id` under `scope` once wrote (a
 * `removed` block with `destroy = false`, Terraform >= 1.7): its address is the one cdktf gave it,
 * found through a placeholder at the same construct path. Nothing to forget is no change.
 */
function forgetWithoutDestroying(scope: Construct, id: string): void {
  const stack = TerraformStack.of(scope);
  const logicalId = stack.getLogicalId(new Construct(scope, id).node);
  stack.addOverride("removed", [{ from: `${Route53Record.tfResourceType}.${logicalId}`, lifecycle: [{ destroy: false }] }]);
}
