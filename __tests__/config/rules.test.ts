import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_TAG_KEYS } from "../../src/config/constants";
import { ConfigError, formatProblem } from "../../src/config/errors";
import { fleetOf } from "../../src/config/fleet";
import { contextValue, loadSettings, selectEnvironments } from "../../src/config/load";
import { defaultTags } from "../../src/stacks/stack";
import type { SettingsInput } from "../../src/config/schema";
import { partitionOf } from "../../src/config/rules/web";
import { architectureOf } from "../../src/config/rules/instance-types";

/** The formatted problems of loading `names`, or [] when they load. */
function problemsOfLoading(names: string[], env: Record<string, string> = {}, definitions?: Record<string, SettingsInput>): string[] {
  try {
    loadSettings(names, env, definitions);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
}

/** The formatted problems of `input` as environment `prod`, or [] when it is valid. */
const problemsOf = (input: SettingsInput, env: Record<string, string> = {}) => problemsOfLoading(["prod"], env, { prod: input });

/** The formatted problems of selecting `name` from `definitions`, or [] when it loads. */
const problemsOfNamed = (name: string, definitions: Record<string, SettingsInput>) => problemsOfLoading([name], {}, definitions);

const subnets = (pub: string[], web: string[], database: string[]) => ({
  public: pub.map((cidr) => ({ cidr })),
  web: web.map((cidr) => ({ cidr })),
  database: database.map((cidr) => ({ cidr })),
});

describe("configuration rules: the bad value, the exact message", () => {
  it.each<[string, SettingsInput, string[]]>([
    [
      "a subnet outside the VPC",
      { network: { subnets: subnets(["10.0.0.0/24", "10.0.10.0/24"], ["10.0.1.0/24", "10.1.1.0/24"], ["10.0.2.0/24", "10.0.12.0/24"]) } },
      ["prod.network.subnets.web[1].cidr 10.1.1.0/24 is outside the VPC 10.0.0.0/16"],
    ],
    [
      "a public VPC block",
      { network: { vpcCidr: "11.0.0.0/16", subnets: subnets(["11.0.0.0/24", "11.0.10.0/24"], ["11.0.1.0/24", "11.0.11.0/24"], ["11.0.2.0/24", "11.0.12.0/24"]) } },
      ["prod.network.vpcCidr 11.0.0.0/16 is not a private block (RFC 1918: 10/8, 172.16/12, 192.168/16)"],
    ],
    [
      "a VPC larger than /16",
      { network: { vpcCidr: "10.0.0.0/8" } },
      ["prod.network.vpcCidr 10.0.0.0/8 must be between /16 and /28"],
    ],
    [
      "a VPC block with host bits",
      { network: { vpcCidr: "10.0.0.1/16" } },
      expect.arrayContaining(["prod.network.vpcCidr 10.0.0.1/16 has host bits set (the block is 10.0.0.0/16)"]) as unknown as string[],
    ],
    [
      "a VPC block that is not a CIDR",
      { network: { vpcCidr: "10.0/16" } },
      ["prod.network.vpcCidr 10.0/16 is not an IPv4 CIDR block (a.b.c.d/n)"],
    ],
    [
      "overlapping subnets",
      { network: { subnets: subnets(["10.0.0.0/24", "10.0.10.0/24"], ["10.0.0.128/25", "10.0.11.0/24"], ["10.0.2.0/24", "10.0.12.0/24"]) } },
      ["prod.network.subnets.web[0].cidr 10.0.0.128/25 overlaps network.subnets.public[0].cidr 10.0.0.0/24"],
    ],
    [
      "a subnet smaller than /28",
      { network: { subnets: subnets(["10.0.0.0/29", "10.0.10.0/24"], ["10.0.1.0/24", "10.0.11.0/24"], ["10.0.2.0/24", "10.0.12.0/24"]) } },
      ["prod.network.subnets.public[0].cidr 10.0.0.0/29 is smaller than /28, the smallest subnet AWS allows"],
    ],
    [
      "a tier without one subnet per zone (so public subnets span fewer than two zones)",
      { network: { subnets: subnets(["10.0.0.0/24"], ["10.0.1.0/24", "10.0.11.0/24"], ["10.0.2.0/24", "10.0.12.0/24"]) } },
      ['prod.network.subnets.public ["10.0.0.0/24"] must have one subnet per availability zone (2), in zone order'],
    ],
    [
      "a zone of another region",
      { network: { availabilityZones: ["ap-northeast-2a", "us-east-1c"] } },
      ["prod.network.availabilityZones[1] us-east-1c is not a zone of region ap-northeast-2 (like ap-northeast-2a)"],
    ],
    [
      "fewer than two distinct zones",
      { network: { availabilityZones: ["ap-northeast-2a", "ap-northeast-2a"] }, database: { replicaAz: "ap-northeast-2a" } },
      [
        "prod.network.availabilityZones[1] ap-northeast-2a repeats network.availabilityZones[0]",
        'prod.network.availabilityZones ["ap-northeast-2a","ap-northeast-2a"] must name at least two distinct zones (the ALB and the replica need two)',
        "prod.database.replicaAz ap-northeast-2a must differ from the primary's zone ap-northeast-2a",
      ],
    ],
    [
      "a region that is not one",
      { region: "seoul", network: { availabilityZones: ["seoula", "seoulc"] } },
      ["prod.region seoul is not an AWS region name (like ap-northeast-2)"],
    ],
    [
      "the replica in the primary's zone",
      { database: { primaryAz: "ap-northeast-2c", replicaAz: "ap-northeast-2c" } },
      ["prod.database.replicaAz ap-northeast-2c must differ from the primary's zone ap-northeast-2c"],
    ],
    [
      "a database zone that is not one of the zones",
      { database: { replicaAz: "ap-northeast-2b" } },
      ["prod.database.replicaAz ap-northeast-2b is not one of network.availabilityZones (ap-northeast-2a, ap-northeast-2c)"],
    ],
    [
      "more web servers per zone than instance resources should carry",
      { web: { countPerAz: 21 } },
      ["prod.web.countPerAz 21 must be at most 20 (each is its own instance resource; beyond that use an Auto Scaling group)"],
    ],
    ["no web server in a zone", { web: { countPerAz: 0 } }, ["prod.web.countPerAz 0 must be at least 1 (each zone needs a server behind the ALB)"]],
    [
      "countPerAz with an Auto Scaling fleet",
      { web: { fleet: "autoScaling", countPerAz: 2 } },
      [
        'prod.web.countPerAz 2 is only read by the instances fleet (an Auto Scaling group sizes itself from web.autoScaling.min, desired and max); remove it or set web.fleet to "instances"',
      ],
    ],
    [
      "Auto Scaling settings with the instances fleet",
      { web: { autoScaling: { max: 4 } } },
      ['prod.web.autoScaling {"max":4,"targetCpuPercent":50,"healthCheckGraceSeconds":300} is only read by the autoScaling fleet; remove it or set web.fleet to "autoScaling"'],
    ],
    [
      "an Auto Scaling minimum above the maximum",
      { web: { fleet: "autoScaling", autoScaling: { min: 4, max: 3 } } },
      ["prod.web.autoScaling.min 4 must not exceed web.autoScaling.max 3"],
    ],
    [
      "an Auto Scaling minimum above the default maximum (three per zone)",
      { web: { fleet: "autoScaling", autoScaling: { min: 7 } } },
      ["prod.web.autoScaling.min 7 must not exceed web.autoScaling.max 6"],
    ],
    [
      "an Auto Scaling minimum below one server per zone",
      { web: { fleet: "autoScaling", autoScaling: { min: 1 } } },
      ["prod.web.autoScaling.min 1 must be at least 2, one server per availability zone (network.availabilityZones has 2)"],
    ],
    [
      "three zones with an explicit minimum of two",
      {
        network: {
          availabilityZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"],
          subnets: subnets(["10.0.0.0/24", "10.0.10.0/24", "10.0.20.0/24"], ["10.0.1.0/24", "10.0.11.0/24", "10.0.21.0/24"], ["10.0.2.0/24", "10.0.12.0/24", "10.0.22.0/24"]),
        },
        web: { fleet: "autoScaling", autoScaling: { min: 2 } },
      },
      ["prod.web.autoScaling.min 2 must be at least 3, one server per availability zone (network.availabilityZones has 3)"],
    ],
    [
      "a desired count outside min and max",
      { web: { fleet: "autoScaling", autoScaling: { desired: 7 } } },
      ["prod.web.autoScaling.desired 7 must be between web.autoScaling.min 2 and web.autoScaling.max 6"],
    ],
    [
      "a CPU target above 100%",
      { web: { fleet: "autoScaling", autoScaling: { targetCpuPercent: 120 } } },
      ["prod.web.autoScaling.targetCpuPercent 120 must be at most 100"],
    ],
    [
      "alarms on a database class whose memory the table does not know",
      { alarms: { enabled: true }, database: { instanceClass: "db.x2iedn.xlarge" } },
      [
        "prod.alarms.database.instanceMemoryGiB (unset) must be set: the memory of database.instanceClass db.x2iedn.xlarge is not in RDS_INSTANCE_MEMORY_GIB (src/config/rds-memory.ts), and the memory and connections alarms are shares of it",
      ],
    ],
    ["an alarm address that is not one", { alarms: { emails: ["ops@example.com", "on-call"] } }, ["prod.alarms.emails[1] on-call must be an email address (like ops@example.com)"]],
    ["a replica lag threshold of zero", { alarms: { database: { replicaLagSeconds: 0 } } }, ["prod.alarms.database.replicaLagSeconds 0 must be at least 1"]],
    ["an unknown fleet", { web: { fleet: "lambda" as never } }, ['prod.web.fleet lambda must be one of "instances", "autoScaling"']],
    [
      "a managed policy that is not an ARN, one that owns the account and one listed twice",
      { web: { managedPolicyArns: ["AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] } },
      [
        "prod.web.managedPolicyArns[0] AmazonS3ReadOnlyAccess is not an IAM policy ARN (arn:aws:iam::<account or aws>:policy/<name>)",
        "prod.web.managedPolicyArns[1] arn:aws:iam::aws:policy/AdministratorAccess would give every web server (and whoever takes one over) the whole account; attach a policy that grants only what your application calls",
        "prod.web.managedPolicyArns[3] arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess is listed twice (first at web.managedPolicyArns[2])",
      ],
    ],
    [
      "malformed maintenance and backup windows",
      { database: { maintenanceWindow: "sunday 03:00-04:00", backupWindow: "3:00-4:00" } },
      [
        'prod.database.maintenanceWindow "sunday 03:00-04:00" must be ddd:hh24:mi-ddd:hh24:mi in UTC, days mon to sun (like sun:18:00-sun:19:00)',
        "prod.database.backupWindow 3:00-4:00 must be hh24:mi-hh24:mi in UTC (like 17:00-17:30)",
      ],
    ],
    [
      "maintenance and backup windows under 30 minutes",
      { database: { maintenanceWindow: "sun:23:50-mon:00:10", backupWindow: "10:00-10:00" } },
      [
        "prod.database.maintenanceWindow sun:23:50-mon:00:10 is shorter than the 30 minutes RDS requires",
        "prod.database.backupWindow 10:00-10:00 is shorter than the 30 minutes RDS requires",
      ],
    ],
    [
      "a backup window that overlaps the maintenance window, across midnight",
      { database: { maintenanceWindow: "Sun:23:30-Mon:01:00", backupWindow: "00:30-01:30" } },
      ["prod.database.backupWindow 00:30-01:30 overlaps database.maintenanceWindow Sun:23:30-Mon:01:00 (RDS refuses windows that conflict)"],
    ],
    [
      "a maintenance window without a backup window",
      { database: { maintenanceWindow: "sun:18:00-sun:19:00" } },
      [
        "prod.database.backupWindow (unset) must be set with database.maintenanceWindow sun:18:00-sun:19:00: otherwise RDS picks a backup window at random, which may conflict with it (RDS refuses windows that conflict)",
      ],
    ],
    [
      "database parameters the stack sets itself, and a name that is none",
      { database: { parameters: { require_secure_transport: "0", LONG_QUERY_TIME: 10, "max connections": 50, max_connections: 50 } } },
      [
        "prod.database.parameters.require_secure_transport 0 cannot be set: the stack sets require_secure_transport itself (it refuses connections without TLS, so no credential or row crosses the VPC in clear text)",
        "prod.database.parameters.LONG_QUERY_TIME 10 cannot be set: the stack sets long_query_time itself (it is database.slowQuerySeconds; set that instead)",
        "prod.database.parameters.max connections 50 is not under a MySQL parameter name (letters, digits, _ . -, starting with a letter)",
      ],
    ],
    [
      "static MySQL parameters without pending-reboot, whatever their case",
      { database: { parameters: { skip_name_resolve: 1, Innodb_Buffer_Pool_Instances: { value: 4, applyMethod: "immediate" }, performance_schema: { value: 1, applyMethod: "pending-reboot" } } } },
      [
        'prod.database.parameters.skip_name_resolve 1 is applied "immediate" (the provider\'s default without applyMethod) for a static MySQL parameter (Dynamic: No in MySQL\'s reference manual), which RDS refuses at apply ("cannot use immediate apply method for static parameter"); give { "value": ..., "applyMethod": "pending-reboot" }: it takes effect at the instances\' next reboot',
        'prod.database.parameters.Innodb_Buffer_Pool_Instances.applyMethod immediate is refused for a static MySQL parameter (Dynamic: No in MySQL\'s reference manual), which RDS refuses at apply ("cannot use immediate apply method for static parameter"); give { "value": ..., "applyMethod": "pending-reboot" }: it takes effect at the instances\' next reboot',
      ],
    ],
    [
      "one database parameter twice in different case, and numbers that are not plain digits",
      { database: { parameters: { max_connections: 200, MAX_CONNECTIONS: 300, max_allowed_packet: 1e21, max_binlog_cache_size: { value: 18446744073709551615, applyMethod: "immediate" } } } },
      [
        "prod.database.parameters.MAX_CONNECTIONS 300 is database.parameters.max_connections again (RDS parameter names are not case-sensitive: the provider sends both as max_connections)",
        "prod.database.parameters.max_allowed_packet 1e+21 is written 1e+21 as text, which MySQL does not read as a number; give the digits as a string",
        "prod.database.parameters.max_binlog_cache_size.value 18446744073709552000 is past the integers a JSON number holds exactly (2^53), so its last digits are already lost; give the digits as a string",
      ],
    ],
    [
      "a database parameter JSON reads as Infinity (1e309)",
      { database: { parameters: { innodb_lock_wait_timeout: JSON.parse("1e309") } } },
      [
        'prod.database.parameters.innodb_lock_wait_timeout Infinity must be a value (a string or a finite number) or { "value": ..., "applyMethod": "immediate" or "pending-reboot" }',
      ],
    ],
    [
      "the stack's own Session Manager policy, and policies of another partition than the region's",
      {
        web: {
          managedPolicyArns: [
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            "arn:aws-cn:iam::123456789012:policy/app-read",
            "arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess",
          ],
        },
      },
      [
        "prod.web.managedPolicyArns[0] arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore is already attached by the stack (Session Manager); listed here it would be a second attachment of the same policy, and removing it later would detach Session Manager from the servers",
        "prod.web.managedPolicyArns[1] arn:aws-cn:iam::123456789012:policy/app-read is in partition aws-cn, not the aws partition of region ap-northeast-2; write it arn:aws:iam::...",
        "prod.web.managedPolicyArns[2] arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess is in partition aws-us-gov, not the aws partition of region ap-northeast-2; write it arn:aws:iam::...",
      ],
    ],
    [
      "Session Manager's policy written in another partition",
      { web: { managedPolicyArns: ["arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore"] } },
      [
        "prod.web.managedPolicyArns[0] arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore is already attached by the stack (Session Manager); listed here it would be a second attachment of the same policy, and removing it later would detach Session Manager from the servers",
        "prod.web.managedPolicyArns[0] arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore is in partition aws-cn, not the aws partition of region ap-northeast-2; write it arn:aws:iam::...",
      ],
    ],
    [
      "EC2 Mac instance types, which are in EC2's list",
      { web: { instanceType: "mac2.metal" } },
      [
        "prod.web.instanceType mac2.metal is an EC2 Mac instance, which runs only macOS on a Dedicated Host: the web servers boot Amazon Linux; choose another type (like t3.micro, or t4g.micro for Arm)",
      ],
    ],
    [
      "an SSM parameter in a hierarchy without its leading /",
      { web: { image: { ssmParameter: "my-app/ami-id" } } },
      ["prod.web.image.ssmParameter my-app/ami-id must start with / (Systems Manager requires it of a name in a hierarchy: /my-app/ami-id)"],
    ],
    [
      "an SSM parameter 16 levels deep",
      { web: { image: { ssmParameter: "/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11/l12/l13/l14/l15/l16" } } },
      ["prod.web.image.ssmParameter /l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11/l12/l13/l14/l15/l16 has 16 levels, more than the 15 Systems Manager allows in a parameter hierarchy"],
    ],
    [
      "more managed policies than IAM attaches to a role",
      { web: { managedPolicyArns: Array.from({ length: 10 }, (_, i) => `arn:aws:iam::123456789012:policy/app-${i}`) } },
      ["prod.web.managedPolicyArns 10 policies are more than the 9 IAM attaches to a role beside ours by default (10 per role)"],
    ],
    ["SSH from the IPv4 world", { web: { adminCidr: "0.0.0.0/0" } }, ["prod.web.adminCidr 0.0.0.0/0 opens SSH to the whole internet; name your admin network instead"]],
    ["SSH from the IPv6 world", { web: { adminCidr: "::/0" } }, ["prod.web.adminCidr ::/0 opens SSH to the whole internet; name your admin network instead"]],
    ["an admin CIDR that is not one", { web: { adminCidr: "my-office" } }, ["prod.web.adminCidr my-office is not an IPv4 CIDR block (a.b.c.d/n)"]],
    ["an admin CIDR in short form", { web: { adminCidr: "10.1/16" } }, ["prod.web.adminCidr 10.1/16 is not an IPv4 CIDR block (a.b.c.d/n)"]],
    ["an admin CIDR with host bits", { web: { adminCidr: "203.0.113.7/24" } }, ["prod.web.adminCidr 203.0.113.7/24 has host bits set (the block is 203.0.113.0/24)"]],
    [
      "an IPv6 admin CIDR (the rule is cidr_ipv4)",
      { web: { adminCidr: "2001:db8::/48" } },
      ["prod.web.adminCidr 2001:db8::/48 is an IPv6 block; the SSH rule takes an IPv4 block (a.b.c.d/n)"],
    ],
    [
      "an admin CIDR broader than /8",
      { web: { adminCidr: "0.0.0.0/1" } },
      ["prod.web.adminCidr 0.0.0.0/1 is broader than /8 and opens SSH to much of the internet; name your admin network instead"],
    ],
    [
      "no automated backups",
      { database: { backupRetentionDays: 0 } },
      ["prod.database.backupRetentionDays 0 must be 1 to 35 days (a read replica needs automated backups)"],
    ],
    [
      "backups kept longer than RDS allows",
      { database: { backupRetentionDays: 36 } },
      ["prod.database.backupRetentionDays 36 must be 1 to 35 days (a read replica needs automated backups)"],
    ],
    [
      "deletion protection without a final snapshot",
      { database: { deletionProtection: true, skipFinalSnapshot: true } },
      ["prod.database.skipFinalSnapshot true must be false when database.deletionProtection is on (a protected database keeps a final snapshot)"],
    ],
    [
      "an engine version RDS no longer creates",
      { database: { engineVersion: "8.0.23" as never } },
      ['prod.database.engineVersion 8.0.23 must be one of "8.4", "8.0"'],
    ],
    [
      "a prefix that makes the ALB name too long",
      { namePrefix: "multiple-server-production-env" },
      [
        "prod.namePrefix multiple-server-production-env makes the ALB name multiple-server-production-env-alb 34 characters long (AWS allows 32)",
        "prod.namePrefix multiple-server-production-env makes the target group name multiple-server-production-env-tg 33 characters long (AWS allows 32)",
        "prod.namePrefix multiple-server-production-env makes the S3 bucket prefix multiple-server-production-env-alb-logs- 40 characters long (AWS allows 37)",
      ],
    ],
    [
      "a prefix with a double hyphen",
      { namePrefix: "multiple--server" },
      ["prod.namePrefix multiple--server must be lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen"],
    ],
    [
      "a prefix with capitals",
      { namePrefix: "Multiple-Server" },
      ["prod.namePrefix Multiple-Server must be lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen"],
    ],
    [
      "a prefix starting with a digit",
      { namePrefix: "1server" },
      ["prod.namePrefix 1server must be lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen"],
    ],
    [
      "a health check path that would inject shell",
      { web: { healthCheckPath: "/health;reboot" } },
      ["prod.web.healthCheckPath /health;reboot must be a path starting with / made of letters, digits and . _ ~ / -"],
    ],
    [
      "the database status page as the health check (a database blip would take every server out)",
      { web: { healthCheckPath: "/db-status" } },
      ["prod.web.healthCheckPath /db-status must not be the database status page /db-status: a database blip would take every server out of the load balancer"],
    ],
    [
      "a keep-alive equal to the ALB's idle timeout (Apache would close connections the ALB still uses: 502s)",
      { web: { keepAliveTimeoutSeconds: 60 } },
      ["prod.web.keepAliveTimeoutSeconds 60 must be greater than loadBalancer.idleTimeoutSeconds 60 (a server that closes an idle connection before the load balancer does causes intermittent 502s)"],
    ],
    [
      "an ALB idle timeout raised above the default keep-alive",
      { loadBalancer: { idleTimeoutSeconds: 120 } },
      ["prod.web.keepAliveTimeoutSeconds 65 must be greater than loadBalancer.idleTimeoutSeconds 120 (a server that closes an idle connection before the load balancer does causes intermittent 502s)"],
    ],
    [
      "a storage ceiling equal to the allocation",
      { database: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 100 } },
      ["prod.database.maxAllocatedStorageGiB 100 must be at least 10% above database.allocatedStorageGiB 100 (110 or more; RDS refuses a lower storage autoscaling ceiling)"],
    ],
    [
      "an allocation at RDS's largest volume, whose default ceiling cannot be above it",
      { database: { allocatedStorageGiB: 65536 } },
      ["prod.database.maxAllocatedStorageGiB 65536 must be at least 10% above database.allocatedStorageGiB 65536 (72090 or more; RDS refuses a lower storage autoscaling ceiling)"],
    ],
    [
      "a KMS alias for the master secret (IAM grants kms:Decrypt on key ARNs)",
      { database: { masterSecretKmsKeyId: "alias/rds-secret" } },
      ["prod.database.masterSecretKmsKeyId alias/rds-secret must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or id: the database users function's role is granted kms:Decrypt on it by ARN"],
    ],
    [
      "a KMS key of another region for the master secret",
      { database: { masterSecretKmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } },
      ["prod.database.masterSecretKmsKeyId arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab must be a key in the stack's region ap-northeast-2 (the secret lives there)"],
    ],
    [
      "a secret recovery window Secrets Manager does not offer",
      { secretRecoveryWindowDays: 5 },
      ["prod.secretRecoveryWindowDays 5 must be 0 (deleted at once) or 7 to 30: the windows Secrets Manager allows"],
    ],
    [
      "production secrets deleted at once on destroy",
      { production: true, secretRecoveryWindowDays: 0, alarms: { enabled: true, dashboard: true, emails: ["ops@example.com"] } },
      ["prod.secretRecoveryWindowDays 0 must be 7 to 30 in a production environment: at 0 a destroyed database password can never be restored"],
    ],
    [
      "a health check path of / alone (the boot script would write to the folder)",
      { web: { healthCheckPath: "/" } },
      ["prod.web.healthCheckPath / must name a file, not end with / (the boot script writes it under /var/www/html)"],
    ],
    [
      "a health check path ending in /",
      { web: { healthCheckPath: "/health/" } },
      ["prod.web.healthCheckPath /health/ must name a file, not end with / (the boot script writes it under /var/www/html)"],
    ],
    [
      "a health check path that climbs out of the web root",
      { web: { healthCheckPath: "/../../etc/passwd" } },
      ["prod.web.healthCheckPath /../../etc/passwd must not have an empty, . or .. segment (the boot script writes it under /var/www/html)"],
    ],
    [
      "a health check path with a . segment",
      { web: { healthCheckPath: "/./health" } },
      ["prod.web.healthCheckPath /./health must not have an empty, . or .. segment (the boot script writes it under /var/www/html)"],
    ],
    [
      "a health check path with an empty segment",
      { web: { healthCheckPath: "//index.html" } },
      ["prod.web.healthCheckPath //index.html must not have an empty, . or .. segment (the boot script writes it under /var/www/html)"],
    ],
    [
      "the zone page as the health check path",
      { web: { healthCheckPath: "/index.html" } },
      ["prod.web.healthCheckPath /index.html must not be the zone page the servers answer with; name a file of its own like /health"],
    ],
    [
      "a prefix starting with internal- (ALB names may not)",
      { namePrefix: "internal-web" },
      ["prod.namePrefix internal-web must not start with internal- (AWS does not allow it at the start of ALB names)"],
    ],
    [
      "a prefix starting with sg- (security group names may not)",
      { namePrefix: "sg-web" },
      ["prod.namePrefix sg-web must not start with sg- (AWS does not allow it at the start of security group names)"],
    ],
    [
      "a flow log retention CloudWatch Logs refuses",
      { network: { flowLogRetentionDays: 45 } },
      [
        "prod.network.flowLogRetentionDays 45 must be 0 (off) or a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
      ],
    ],
    ["a tag with an empty key", { tags: { "": "web" } }, ['prod.tags[""] web has an empty key (AWS requires one)']],
    [
      "a tag in AWS's own namespace",
      { tags: { "AWS:cost": "web" } },
      ['prod.tags["AWS:cost"] web has a key starting with aws:, a prefix AWS reserves for its own tags'],
    ],
    ...["Project", "Environment", "ManagedBy"].map((key): [string, SettingsInput, string[]] => [
      `the tag ${key} the stack sets itself`,
      { tags: { [key]: "mine" } },
      [`prod.tags.${key} mine is set by the stack on every resource (Project, Environment, ManagedBy), so this value would be silently replaced; use another key`],
    ]),
    ...["1admin", "db-admin", "a_very_long_username"].map((masterUsername): [string, SettingsInput, string[]] => [
      `the master user name ${masterUsername}`,
      { database: { masterUsername } },
      [`prod.database.masterUsername ${masterUsername} must be 1 to 16 letters, digits or underscores, starting with a letter (MySQL on RDS)`],
    ]),
    [
      "the master user name RDS keeps for itself",
      { database: { masterUsername: "rdsadmin" } },
      ["prod.database.masterUsername rdsadmin is reserved by RDS for its own administration; choose another name"],
    ],
    ["SSH on the web server's port", { web: { port: 8080, sshPort: 8080, adminCidr: "203.0.113.0/24" } }, ["prod.web.sshPort 8080 must differ from web.port 8080"]],
    ["the database on the web server's port", { web: { port: 3306 } }, ["prod.database.port 3306 must differ from web.port 3306"]],
    [
      "an origin header name with a space",
      { loadBalancer: { originHeaderName: "X Origin" } },
      ['prod.loadBalancer.originHeaderName "X Origin" must be an HTTP header name (letters, digits, hyphens)'],
    ],
    ["an origin header name with a colon", { loadBalancer: { originHeaderName: "X-Origin:" } }, ["prod.loadBalancer.originHeaderName X-Origin: must be an HTTP header name (letters, digits, hyphens)"]],
    [
      "a KMS key for the state without encryption",
      { backend: { kmsKeyId: "alias/state", encrypt: false } },
      ["prod.backend.encrypt false must be true when backend.kmsKeyId is set"],
    ],
    [
      "an image id that is not an AMI's and an SSM parameter name with spaces",
      { web: { image: { id: "ami-12345" } } },
      ["prod.web.image.id ami-12345 is not an AMI id (ami- and 8 or 17 hexadecimal digits)"],
    ],
    [
      "an SSM parameter name with spaces",
      { web: { image: { ssmParameter: "/my app/ami" } } },
      ['prod.web.image.ssmParameter "/my app/ami" is not an SSM parameter name (letters, digits and _ . - /, like /my-app/ami-id)'],
    ],
    [
      "an AMI id with a standby but no image of the standby's region",
      { web: { image: { id: "ami-0123456789abcdef0" } }, dr: { region: "ap-northeast-1" } },
      [
        'prod.dr.image (unset) must be set: web.image.id ami-0123456789abcdef0 is an AMI of the primary region only; give the standby region\'s copy ({ "id": "ami-..." }), or name the image by web.image.ssmParameter, read in each region',
      ],
    ],
    [
      "a standby image without web.image.id",
      { dr: { region: "ap-northeast-1", image: { id: "ami-0123456789abcdef0" } } },
      ['prod.dr.image {"id":"ami-0123456789abcdef0"} is only read with web.image.id; remove it (the standby boots the image web.image names in its own region)'],
    ],
    ...[1000, 1149].map((port): [string, SettingsInput, string[]] => [
      `the database port ${port}, below what RDS accepts`,
      { database: { port } },
      [`prod.database.port ${port} must be 1150 to 65535 (the ports RDS for MySQL accepts)`],
    ]),
    ...[8, 81, 444, 1023].map((listenerPort): [string, SettingsInput, string[]] => [
      `the listener port ${listenerPort}, which CloudFront cannot reach`,
      { loadBalancer: { listenerPort } },
      [`prod.loadBalancer.listenerPort ${listenerPort} must be 80, 443 or 1024 to 65535 (the HTTP ports CloudFront connects to a custom origin on)`],
    ]),
    [
      "a region name AWS does not have",
      { region: "ap-northeast-9", network: { availabilityZones: ["ap-northeast-9a", "ap-northeast-9c"] } },
      ["prod.region ap-northeast-9 is not a known AWS region (the list is in src/config/constants.ts: add a new region there)"],
    ],
    [
      "a GovCloud region (another partition)",
      { region: "us-gov-west-1", network: { availabilityZones: ["us-gov-west-1a", "us-gov-west-1b"] } },
      ["prod.region us-gov-west-1 is not a known AWS region (the list is in src/config/constants.ts: add a new region there)"],
    ],
    [
      "a state bucket in a region AWS does not have",
      { backend: { region: "eu-west-9" } },
      ["prod.backend.region eu-west-9 is not a known AWS region (the list is in src/config/constants.ts: add a new region there)"],
    ],
    ["a state bucket region that is not one", { backend: { region: "seoul" } }, ["prod.backend.region seoul is not an AWS region name (like ap-northeast-2)"]],
    ...["environment", "PROJECT", "managedby", "NAME"].map((key): [string, SettingsInput, string[]] => {
      const own = ["Project", "Environment", "ManagedBy", "Name"].find((k) => k.toLowerCase() === key.toLowerCase());
      return [
        `the tag ${key}, the stack's ${own} in another case`,
        { tags: { [key]: "mine" } },
        [`prod.tags.${key} mine differs from the stack's own ${own} tag only in case, and IAM tag keys ignore case (a role cannot carry both); use another key`],
      ];
    }),
    ["the tag Name every resource sets", { tags: { Name: "mine" } }, ["prod.tags.Name mine is set by every resource to its own name, so this value would be silently replaced; use another key"]],
    [
      "a tag key longer than 128 characters",
      { tags: { ["k".repeat(129)]: "v" } },
      [`prod.tags.${"k".repeat(129)} v has a key 129 characters long (AWS allows 128)`],
    ],
    [
      "a tag value longer than 256 characters",
      { tags: { CostCenter: "v".repeat(257) } },
      [`prod.tags.CostCenter ${"v".repeat(257)} is 257 characters long (AWS allows 256)`],
    ],
    [
      "more tags than fit beside the stack's own",
      { tags: Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, "v"])) },
      [
        `prod.tags ${JSON.stringify(Array.from({ length: 47 }, (_, i) => `t${i}`))} has 47 tags; AWS allows 50 per resource and the stack adds 4 (Project, Environment, ManagedBy, Name), so at most 46`,
      ],
    ],
    [
      "a tag key with a character IAM and S3 refuse",
      { tags: { "cost#center": "web" } },
      ['prod.tags["cost#center"] web has a key with characters some tagged services refuse (allowed: letters, digits, spaces and _ . : / = + - @)'],
    ],
    ...["a;b", "rocket 🚀", "line\nbreak"].map((value): [string, SettingsInput, string[]] => [
      `the tag value ${JSON.stringify(value)}`,
      { tags: { CostCenter: value } },
      [`prod.tags.CostCenter ${/\s/.test(value) ? JSON.stringify(value) : value} has characters some tagged services refuse (allowed: letters, digits, spaces and _ . : / = + - @)`],
    ]),
    ["a state bucket shaped like an IP address", { backend: { bucket: "192.168.1.1" } }, ["prod.backend.bucket 192.168.1.1 is shaped like an IP address, which S3 refuses as a bucket name"]],
    ...["xn--state", "sthree-state", "amzn-s3-demo-state"].map((bucket): [string, SettingsInput, string[]] => [
      `the state bucket ${bucket}, with a start S3 keeps`,
      { backend: { bucket } },
      [`prod.backend.bucket ${bucket} must not start with ${bucket.replace(/state$/, "")} (S3 keeps xn--, sthree-, amzn-s3-demo- for its own names)`],
    ]),
    ...["state-s3alias", "state--ol-s3", "state.mrap", "state--x-s3", "state--table-s3"].map((bucket): [string, SettingsInput, string[]] => [
      `the state bucket ${bucket}, with an end S3 keeps`,
      { backend: { bucket } },
      [`prod.backend.bucket ${bucket} must not end with ${bucket.slice("state".length)} (S3 keeps -s3alias, --ol-s3, .mrap, --x-s3, --table-s3 for its own names)`],
    ]),
    [
      "a prefix starting with sthree- (the access-log bucket's name would)",
      { namePrefix: "sthree-web" },
      ["prod.namePrefix sthree-web must not start with sthree- (AWS does not allow it at the start of S3 bucket names)"],
    ],
    ["an instance type that is not one", { web: { instanceType: "micro" } }, ["prod.web.instanceType micro is not an EC2 instance type (like t3.micro)"]],
    ["an RDS class without db.", { database: { instanceClass: "t3.micro" } }, ["prod.database.instanceClass t3.micro is not an RDS for MySQL instance class (did you mean db.t3.micro?)"]],
    ["the cloud backend without an organization", { backend: { kind: "cloud" } }, ["prod.backend.organization (unset) is required for the cloud backend (or set TF_CLOUD_ORGANIZATION)"]],
    ["an S3 bucket name with capitals", { backend: { bucket: "My_State" } }, ["prod.backend.bucket My_State is not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)"]],
    ...["/multiple-server", "multiple-server/", "multiple//server"].map((keyPrefix): [string, SettingsInput, string[]] => [
      `a state key prefix ${keyPrefix}`,
      { backend: { keyPrefix } },
      [`prod.backend.keyPrefix ${keyPrefix} must not start or end with / nor contain // (terraform init refuses the state key as an Invalid Value)`],
    ]),
    ["an unknown setting", { web: { instanceTyp: "t3.small" } as never }, ["prod.web.instanceTyp t3.small is not a setting (did you mean instanceType?)"]],
    [
      "unknown settings, each at its own path",
      { netwrok: { natGateways: "perAz" }, web: { colour: "red" } } as never,
      [
        'prod.web.colour red is not a setting (settings here: instanceType, fleet, countPerAz, autoScaling, amiFamily, image, rootVolumeGiB, port, healthCheckPath, adminCidr, sshPort, keepAliveTimeoutSeconds, bootScript, managedPolicyArns)',
        'prod.netwrok {"natGateways":"perAz"} is not a setting (did you mean network?)',
      ],
    ],
    ["an unknown setting in a list", { network: { subnets: { web: [{ cidr: "10.0.1.0/24", az: "a" }, { cidr: "10.0.11.0/24" }] } } } as never, ["prod.network.subnets.web[0].az a is not a setting (settings here: cidr)"]],
    ["a string where a number belongs", { web: { countPerAz: "2" as never } }, ['prod.web.countPerAz "2" must be a number, not a string']],
    ["a fraction where a whole number belongs", { web: { countPerAz: 1.5 } }, ["prod.web.countPerAz 1.5 must be a whole number"]],
    ["an infinite number (1e309 in JSON)", { web: { countPerAz: Infinity } }, ["prod.web.countPerAz Infinity must be a finite number"]],
    ["a negative infinite number", { database: { slowQuerySeconds: -Infinity } }, ["prod.database.slowQuerySeconds -Infinity must be a finite number"]],
    ["a number that is not one", { network: { flowLogRetentionDays: NaN } }, ["prod.network.flowLogRetentionDays NaN must be a finite number"]],
    ["an object where a list belongs", { network: { availabilityZones: { a: "ap-northeast-2a" } as never } }, ['prod.network.availabilityZones {"a":"ap-northeast-2a"} must be an array, not an object']],
    ["a list where an object belongs", { database: [] as never }, ["prod.database [] must be an object, not an array"]],
    ["a missing subnet block", { network: { subnets: { web: [{} as never, { cidr: "10.0.11.0/24" }] } } }, ["prod.network.subnets.web[0].cidr (unset) must be set to a string"]],
    ["a string where a boolean belongs", { database: { multiAz: "true" as never } }, ['prod.database.multiAz "true" must be a boolean, not a string']],
    ["an unknown NAT mode", { network: { natGateways: "two" as never } }, ['prod.network.natGateways two must be one of "single", "perAz"']],
    [
      "a domain name with an uppercase letter, a trailing dot and a wildcard origin",
      { domain: { name: "WWW.example.com", aliases: ["example.com."], zoneName: "example.com", originName: "*.example.com" } },
      [
        "prod.domain.name WWW.example.com is not a DNS name (lowercase letters, digits and hyphens in labels of 1 to 63 characters (none starting or ending with a hyphen), separated by dots)",
        "prod.domain.aliases[0] example.com. must not end with a dot (write example.com, not example.com.)",
        "prod.domain.originName *.example.com must not be a wildcard (it names one host)",
      ],
    ],
    [
      "a label longer than 63 characters, a name of 254 and a one-label name",
      { domain: { name: `${"a".repeat(64)}.example.com`, aliases: [`${"b.".repeat(126)}co`, "localhost"], zoneId: "Z0123456789ABCDEFGHIJ", originName: "origin.example.com" } },
      [
        `prod.domain.name ${"a".repeat(64)}.example.com is not a DNS name (lowercase letters, digits and hyphens in labels of 1 to 63 characters (none starting or ending with a hyphen), separated by dots)`,
        `prod.domain.aliases[0] ${"b.".repeat(126)}co is 254 characters long (a DNS name has at most 253)`,
        "prod.domain.aliases[1] localhost is not a name in a public zone (it needs at least two labels, like example.com)",
        `prod.domain.name ${"a".repeat(64)}.example.com is 76 characters long; ACM takes at most 64 for the first name of a certificate`,
      ],
    ],
    [
      "names outside the zone",
      { domain: { name: "www.example.org", aliases: ["*.shop.example.com", "example.net"], zoneName: "example.com" } },
      [
        "prod.domain.name www.example.org is not inside the zone example.com",
        "prod.domain.aliases[1] example.net is not inside the zone example.com",
        "prod.domain.originName origin.www.example.org is not inside the zone example.com",
      ],
    ],
    [
      "a zone given both ways, and a zone id of the wrong shape",
      { domain: { name: "www.example.com", zoneName: "example.com", zoneId: "example.com" } },
      [
        "prod.domain.zoneId example.com must not be set together with domain.zoneName; give the zone one way",
        "prod.domain.zoneId example.com is not a Route 53 hosted zone id (like Z0123456789ABCDEFGHIJ)",
      ],
    ],
    ["no zone at all", { domain: { name: "www.example.com" } }, ["prod.domain.zoneName (unset) or domain.zoneId must be set: the public hosted zone that holds the names"]],
    ["a domain without its name", { domain: { zoneName: "example.com" } as never }, ["prod.domain.name (unset) must be set to a string"]],
    [
      "repeated names, and an origin name that is the site's",
      { domain: { name: "www.example.com", aliases: ["www.example.com", "example.com", "example.com"], zoneName: "example.com", originName: "example.com" } },
      [
        "prod.domain.aliases[0] www.example.com repeats domain.name",
        "prod.domain.aliases[2] example.com repeats domain.aliases[1]",
        "prod.domain.originName example.com must differ from domain.name and every alias: it names the load balancer, not the site",
      ],
    ],
    [
      "more aliases than a certificate holds",
      { domain: { name: "example.com", aliases: Array.from({ length: 10 }, (_, i) => `s${i}.example.com`), zoneName: "example.com" } },
      [`prod.domain.aliases ${JSON.stringify(Array.from({ length: 10 }, (_, i) => `s${i}.example.com`))} has 10 names; with domain.name that is more than the 10 names an ACM certificate holds by default`],
    ],
    [
      "the HTTP listener kept on 443 beside the HTTPS one",
      { loadBalancer: { listenerPort: 443 }, domain: { name: "www.example.com", zoneName: "example.com", keepHttpOrigin: true } },
      ["prod.loadBalancer.listenerPort 443 must not be 443 while domain.keepHttpOrigin keeps the HTTP listener beside the HTTPS one on 443"],
    ],
    [
      "the VPC origins' security group as the ALB's source without a VPC origin",
      { cdn: { origin: "public", vpcOriginIngress: "serviceGroup" } },
      [
        "prod.cdn.vpcOriginIngress serviceGroup is ignored while cdn.origin is public (it chooses how a VPC origin's internal load balancer admits CloudFront); remove it or set cdn.origin to \"vpc\"",
      ],
    ],
    ["a rate limit below what WAF accepts", { cdn: { waf: { enabled: true, rateLimit: 9 } } }, ["prod.cdn.waf.rateLimit 9 must be 10 to 2,000,000,000 requests per client IP in 5 minutes (what a WAF rate-based rule accepts)"]],
    ["a rate limit above what WAF accepts", { cdn: { waf: { enabled: true, rateLimit: 2_000_000_001 } } }, ["prod.cdn.waf.rateLimit 2000000001 must be 10 to 2,000,000,000 requests per client IP in 5 minutes (what a WAF rate-based rule accepts)"]],
    [
      "a WAF log retention CloudWatch Logs refuses",
      { cdn: { waf: { enabled: true, logRetentionDays: 0 } } },
      ["prod.cdn.waf.logRetentionDays 0 must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"],
    ],
    [
      "a rule group WAF does not have in countOnly",
      { cdn: { waf: { countOnly: ["AWSManagedRulesSQLiRuleSet" as never] } } },
      ['prod.cdn.waf.countOnly[0] AWSManagedRulesSQLiRuleSet must be one of "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesAnonymousIpList", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet"'],
    ],
  ])("refuses %s", (_, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  const NAME_RULE =
    "is not an environment name (lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen)";
  it.each<[string, string]>([
    ["Staging Env", `app.environments "Staging Env" ${NAME_RULE}`],
    ["a/b", `app.environments a/b ${NAME_RULE}`],
    ["Staging", `app.environments Staging ${NAME_RULE}`],
    ["stag--ing", `app.environments stag--ing ${NAME_RULE}`],
    ["staging-", `app.environments staging- ${NAME_RULE}`],
    ["1staging", `app.environments 1staging ${NAME_RULE}`],
    [
      "e".repeat(75),
      `app.environments ${"e".repeat(75)} makes the stack and HCP Terraform workspace name multiple-server-${"e".repeat(75)} 91 characters long (HCP Terraform allows 90)`,
    ],
    ["state", "app.environments state is reserved: its stack would be multiple-server-state, the state bootstrap stack; choose another name"],
  ])("refuses the environment name %j before anything is built", (name, expected) => {
    expect(problemsOfNamed(name, { [name]: {} })).toEqual([expected]);
  });

  it.each<[string, unknown, string]>([
    ["null", null, "x null must be an object of settings ({} keeps every default)"],
    ["a string", "dev", "x dev must be an object of settings ({} keeps every default)"],
    ["a list", [], "x [] must be an object of settings ({} keeps every default)"],
  ])("refuses an environment entry that is %s", (_, entry, expected) => {
    expect(problemsOfNamed("x", { x: entry as SettingsInput })).toEqual([expected]);
  });

  it("reports every problem of every environment at once", () => {
    let error: unknown;
    try {
      loadSettings(["dev", "prod", "qa"], {}, { dev: { web: { countPerAz: 0 } }, prod: { namePrefix: "ms-prod", database: { backupRetentionDays: 0 } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      [
        "Invalid configuration (3 problems):",
        "  - dev.web.countPerAz 0 must be at least 1 (each zone needs a server behind the ALB)",
        "  - prod.database.backupRetentionDays 0 must be 1 to 35 days (a read replica needs automated backups)",
        "  - app.environments qa is not a defined environment (defined: dev, prod); an environment defined in a JSON file needs MULTIPLE_SERVER_CONFIG=<file> set for this and every later command",
      ].join("\n"),
    );
  });

  it("refuses two environments sharing one state", () => {
    expect(problemsOfLoading(["dev", "prod"], { MULTIPLE_SERVER_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme", TF_WORKSPACE: "shared" })).toEqual([
      "prod.backend.workspace cloud:app.terraform.io/acme/shared is also the state of dev; each environment needs its own",
    ]);
  });

  it("accepts every flow log retention CloudWatch Logs offers, and 0 for none", () => {
    for (const flowLogRetentionDays of [0, 1, 90, 3653]) expect(problemsOf({ network: { flowLogRetentionDays } })).toEqual([]);
  });

  it("accepts tags of the user's own and a 16-character master user name", () => {
    expect(problemsOf({ tags: { CostCenter: "web", "team:owner": "platform", "Kostenstelle Ü": "Café 42 / a=b+c-d@e_f.g" } })).toEqual([]);
    expect(problemsOf({ database: { masterUsername: "Admin_2026_users" } })).toEqual([]);
  });

  it("knows every tag the stack sets itself", () => {
    const settings = loadSettings(["prod"])[0];
    expect(Object.keys(defaultTags({ ...settings, tags: {} }))).toEqual([...DEFAULT_TAG_KEYS]);
  });

  it("accepts x86_64 instance types, the GPU families whose g comes before the digit included", () => {
    for (const instanceType of ["t3.micro", "m7i-flex.large", "c5n.large", "g4dn.xlarge", "g4ad.xlarge", "g5.xlarge", "g6e.xlarge", "gr6.4xlarge", "u-6tb1.metal"]) {
      expect(problemsOf({ web: { instanceType } })).toEqual([]);
    }
  });

  it("refuses a boot script that is missing, naming the file", () => {
    const missing = path.join(os.tmpdir(), "no-such-boot-script.sh");
    expect(problemsOf({ web: { bootScript: missing } })).toEqual([
      `prod.web.bootScript ${missing} does not exist or is not a file (a relative path is read from the folder of the configuration file that names it)`,
    ]);
  });

  it("accepts Arm (Graviton) instance types and database classes, and images by id or SSM parameter", () => {
    for (const instanceType of ["t4g.micro", "m7g.large", "c7g.xlarge", "c7gn.xlarge", "a1.medium"]) expect(problemsOf({ web: { instanceType } })).toEqual([]);
    expect(problemsOf({ web: { instanceType: "t4g.small", amiFamily: "al2" } })).toEqual([]);
    for (const instanceClass of ["db.t4g.micro", "db.m7g.large"]) expect(problemsOf({ database: { instanceClass } })).toEqual([]);
    expect(problemsOf({ web: { image: { id: "ami-0123456789abcdef0" } }, dr: { region: "ap-northeast-1", image: { id: "ami-0fedcba9876543210" } } })).toEqual([]);
    expect(problemsOf({ web: { image: { ssmParameter: "/my-app/ami-id" } }, dr: { region: "ap-northeast-1" } })).toEqual([]);
    for (const ssmParameter of ["my-app-ami-id", "/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11/l12/l13/l14/l15"]) expect(problemsOf({ web: { image: { ssmParameter } } })).toEqual([]);
  });

  it("refuses every EC2 Mac family of the list, and boots p6e-gb200 (Grace, Arm) with the arm64 image", () => {
    for (const instanceType of ["mac1.metal", "mac2-m2pro.metal", "mac-m4.metal", "mac-m3ultra.metal"]) {
      expect(problemsOf({ web: { instanceType } })).toEqual([expect.stringContaining(`prod.web.instanceType ${instanceType} is an EC2 Mac instance`)]);
    }
    expect(problemsOf({ web: { instanceType: "p6e-gb200.36xlarge" } })).toEqual([]);
    expect(["p6e-gb200.36xlarge", "p6-b200.48xlarge", "g6.xlarge", "c8gb.large"].map(architectureOf)).toEqual(["arm64", "x86_64", "x86_64", "arm64"]);
  });

  it("accepts maintenance and backup windows that touch but do not overlap, across midnight and the week's end", () => {
    expect(problemsOf({ database: { maintenanceWindow: "sun:23:30-mon:00:30", backupWindow: "00:30-01:00" } })).toEqual([]);
    expect(problemsOf({ database: { maintenanceWindow: "wed:03:00-wed:03:30", backupWindow: "23:30-03:00" } })).toEqual([]);
  });

  it("accepts static parameters with pending-reboot, dynamic ones bare, and numbers written in digits", () => {
    const parameters = {
      skip_name_resolve: { value: 1, applyMethod: "pending-reboot" as const },
      innodb_file_per_table: 1,
      innodb_log_buffer_size: 33554432,
      max_connections: 200,
      max_binlog_cache_size: "18446744073709551615",
      sql_mode: "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION",
    };
    expect(problemsOf({ database: { parameters } })).toEqual([]);
  });

  it("reads a region's partition from its name, and accepts a policy of the stack's own", () => {
    expect(["eu-west-1", "cn-north-1", "us-gov-west-1", "us-east-1"].map(partitionOf)).toEqual(["aws", "aws-cn", "aws-us-gov", "aws"]);
    expect(problemsOf({ web: { managedPolicyArns: ["arn:aws:iam::123456789012:policy/app.read", "arn:aws:iam::123456789012:policy/app-read"] } })).toEqual([]);
  });

  it("accepts the ports RDS and CloudFront take", () => {
    for (const port of [1150, 3306, 65535]) expect(problemsOf({ database: { port } })).toEqual([]);
    for (const listenerPort of [80, 443, 1024, 8080, 65535]) expect(problemsOf({ loadBalancer: { listenerPort } })).toEqual([]);
  });

  it("accepts the newer regions, for the stack and for the state bucket", () => {
    for (const region of ["ap-southeast-5", "ap-southeast-7", "mx-central-1", "ap-east-2"]) {
      expect(problemsOf({ region, network: { availabilityZones: [`${region}a`, `${region}b`] }, backend: { region } })).toEqual([]);
    }
  });

  it("accepts 46 tags, 128-character keys and 256-character values", () => {
    expect(problemsOf({ tags: Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, "v"])) })).toEqual([]);
    expect(problemsOf({ tags: { ["k".repeat(128)]: "v".repeat(256) } })).toEqual([]);
  });

  it("accepts an Auto Scaling fleet with its defaults or its own sizes, and derives one server per zone from three zones", () => {
    expect(problemsOf({ web: { fleet: "autoScaling" } })).toEqual([]);
    expect(problemsOf({ web: { fleet: "autoScaling", autoScaling: { min: 2, desired: 4, max: 4, targetCpuPercent: 70 } } })).toEqual([]);
    const zones = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"];
    const three = {
      availabilityZones: zones,
      subnets: subnets(["10.0.0.0/24", "10.0.10.0/24", "10.0.20.0/24"], ["10.0.1.0/24", "10.0.11.0/24", "10.0.21.0/24"], ["10.0.2.0/24", "10.0.12.0/24", "10.0.22.0/24"]),
    };
    expect(problemsOf({ network: three, web: { fleet: "autoScaling" } })).toEqual([]);
    const [settings] = loadSettings(["prod"], {}, { prod: { network: three, web: { fleet: "autoScaling" } } });
    expect(fleetOf(settings.web, zones.length)).toEqual({ kind: "autoScaling", min: 3, desired: 3, max: 9, targetCpuPercent: 50, healthCheckGraceSeconds: 300 });
  });

  it("accepts a keep-alive above the idle timeout, a ceiling 10% above the allocation and a key ARN of the region", () => {
    expect(
      problemsOf({
        web: { keepAliveTimeoutSeconds: 301 },
        loadBalancer: { idleTimeoutSeconds: 300 },
        database: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 110, masterSecretKmsKeyId: "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
      }),
    ).toEqual([]);
  });

  it("accepts alarms on an unlisted database class when its memory is given, or on a listed one", () => {
    expect(problemsOf({ alarms: { enabled: true }, database: { instanceClass: "db.x2iedn.xlarge" } }).length).toBe(1);
    expect(problemsOf({ alarms: { enabled: true, database: { instanceMemoryGiB: 128 } }, database: { instanceClass: "db.x2iedn.xlarge" } })).toEqual([]);
    expect(problemsOf({ alarms: { enabled: true }, database: { instanceClass: "db.r7g.large" } })).toEqual([]);
    // Without alarms nothing needs the memory.
    expect(problemsOf({ database: { instanceClass: "db.x2iedn.xlarge" } })).toEqual([]);
  });

  it("accepts up to 20 web servers per zone", () => {
    expect(problemsOf({ web: { countPerAz: 20 } })).toEqual([]);
  });

  it("accepts a state key prefix with folders", () => {
    expect(problemsOf({ backend: { keyPrefix: "teams/web/multiple-server" } })).toEqual([]);
  });

  it("accepts a health check file in a folder or with dots in its name", () => {
    for (const healthCheckPath of ["/health", "/status/health.txt", "/.well-known/health", "/a..b"]) {
      expect(problemsOf({ web: { healthCheckPath } })).toEqual([]);
    }
  });

  it("refuses two environments that put one state bucket in two regions or under two keys, before the bootstrap stack is built", () => {
    const definitions = {
      dev: { backend: { dynamodbTable: "tflock" } },
      prod: { namePrefix: "ms-prod", backend: { region: "ap-northeast-1", dynamodbTable: "tflock" } },
      qa: { namePrefix: "ms-qa", backend: { kmsKeyId: "alias/state" } },
    };
    expect(problemsOfLoading(["dev", "prod", "qa"], {}, definitions)).toEqual([
      "prod.backend.region ap-northeast-1 differs from dev's ap-northeast-2 for the same bucket multiple-server-tfstate",
      "prod.backend.region ap-northeast-1 differs from dev's ap-northeast-2 for the same lock table tflock",
      "qa.backend.kmsKeyId alias/state differs from dev's (unset) for the same bucket multiple-server-tfstate",
    ]);
  });

  it("reports the problems between environments together with each one's own", () => {
    expect(problemsOfLoading(["dev", "staging"], {}, { dev: { web: { countPerAz: 0 } }, staging: { backend: { region: "us-east-1" } } })).toEqual([
      "dev.web.countPerAz 0 must be at least 1 (each zone needs a server behind the ALB)",
      "staging.namePrefix multiple-server is also the namePrefix of dev; its IAM role, ALB and RDS names would collide in one account, so give each environment its own",
      "staging.backend.region us-east-1 differs from dev's ap-northeast-2 for the same bucket multiple-server-tfstate",
    ]);
  });

  it("refuses two environments serving one name (CloudFront takes an alias once; the DNS record would be fought over)", () => {
    const zone = { zoneName: "example.com" };
    const definitions: Record<string, SettingsInput> = {
      dev: { domain: { name: "dev.example.com", aliases: ["www.example.com"], ...zone } },
      prod: { namePrefix: "ms-prod", domain: { name: "www.example.com", originName: "origin.dev.example.com", ...zone } },
    };
    expect(problemsOfLoading(["dev", "prod"], {}, definitions)).toEqual([
      "prod.domain.name www.example.com is also a name of dev; each environment needs its own names",
      "prod.domain.originName origin.dev.example.com is also a name of dev; each environment needs its own names",
    ]);
  });

  it("accepts a domain by zone name or zone id, an apex with a wildcard alias, and a chosen origin name", () => {
    expect(problemsOf({ domain: { name: "example.com", aliases: ["*.example.com"], zoneName: "example.com" } })).toEqual([]);
    expect(problemsOf({ domain: { name: "www.example.com", zoneId: "Z0123456789ABCDEFGHIJ", originName: "alb.example.com" } })).toEqual([]);
  });

  it("accepts an IPv4 admin network from /8 to /32", () => {
    for (const adminCidr of ["10.0.0.0/8", "203.0.113.0/24", "198.51.100.7/32"]) expect(problemsOf({ web: { adminCidr } })).toEqual([]);
  });

  it("refuses two environments sharing one name prefix (their AWS names would collide)", () => {
    expect(problemsOfLoading(["dev", "staging"], {}, { dev: {}, staging: { database: { instanceClass: "db.t3.small" } } })).toEqual([
      "staging.namePrefix multiple-server is also the namePrefix of dev; its IAM role, ALB and RDS names would collide in one account, so give each environment its own",
    ]);
  });

  it("accepts the shipped environments as they are", () => {
    expect(loadSettings(["dev", "prod"]).map((s) => s.environment)).toEqual(["dev", "prod"]);
  });
});

describe("type errors beside rule problems: one run reports everything it can", () => {
  it.each<[string, SettingsInput, string[]]>([
    [
      "a type error in web and a bad CIDR in network",
      { web: { countPerAz: "2" as never }, network: { vpcCidr: "10.0.0.0/8" } },
      ['prod.web.countPerAz "2" must be a number, not a string', "prod.network.vpcCidr 10.0.0.0/8 must be between /16 and /28"],
    ],
    [
      // The replica's zone is not one of the default zones, but the default only stands in for
      // the broken network: that problem and the prefix's lengths (which read the zones) wait.
      "a type error in network: the rules reading network wait, the others report",
      {
        namePrefix: "Multiple",
        network: { natGateways: "two" as never },
        database: { replicaAz: "ap-northeast-2b", backupRetentionDays: 0 },
        backend: { bucket: "My_State" },
      },
      [
        'prod.network.natGateways two must be one of "single", "perAz"',
        "prod.namePrefix Multiple must be lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen",
        "prod.database.backupRetentionDays 0 must be 1 to 35 days (a read replica needs automated backups)",
        "prod.backend.bucket My_State is not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)",
      ],
    ],
    [
      "a type error in database: web's port is not compared with the database's default port",
      { web: { port: 3306 }, database: { port: "5000" as never } },
      ['prod.database.port "5000" must be a number, not a string'],
    ],
    [
      "a type error in the region: the zones are not checked against the default region",
      { region: 5 as never, network: { availabilityZones: ["us-east-1a", "us-east-1a"] } },
      [
        'prod.region 5 must be a string, not a number',
        "prod.network.availabilityZones[1] us-east-1a repeats network.availabilityZones[0]",
        'prod.network.availabilityZones ["us-east-1a","us-east-1a"] must name at least two distinct zones (the ALB and the replica need two)',
        "prod.database.replicaAz us-east-1a must differ from the primary's zone us-east-1a",
      ],
    ],
    [
      "a misspelt section: its default would stand in for what the user meant",
      { netwrok: { availabilityZones: ["ap-northeast-2a", "ap-northeast-2b"] }, database: { replicaAz: "ap-northeast-2b" } } as never,
      ['prod.netwrok {"availabilityZones":["ap-northeast-2a","ap-northeast-2b"]} is not a setting (did you mean network?)'],
    ],
  ])("%s", (_, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  it("keeps an environment with a type error in the rules between environments, for the settings that parsed", () => {
    // qa's prefix is a type error, so the default standing in for it is not said to collide with dev's.
    expect(problemsOfLoading(["dev", "staging", "qa"], {}, { dev: {}, staging: { web: { countPerAz: "2" as never } }, qa: { namePrefix: 5 as never } })).toEqual([
      'staging.web.countPerAz "2" must be a number, not a string',
      "qa.namePrefix 5 must be a string, not a number",
      "staging.namePrefix multiple-server is also the namePrefix of dev; its IAM role, ALB and RDS names would collide in one account, so give each environment its own",
    ]);
  });
});

describe("the environment selection: the bad value, the exact message", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-rules-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** The formatted problems of `run`, or [] when it passes. */
  function problemsOfRun(run: () => unknown): string[] {
    try {
      run();
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.map(formatProblem);
      throw error;
    }
  }

  it("refuses a cdktf.json that is not JSON", () => {
    const file = path.join(work, "cdktf.json");
    fs.writeFileSync(file, '{ "context": { "environments": "dev", } }');
    expect(problemsOfRun(() => contextValue({}, "environments", file))).toEqual([
      `app.cdktf.json ${file} is not valid JSON (Expected double-quoted property name at line 1, column 39)`,
    ]);
  });

  it("refuses a CDKTF_CONTEXT_JSON that is not JSON", () => {
    expect(problemsOfRun(() => contextValue({ CDKTF_CONTEXT_JSON: "{environments: dev}" }, "environments", path.join(work, "none.json")))).toEqual([
      `app.CDKTF_CONTEXT_JSON "{environments: dev}" is not valid JSON (Expected property name or '}' at line 1, column 2)`,
    ]);
  });

  it.each<[string, unknown, string]>([
    ["a number", 2, "2"],
    ["an object", { dev: true }, '{"dev":true}'],
    ["a list with a number in it", ["dev", 2], '["dev",2]'],
  ])("refuses a context.environments that is %s", (_, value, shown) => {
    expect(problemsOfRun(() => selectEnvironments({ MULTIPLE_SERVER_ENVIRONMENTS: "dev" }, value))).toEqual([
      `app.context.environments ${shown} must be a comma-separated string or a list of environment names (like "dev,prod" or ["dev", "prod"])`,
    ]);
  });
});
