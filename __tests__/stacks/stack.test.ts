import { Naming } from "../../src/naming";
import { AwsProvider } from "../../src/aws";
import { EDGE_PROVIDER, edgeAddresses, edgeProviderProblems, passwordLiterals, subnetLayoutProblems, unresolvedReferences, worldOpenRules } from "../helpers/invariants";
import { webUserData } from "../../src/constructs/web/web-user-data";
import { alarmsOf, resourcesOf, settingsFor, synthStack } from "../helpers";
import { asCdktfWrites } from "../helpers/cdk";

describe.each(["dev", "prod"])("the %s stack as a whole", (environment) => {
  const { json, tf } = synthStack(settingsFor(environment));

  it("declares every resource and data source its references name", () => {
    expect(unresolvedReferences(tf)).toEqual([]);
  });

  it("keeps every subnet inside the VPC, none overlapping", () => {
    expect(subnetLayoutProblems(tf)).toEqual([]);
  });

  it("admits nothing from the whole internet; egress to it only on 443", () => {
    expect(worldOpenRules(tf, [443])).toEqual([]);
  });

  it("holds no password or secret literal", () => {
    expect(passwordLiterals(tf)).toEqual([]);
  });

  it("tags every resource with Project, Environment and ManagedBy through default_tags", () => {
    expect(json).toHaveProviderWithProperties(AwsProvider, {
      region: "ap-northeast-2",
      default_tags: [{ tags: { Project: "multiple-server", Environment: environment, ManagedBy: "cdktf" } }],
    });
  });

  it("keeps its state in S3 under multiple-server/<env>/terraform.tfstate, encrypted and locked", () => {
    expect(tf.terraform.backend).toEqual({
      s3: {
        bucket: "multiple-server-tfstate",
        key: `multiple-server/${environment}/terraform.tfstate`,
        region: "ap-northeast-2",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("outputs the addresses a user needs", () => {
    const outputs = tf.output!;
    // dev runs the article's fixed servers, prod an Auto Scaling group.
    const web = environment === "dev" ? "web_instance_ids" : "web_autoscaling_group";
    expect(Object.keys(outputs).sort()).toEqual(
      [
        "alb_dns_name",
        "cloudfront_domain",
        "db_master_secret_arn",
        "db_primary_endpoint",
        "db_replica_endpoint",
        "db_status_url",
        "vpc_id",
        web,
        // With the firewall on (prod), the edge differs from the article's: the site's address too.
        ...(environment === "prod" ? ["site_url"] : []),
      ].sort(),
    );
    const [[cdn]] = resourcesOf(tf, "aws_cloudfront_distribution");
    expect(outputs.db_status_url.value).toBe(`https://\${aws_cloudfront_distribution.${cdn}.domain_name}/db-status`);
    const [[secret]] = resourcesOf(tf, "aws_secretsmanager_secret");
    expect(outputs.db_master_secret_arn.value).toBe(`\${aws_secretsmanager_secret.${secret}.arn}`);
    if (environment === "dev") expect(outputs.web_instance_ids.value).toHaveLength(2);
    else {
      const [[group]] = resourcesOf(tf, "aws_autoscaling_group");
      expect(outputs.web_autoscaling_group.value).toBe(`\${aws_autoscaling_group.${group}.name}`);
    }
    for (const output of Object.values(outputs) as any[]) expect(output.description).toEqual(expect.any(String));
  });

  it("sends CloudFront's origin header with the very secret the listener rule requires, generated at deploy time", () => {
    const [[secretId]] = resourcesOf(tf, "random_password");
    const secret = `\${random_password.${secretId}.result}`;
    const [[, distribution]] = resourcesOf(tf, "aws_cloudfront_distribution");
    expect(distribution.origin[0].custom_header).toEqual([{ name: "X-Origin-Verify", value: secret }]);
    const rules = resourcesOf(tf, "aws_lb_listener_rule").map(([, rule]) => rule.condition);
    expect(rules).toEqual([[{ http_header: { http_header_name: "X-Origin-Verify", values: [secret] } }]]);
  });

  it("boots the web servers only once their NAT route, the public route to the IGW, outbound rules and SSM policy exist", () => {
    const egress = resourcesOf(tf, "aws_vpc_security_group_egress_rule")
      .filter(([, rule]) => rule.cidr_ipv4 === "0.0.0.0/0" && rule.security_group_id.includes("_web-sg_"))
      .map(([id]) => `aws_vpc_security_group_egress_rule.${id}`);
    expect(egress).toHaveLength(1);
    const natRoutes = resourcesOf(tf, "aws_route_table")
      .filter(([, table]) => table.route?.some((r: any) => r.nat_gateway_id))
      .map(([id]) => `aws_route_table.${id}`);
    const [igwRoute] = resourcesOf(tf, "aws_route_table")
      .filter(([, table]) => table.route?.some((r: any) => r.gateway_id?.startsWith("${aws_internet_gateway.")))
      .map(([id]) => id);
    const publicAssociations = resourcesOf(tf, "aws_route_table_association")
      .filter(([, a]) => a.route_table_id === `\${aws_route_table.${igwRoute}.id}`)
      .map(([id]) => `aws_route_table_association.${id}`);
    expect(publicAssociations).toHaveLength(2);
    const ssm = resourcesOf(tf, "aws_iam_role_policy_attachment")
      .filter(([, a]) => a.policy_arn.endsWith("/AmazonSSMManagedInstanceCore"))
      .map(([id]) => `aws_iam_role_policy_attachment.${id}`);
    expect(ssm).toHaveLength(1);
    const servers = [...resourcesOf(tf, "aws_instance"), ...resourcesOf(tf, "aws_autoscaling_group")];
    expect(servers).toHaveLength(environment === "dev" ? 2 : 1);
    for (const [, server] of servers) {
      expect(server.depends_on).toEqual(
        expect.arrayContaining([...egress, ...natRoutes, `aws_route_table.${igwRoute}`, ...publicAssociations, ...ssm]),
      );
    }
  });

  it("gives the web role the database parameters and an IAM connection as the application user, never the master secret, and the servers no wait on the database", () => {
    const [[roleId]] = resourcesOf(tf, "aws_iam_role").filter(([, r]) => r.name.endsWith("-web-iam"));
    const [[, policy]] = resourcesOf(tf, "aws_iam_role_policy").filter(([, p]) => p.name?.endsWith("-web-database-access"));
    expect(policy.role).toBe(`\${aws_iam_role.${roleId}.name}`);
    const document = tf.data!.aws_iam_policy_document[policy.policy.match(/aws_iam_policy_document\.([^.]+)\.json/)[1]];
    const [primary, replica] = resourcesOf(tf, "aws_db_instance").map(([id]) => id);
    expect(document.statement[1]).toEqual({
      sid: "ConnectAsApplicationUser",
      actions: ["rds-db:connect"],
      resources: [primary, replica].map((id) => expect.stringMatching(new RegExp(`:rds-db:ap-northeast-2:.*:dbuser:\\$\\{aws_db_instance\\.${id}\\.resource_id\\}/app$`))),
    });
    expect(JSON.stringify(document)).not.toMatch(/secretsmanager|kms:/);
    // Names, not endpoints: a server (or launch template) that referenced RDS would be created
    // only after the replica, and replaced whenever an endpoint became unknown in a plan.
    for (const [, server] of [...resourcesOf(tf, "aws_instance"), ...resourcesOf(tf, "aws_launch_template")]) {
      expect(JSON.stringify(server)).not.toContain("aws_db_instance");
    }
  });

  it("keeps the load balancer's health check on the plain /health, not the database page", () => {
    const [[, tg]] = resourcesOf(tf, "aws_lb_target_group");
    expect(tg.health_check.path).toBe("/health");
  });

  it("creates the flow log only once its role may write (the role's policy, not just the role)", () => {
    const [[policyId]] = resourcesOf(tf, "aws_iam_role_policy").filter(([, p]) => p.role.includes("flow-logs"));
    const [[, flowLog]] = resourcesOf(tf, "aws_flow_log");
    expect(flowLog.depends_on).toEqual([`aws_iam_role_policy.${policyId}`]);
  });

  it("matches the reviewed snapshot (update with `npx jest -u` after reviewing the diff)", () => {
    expect(asCdktfWrites(tf)).toMatchSnapshot();
  });
});

const DOMAIN = { domain: { name: "www.example.com", aliases: ["example.com"], zoneName: "example.com" } };

describe.each(["dev", "prod"])("the %s stack on its own domain", (environment) => {
  const { tf } = synthStack(settingsFor(environment, DOMAIN));
  const one = (type: string) => {
    const found = resourcesOf(tf, type);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const [distributionId, distribution] = one("aws_cloudfront_distribution");
  const certificates = Object.fromEntries(resourcesOf(tf, "aws_acm_certificate").map(([id, c]) => [c.domain_name, id]));
  const validations = Object.fromEntries(resourcesOf(tf, "aws_acm_certificate_validation").map(([id, v]) => [v.certificate_arn, id]));
  const validated = (name: string) => `\${aws_acm_certificate_validation.${validations[`\${aws_acm_certificate.${certificates[name]}.arn}`]}.certificate_arn}`;

  it("declares every resource its references name, and admits nothing from the whole internet", () => {
    expect(unresolvedReferences(tf)).toEqual([]);
    expect(worldOpenRules(tf, [80, 443])).toEqual([]);
  });

  it("serves the site's names with their issued certificate, and reaches origin.<name> over HTTPS", () => {
    expect(distribution.aliases).toEqual(["www.example.com", "example.com"]);
    expect(distribution.viewer_certificate.acm_certificate_arn).toBe(validated("www.example.com"));
    expect(distribution.origin[0].domain_name).toBe("origin.www.example.com");
    if (environment === "dev") expect(distribution.origin[0].custom_origin_config.origin_protocol_policy).toBe("https-only");
    else {
      // prod reaches its internal ALB through the VPC origin, which holds the protocol.
      const [vpcOriginId, vpcOrigin] = one("aws_cloudfront_vpc_origin");
      expect(distribution.origin[0].vpc_origin_config).toEqual({ vpc_origin_id: `\${aws_cloudfront_vpc_origin.${vpcOriginId}.id}` });
      expect(vpcOrigin.vpc_origin_endpoint_config[0]).toMatchObject({ origin_protocol_policy: "https-only", https_port: 443 });
    }
  });

  it("listens on 443 only, with the origin's issued certificate, and admits only 443 from CloudFront", () => {
    const [, listener] = one("aws_lb_listener");
    expect(listener).toMatchObject({ port: 443, protocol: "HTTPS", certificate_arn: validated("origin.www.example.com") });
    const fromCloudFront = resourcesOf(tf, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.prefix_list_id).map(([, r]) => [r.from_port, r.to_port]);
    expect(fromCloudFront).toEqual([[443, 443]]);
  });

  it("points A and AAAA of every name at CloudFront, and A of the origin name at the ALB", () => {
    const [albId] = one("aws_lb");
    const records = resourcesOf(tf, "aws_route53_record")
      .filter(([, r]) => r.alias)
      .map(([, r]) => [r.name, r.type, r.alias.name]);
    expect(records.sort()).toEqual([
      ["example.com", "A", `\${aws_cloudfront_distribution.${distributionId}.domain_name}`],
      ["example.com", "AAAA", `\${aws_cloudfront_distribution.${distributionId}.domain_name}`],
      ["origin.www.example.com", "A", `\${aws_lb.${albId}.dns_name}`],
      ["www.example.com", "A", `\${aws_cloudfront_distribution.${distributionId}.domain_name}`],
      ["www.example.com", "AAAA", `\${aws_cloudfront_distribution.${distributionId}.domain_name}`],
    ]);
  });

  it("switches CloudFront to the origin only once the origin's record and HTTPS listener exist", () => {
    const [recordId] = resourcesOf(tf, "aws_route53_record").find(([, r]) => r.name === "origin.www.example.com")!;
    const [listenerId] = one("aws_lb_listener");
    expect(distribution.depends_on).toEqual(expect.arrayContaining([`aws_route53_record.${recordId}`, `aws_lb_listener.${listenerId}`]));
  });

  it("outputs the site's https address and both certificates' ARNs", () => {
    expect(tf.output!.site_url.value).toBe("https://www.example.com");
    expect(tf.output!.viewer_certificate_arn.value).toBe(validated("www.example.com"));
    expect(tf.output!.origin_certificate_arn.value).toBe(validated("origin.www.example.com"));
  });

  it("puts the site's certificate, its validation and the firewall in us-east-1, and nothing else", () => {
    const expected = ["aws_acm_certificate", "aws_acm_certificate_validation"];
    if (environment === "prod") {
      expected.push("aws_cloudwatch_log_group", "aws_wafv2_web_acl", "aws_wafv2_web_acl_logging_configuration");
      // CloudFront's alarm, its topic and the topic's policy and key.
      expected.push("aws_cloudwatch_metric_alarm", "aws_kms_alias", "aws_kms_key", "aws_sns_topic", "aws_sns_topic_policy");
      // The WAF log group's key and alias (logKmsEncryption).
      expected.push("aws_kms_alias", "aws_kms_key");
      expected.sort();
    }
    expect([...edgeAddresses(tf)].map((a) => a.split(".")[0]).sort()).toEqual(expected);
    expect(edgeProviderProblems(tf)).toEqual([]);
  });

  it("keeps the HTTP listener and admits 80 to 443 in one rule while keepHttpOrigin moves a running environment", () => {
    const moving = synthStack(settingsFor(environment, { domain: { ...DOMAIN.domain, keepHttpOrigin: true } })).tf;
    expect(resourcesOf(moving, "aws_lb_listener").map(([, l]) => l.protocol).sort()).toEqual(["HTTP", "HTTPS"]);
    const fromCloudFront = resourcesOf(moving, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.prefix_list_id).map(([, r]) => [r.from_port, r.to_port]);
    expect(fromCloudFront).toEqual([[80, 443]]);
  });
});

it("prod on its own domain matches the reviewed snapshot (update with `npx jest -u` after reviewing the diff)", () => {
  expect(asCdktfWrites(synthStack(settingsFor("prod", DOMAIN)).tf)).toMatchSnapshot();
});

describe.each([
  ["prod (its default origin mode)", settingsFor("prod")],
  ["dev with cdn.origin vpc", settingsFor("dev", { cdn: { origin: "vpc" } })],
])("%s: CloudFront reaches an internal ALB through a VPC origin", (_, settings) => {
  const { tf } = synthStack(settings);
  const [[albId, alb]] = resourcesOf(tf, "aws_lb");
  const [[vpcOriginId, vpcOrigin]] = resourcesOf(tf, "aws_cloudfront_vpc_origin");
  const [[, distribution]] = resourcesOf(tf, "aws_cloudfront_distribution");
  const webSubnets = resourcesOf(tf, "aws_subnet")
    .filter(([, subnet]) => subnet.tags.Name.includes("-private-ap-"))
    .map(([id]) => `\${aws_subnet.${id}.id}`);

  it("makes the ALB internal, in the web subnets (private, routed to NAT, never to the internet gateway)", () => {
    expect(alb.internal).toBe(true);
    expect(alb.subnets).toEqual(webSubnets);
  });

  it("creates the VPC origin for that ALB once the VPC's internet gateway exists, as AWS requires", () => {
    const [[igwId]] = resourcesOf(tf, "aws_internet_gateway");
    const [[endpointId]] = resourcesOf(tf, "terraform_data");
    expect(vpcOrigin.vpc_origin_endpoint_config).toEqual([
      {
        name: `${settings.namePrefix}-vpc-origin-\${substr(terraform_data.${endpointId}.id, 0, 8)}`,
        arn: `\${aws_lb.${albId}.arn}`,
        http_port: 80,
        https_port: 443,
        origin_protocol_policy: "http-only",
        origin_ssl_protocols: [{ items: ["TLSv1.2"], quantity: 1 }],
      },
    ]);
    expect(vpcOrigin.depends_on).toEqual([`aws_internet_gateway.${igwId}`]);
  });

  it("points the distribution's origin at it, still sending the secret header the listener rule requires", () => {
    const [origin] = distribution.origin;
    expect(origin.vpc_origin_config).toEqual({ vpc_origin_id: `\${aws_cloudfront_vpc_origin.${vpcOriginId}.id}` });
    expect(origin.custom_origin_config).toBeUndefined();
    expect(origin.domain_name).toBe(`\${aws_lb.${albId}.dns_name}`);
    const [[secretId]] = resourcesOf(tf, "random_password");
    expect(origin.custom_header).toEqual([{ name: "X-Origin-Verify", value: `\${random_password.${secretId}.result}` }]);
  });

  it("admits the ALB's port only from CloudFront's origin-facing prefix list, and nothing from the internet", () => {
    const [[groupId]] = resourcesOf(tf, "aws_security_group").filter(([, g]) => g.name.endsWith("-alb-sg"));
    const ingress = resourcesOf(tf, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.security_group_id === `\${aws_security_group.${groupId}.id}`);
    const [prefixListId] = Object.keys(tf.data!.aws_ec2_managed_prefix_list);
    expect(ingress.map(([, r]) => [r.prefix_list_id, r.from_port, r.to_port])).toEqual([[`\${data.aws_ec2_managed_prefix_list.${prefixListId}.id}`, 80, 80]]);
    expect(worldOpenRules(tf, [80, 443])).toEqual([]);
  });

  it("admits CloudFront by the VPC origins' own security group instead, once asked (a later apply)", () => {
    const narrowed = synthStack(settingsFor(settings.environment, { cdn: { origin: "vpc", vpcOriginIngress: "serviceGroup" } })).tf;
    const fromCloudFront = resourcesOf(narrowed, "aws_vpc_security_group_ingress_rule").filter(([id]) => id.startsWith("security-groups_alb-in-cloudfront_"));
    const [serviceGroupId] = Object.keys(narrowed.data!.aws_security_group);
    expect(fromCloudFront.map(([, r]) => [r.referenced_security_group_id, r.prefix_list_id])).toEqual([[`\${data.aws_security_group.${serviceGroupId}.id}`, undefined]]);
    expect(narrowed.data!.aws_security_group[serviceGroupId]).toMatchObject({ name: "CloudFront-VPCOrigins-Service-SG" });
  });

  it("outputs the site's address, since the edge differs from the article's", () => {
    expect(tf.output!.site_url.value).toBe(`https://\${aws_cloudfront_distribution.${resourcesOf(tf, "aws_cloudfront_distribution")[0][0]}.domain_name}`);
  });
});

describe("which provider each resource uses", () => {
  it("dev as the article builds it has no edge resource and no second provider", () => {
    const { tf } = synthStack(settingsFor("dev"));
    expect(edgeAddresses(tf).size).toBe(0);
    expect(tf.provider!.aws).toHaveLength(1);
  });

  it.each([
    [
      "prod (firewall and alarms on)",
      settingsFor("prod"),
      [
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_metric_alarm",
        // The alarm topic's key and alias, and the WAF log group's (logKmsEncryption).
        "aws_kms_alias",
        "aws_kms_alias",
        "aws_kms_key",
        "aws_kms_key",
        "aws_sns_topic",
        "aws_sns_topic_policy",
        "aws_wafv2_web_acl",
        "aws_wafv2_web_acl_logging_configuration",
      ],
    ],
    [
      "dev with alarms and an email address only",
      settingsFor("dev", { alarms: { enabled: true, emails: ["ops@example.com"] } }),
      ["aws_cloudwatch_metric_alarm", "aws_kms_alias", "aws_kms_key", "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription"],
    ],
    ["dev with the firewall on", settingsFor("dev", { cdn: { waf: { enabled: true } } }), ["aws_cloudwatch_log_group", "aws_wafv2_web_acl", "aws_wafv2_web_acl_logging_configuration"]],
  ])("%s: every us-east-1 resource uses the edge provider, and nothing else does", (_, settings, edgeTypes) => {
    const { tf } = synthStack(settings);
    expect([...edgeAddresses(tf)].map((a) => a.split(".")[0]).sort()).toEqual(edgeTypes);
    expect(edgeProviderProblems(tf)).toEqual([]);
    expect(tf.provider!.aws.find((p: any) => p.alias === "us_east_1")).toMatchObject({ region: "us-east-1" });
  });
});

describe.each([
  ["dev", "instances", undefined],
  ["dev", "autoScaling", undefined],
  ["prod", "autoScaling", undefined],
  ["prod", "instances", "instances"],
] as const)("the %s stack with the %s fleet", (environment, fleet, override) => {
  const { tf } = synthStack(settingsFor(environment, { web: { fleet } }));
  const prefix = environment === "dev" ? "multiple-server" : "multiple-server-prod";
  const [[templateId, template] = []] = resourcesOf(tf, "aws_launch_template");
  const [[groupId, group] = []] = resourcesOf(tf, "aws_autoscaling_group");
  const [[targetGroupId]] = resourcesOf(tf, "aws_lb_target_group");

  if (fleet === "instances") {
    it(`runs one server per zone${override ? " (asked for explicitly in prod)" : ""}, each attached to the target group, and no group`, () => {
      expect(resourcesOf(tf, "aws_instance").map(([, i]) => i.tags.Name)).toEqual([`${prefix}-web-a`, `${prefix}-web-c`]);
      expect(resourcesOf(tf, "aws_lb_target_group_attachment")).toHaveLength(2);
      expect(template).toBeUndefined();
      expect(group).toBeUndefined();
    });
    return;
  }

  it("runs no fixed server: a group of 2 to 6 over both web subnets, attached to the target group, ELB health checks", () => {
    expect(resourcesOf(tf, "aws_instance")).toEqual([]);
    expect(resourcesOf(tf, "aws_lb_target_group_attachment")).toEqual([]);
    const webSubnets = resourcesOf(tf, "aws_subnet")
      .filter(([, s]) => ["10.0.1.0/24", "10.0.11.0/24"].includes(s.cidr_block))
      .map(([id]) => `\${aws_subnet.${id}.id}`);
    expect(webSubnets).toHaveLength(2);
    expect(group).toMatchObject({
      name: `${prefix}-web`,
      min_size: 2,
      desired_capacity: 2,
      max_size: 6,
      vpc_zone_identifier: webSubnets,
      target_group_arns: [`\${aws_lb_target_group.${targetGroupId}.arn}`],
      health_check_type: "ELB",
    });
    expect(group.launch_template.version).toBe(`\${aws_launch_template.${templateId}.latest_version}`);
  });

  it("launches from the web tier's AMI lookup, instance profile, security group and boot script", () => {
    const [[amiId]] = Object.entries(tf.data!.aws_ssm_parameter);
    const [[profileId]] = resourcesOf(tf, "aws_iam_instance_profile");
    const [[sgId]] = resourcesOf(tf, "aws_security_group").filter(([, sg]) => sg.name === `${prefix}-web-sg` || sg.tags?.Name === `${prefix}-web-sg`);
    expect(template.image_id).toBe(`\${data.aws_ssm_parameter.${amiId}.insecure_value}`);
    expect(template.iam_instance_profile).toEqual({ name: `\${aws_iam_instance_profile.${profileId}.name}` });
    expect(template.network_interfaces[0].security_groups).toEqual([`\${aws_security_group.${sgId}.id}`]);
    const script = Buffer.from(template.user_data, "base64").toString("utf8");
    const settings = settingsFor(environment);
    const database = { region: settings.region, port: settings.database.port, parameters: new Naming(prefix).databaseParameters() };
    expect(script).toBe(webUserData(settings.web, `${prefix}-web`, database));
  });

  it("tags the servers with Name and the environment's default tags at launch", () => {
    expect(Object.fromEntries(group.tag.map((t: any) => [t.key, t.value]))).toEqual({
      Project: "multiple-server",
      Environment: environment,
      ManagedBy: "cdktf",
      Name: `${prefix}-web`,
    });
  });

  it("scales on CPU around 50% and keeps its scaled-out count across applies", () => {
    const [[, policy]] = resourcesOf(tf, "aws_autoscaling_policy");
    expect(policy.autoscaling_group_name).toBe(`\${aws_autoscaling_group.${groupId}.name}`);
    expect(policy.target_tracking_configuration.target_value).toBe(50);
    expect(group.lifecycle.ignore_changes).toEqual(["desired_capacity"]);
  });
});

describe("prod's alarms, as the stack wires them", () => {
  const { tf } = synthStack(settingsFor("prod"));
  const alarms = alarmsOf(tf);
  const id = (type: string, name: string) => resourcesOf(tf, type).find(([, r]) => r.name === name || r.identifier === name || r.tags?.Name === name)![0];
  const alb = `\${aws_lb.${id("aws_lb", "multiple-server-prod-alb")}.arn_suffix}`;
  const tg = `\${aws_lb_target_group.${id("aws_lb_target_group", "multiple-server-prod-tg")}.arn_suffix}`;
  const db = (name: string) => `\${aws_db_instance.${id("aws_db_instance", name)}.identifier}`;
  const nat = (name: string) => `\${aws_nat_gateway.${id("aws_nat_gateway", name)}.id}`;
  const cdn = `\${aws_cloudfront_distribution.${resourcesOf(tf, "aws_cloudfront_distribution")[0][0]}.id}`;

  it("watches every metric the issue lists on the resources of this stack, each in the right namespace, region and provider", () => {
    const shapes = Object.fromEntries(Object.entries(alarms).map(([name, a]) => [name, [a.namespace, a.metric_name, a.dimensions, a.provider ?? "aws"]]));
    const rds = (metric: string, name: string) => ["AWS/RDS", metric, { DBInstanceIdentifier: db(name) }, "aws"];
    const natMetric = (metric: string, name: string) => ["AWS/NATGateway", metric, { NatGatewayId: nat(name) }, "aws"];
    expect(shapes).toEqual({
      "multiple-server-prod-alb-5xx": ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", { LoadBalancer: alb }, "aws"],
      "multiple-server-prod-alb-target-5xx": ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", { LoadBalancer: alb, TargetGroup: tg }, "aws"],
      "multiple-server-prod-alb-unhealthy-hosts": ["AWS/ApplicationELB", "UnHealthyHostCount", { LoadBalancer: alb, TargetGroup: tg }, "aws"],
      "multiple-server-prod-alb-healthy-hosts-a": ["AWS/ApplicationELB", "HealthyHostCount", { LoadBalancer: alb, TargetGroup: tg, AvailabilityZone: "ap-northeast-2a" }, "aws"],
      "multiple-server-prod-alb-healthy-hosts-c": ["AWS/ApplicationELB", "HealthyHostCount", { LoadBalancer: alb, TargetGroup: tg, AvailabilityZone: "ap-northeast-2c" }, "aws"],
      "multiple-server-prod-alb-p95-latency": ["AWS/ApplicationELB", "TargetResponseTime", { LoadBalancer: alb, TargetGroup: tg }, "aws"],
      "multiple-server-prod-db-a-cpu": rds("CPUUtilization", "multiple-server-prod-db-a"),
      "multiple-server-prod-db-a-free-storage": rds("FreeStorageSpace", "multiple-server-prod-db-a"),
      "multiple-server-prod-db-a-freeable-memory": rds("FreeableMemory", "multiple-server-prod-db-a"),
      "multiple-server-prod-db-a-connections": rds("DatabaseConnections", "multiple-server-prod-db-a"),
      "multiple-server-prod-db-c-cpu": rds("CPUUtilization", "multiple-server-prod-db-c"),
      "multiple-server-prod-db-c-free-storage": rds("FreeStorageSpace", "multiple-server-prod-db-c"),
      "multiple-server-prod-db-c-freeable-memory": rds("FreeableMemory", "multiple-server-prod-db-c"),
      "multiple-server-prod-db-c-connections": rds("DatabaseConnections", "multiple-server-prod-db-c"),
      "multiple-server-prod-db-c-replica-lag": rds("ReplicaLag", "multiple-server-prod-db-c"),
      "multiple-server-prod-nat-a-port-allocation-errors": natMetric("ErrorPortAllocation", "multiple-server-prod-nat-a"),
      "multiple-server-prod-nat-a-dropped-packets": natMetric("PacketsDropCount", "multiple-server-prod-nat-a"),
      "multiple-server-prod-nat-c-port-allocation-errors": natMetric("ErrorPortAllocation", "multiple-server-prod-nat-c"),
      "multiple-server-prod-nat-c-dropped-packets": natMetric("PacketsDropCount", "multiple-server-prod-nat-c"),
      "multiple-server-prod-cdn-5xx-rate": ["AWS/CloudFront", "5xxErrorRate", { DistributionId: cdn, Region: "Global" }, "aws.us_east_1"],
    });
  });

  it("notifies the topic of its own region on ALARM and OK: CloudFront's the us-east-1 topic, the rest the regional one", () => {
    const topics = Object.fromEntries(resourcesOf(tf, "aws_sns_topic").map(([topicId, t]) => [t.provider ?? "aws", `\${aws_sns_topic.${topicId}.arn}`]));
    for (const alarm of Object.values(alarms)) {
      expect([alarm.alarm_name, alarm.alarm_actions, alarm.ok_actions]).toEqual([alarm.alarm_name, [topics[alarm.provider ?? "aws"]], [topics[alarm.provider ?? "aws"]]]);
    }
  });

  it("derives the database thresholds from prod's settings: 10% of 20 GiB, 10% of a db.t3.micro's 1 GiB, 80% of its 64 connections", () => {
    expect(alarms["multiple-server-prod-db-a-free-storage"].threshold).toBe(2 * 1024 ** 3);
    expect(alarms["multiple-server-prod-db-a-freeable-memory"].threshold).toBe(Math.round(0.1 * 1024 ** 3));
    expect(alarms["multiple-server-prod-db-a-connections"].threshold).toBe(51);
  });

  it("graphs the Auto Scaling group's size on the dashboard <prefix>", () => {
    const [[, dashboard]] = resourcesOf(tf, "aws_cloudwatch_dashboard");
    const [[groupId]] = resourcesOf(tf, "aws_autoscaling_group");
    expect(dashboard.dashboard_name).toBe("multiple-server-prod");
    expect(dashboard.dashboard_body).toContain(`"AutoScalingGroupName","\${aws_autoscaling_group.${groupId}.name}"`);
  });

  it("leaves dev without alarms, topics or dashboard (its output stays the article's)", () => {
    const dev = synthStack(settingsFor("dev")).tf;
    for (const type of ["aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_kms_key", "aws_cloudwatch_dashboard"]) expect(resourcesOf(dev, type)).toEqual([]);
  });
});

describe("the whole-stack invariants catch what they claim to", () => {
  const fresh = () => structuredClone(synthStack().tf);

  it("finds a reference to an undeclared resource", () => {
    const tf = fresh();
    const [, nat] = resourcesOf(tf, "aws_nat_gateway")[0];
    nat.subnet_id = "${aws_subnet.missing.id}";
    nat.depends_on = ["aws_internet_gateway.gone"];
    expect(unresolvedReferences(tf).sort()).toEqual(["aws_internet_gateway.gone", "aws_subnet.missing"]);
  });

  it("finds an undeclared variable, local or module, and accepts a declared one", () => {
    const tf = fresh();
    const [, vpc] = resourcesOf(tf, "aws_vpc")[0];
    vpc.cidr_block = "${var.cidr}";
    vpc.tags = { Name: "${local.name}", Owner: "${module.team.owner}", Size: "${length(var.cidr)}" };
    expect(unresolvedReferences(tf).sort()).toEqual(["local.name", "module.team", "var.cidr", "var.cidr"]);
    tf.variable = { cidr: { type: "string" } };
    tf.locals = { name: "x" };
    tf.module = { team: { source: "./team" } };
    expect(unresolvedReferences(tf)).toEqual([]);
  });

  it("finds a subnet outside the VPC and an overlap", () => {
    const tf = fresh();
    const subnets = resourcesOf(tf, "aws_subnet").map(([, s]) => s);
    subnets[0].cidr_block = "10.1.0.0/24";
    subnets[1].cidr_block = subnets[2].cidr_block;
    expect(subnetLayoutProblems(tf)).toHaveLength(2);
  });

  it("finds world-open ingress and egress", () => {
    const tf = fresh();
    const [, ingress] = resourcesOf(tf, "aws_vpc_security_group_ingress_rule")[0];
    ingress.cidr_ipv4 = "0.0.0.0/0";
    const egress = resourcesOf(tf, "aws_vpc_security_group_egress_rule").find(([, r]) => r.cidr_ipv4)![1];
    egress.from_port = 0;
    expect(worldOpenRules(tf, [80, 443])).toHaveLength(2);
  });

  it("finds an edge resource on the default provider, and a regional one on the edge provider", () => {
    const tf = structuredClone(synthStack(settingsFor("prod")).tf);
    const [, acl] = resourcesOf(tf, "aws_wafv2_web_acl")[0];
    delete acl.provider;
    const [vpcId, vpc] = resourcesOf(tf, "aws_vpc")[0];
    vpc.provider = EDGE_PROVIDER;
    expect(edgeProviderProblems(tf)).toEqual([
      `aws_vpc.${vpcId} uses the us-east-1 provider but belongs in the stack's region`,
      `aws_wafv2_web_acl.${resourcesOf(tf, "aws_wafv2_web_acl")[0][0]} must be in us-east-1 but uses the default provider`,
    ]);
  });

  it("finds a password literal", () => {
    const tf = fresh();
    resourcesOf(tf, "aws_db_instance")[0][1].password = "hunter2hunter2";
    expect(passwordLiterals(tf)).toEqual(["password=hunter2hunter2"]);
  });
});
