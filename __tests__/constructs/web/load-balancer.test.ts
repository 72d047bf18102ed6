import { Lb, LbListener, LbTargetGroup, RandomPassword } from "../../../src/aws";
import { ELB_LOG_DELIVERY_ACCOUNT_REGIONS, ELB_LOG_DELIVERY_SERVICE } from "../../../src/config/constants";
import { LoadBalancer } from "../../../src/constructs/web/load-balancer";
import { Naming } from "../../../src/naming";
import { byName, ref, resourcesOf, settingsFor, synthConstruct } from "../../helpers";

const build = (environment = "dev", region?: string, internal?: boolean) =>
  synthConstruct((scope) => {
    const s = settingsFor(environment);
    new LoadBalancer(scope, "load-balancer", {
      internal,
      naming: new Naming(s.namePrefix),
      settings: s.loadBalancer,
      region: region ?? s.region,
      vpcId: "vpc-test",
      subnetIds: ["subnet-public-a", "subnet-public-c"],
      securityGroupId: "sg-alb",
      targetInstanceIds: ["i-web-a", "i-web-c"],
      targetPort: s.web.port,
      healthCheckPath: s.web.healthCheckPath,
      protect: s.protectStatefulResources,
    });
  });

describe("LoadBalancer (dev)", () => {
  const { json, tf } = build();
  const alb = () => byName(tf, "aws_lb", "multiple-server-alb");
  const tg = () => byName(tf, "aws_lb_target_group", "multiple-server-tg");

  it("creates multiple-server-alb: internet-facing, application, both public subnets, drops invalid headers", () => {
    expect(json).toHaveResourceWithProperties(Lb, {
      name: "multiple-server-alb",
      internal: false,
      load_balancer_type: "application",
      subnets: ["subnet-public-a", "subnet-public-c"],
      security_groups: ["sg-alb"],
      drop_invalid_header_fields: true,
      enable_deletion_protection: false,
    });
    expect(alb().body.access_logs).toBeUndefined();
  });

  it("sets its idle timeout on purpose (60 s, below the web servers' keep-alive)", () => {
    expect(alb().body.idle_timeout).toBe(60);
  });

  it("creates multiple-server-tg on HTTP 80 with the /health check, and registers both servers", () => {
    expect(json).toHaveResourceWithProperties(LbTargetGroup, {
      name: "multiple-server-tg",
      port: 80,
      protocol: "HTTP",
      vpc_id: "vpc-test",
      health_check: { enabled: true, path: "/health", matcher: "200", protocol: "HTTP" },
    });
    const targets = resourcesOf(tf, "aws_lb_target_group_attachment").map(([, a]) => a);
    expect(targets.map((a) => a.target_id)).toEqual(["i-web-a", "i-web-c"]);
    for (const a of targets) expect(a.target_group_arn).toBe(ref("aws_lb_target_group", tg().id, "arn"));
  });

  it("answers 403 on port 80 by default", () => {
    expect(json).toHaveResourceWithProperties(LbListener, {
      load_balancer_arn: ref("aws_lb", alb().id, "arn"),
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "fixed-response", fixed_response: { status_code: "403", content_type: "text/plain", message_body: "Forbidden" } }],
    });
  });

  it("forwards only requests carrying the generated secret origin header", () => {
    const [[secretId, secret]] = resourcesOf(tf, "random_password");
    expect(secret).toEqual(expect.objectContaining({ length: 32, special: false }));
    const [[, rule]] = resourcesOf(tf, "aws_lb_listener_rule");
    expect(rule.condition).toEqual([
      { http_header: { http_header_name: "X-Origin-Verify", values: [ref("random_password", secretId, "result")] } },
    ]);
    expect(rule.action).toEqual([{ type: "forward", target_group_arn: ref("aws_lb_target_group", tg().id, "arn") }]);
    expect(json).toHaveResourceWithProperties(RandomPassword, { length: 32 });
  });
});

describe("LoadBalancer (prod)", () => {
  const { tf } = build("prod");

  it("turns on deletion protection and access logs to a protected bucket ELB may write to", () => {
    const alb = byName(tf, "aws_lb", "multiple-server-prod-alb").body;
    expect(alb.enable_deletion_protection).toBe(true);
    const [[bucketId, bucket]] = resourcesOf(tf, "aws_s3_bucket");
    expect(alb.access_logs).toEqual({ bucket: ref("aws_s3_bucket", bucketId, "bucket"), prefix: "alb", enabled: true });
    expect(bucket.bucket_prefix).toBe("multiple-server-prod-alb-logs-");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    // Versioned (checkov CKV_AWS_21): a deleted log comes back for a week; logs still expire at 90 days.
    expect(resourcesOf(tf, "aws_s3_bucket_versioning").map(([, v]) => v.versioning_configuration)).toEqual([{ status: "Enabled" }]);
    const [[, lifecycle]] = resourcesOf(tf, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule[0]).toMatchObject({ expiration: [{ days: 90 }], noncurrent_version_expiration: [{ noncurrent_days: 7 }] });
    expect(lifecycle.rule[1]).toMatchObject({ id: "expire-delete-markers", expiration: [{ expired_object_delete_marker: true }] });
    const [elbId] = Object.keys(tf.data!.aws_elb_service_account);
    const delivery = logDelivery(tf);
    expect(delivery.principals).toEqual([{ type: "AWS", identifiers: [`\${data.aws_elb_service_account.${elbId}.arn}`] }]);
    expect(delivery.actions).toEqual(["s3:PutObject"]);
    expect(delivery.resources[0]).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\.[^}]+\.account_id\}\/\*$/);
  });
});

/** The bucket policy statement that lets ELB deliver access logs. */
function logDelivery(tf: ReturnType<typeof build>["tf"]): any {
  return Object.values(tf.data!.aws_iam_policy_document)
    .flatMap((d: any) => d.statement)
    .find((s: any) => s.sid === "AllowElbLogDelivery");
}

// Regions opened since August 2022 have no ELB account (aws_elb_service_account fails there):
// ELB delivers access logs as a service principal.
describe("LoadBalancer access-log delivery by region", () => {
  it.each(["ap-northeast-2", "us-east-1", "ap-southeast-3", "us-gov-west-1", "cn-north-1"])(
    "in %s, a region opened before August 2022, admits ELB's account there",
    (region) => {
      const { tf } = build("prod", region);
      const [elbId, ...others] = Object.keys(tf.data!.aws_elb_service_account);
      expect(others).toEqual([]);
      expect(logDelivery(tf).principals).toEqual([{ type: "AWS", identifiers: [`\${data.aws_elb_service_account.${elbId}.arn}`] }]);
    },
  );

  it.each(["ap-south-2", "ap-southeast-4", "eu-south-2", "eu-central-2", "me-central-1", "il-central-1", "ca-west-1", "ap-southeast-5", "mx-central-1"])(
    "in %s, a region opened since, admits the log-delivery service principal and looks up no ELB account",
    (region) => {
      const { tf } = build("prod", region);
      const delivery = logDelivery(tf);
      expect(delivery.principals).toEqual([{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }]);
      expect(delivery.actions).toEqual(["s3:PutObject"]);
      expect(delivery.resources[0]).toMatch(/\/alb\/AWSLogs\/\$\{data\.aws_caller_identity\.[^}]+\.account_id\}\/\*$/);
      expect(tf.data!.aws_elb_service_account).toBeUndefined();
    },
  );

  it("names the service principal AWS documents", () => {
    expect(ELB_LOG_DELIVERY_SERVICE).toBe("logdelivery.elasticloadbalancing.amazonaws.com");
    expect(new Set(ELB_LOG_DELIVERY_ACCOUNT_REGIONS).size).toBe(ELB_LOG_DELIVERY_ACCOUNT_REGIONS.length);
  });
});

describe("LoadBalancer with an HTTPS origin", () => {
  const https = (http: boolean) =>
    synthConstruct((scope) => {
      const s = settingsFor("dev");
      new LoadBalancer(scope, "load-balancer", {
        naming: new Naming(s.namePrefix),
        settings: s.loadBalancer,
        region: s.region,
        vpcId: "vpc-test",
        subnetIds: ["subnet-public-a", "subnet-public-c"],
        securityGroupId: "sg-alb",
        targetInstanceIds: ["i-web-a"],
        targetPort: 80,
        healthCheckPath: "/health",
        https: { certificateArn: "${aws_acm_certificate_validation.origin.certificate_arn}" },
        http,
      });
    });

  it("listens on 443 with the origin's certificate and a TLS 1.3/1.2 policy, 403 by default, forwarding only with the header", () => {
    const { json, tf } = https(false);
    expect(json).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: "HTTPS",
      certificate_arn: "${aws_acm_certificate_validation.origin.certificate_arn}",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      default_action: [{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "403", message_body: "Forbidden" } }],
    });
    const listeners = resourcesOf(tf, "aws_lb_listener");
    expect(listeners.map(([, l]) => l.port)).toEqual([443]);
    const [[listenerId]] = listeners;
    const [[, rule]] = resourcesOf(tf, "aws_lb_listener_rule");
    const [[secretId]] = resourcesOf(tf, "random_password");
    expect(rule.listener_arn).toBe(ref("aws_lb_listener", listenerId, "arn"));
    expect(rule.condition).toEqual([{ http_header: { http_header_name: "X-Origin-Verify", values: [ref("random_password", secretId, "result")] } }]);
    expect(rule.action).toEqual([{ type: "forward", target_group_arn: ref("aws_lb_target_group", byName(tf, "aws_lb_target_group", "multiple-server-tg").id, "arn") }]);
  });

  it("keeps the HTTP listener and its rule, under their old ids, beside it while asked to", () => {
    const { tf } = https(true);
    expect(resourcesOf(tf, "aws_lb_listener").map(([id, l]) => [id.split("_")[1], l.protocol, l.port]).sort()).toEqual([
      ["https-listener", "HTTPS", 443],
      ["listener", "HTTP", 80],
    ]);
    expect(resourcesOf(tf, "aws_lb_listener_rule").map(([id]) => id.split("_")[1]).sort()).toEqual(["from-cloudfront", "https-from-cloudfront"]);
  });
});

describe("LoadBalancer behind a VPC origin", () => {
  it("is internal, in the subnets it is given", () => {
    expect(build("prod", undefined, true).json).toHaveResourceWithProperties(Lb, { name: "multiple-server-prod-alb", internal: true });
  });
});
