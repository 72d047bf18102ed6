import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataAwsSsmParameter, IamRole, Instance } from "../../../src/aws";
import { BOOT_RETRIES } from "../../../src/config/constants";
import { policyAttachmentIds, WebTier } from "../../../src/constructs/web/web-tier";
import { webUserData } from "../../../src/constructs/web/web-user-data";
import { naming, resourcesOf, settingsFor, synthConstruct } from "../../helpers";

const build = (web = settingsFor().web) =>
  synthConstruct((scope) => {
    new WebTier(scope, "web", {
      naming,
      settings: web,
      subnetIds: ["subnet-a", "subnet-c"],
      availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"],
      securityGroupId: "sg-web",
    });
  });

describe("WebTier", () => {
  const { json, tf } = build();

  it.each([
    ["multiple-server-web-a", "subnet-a"],
    ["multiple-server-web-c", "subnet-c"],
  ])("runs %s in %s: t3.micro, no public IP, IMDSv2 only, encrypted gp3 root", (name, subnet) => {
    expect(json).toHaveResourceWithProperties(Instance, {
      instance_type: "t3.micro",
      subnet_id: subnet,
      vpc_security_group_ids: ["sg-web"],
      associate_public_ip_address: false,
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
      root_block_device: { volume_type: "gp3", encrypted: true, volume_size: 8 },
      tags: { Name: name },
    });
  });

  it("gives the servers no key pair and the SSM instance profile", () => {
    const [profileId] = Object.keys(tf.resource.aws_iam_instance_profile);
    for (const [, instance] of resourcesOf(tf, "aws_instance")) {
      expect(instance.key_name).toBeUndefined();
      expect(instance.iam_instance_profile).toBe(`\${aws_iam_instance_profile.${profileId}.name}`);
    }
  });

  it("looks the AMI up at plan time from the public Amazon Linux 2023 SSM parameter", () => {
    expect(json).toHaveDataSourceWithProperties(DataAwsSsmParameter, {
      name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    });
    const [amiId] = Object.keys(tf.data!.aws_ssm_parameter);
    for (const [, instance] of resourcesOf(tf, "aws_instance")) {
      expect(instance.ami).toBe(`\${data.aws_ssm_parameter.${amiId}.insecure_value}`);
    }
  });

  it("selects the article's Amazon Linux 2 image when asked", () => {
    const al2 = build(settingsFor("dev", { web: { amiFamily: "al2" } }).web);
    expect(al2.json).toHaveDataSourceWithProperties(DataAwsSsmParameter, {
      name: "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
    });
  });

  it("creates multiple-server-web-iam, assumable by EC2 only, with AmazonSSMManagedInstanceCore alone", () => {
    expect(json).toHaveResourceWithProperties(IamRole, { name: "multiple-server-web-iam" });
    const assume = Object.values(tf.data!.aws_iam_policy_document)[0] as any;
    expect(assume.statement).toEqual([
      { actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] },
    ]);
    const attachments = resourcesOf(tf, "aws_iam_role_policy_attachment");
    expect(attachments).toHaveLength(1);
    expect(attachments[0][1].policy_arn).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:iam::aws:policy\/AmazonSSMManagedInstanceCore$/);
  });

  it("runs countPerAz servers per zone with numbered names", () => {
    const many = build(settingsFor("dev", { web: { countPerAz: 2 } }).web);
    const names = resourcesOf(many.tf, "aws_instance").map(([, i]) => i.tags.Name);
    expect(names).toEqual(["multiple-server-web-a1", "multiple-server-web-a2", "multiple-server-web-c1", "multiple-server-web-c2"]);
  });

  it("builds no server for the autoScaling fleet, only the role, profile and AMI lookup the group launches with", () => {
    const scaled = build(settingsFor("dev", { web: { fleet: "autoScaling" } }).web);
    expect(resourcesOf(scaled.tf, "aws_instance")).toEqual([]);
    expect(resourcesOf(scaled.tf, "aws_iam_instance_profile")).toHaveLength(1);
    expect(Object.keys(scaled.tf.data!.aws_ssm_parameter)).toHaveLength(1);
  });
});

describe("WebTier with web.managedPolicyArns", () => {
  const ARNS = [
    "arn:aws:iam::123456789012:policy/app.read",
    "arn:aws:iam::123456789012:policy/app-read",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
  ];

  it("keeps the id of an ARN whose id is its own, and sets apart those whose ids would meet by a hash of the ARN", () => {
    expect(policyAttachmentIds(ARNS)).toEqual([
      "managed-123456789012-policy-app-read-" + sha256(ARNS[0]).slice(0, 8),
      "managed-123456789012-policy-app-read-" + sha256(ARNS[1]).slice(0, 8),
      "managed-aws-policy-AmazonS3ReadOnlyAccess",
    ]);
    expect(policyAttachmentIds([ARNS[0], ARNS[2]])).toEqual(["managed-123456789012-policy-app-read", "managed-aws-policy-AmazonS3ReadOnlyAccess"]);
  });

  it("synthesizes policies whose ids would meet, each attached once", () => {
    const { tf } = build(settingsFor("dev", { web: { managedPolicyArns: ARNS } }).web);
    const attached = resourcesOf(tf, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn);
    expect(attached).toEqual(expect.arrayContaining(ARNS));
    expect(attached).toHaveLength(ARNS.length + 1);
  });
});

describe("webUserData", () => {
  const script = webUserData({ amiFamily: "al2023", port: 80, healthCheckPath: "/health", keepAliveTimeoutSeconds: 65 }, "multiple-server-web-a");

  it("installs and starts Apache with dnf on Amazon Linux 2023", () => {
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(script).toContain("retry dnf install -y httpd");
    expect(script).toContain("systemctl enable --now httpd");
  });

  it("answers / with the zone read through IMDSv2, and /health with a file", () => {
    expect(script).toContain("X-aws-ec2-metadata-token-ttl-seconds");
    expect(script).toContain("AZ=$(meta placement/availability-zone)");
    expect(script).toContain("availability zone $AZ");
    expect(script).toContain("echo ok > /var/www/html/health");
  });

  it("is a script bash can parse", () => {
    const check = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("retries the package install and every metadata read (user data runs once)", () => {
    expect(script).toContain("retry dnf install -y httpd");
    expect(script.match(/curl -fsS --retry \d+ --retry-connrefused/g)).toHaveLength(2);
    // The script's own retry function, run by bash with sleep stubbed out: a step that fails
    // twice then succeeds passes; one that always fails stops after BOOT_RETRIES tries.
    const retry = script.split("\n").find((line) => line.startsWith("retry()"));
    const run = (step: string) =>
      spawnSync("bash", ["-c", `set -euo pipefail; sleep() { :; }; ${retry}\nn=0; step() { n=$((n+1)); ${step}; }; retry step; echo "tries $n"`], {
        encoding: "utf8",
      });
    const flaky = run("[ $n -ge 3 ]");
    expect([flaky.status, flaky.stdout.trim()]).toEqual([0, "tries 3"]);
    const broken = run('echo "try $n" >&2; false');
    expect(broken.status).toBe(1);
    expect(broken.stderr.trim().split("\n")).toHaveLength(BOOT_RETRIES);
  });

  it("uses yum on Amazon Linux 2 and listens on the configured port", () => {
    const al2 = webUserData({ amiFamily: "al2", port: 8080, healthCheckPath: "/status/health", keepAliveTimeoutSeconds: 65 }, "x");
    expect(al2).toContain("retry yum install -y httpd");
    expect(al2).toContain("Listen 8080");
    expect(al2).toContain('mkdir -p "$(dirname /var/www/html/status/health)"');
  });

  it("writes Apache a keep-alive longer than the ALB's idle timeout, in a conf.d file bash really writes", () => {
    // The script's own lines for the file, run by bash with the path moved into a temporary folder.
    const lines = script.split("\n");
    const start = lines.findIndex((line) => line.startsWith("cat > /etc/httpd/conf.d/keepalive.conf"));
    const end = lines.indexOf("CONF", start);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keepalive-"));
    const snippet = lines.slice(start, end + 1).join("\n").replace("/etc/httpd/conf.d", dir);
    const run = spawnSync("bash", ["-euo", "pipefail", "-c", snippet], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "keepalive.conf"), "utf8")).toBe("KeepAlive On\nKeepAliveTimeout 65\n");
    fs.rmSync(dir, { recursive: true });
  });
});

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
