/** Fixed values of the design that are not per-environment settings. */

/** Every IPv4 address: the default route and the egress destination of web servers. */
export const ANY_IPV4 = "0.0.0.0/0";
/** Every IPv6 address: never allowed as an SSH source. */
export const ANY_IPV6 = "::/0";
/** HTTPS: web-server egress (SSM, Secrets Manager, package repositories, the RDS CA bundle) and CloudFront viewers. */
export const HTTPS_PORT = 443;
/**
 * HTTP: a listener port CloudFront reaches, and web-server egress only for Amazon Linux 2, whose
 * yum may fetch its mirror list over plain HTTP (older AL2 images set `awsproto` to http).
 * AL2023's dnf, Session Manager and every AWS API the servers call use HTTPS.
 */
export const HTTP_PORT = 80;
/**
 * The region of CloudFront's certificates, its web ACLs (scope CLOUDFRONT) and its metrics: a stack
 * elsewhere reaches it through an aliased provider (`MultipleServerStack.edgeProvider()`).
 */
export const EDGE_REGION = "us-east-1";
/**
 * TLS policy of the ALB's HTTPS listener: TLS 1.3 and 1.2 with forward-secret ciphers only, AWS's
 * recommended policy (the API's default, ELBSecurityPolicy-2016-08, still accepts TLS 1.0).
 */
export const ALB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Oldest TLS CloudFront accepts from viewers on the site's own certificate (checkov CKV_AWS_174). */
export const CLOUDFRONT_MINIMUM_PROTOCOL_VERSION = "TLSv1.2_2021";
/** TLS versions CloudFront may use towards the origin. */
export const ORIGIN_SSL_PROTOCOLS = ["TLSv1.2"];
/**
 * Characters of the replacement trigger's id a VPC origin's name ends with (`<prefix>-vpc-origin-1a2b3c4d`):
 * each replacement gets a name of its own (src/constructs/edge/vpc-origin.ts).
 */
export const VPC_ORIGIN_NAME_SUFFIX_LENGTH = 8;
/**
 * Most names one ACM certificate holds by default (its quota "domain names per ACM certificate";
 * AWS raises it on request): the viewer certificate holds domain.name and every alias.
 */
export const ACM_NAMES_PER_CERTIFICATE = 10;
/** Longest first name (the subject's common name) ACM accepts on a certificate, in characters. */
export const ACM_FIRST_NAME_MAX = 64;
/** TTL of the DNS records that prove ACM the names are ours; ACM re-checks them at every renewal. */
export const ACM_VALIDATION_RECORD_TTL = 60;
/** Priority of the listener rule that forwards CloudFront's requests. */
export const ORIGIN_RULE_PRIORITY = 100;
/**
 * Retentions (days) CloudWatch Logs accepts for a log group: PutRetentionPolicy refuses any other
 * number at apply, so `network.flowLogRetentionDays` must be 0 (off) or one of these.
 */
export const CLOUDWATCH_LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
/**
 * Tags the stack sets on every resource through the provider's default_tags (see `defaultTags`):
 * they say whose a resource is, so cost reports and clean-ups can group by them (guardrail MS-TAG-1).
 */
export const DEFAULT_TAG_KEYS: readonly string[] = ["Project", "Environment", "ManagedBy"];
/** The tag every resource sets itself to its own AWS name, on top of DEFAULT_TAG_KEYS. */
export const NAME_TAG_KEY = "Name";
/** Tag keys with this prefix (in any case) belong to AWS; tagging APIs refuse them. */
export const AWS_RESERVED_TAG_PREFIX = "aws:";
/** Days ALB access logs, exported RDS logs and old state versions are kept. */
export const LOG_RETENTION_DAYS = 90;
/** Key prefix of ALB access logs inside their bucket. */
export const ACCESS_LOG_PREFIX = "alb";
/**
 * Regions where Elastic Load Balancing delivers access logs as an AWS account of its own, which
 * the access-log bucket policy names through the `aws_elb_service_account` data source: the
 * regions opened before August 2022 (commercial, GovCloud and China), as AWS's "Enable access logs
 * for your Application Load Balancer" lists them. Regions opened since (ap-south-2, ap-southeast-4,
 * eu-central-2, eu-south-2, il-central-1, me-central-1, ca-west-1 and every later one) have no
 * such account, and the data source fails there: the policy names the service principal
 * ELB_LOG_DELIVERY_SERVICE instead. The list is closed — no region opened from now on joins it —
 * so a region missing from it gets the service principal.
 */
export const ELB_LOG_DELIVERY_ACCOUNT_REGIONS: readonly string[] = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "af-south-1",
  "ap-east-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
  "ca-central-1",
  "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-north-1",
  "me-south-1",
  "sa-east-1",
  "us-gov-east-1", "us-gov-west-1",
  "cn-north-1", "cn-northwest-1",
];
/**
 * Regions whose S3 buckets receive CloudFront's standard logs (legacy): the regions AWS enables by
 * default. CloudFront does not deliver standard logs (legacy) to buckets in the opt-in regions
 * (af-south-1, ap-east-1, ap-south-2, ap-southeast-3, ap-southeast-4, ca-west-1, eu-south-1,
 * eu-south-2, eu-central-2, il-central-1, me-south-1, me-central-1 and every region opened since):
 * CloudFront Developer Guide, "Configure standard logging (legacy)", "Choose an Amazon S3 bucket for
 * standard logs"; sending logs to opt-in regions is listed as a feature of standard logging (v2)
 * only ("Configure standard logging (v2)"). Closed like ELB_LOG_DELIVERY_ACCOUNT_REGIONS: a region
 * missing here gets its log bucket in EDGE_REGION, which CloudFront serves.
 */
export const CLOUDFRONT_STANDARD_LOG_REGIONS: readonly string[] = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
  "ca-central-1",
  "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1",
  "sa-east-1",
];
/** Key prefix of CloudFront's standard logs inside their bucket. */
export const CDN_LOG_PREFIX = "cloudfront/";
/** The service principal ELB delivers access logs as in regions not in ELB_LOG_DELIVERY_ACCOUNT_REGIONS. */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";
/** Apache's document root on Amazon Linux: the boot script writes the pages there. */
export const WEB_ROOT = "/var/www/html";
/** Apache reads every conf.d file after httpd.conf: the boot script's keep-alive settings go here. */
export const HTTPD_KEEP_ALIVE_CONF = "/etc/httpd/conf.d/keepalive.conf";
/** The page naming the instance and its zone, under WEB_ROOT: the health file must not replace it. */
export const ZONE_PAGE_PATH = "/index.html";
/** Instance metadata: a container or proxy on the host cannot reach IMDS with one hop. */
export const IMDS_HOP_LIMIT = 1;
/** Instance metadata service, as the boot script reaches it. */
export const IMDS_URL = "http://169.254.169.254/latest";
/** Lifetime of the boot script's IMDSv2 token: it only needs a few reads. */
export const IMDS_TOKEN_TTL_SECONDS = 300;
/**
 * Tries of each network step of the boot script, and the pause between them: the NAT route can
 * still be settling when a server first boots, and one failed package install would leave it
 * without a web server (and unhealthy) until it is replaced.
 */
export const BOOT_RETRIES = 5;
export const BOOT_RETRY_DELAY_SECONDS = 10;
/** Root device of the Amazon Linux AMIs (both families): the launch template's root volume mapping names it. */
export const AMAZON_LINUX_ROOT_DEVICE = "/dev/xvda";
/**
 * Share of the web Auto Scaling group kept in service while an instance refresh replaces servers:
 * with the default two servers, one is replaced at a time while the other serves.
 */
export const INSTANCE_REFRESH_MIN_HEALTHY_PERCENT = 50;
/**
 * Group metrics the web Auto Scaling group publishes (1-minute, free of charge): the dashboard
 * and an operator read the fleet's size from them.
 */
export const AUTO_SCALING_GROUP_METRICS: readonly string[] = [
  "GroupDesiredCapacity",
  "GroupInServiceInstances",
  "GroupMinSize",
  "GroupMaxSize",
  "GroupPendingInstances",
  "GroupTerminatingInstances",
];
/**
 * The web servers' page that reports whether the database writer and reader answer (docs/architecture.md
 * "What it builds"). Not the health check: a database blip must not take every server out of the ALB.
 */
export const DB_STATUS_PATH = "/db-status";
/**
 * The MySQL client of each AMI family, for the status page: AL2023's `mariadb105` package (dnf),
 * AL2's `mariadb10.5` topic of amazon-linux-extras (its own `mariadb` package is 5.5).
 */
export const DB_CLIENT_INSTALL = { al2023: "mariadb105", al2: "mariadb10.5" } as const;
/** The status page's CGI script (Apache's ScriptAlias maps DB_STATUS_PATH to it). */
export const DB_STATUS_SCRIPT = "/var/www/cgi-bin/db-status";
/** Apache configuration that maps DB_STATUS_PATH to the script. */
export const DB_STATUS_CONF = "/etc/httpd/conf.d/db-status.conf";
/** Where the status page keeps its last result and its lock; only Apache's user may read it. */
export const DB_STATUS_CACHE_DIR = "/var/cache/db-status";
/** Seconds a server reuses its last database probe, so traffic to the page cannot become database connections. */
export const DB_STATUS_CACHE_SECONDS = 10;
/** Seconds the status page waits for each database before reporting it as not answering. */
export const DB_CONNECT_TIMEOUT_SECONDS = 3;
/**
 * AWS's bundle of every RDS certificate authority, downloaded at boot over HTTPS (the system trust
 * store verifies truststore.pki.rds.amazonaws.com), so that the client can verify the database's
 * certificate. Too large (about 160 KB) for user data's 16 KB.
 */
export const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
/** Where the boot script puts the RDS CA bundle. */
export const RDS_CA_BUNDLE_PATH = "/etc/pki/rds/global-bundle.pem";
/**
 * Storage autoscaling ceiling when `database.maxAllocatedStorageGiB` is unset, as a multiple of
 * the allocated storage: room for a few years of growth while a runaway write still meets a limit.
 */
export const STORAGE_CEILING_MULTIPLE = 5;
/** Largest RDS for MySQL volume in GiB (64 TiB). */
export const RDS_MAX_STORAGE_GIB = 65536;
/** RDS refuses a storage autoscaling ceiling below 110% of the allocated storage. */
export const STORAGE_CEILING_MIN_PERCENT = 110;
/** The ALB's idle timeout when `idle_timeout` is not set (AWS's default), in seconds. */
export const ALB_DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
/** The service principal CloudWatch alarms publish to SNS (and use KMS keys) as. */
export const CLOUDWATCH_SERVICE = "cloudwatch.amazonaws.com";
/** Period of the alarms that count or average over minutes (5xx, latency, CPU, storage, NAT). */
export const ALARM_PERIOD_SECONDS = 300;
/** Period of the host-count alarms: the ALB reports healthy hosts every minute. */
export const HOST_ALARM_PERIOD_SECONDS = 60;
/** CloudFront's metrics carry the dimension Region with this value (they are global, published in us-east-1). */
export const CLOUDFRONT_METRICS_REGION_DIMENSION = "Global";
/** Days after which an S3 multipart upload that never completed is removed (its parts cost storage). */
export const INCOMPLETE_UPLOAD_DAYS = 7;
/**
 * Days a deleted or overwritten access-log object is kept as a noncurrent version: long enough to
 * undo a mistaken delete (checkov CKV_AWS_21 asks log buckets to be versioned), short enough that
 * the 90-day expiry still bounds what the bucket holds.
 */
export const LOG_NONCURRENT_DAYS = 7;

/** Processor architectures of the AMIs the stack boots: x86_64, or arm64 for Arm (Graviton) types. */
export type AmiArchitecture = "x86_64" | "arm64";
/**
 * SSM parameters AWS publishes with the current AMI id of each supported family, per architecture
 * (AL2023 and AL2 both publish `x86_64` and `arm64`: the AWS CDK's AmazonLinux2023ImageSsmParameter
 * and AmazonLinux2ImageSsmParameter build these names with `cpuType: ARM_64`).
 */
export function amiSsmParameter(family: "al2023" | "al2", architecture: AmiArchitecture): string {
  return family === "al2023"
    ? `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`
    : `/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-${architecture}-gp2`;
}

/** AWS-managed names the stack looks up with data sources instead of hard-coding ids. */
export const AWS_MANAGED = {
  cloudfrontOriginPrefixList: "com.amazonaws.global.cloudfront.origin-facing",
  /** The security group CloudFront creates in a VPC with its first VPC origin, and sends that origin's traffic from. */
  vpcOriginServiceGroup: "CloudFront-VPCOrigins-Service-SG",
  cachePolicy: "Managed-CachingDisabled",
  /** Every viewer header, the viewer's Host included: only towards an HTTP origin (no certificate to match). */
  originRequestPolicy: "Managed-AllViewer",
  /**
   * Every viewer header but Host: CloudFront then sends the origin's own name as Host, which an HTTPS
   * origin's certificate names (CloudFront Developer Guide, "HTTP 502 status code (Bad Gateway)").
   */
  httpsOriginRequestPolicy: "Managed-AllViewerExceptHostHeader",
  /**
   * Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection and
   * Referrer-Policy on every response (CloudFront Developer Guide, "Use managed response headers
   * policies", SecurityHeadersPolicy): checkov CKV2_AWS_32.
   */
  securityHeadersPolicy: "Managed-SecurityHeadersPolicy",
  ssmInstancePolicy: "AmazonSSMManagedInstanceCore",
  rdsEnhancedMonitoringPolicy: "service-role/AmazonRDSEnhancedMonitoringRole",
} as const;
/**
 * The AWS managed rule groups the web ACL runs after its rate rule, in priority order (vendor
 * `AWS`): the IP reputation list first (addresses Amazon's threat intelligence saw attacking; the
 * cheapest check), then the anonymous IP list (VPNs, proxies, Tor and hosting providers' ranges,
 * from which viewers hide who they are; checkov CKV2_AWS_47 asks for it beside known bad inputs),
 * then known bad inputs (Log4j, Java deserialization, localhost Host headers), then the core rule
 * set (cross-site scripting, bad bots, oversized bodies and the like). Together 975 WCUs (25 + 50
 * + 200 + 700: AWS WAF Developer Guide, "IP reputation rule groups" and "Baseline rule groups") of
 * the 1,500 a web ACL includes in its price.
 */
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesAnonymousIpList",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesCommonRuleSet",
] as const;
export type WafManagedRuleGroup = (typeof WAF_MANAGED_RULE_GROUPS)[number];
/** Vendor of AWS's own managed rule groups. */
export const AWS_MANAGED_RULES_VENDOR = "AWS";
/** Requests per client IP within the rate rule's window that WAF accepts as a limit (10 to 2,000,000,000). */
export const WAF_RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;
/** The rate rule's window in seconds: the limit counts each client IP's requests over the last 5 minutes. */
export const WAF_RATE_WINDOW_SECONDS = 300;
/**
 * Headers WAF writes to its logs as `REDACTED`: they carry credentials (Authorization) and
 * session cookies, which must not be readable by everyone who can read the logs. Lowercase, as WAF requires.
 */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"] as const;
/** Hash key Terraform's S3 backend reads and writes in a DynamoDB lock table (fixed by Terraform). */
export const STATE_LOCK_HASH_KEY = "LockID";
/** `Environment` tag of the bootstrap stack's resources: they hold the state of every environment. */
export const SHARED_ENVIRONMENT = "shared";
/** SSH's well-known port: guardrail MS-SG-2 refuses it from the whole internet, whatever web.sshPort says. */
export const SSH_PORT = 22;
/**
 * AWS's commercial regions (the `aws` partition), the ones `region` and `backend.region` may name:
 * as of 2026-11, from the `aws` partition of the AWS SDK for JavaScript (@aws-sdk/core 3.981.1).
 * GovCloud (us-gov-*) and China (cn-*) are other partitions, with their own ARNs and services, that
 * this stack is not written for. When AWS opens a new region, add it here.
 */
export const AWS_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "me-west-1",
  "mx-central-1",
  "sa-east-1",
  "sa-west-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];
/**
 * What a key policy of ours lets the account do to administer a single-Region key: modelled on
 * AWS's key administrator statement (AWS KMS Developer Guide, "Default key policy", "Allows key
 * administrators to administer the KMS key"; it lists kms:Create*, here only kms:CreateAlias),
 * without any use of the key for data. A multi-Region key adds kms:ReplicateKey (key-policy.ts).
 */
export const KMS_KEY_ADMIN_ACTIONS = [
  "kms:CreateAlias",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];
/** Days a scheduled KMS key deletion waits (the longest AWS allows): time to notice and cancel it. */
export const KMS_DELETION_WINDOW_DAYS = 30;
/**
 * The alarm behind the origin name's failover health check: a minute per period, two periods
 * without a healthy server (about as long as the ALB's own checks take to mark a dead server) before
 * Route 53 answers with the standby.
 */
export const ORIGIN_HEALTH = { periodSeconds: 60, evaluationPeriods: 2 } as const;
/** Set identifiers of the origin name's failover pair. */
export const FAILOVER_SET = { primary: "primary", secondary: "standby" } as const;

/**
 * The master password RDS is given (`password_wo`): generated by Secrets Manager's
 * GetRandomPassword at apply time. RDS for MySQL takes 8 to 41 printable ASCII characters except
 * `/`, `"` and `@` (RDS API reference, CreateDBInstance MasterUserPassword); we also leave out the
 * single quote, backslash and space so the value survives shell quoting in the boot script and
 * clients' option files untouched.
 */
export const MASTER_PASSWORD = { length: 32, excludeCharacters: "/@\"'\\ " } as const;

/**
 * Days Secrets Manager keeps a deleted secret recoverable: 0 (deleted at once) or 7 to 30
 * (Secrets Manager API reference, DeleteSecret RecoveryWindowInDays; the provider writes 0 as
 * ForceDeleteWithoutRecovery). A secret of the same name cannot be created again inside the window.
 */
export const SECRET_RECOVERY_WINDOW_DAYS = { min: 7, max: 30 } as const;

/**
 * Runtime of the database tier's function (src/functions/database-users) and the esbuild target
 * of its bundle. Node.js 22: Lambda blocks creating Node.js 20 functions from Aug 31, 2026 and
 * Node.js 22 ones from Jun 1, 2027 (AWS Lambda Developer Guide, "Building Lambda functions with
 * Node.js"); Node.js 24 is newer, but the AWS provider 5.x this project validates against offline
 * does not list it.
 */
export const LAMBDA_RUNTIME = { name: "nodejs22.x", esbuildTarget: "node22" } as const;
/** The database users function: memory (MB), timeout and MySQL connect timeout (seconds). A run is one connection and a few statements. */
export const DATABASE_USERS_FUNCTION = { memoryMb: 256, timeoutSeconds: 60, connectTimeoutSeconds: 10 } as const;

/**
 * Well-known MySQL system variables that are static ("Dynamic: No" in the MySQL 8.0 and 8.4
 * Reference Manuals, "Server System Variables" and "InnoDB Startup Options and System
 * Variables"): the server reads them only at start. The AWS provider sends a parameter without
 * `apply_method` as "immediate", and RDS's ModifyDBParameterGroup refuses that for a static
 * parameter ("cannot use immediate apply method for static parameter", without naming it:
 * hashicorp/terraform-provider-aws#216), so the rules ask for "pending-reboot" up front. Not every
 * static parameter: RDS refuses the others at apply the same way. Left out on purpose, being
 * dynamic in 8.0: innodb_file_per_table, innodb_log_buffer_size (since 8.0.11), innodb_open_files
 * (since 8.0.28).
 */
export const MYSQL_STATIC_PARAMETERS: readonly string[] = [
  "back_log",
  "ft_min_word_len",
  "innodb_autoinc_lock_mode",
  "innodb_buffer_pool_chunk_size",
  "innodb_buffer_pool_instances",
  "innodb_ft_min_token_size",
  "innodb_log_file_size",
  "innodb_log_files_in_group",
  "innodb_page_size",
  "innodb_purge_threads",
  "innodb_read_io_threads",
  "innodb_sort_buffer_size",
  "innodb_write_io_threads",
  "lower_case_table_names",
  "open_files_limit",
  "performance_schema",
  "skip_name_resolve",
  "table_open_cache_instances",
  "thread_stack",
];
