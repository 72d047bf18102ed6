import { z } from "zod";
import { PROJECT } from "../naming";
import { RDS_MAX_STORAGE_GIB, STORAGE_CEILING_MULTIPLE, WAF_MANAGED_RULE_GROUPS } from "./constants";
import { MYSQL_ENGINE_VERSIONS } from "./versions";

/**
 * Every setting of one environment, with its default and the reason for it.
 *
 * This is the single typed definition: the defaults are the reference article's values (adapted
 * where AWS has moved on, see docs/architecture.md "Where we differ from the article"), an environment in `environments.ts` overrides a few of
 * them, and `z.input<typeof settingsSchema>` is what an environment entry may contain. Shape and
 * types are checked here; rules that relate settings to each other live in `rules/`.
 */

const nonEmpty = z.string().min(1);

/**
 * Most web servers per zone: each is its own aws_instance, so the stack (and the synth's time and
 * memory) grows with the count; a fleet larger than this belongs in an Auto Scaling group.
 */
export const MAX_WEB_SERVERS_PER_AZ = 20;

/** A subnet of one tier; the i-th subnet of a tier lies in the i-th availability zone. */
const subnetSchema = z.strictObject({
  /** IPv4 block of the subnet, inside the VPC, at most /28 (AWS's smallest subnet). */
  cidr: nonEmpty,
});

const defaultSubnets = (...cidrs: string[]) => cidrs.map((cidr) => ({ cidr }));

/** The article's VPC block, the standby's beside it, and the zones of the default `availabilityZones`. */
export const DEFAULT_VPC_CIDR = "10.0.0.0/16";
export const DEFAULT_STANDBY_VPC_CIDR = "10.1.0.0/16";
export const DEFAULT_ZONE_COUNT = 2;

const networkObject = z.strictObject({
    /** IPv4 block of the VPC: an RFC 1918 range from /16 to /28. @default "10.0.0.0/16" */
    vpcCidr: nonEmpty.default(DEFAULT_VPC_CIDR),
    /** Zones to spread over, each in `region`; names end in the zone letter. @default ["ap-northeast-2a", "ap-northeast-2c"] */
    availabilityZones: z.array(nonEmpty).default(["ap-northeast-2a", "ap-northeast-2c"]),
    /**
     * Subnets per tier, one per availability zone in the same order. A tier left out is derived from
     * `vpcCidr` and the zones (src/config/subnets.ts): in a /16 the article's /24s, third octet
     * 10 x zone + tier; a smaller block cut into equal parts, three per zone.
     */
    subnets: z
      .strictObject({
        /** Public subnets: the internet-facing ALB and the NAT gateways (no subnet maps public IPs on launch). @default 10.0.0.0/24, 10.0.10.0/24 */
        public: z.array(subnetSchema).default(defaultSubnets("10.0.0.0/24", "10.0.10.0/24")),
        /** Private subnets for the web servers. @default 10.0.1.0/24, 10.0.11.0/24 */
        web: z.array(subnetSchema).default(defaultSubnets("10.0.1.0/24", "10.0.11.0/24")),
        /** Private subnets for the database (the DB subnet group). @default 10.0.2.0/24, 10.0.12.0/24 */
        database: z.array(subnetSchema).default(defaultSubnets("10.0.2.0/24", "10.0.12.0/24")),
      })
      .prefault({}),
    /**
     * `single`: one NAT gateway in the first public subnet (cheapest; private subnets lose outbound
     * access if that zone fails). `perAz`: one per zone, each zone routes through its own.
     * @default "single"
     */
    natGateways: z.enum(["single", "perAz"]).default("single"),
    /**
     * VPC flow logs to CloudWatch Logs, kept this many days; must be a retention CloudWatch Logs
     * accepts (CLOUDWATCH_LOG_RETENTION_DAYS: 1, 3, 5, 7, 14, 30, 60, 90, ...). Flow logs are on in
     * every environment (guardrail MS-VPC-1); 0 turns them off, which that guardrail then refuses
     * unless suppressed with a reason. Ingestion is billed per GB whatever the retention, storage
     * per GB-month kept: a week keeps a quiet dev VPC's log storage to almost nothing while still
     * covering last week's incident. Production keeps 90 days (`environments.ts`).
     * @default 7 (days)
     */
    flowLogRetentionDays: z.number().int().min(0).default(7),
  });
export const networkSchema = networkObject.prefault({});

/** Modes of the standby region, after AWS's "Disaster Recovery of Workloads on AWS" (docs/disaster-recovery.md "Disaster recovery"). */
export const DR_MODES = ["pilotLight", "warmStandby"] as const;

/**
 * The standby region's VPC: the shape and rules of `network`, with defaults that keep clear of the
 * primary's 10.0.0.0/16 (the two must not overlap, so the regions can later be peered for fail back).
 */
const standbyNetworkSchema = networkObject
  .extend({
    /** IPv4 block of the standby VPC: RFC 1918, /16 to /28, not overlapping `network.vpcCidr`. @default "10.1.0.0/16" */
    vpcCidr: nonEmpty.default(DEFAULT_STANDBY_VPC_CIDR),
    /** Zones of `dr.region`, in subnet order. @default the `a` and `c` zones of `dr.region` (`ap-northeast-1a`, `ap-northeast-1c`) */
    availabilityZones: z.array(nonEmpty).optional(),
    /** Subnets per tier, one per zone. @default 10.1.0.0/24 and 10.1.10.0/24 (public), 10.1.1.0/24 and 10.1.11.0/24 (web), 10.1.2.0/24 and 10.1.12.0/24 (database) */
    subnets: z
      .strictObject({
        public: z.array(subnetSchema).default(defaultSubnets("10.1.0.0/24", "10.1.10.0/24")),
        web: z.array(subnetSchema).default(defaultSubnets("10.1.1.0/24", "10.1.11.0/24")),
        database: z.array(subnetSchema).default(defaultSubnets("10.1.2.0/24", "10.1.12.0/24")),
      })
      .prefault({}),
  })
  .prefault({});

/** The Auto Scaling group of the `autoScaling` web fleet. */
export const autoScalingSchema = z.strictObject({
  /**
   * Fewest servers, at least one per availability zone (the ALB keeps a target in every zone it
   * serves). @default one per zone (2 with the default zones)
   */
  min: z.number().int().optional(),
  /**
   * Servers at creation, between min and max. Only the first apply uses it: afterwards the
   * scaling policy owns the count (Terraform ignores the group's desired_capacity), so an apply
   * never shrinks a scaled-out fleet. @default min
   */
  desired: z.number().int().optional(),
  /** Most servers the policy may scale out to. @default three per zone (6 with the default zones) */
  max: z.number().int().optional(),
  /** Average CPU of the group the target-tracking policy keeps it at, in percent (1 to 100). @default 50 */
  targetCpuPercent: z.number().int().min(1).max(100).default(50),
  /**
   * Seconds a new server is spared from the ALB's health verdict and counted as warming up: the
   * boot script installs Apache with retries (BOOT_RETRIES x BOOT_RETRY_DELAY_SECONDS per
   * network step), which can take minutes on a slow mirror. Too short, and the group kills
   * servers that were still booting, in a loop. @default 300
   */
  healthCheckGraceSeconds: z.number().int().min(0).max(7200).default(300),
});

/**
 * Disaster recovery: a standby of the environment in a second region, in a stack of its own
 * (`multiple-server-<env>-dr`) with its state in that region, so it can be planned and applied
 * while the primary region is down. Unset: no standby, and the stack is exactly as without it.
 */
export const drSchema = z.strictObject({
  /** Standby region: a known AWS region other than `region`. Required when `dr` is set. @default unset */
  region: nonEmpty.optional(),
  /** The standby VPC (same rules as `network`; zones in `dr.region`; CIDR apart from `network.vpcCidr`). @default see its fields */
  network: standbyNetworkSchema,
  /**
   * `pilotLight`: replica, network and load balancer run, no web servers (the fleet starts on
   * promotion). `warmStandby`: plus `dr.webMin` web servers that take traffic at once.
   * @default "pilotLight"
   */
  mode: z.enum(DR_MODES).default("pilotLight"),
  /** Web servers kept running in `warmStandby` (at least one per standby zone); not used in `pilotLight`. @default one per standby zone */
  webMin: z.number().int().optional(),
  /**
   * Promote the standby: its replica becomes a standalone primary (the AWS provider promotes it when
   * `replicate_source_db` goes), its fleet rises to the primary's size. Only for a failover: see the
   * runbook in docs/disaster-recovery.md. @default false
   */
  promote: z.boolean().default(false),
  /** The standby region's copy of `web.image.id` (AMI ids are regional); required with it, not used otherwise. @default unset */
  image: z.strictObject({ id: nonEmpty }).optional(),
  /** Days RDS keeps the primary's automated backups replicated into `dr.region` (1 to 35). @default 7 */
  backupRetentionDays: z.number().int().default(7),
  /**
   * State bucket in `dr.region` (created by the `multiple-server-state` stack, which replicates the
   * primary state bucket into it): the standby stack's state and a copy of the primary's.
   * @default "<backend.bucket>-<dr.region>"
   */
  stateBucket: nonEmpty.optional(),
  /**
   * KMS key of `dr.region` (its key ARN: `arn:aws:kms:<dr.region>:<account>:key/<id>`) encrypting
   * the standby state bucket and the primary's state replicated into it. Required when
   * `backend.kmsKeyId` is set: a KMS key belongs to one region. @default unset (SSE-S3)
   */
  stateKmsKeyId: nonEmpty.optional(),
  /**
   * KMS key of `dr.region` (its key ARN) encrypting the replica of the database master secret there.
   * Required when `database.masterSecretKmsKeyId` is set: a KMS key belongs to one region.
   * @default unset (the AWS managed key `aws/secretsmanager` of `dr.region`)
   */
  masterSecretKmsKeyId: nonEmpty.optional(),
});

const parameterValue = z.union([z.string(), z.number()]);
/**
 * A MySQL parameter's value, or the value and how RDS applies it. A number must be finite: JSON's
 * `1e309` reads as Infinity, which no parameter takes.
 */
const databaseParameterSchema = z.union(
  [parameterValue, z.strictObject({ value: parameterValue, applyMethod: z.enum(["immediate", "pending-reboot"]) })],
  { error: 'must be a value (a string or a finite number) or { "value": ..., "applyMethod": "immediate" or "pending-reboot" }' },
);

export const webSchema = z
  .strictObject({
    /** EC2 instance type of the web servers; an Arm (Graviton) type (t4g, m7g, c7g, ...) boots the arm64 image (so does p6e-gb200); EC2 Mac types are refused. @default "t3.micro" */
    instanceType: nonEmpty.default("t3.micro"),
    /**
     * `instances`: the article's fixed servers, `countPerAz` `aws_instance`s in each web subnet;
     * nothing replaces a dead one and a boot-script change replaces them all at one apply.
     * `autoScaling`: a launch template and an Auto Scaling group over the web subnets that
     * replaces servers the ALB finds unhealthy, scales on CPU and rolls changes out with an
     * instance refresh (settings in `autoScaling`). Production ships `autoScaling`.
     * @default "instances"
     */
    fleet: z.enum(["instances", "autoScaling"]).default("instances"),
    /**
     * Web servers in each web subnet, 1 to MAX_WEB_SERVERS_PER_AZ (20); only with the `instances`
     * fleet (an Auto Scaling group sizes itself from `autoScaling`). @default 1 (with `instances`)
     */
    countPerAz: z
      .number()
      .int()
      .max(MAX_WEB_SERVERS_PER_AZ, {
        error: `must be at most ${MAX_WEB_SERVERS_PER_AZ} (each is its own instance resource; beyond that use an Auto Scaling group)`,
      })
      .optional(),
    /** The Auto Scaling group of the `autoScaling` fleet; not allowed with `instances`. @default every default below (with `autoScaling`) */
    autoScaling: autoScalingSchema.optional(),
    /**
     * `al2023`: Amazon Linux 2023, resolved at plan time from AWS's public SSM parameter.
     * `al2`: the article's `amzn2-ami-kernel-5.10-hvm-x86_64-gp2` (Amazon Linux 2, past end of support).
     * @default "al2023"
     */
    amiFamily: z.enum(["al2023", "al2"]).default("al2023"),
    /**
     * The image the servers boot: `{ "id": "ami-..." }` (an AMI of `region`, built for the instance
     * type's architecture; with `dr`, `dr.image` names the standby region's copy) or `{ "ssmParameter":
     * "<name>" }` (read at plan time in each region, the standby's too). @default AWS's public parameter of
     * `amiFamily` for the instance type's architecture (x86_64, arm64 for Graviton)
     */
    image: z.union([z.strictObject({ id: nonEmpty }), z.strictObject({ ssmParameter: nonEmpty })]).optional(),
    /** Size of the encrypted gp3 root volume in GiB (AL2023 images need 8 at least). @default 8 */
    rootVolumeGiB: z.number().int().min(8).max(16384).default(8),
    /** Port the web server listens on. @default 80 */
    port: z.number().int().min(1).max(65535).default(80),
    /**
     * Path that answers 200 for the load balancer's health check: a file the boot script writes
     * under the web root, so no trailing /, no . or .. segment and not /index.html. @default "/health"
     */
    healthCheckPath: nonEmpty.default("/health"),
    /**
     * IPv4 block (a.b.c.d/n, /8 or narrower) allowed to reach SSH; unset means no SSH rule at all
     * (Session Manager needs none). @default unset
     */
    adminCidr: nonEmpty.optional(),
    /** SSH port opened to `adminCidr`. @default 22 */
    sshPort: z.number().int().min(1).max(65535).default(22),
    /**
     * Seconds Apache keeps an idle connection open (its `KeepAliveTimeout`, 5 by default). It must
     * outlast `loadBalancer.idleTimeoutSeconds`: a server that closes a connection the load balancer
     * still counts as open answers the next request on it with a reset, which viewers see as a 502
     * (AWS's ALB troubleshooting guide). 65 is the first round value above the ALB's 60; a longer
     * one only holds idle Apache workers longer. @default 65
     */
    keepAliveTimeoutSeconds: z.number().int().min(1).max(4000).default(65),
    /**
     * Shell script run as root on every new server after the base setup (Apache, keep-alive,
     * database access), written into the user data; the health file is written only once it has
     * succeeded, so a failed script leaves the server unhealthy: a change to it rolls an `autoScaling`
     * fleet (instance refresh) or replaces the `instances` servers. A path relative to the configuration
     * file that names it (the MULTIPLE_SERVER_CONFIG file; the working directory for the shipped
     * environments). The whole user data must stay within EC2's 16 KB. @default unset (our demo page only)
     */
    bootScript: nonEmpty.optional(),
    /**
     * ARNs of IAM managed policies (AWS's or your account's) attached to the web servers' role
     * besides ours, for what your application calls (an S3 bucket, a queue): grant only that.
     * AdministratorAccess, PowerUserAccess and IAMFullAccess are refused, and so is our own
     * AmazonSSMManagedInstanceCore; each in `region`'s partition. At most 9 (IAM attaches 10
     * managed policies to a role by default; AmazonSSMManagedInstanceCore is one). @default unset (none)
     */
    managedPolicyArns: z.array(nonEmpty).optional(),
  })
  .prefault({});

export const loadBalancerSchema = z
  .strictObject({
    /** Port of the ALB's HTTP listener, which CloudFront connects to: 80, 443 or 1024 to 65535. @default 80 */
    listenerPort: z.number().int().min(1).max(65535).default(80),
    /** Header CloudFront adds with a generated secret; requests without it get a 403. @default "X-Origin-Verify" */
    originHeaderName: nonEmpty.default("X-Origin-Verify"),
    /**
     * Seconds the ALB keeps an idle connection (to viewers' side and to the servers) open: 1 to 4000,
     * AWS's default is 60. Set on purpose so that `web.keepAliveTimeoutSeconds` can be kept above it
     * (a rule refuses the opposite). @default 60
     */
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60),
    /** Length of the generated origin secret. @default 32 */
    originSecretLength: z.number().int().min(16).max(128).default(32),
    /** ALB deletion protection. @default false */
    deletionProtection: z.boolean().default(false),
    /** Write ALB access logs to an S3 bucket created for them. @default false */
    accessLogs: z.boolean().default(false),
  })
  .prefault({});

export const wafSchema = z
  .strictObject({
    /**
     * A WAFv2 web ACL (scope CLOUDFRONT, in us-east-1) on the distribution: AWS's core rule set, known
     * bad inputs and IP reputation list, and a rate limit per client IP; it works on the cloudfront.net
     * name as well as on a domain. About 9 USD a month plus 0.60 USD per million requests (docs/domain-and-edge.md "Web application firewall").
     * Production turns it on (`environments.ts`). @default false
     */
    enabled: z.boolean().default(false),
    /**
     * Requests one client IP may send within 5 minutes before the rate rule blocks it (until its
     * rate falls below again): 10 to 2,000,000,000, what WAF accepts. @default 2000
     */
    rateLimit: z.number().int().default(2000),
    /**
     * Managed rule groups that only count what they would block (their matches show in the logs and
     * the metrics, nothing is blocked): how to try a group on real traffic before it blocks
     * (docs/domain-and-edge.md "Web application firewall"). @default [] (every group blocks)
     */
    countOnly: z.array(z.enum(WAF_MANAGED_RULE_GROUPS)).default([]),
    /**
     * Days the web ACL's log group (`aws-waf-logs-<namePrefix>`, us-east-1) keeps its logs: a retention
     * CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...). Production keeps 90 (`environments.ts`).
     * @default 7 (days)
     */
    logRetentionDays: z.number().int().default(7),
  })
  .prefault({});

export const cdnSchema = z
  .strictObject({
    /** CloudFront price class; PriceClass_200 and PriceClass_All serve Korea from Seoul. @default "PriceClass_200" */
    priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default("PriceClass_200"),
    /** The web application firewall at the edge. */
    waf: wafSchema,
    /**
     * How CloudFront reaches the load balancer. `public`: the article's internet-facing ALB in the public
     * subnets, admitting only CloudFront's origin-facing prefix list and forwarding only requests with the
     * secret header. `vpc`: an internal ALB in the web subnets that CloudFront reaches through a CloudFront
     * VPC origin, so nothing of the site answers from the internet but CloudFront (docs/domain-and-edge.md "Origin modes").
     * Production uses `vpc` (`environments.ts`). @default "public"
     */
    origin: z.enum(["public", "vpc"]).default("public"),
    /**
     * What the ALB's security group admits CloudFront by, with `origin: "vpc"`. `prefixList`: CloudFront's
     * origin-facing prefix list, as AWS's prerequisites ask. `serviceGroup`: only the security group
     * `CloudFront-VPCOrigins-Service-SG` that AWS creates in the VPC with the first VPC origin, so only
     * CloudFront's VPC origins, not every CloudFront server; set it on a later apply, once that group
     * exists (docs/domain-and-edge.md "Origin modes"). @default "prefixList"
     */
    vpcOriginIngress: z.enum(["prefixList", "serviceGroup"]).default("prefixList"),
    /**
     * CloudFront's standard access logs (legacy: the kind checkov CKV_AWS_86 reads), one line per
     * viewer request, into an S3 bucket created for them (`<namePrefix>-cdn-logs-...`) in the
     * stack's region, or in us-east-1 when CloudFront delivers no standard logs to buckets of the
     * stack's region (docs/architecture.md "What it builds"). S3 storage only; production turns it on. @default false
     */
    accessLogs: z.boolean().default(false),
    /** Days the access logs are kept before S3 expires them (1 or more). @default 90 */
    accessLogRetentionDays: z.number().int().min(1).default(90),
  })
  .prefault({});

/**
 * The site's own domain. Unset (the default) the site answers only at its cloudfront.net name and
 * CloudFront reaches the ALB over HTTP, as in the article.
 */
export const domainSchema = z.strictObject({
  /**
   * The site's host name (`www.example.com`, or an apex such as `example.com`): lowercase DNS labels,
   * at most 64 characters (the certificate's first name), inside the zone. Required with a domain.
   */
  name: nonEmpty,
  /** More names the same distribution serves (`example.com`, `*.example.com`), each inside the zone; at most 9. @default [] */
  aliases: z.array(nonEmpty).default([]),
  /**
   * The public Route 53 hosted zone holding the names, by name (`example.com`): looked up, never created
   * or destroyed by the stack. Give this or `zoneId`, not both. @default unset
   */
  zoneName: nonEmpty.optional(),
  /** The same zone by its id (`Z0123456789ABCDEFGHIJ`), instead of `zoneName`. @default unset */
  zoneId: nonEmpty.optional(),
  /**
   * Host name CloudFront reaches the load balancer at over HTTPS, inside the zone, no wildcard; the
   * load balancer gets a certificate for it. @default "origin.<name>"
   */
  originName: nonEmpty.optional(),
  /**
   * Keep the HTTP listener (and the security group's HTTP port) beside the HTTPS one: the first step of
   * moving a running environment to an HTTPS origin without downtime (docs/domain-and-edge.md "Your own domain").
   * @default false
   */
  keepHttpOrigin: z.boolean().default(false),
});

export const databaseSchema = z
  .strictObject({
    /** MySQL version; must be one RDS still creates (see `versions.ts`). @default "8.4" */
    engineVersion: z.enum(MYSQL_ENGINE_VERSIONS).default("8.4"),
    /** Instance class of the primary and the replica. @default "db.t3.micro" */
    instanceClass: nonEmpty.default("db.t3.micro"),
    /** Allocated gp3 storage in GiB (gp3 on MySQL starts at 20). @default 20 */
    allocatedStorageGiB: z.number().int().min(20).max(65536).default(20),
    /**
     * Ceiling of RDS storage autoscaling in GiB (`max_allocated_storage`, primary and replica): when
     * free space stays under 10% RDS grows the volume instead of letting a full disk stop MySQL, up
     * to this size and no further, so a runaway table cannot grow the bill without limit. At least
     * 10% above `allocatedStorageGiB` (RDS refuses less), at most 65536.
     * @default 5 x allocatedStorageGiB (100 GiB for 20), capped at 65536
     */
    maxAllocatedStorageGiB: z.number().int().max(65536).optional(),
    /**
     * Apply changes that need a restart or a failover (instance class, storage, engine version) at
     * once (true) or in the instance's weekly maintenance window (false). Dev applies at once: nobody
     * minds a restart, and a change that waits shows as pending in every plan until the window.
     * Prod waits for the window, when traffic is lowest, rather than the moment a deploy is approved;
     * until then `terraform plan` keeps showing the change (docs/architecture.md "Where we differ from the article"). Dynamic
     * parameters (`require_secure_transport`) apply at once either way. @default true
     */
    applyImmediately: z.boolean().default(true),
    /**
     * KMS key ARN that encrypts the master user secret in Secrets Manager; unset uses the stack's
     * key with `secretKmsEncryption`, else the AWS managed key `aws/secretsmanager`, which needs no
     * grant. When set, the database users function's role may use it for `kms:Decrypt` through
     * Secrets Manager only (the web servers never read the secret). @default unset
     */
    masterSecretKmsKeyId: nonEmpty.optional(),
    /**
     * Version of the master password. The password is generated at apply time, written to the
     * stack's secret `<namePrefix>-db-master` and given to RDS through write-only arguments, which
     * Terraform sends only when this number changes: raise it by one to rotate (docs/architecture.md "The
     * database password"). Any change rotates, lowering too: only ever raise it. @default 1
     */
    passwordVersion: z.number().int().min(1).default(1),
    /** Port MySQL listens on: 1150 to 65535 (what RDS accepts), not web.port. @default 3306 */
    port: z.number().int().min(1).max(65535).default(3306),
    /**
     * Master user name (1-16 letters, digits, underscores, starting with a letter; not `rdsadmin`); its
     * password is generated at apply time and kept in the stack's own Secrets Manager secret. @default "admin"
     */
    masterUsername: nonEmpty.default("admin"),
    /**
     * The application's database user (1-32 letters, digits, underscores, starting with a letter;
     * not the master user): IAM database authentication only, no password. Created on the primary
     * by the database tier's function and replicated to every replica; the web servers' role may
     * connect as it (`rds-db:connect`) and never reads the master secret (docs/architecture.md "The database
     * password"). @default "app"
     */
    appUsername: nonEmpty.default("app"),
    /**
     * Schema (database) the application user may read and write (SELECT, INSERT, UPDATE, DELETE),
     * created when missing; unset, the user may only connect (enough for /db-status). Letters,
     * digits and underscores, starting with a letter. @default unset
     */
    appSchema: nonEmpty.optional(),
    /**
     * RDS Enhanced Monitoring: seconds between OS metrics of every instance (1, 5, 10, 15, 30 or
     * 60), sent through a role of the stack's; 0 turns it off. It costs CloudWatch Logs ingestion
     * (checkov CKV_AWS_118). @default 0 (off; prod 60)
     */
    monitoringIntervalSeconds: z.union([0, 1, 5, 10, 15, 30, 60].map((n) => z.literal(n)) as [z.ZodLiteral<0>, ...z.ZodLiteral<number>[]]).default(0),
    /**
     * Weekly window for RDS's maintenance (patches, and the changes `applyImmediately: false` holds
     * back), `ddd:hh24:mi-ddd:hh24:mi` in UTC, at least 30 minutes, not overlapping `backupWindow`
     * (required with it: RDS's random backup window could conflict); on the primary, the replica and a standby. @default unset (RDS picks 30 minutes at random in an 8-hour block of the region)
     */
    maintenanceWindow: nonEmpty.optional(),
    /**
     * Daily window for the primary's automated backups, `hh24:mi-hh24:mi` in UTC, at least 30
     * minutes, not overlapping `maintenanceWindow`; set on the replicas too (RDS checks their
     * maintenance window against it). @default unset (RDS picks 30 minutes at random in an 8-hour block of the region)
     */
    backupWindow: nonEmpty.optional(),
    /**
     * MySQL parameters added to the parameter group (of the primary, the replica and a standby), name
     * to value; a static parameter (one that needs a reboot) takes `{ "value": ..., "applyMethod":
     * "pending-reboot" }`, required for the well-known ones (MYSQL_STATIC_PARAMETERS, constants.ts).
     * Names are not case-sensitive; a number must be written in digits. The ones the stack sets (`require_secure_transport`, `slow_query_log`,
     * `long_query_time`: `slowQuerySeconds`, `log_output`) are refused. @default unset (none)
     */
    parameters: z.record(z.string(), databaseParameterSchema).optional(),
    /** Days of automated backups (a read replica needs at least 1). @default 1 */
    backupRetentionDays: z.number().int().default(1),
    /** RDS deletion protection on the primary and the replica. @default false */
    deletionProtection: z.boolean().default(false),
    /** Multi-AZ standby for the primary (the primary's zone is then chosen by RDS). @default false */
    multiAz: z.boolean().default(false),
    /** Skip the final snapshot when the primary is destroyed (dev only: data is lost). @default true */
    skipFinalSnapshot: z.boolean().default(true),
    /** Zone of the primary; one of the availability zones. @default the first availability zone */
    primaryAz: nonEmpty.optional(),
    /** Zone of the read replica; one of the availability zones, not the primary's. @default the second availability zone */
    replicaAz: nonEmpty.optional(),
    /** Log types exported to CloudWatch Logs. @default ["error", "slowquery"] */
    logExports: z.array(z.enum(["audit", "error", "general", "slowquery", "iam-db-auth-error"])).default(["error", "slowquery"]),
    /** Queries slower than this many seconds go to the slow query log. @default 2 */
    slowQuerySeconds: z.number().min(0).default(2),
  })
  .prefault({});

/**
 * CloudWatch alarms and the dashboard, grouped by the thing watched as in cdklabs'
 * cdk-monitoring-constructs. Every threshold is a setting with a default; how each alarm treats
 * missing data, and why, is in src/constructs/monitoring/*-alarms.ts.
 */
export const alarmsSchema = z
  .strictObject({
    /**
     * Alarms on the load balancer, the databases, the NAT gateways and CloudFront, notifying SNS
     * topic `<namePrefix>-alarms` (and its twin in us-east-1 for CloudFront's). About $0.10 per
     * alarm-month plus $1 per month for each topic's KMS key (docs/alarms.md "Alarms and dashboard"). Production is on.
     * @default false
     */
    enabled: z.boolean().default(false),
    /** CloudWatch dashboard `<namePrefix>` of the request path ($3 per month beyond an account's first three). @default false */
    dashboard: z.boolean().default(false),
    /**
     * Addresses subscribed to the alarm topics by email; each receives one confirmation mail per
     * topic and gets nothing until it confirms. With none, the alarms still change state in the
     * console. @default []
     */
    emails: z.array(z.email({ error: "must be an email address (like ops@example.com)" })).default([]),
    /**
     * HTTPS endpoints subscribed to the alarm topics: a pager's or chat tool's integration URL for
     * Amazon SNS (PagerDuty's, Opsgenie's). SNS sends each a confirmation request the endpoint must
     * answer (SNS developer guide, "Confirm your Amazon SNS subscription"); those services do so
     * themselves. @default []
     */
    httpsEndpoints: z.array(z.url({ protocol: /^https$/, error: "must be an https:// URL (a pager's or chat tool's endpoint for Amazon SNS)" })).default([]),
    /**
     * Alarms that notify no one, on purpose: they change state in the CloudWatch console only. A
     * production environment must name a recipient (`emails` or `httpsEndpoints`) or set this, and
     * every synth then says so. @default false
     */
    consoleOnly: z.boolean().default(false),
    loadBalancer: z
      .strictObject({
        /** 5xx answers the ALB itself gives (no healthy target, timeouts) in 5 minutes before alarming. @default 10 */
        elb5xxCount: z.number().int().min(1).default(10),
        /** 5xx answers from the web servers, through the ALB, in 5 minutes before alarming. @default 10 */
        target5xxCount: z.number().int().min(1).default(10),
        /** 95th percentile of the web servers' response time, in seconds, over 5 minutes. @default 1 */
        responseTimeP95Seconds: z.number().positive().default(1),
      })
      .prefault({}),
    database: z
      .strictObject({
        /** Average CPU of the primary or the replica, in percent, for 15 minutes. @default 80 */
        cpuPercent: z.number().min(1).max(100).default(80),
        /** Free storage below this share of `database.allocatedStorageGiB`, in percent. @default 10 */
        freeStoragePercent: z.number().min(1).max(99).default(10),
        /** Freeable memory below this share of the instance class's memory, in percent, for 15 minutes. @default 10 */
        freeableMemoryPercent: z.number().min(1).max(99).default(10),
        /** Replication lag of the read replica above this many seconds, for 5 minutes. @default 60 */
        replicaLagSeconds: z.number().int().min(1).default(60),
        /** Connections above this share of max_connections, in percent, for 10 minutes. @default 80 */
        connectionsPercent: z.number().min(1).max(100).default(80),
        /**
         * max_connections of the instances. Unset, it is estimated as MySQL on RDS sets it by
         * default, {DBInstanceClassMemory/12582880}, from the class's memory less what RDS keeps
         * (RDS_INSTANCE_MEMORY_GIB in constants.ts); set it when a parameter group sets
         * max_connections. @default the class's default max_connections
         */
        maxConnections: z.number().int().min(1).optional(),
        /**
         * Memory of `database.instanceClass` in GiB, for a class not in RDS_INSTANCE_MEMORY_GIB
         * (the connections and memory alarms need it). @default from RDS_INSTANCE_MEMORY_GIB
         */
        instanceMemoryGiB: z.number().positive().optional(),
      })
      .prefault({}),
    nat: z
      .strictObject({
        /** Packets a NAT gateway drops in 5 minutes before alarming (a few are normal under load). @default 100 */
        droppedPackets: z.number().int().min(1).default(100),
      })
      .prefault({}),
    cdn: z
      .strictObject({
        /** Share of CloudFront's answers that are 5xx, in percent, over 10 minutes. @default 5 */
        errorRate5xxPercent: z.number().positive().max(100).default(5),
      })
      .prefault({}),
  })
  .prefault({});

export const backendSchema = z
  .strictObject({
    /** Where state lives: `s3`, `cloud` (HCP Terraform) or `local` (trying it without AWS). @default "s3" */
    kind: z.enum(["s3", "cloud", "local"]).default("s3"),
    /**
     * S3 bucket of the state (create it with the `multiple-server-state` stack); S3's naming rules apply,
     * reserved starts (`xn--`, `sthree-`) and ends (`-s3alias`, `--ol-s3`, ...) included. @default "multiple-server-tfstate"
     */
    bucket: nonEmpty.default(`${PROJECT}-tfstate`),
    /** Key prefix, without a leading or trailing /; the key is `<keyPrefix>/<environment>/terraform.tfstate`. @default "multiple-server" */
    keyPrefix: nonEmpty.default(PROJECT),
    /** Region of the state bucket, one of AWS_REGIONS (`constants.ts`). @default "ap-northeast-2" */
    region: nonEmpty.default("ap-northeast-2"),
    /** Server-side encryption of the state object. @default true */
    encrypt: z.boolean().default(true),
    /** KMS key (ARN or alias) for the state object; unset uses the bucket's default encryption. @default unset */
    kmsKeyId: nonEmpty.optional(),
    /**
     * S3-native locking with a `.tflock` object (Terraform >= 1.10). Terraform older than 1.10 rejects the
     * argument: set false (or MULTIPLE_SERVER_STATE_USE_LOCKFILE=false) with `dynamodbTable`. @default true
     */
    useLockfile: z.boolean().default(true),
    /** DynamoDB lock table, only for Terraform older than 1.10. @default unset */
    dynamodbTable: nonEmpty.optional(),
    /** HCP Terraform organization (`cloud` kind); falls back to TF_CLOUD_ORGANIZATION. @default unset */
    organization: nonEmpty.optional(),
    /** HCP Terraform workspace (`cloud` kind); falls back to TF_WORKSPACE, then the stack's name `multiple-server-<env>`. @default unset */
    workspace: nonEmpty.optional(),
    /** HCP Terraform host (`cloud` kind); falls back to TF_CLOUD_HOSTNAME. @default "app.terraform.io" */
    hostname: nonEmpty.default("app.terraform.io"),
    /**
     * State file of the `local` kind, relative to the stack's working directory `cdktf.out/stacks/<stack>`.
     * Keep it outside `cdktf.out`: `cdktf synth` deletes the folders of stacks it no longer synthesizes.
     * @default "../../../terraform-state/terraform.<env>.tfstate" (`terraform-state/` beside `cdktf.out`)
     */
    localPath: nonEmpty.optional(),
  })
  .prefault({});

/** Guardrail findings this environment accepts, each with its reason (docs/guardrails.md "Guardrails"). */
export const guardrailsSchema = z
  .strictObject({
    /**
     * Suppressions, as `Guardrails.suppress` makes them in code: `rule` (a guardrail id, `MS-VPC-1`),
     * `resource` (the construct path a violation names, `multiple-server-dev/network`; everything
     * under it is exempt) and a `reason`, required. Each is printed at every synth; one that names
     * no construct, or suppresses nothing, is refused. @default []
     */
    suppress: z
      .array(z.strictObject({ rule: nonEmpty, resource: nonEmpty, reason: z.string().trim().min(1, { error: "must say why the risk is accepted" }) }))
      .default([]),
  })
  .prefault({});

export const settingsSchema = z
  .strictObject({
    /**
     * Prefix of every AWS name (`multiple-server-vpc`, ...): lowercase letters, digits, single hyphens,
     * not starting with `internal-`, `sg-`, `sthree-` or `amzn-s3-demo-`; each selected environment needs its own. @default "multiple-server"
     */
    namePrefix: nonEmpty.default(PROJECT),
    /** AWS region of the stack, one of AWS_REGIONS (`constants.ts`). @default "ap-northeast-2" */
    region: nonEmpty.default("ap-northeast-2"),
    /**
     * Tags added to every resource besides Project, Environment, ManagedBy and Name (which the stack sets,
     * so they cannot be given here in any case): at most 46, keys of 1-128 and values of up to 256 letters,
     * digits, spaces and `_ . : / = + - @`, keys outside AWS's `aws:` namespace. @default {}
     */
    tags: z.record(z.string(), z.string()).default({}),
    /** `prevent_destroy` on everything that holds data (databases, buckets, log groups). @default false */
    protectStatefulResources: z.boolean().default(false),
    /**
     * Encrypt the stack's CloudWatch log groups (VPC flow logs, RDS logs, the database users
     * function's, and the WAF's in us-east-1) with a customer managed KMS key per region, which
     * only CloudWatch Logs may use and only for those groups (checkov CKV_AWS_158). About 1 USD a
     * month per key. @default false (prod true)
     */
    logKmsEncryption: z.boolean().default(false),
    /**
     * Encrypt the stack's Secrets Manager secrets (the database master credentials, and the origin
     * header's value with `dr`) with a customer managed KMS key of the stack, `alias/<namePrefix>-secrets`,
     * used for data only through Secrets Manager (checkov CKV_AWS_149). It is a multi-Region key:
     * with `dr`, its replica in `dr.region` encrypts the secrets' replicas there. The master secret
     * takes `database.masterSecretKmsKeyId` (and its replica `dr.masterSecretKmsKeyId`) instead when
     * they are set. About 1 USD a month per key and replica. @default false (prod true)
     */
    secretKmsEncryption: z.boolean().default(false),
    /**
     * Days Secrets Manager keeps the stack's secrets (the database master credentials, the origin
     * header's value with `dr`) after a destroy, during which they can be restored and no secret of
     * the same name can be created: 0 deletes them at once (so a destroyed environment can be
     * deployed again right away), else 7 to 30. Dev uses 0; prod 30, and its secrets are also
     * protected by `protectStatefulResources`. @default 7
     */
    secretRecoveryWindowDays: z.number().int().default(7),
    /**
     * A production environment: the "prod only" guardrails (docs/guardrails.md "Guardrails") check its stack,
     * and the state bootstrap stack when that holds its state. Decided here, not by the name, so a
     * production environment added from MULTIPLE_SERVER_CONFIG is checked as one. @default false
     */
    production: z.boolean().default(false),
    network: networkSchema,
    web: webSchema,
    loadBalancer: loadBalancerSchema,
    cdn: cdnSchema,
    /** The site's own domain over HTTPS end to end. @default unset (the cloudfront.net name, HTTP origin) */
    domain: domainSchema.optional(),
    database: databaseSchema,
    alarms: alarmsSchema,
    backend: backendSchema,
    dr: drSchema.optional(),
    guardrails: guardrailsSchema,
  })
  .prefault({});

/** What an environment entry may contain: every field optional, defaults filled in by the schema. */
export type SettingsInput = NonNullable<z.input<typeof settingsSchema>>;
/** Settings after defaults, before the environment name is attached. */
export type ParsedSettings = z.output<typeof settingsSchema>;
/** Fully resolved settings of one environment. */
export type Settings = ParsedSettings & {
  /** Environment name (`dev`, `prod`, ...): part of the stack name, the state key and the tags. */
  readonly environment: string;
};
export type NetworkSettings = Settings["network"];
export type WebSettings = Settings["web"];
export type AutoScalingSettings = NonNullable<WebSettings["autoScaling"]>;
export type LoadBalancerSettings = Settings["loadBalancer"];
export type CdnSettings = Settings["cdn"];
export type WafSettings = CdnSettings["waf"];
export type DomainSettings = NonNullable<Settings["domain"]>;
export type DatabaseSettings = Settings["database"];
export type AlarmSettings = Settings["alarms"];
export type BackendSettings = Settings["backend"];

/** The storage autoscaling ceiling of `database`: its setting, or STORAGE_CEILING_MULTIPLE x the allocation (at most RDS's largest volume). */
export function storageCeilingGiB(database: Pick<DatabaseSettings, "allocatedStorageGiB" | "maxAllocatedStorageGiB">): number {
  return database.maxAllocatedStorageGiB ?? Math.min(database.allocatedStorageGiB * STORAGE_CEILING_MULTIPLE, RDS_MAX_STORAGE_GIB);
}
export type DrSettings = NonNullable<Settings["dr"]>;
