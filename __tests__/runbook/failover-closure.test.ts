import { runbookFacts, synthesizeForRunbook } from "../../src/runbook/facts";
import { renderRunbook } from "../../src/runbook/render";
import type { TerraformJson } from "../helpers";
import { providersOf, targetClosure } from "../helpers/invariants";
import { ALL_VARIANTS, variantSettings } from "./variants";

/**
 * Step 3 of the runbook runs while the primary region is down: a plan of the primary stack with
 * `-refresh=false` (managed resources are not read) and `-target`s. Terraform still reads every
 * data source the targets reach through references and depends_on, and configures each provider
 * they use. So every data source of that closure must call no regional endpoint (a global API, or
 * none), and the primary's provider must call STS in the standby region.
 */

/** Data sources that call a global endpoint or none, with where that is written down. */
const REGION_FREE_DATA_SOURCES: Record<string, string> = {
  // CloudFront's API is global (cloudfront.amazonaws.com), whatever the provider's region.
  aws_cloudfront_cache_policy: "CloudFront API (global)",
  aws_cloudfront_origin_request_policy: "CloudFront API (global)",
  aws_cloudfront_response_headers_policy: "CloudFront API (global)",
  // Route 53's API is global (route53.amazonaws.com).
  aws_route53_zone: "Route 53 API (global)",
  // Built inside the provider from its arguments: no API call.
  aws_iam_policy_document: "no call",
  // A table inside the provider (hashicorp/terraform-provider-aws, internal/service/elb/service_account_data_source.go: accountIDPerRegionMap).
  aws_elb_service_account: "no call",
};

describe.each(ALL_VARIANTS)("the failover closure of %s", (environment) => {
  const settings = variantSettings(environment);
  const stacks = synthesizeForRunbook(settings);
  const text = renderRunbook(runbookFacts(environment, settings.dr.mode, stacks), { configSource: "config.json" });
  const step3 = text.slice(text.indexOf("## 3."), text.indexOf("## 4."));
  const targets = [...step3.matchAll(/-target=(\S+)/g)].map((m) => m[1]);
  // Step 3 runs on the primary stack as dr.promote: true synthesizes it (step 2 set it).
  const tf = stacks.promotedPrimary.tf as TerraformJson;
  const closure = targetClosure(tf, targets);
  const standbyRegion = settings.dr.region;

  it("has targets: the distribution, or the origin name's PRIMARY records", () => {
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(t).toMatch(/^aws_(cloudfront_distribution|route53_record)\./);
  });

  it("reads no data source bound to the primary region (none of aws_caller_identity, aws_partition, aws_region)", () => {
    const data = [...closure].filter((a) => a.startsWith("data."));
    const bound = data.filter((a) => !(a.split(".")[1] in REGION_FREE_DATA_SOURCES));
    expect(bound).toEqual([]);
  });

  if (environment === "all-features") {
    it("walks through the ALB into its access-log bucket policy (a closure that stopped at the distribution would prove nothing)", () => {
      expect([...closure].some((a) => a.startsWith("aws_lb."))).toBe(true);
      expect([...closure].some((a) => a.startsWith("aws_s3_bucket_policy."))).toBe(true);
      expect([...closure].some((a) => a.startsWith("data.aws_iam_policy_document."))).toBe(true);
    });
  }

  it("configures the primary's provider to call STS in the standby region; no other provider of the closure is of the primary region", () => {
    const providers = providersOf(tf, closure);
    const primaryProvider = tf.provider!.aws.find((a: any) => !a.alias);
    expect(primaryProvider.sts_region).toBe(standbyRegion);
    for (const provider of providers) {
      if (provider === "aws" || !provider.startsWith("aws")) continue;
      const alias = tf.provider!.aws.find((a: any) => `aws.${a.alias}` === provider);
      expect([provider, alias.region]).not.toEqual([provider, primaryProvider.region]);
    }
  });

  it("stays free of the primary region with the primary stack standing by too (its ALB's log policy reads no STS)", () => {
    const standing = stacks.primary.tf as TerraformJson;
    const present = targets.filter((t) => standing.resource?.[t.split(".")[0]]?.[t.split(".")[1]]);
    const data = [...targetClosure(standing, present)].filter((a) => a.startsWith("data."));
    expect(data.filter((a) => !(a.split(".")[1] in REGION_FREE_DATA_SOURCES))).toEqual([]);
  });

  it("keeps the variables it needs required: an apply without them fails instead of serving from the lost region", () => {
    for (const [name, variable] of Object.entries<any>(tf.variable ?? {})) {
      expect([name, variable.default]).toEqual([name, undefined]);
      expect(variable.validation[0].condition).toBe(`\${length(var.${name}) > 0}`);
    }
    // Standing by, the same variables default to empty: the primary serves from its own region.
    for (const variable of Object.values<any>(stacks.primary.tf.variable ?? {})) expect(variable.default).toBe("");
  });
});

describe("a plan of each runbook step against the real provider with the primary region unreachable", () => {
  // Needs hashicorp/aws at the version the stacks pin and AWS credentials: neither is here (no
  // registry, a mirror holding only 5.100.0, no AWS endpoint). Users' CI with both can run it.
  it.skip("cannot run here: no pinned AWS provider (the mirror has 5.100.0 only) and no AWS account or network", () => undefined);
});
