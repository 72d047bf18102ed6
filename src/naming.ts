/**
 * The one place AWS names are made. Every construct asks this helper for its names, so the
 * reference design's names (`multiple-server-vpc`, `multiple-server-private-ap-a`, ...) are spelled
 * once and the configuration rules can check every derived name against its service's limits.
 */
export const PROJECT = "multiple-server";

/** First label of the origin's host name when `domain.originName` is not set: `origin.<domain.name>`. */
export const ORIGIN_HOST_LABEL = "origin";

/** The host name CloudFront reaches the load balancer at: `domain.originName`, else `origin.<domain.name>`. */
export function originHostName(domain: { readonly name: string; readonly originName?: string }): string {
  return domain.originName ?? `${ORIGIN_HOST_LABEL}.${domain.name}`;
}

/** The start WAF requires of the name of a log group it logs to. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/** S3 key of an environment's state: `<keyPrefix>/<environment>/terraform.tfstate`. */
export function stateKey(settings: { readonly keyPrefix: string }, environment: string): string {
  return `${settings.keyPrefix}/${environment}/terraform.tfstate`;
}

/** The letter that ends a zone name: `ap-northeast-2a` gives `a`. */
export function azLetter(az: string): string {
  return az.slice(-1);
}

/** Names of the SSM parameters that tell the web servers where the database is. */
export interface DatabaseParameterNames {
  readonly writer: string;
  readonly reader: string;
  /** The application's database user, which connects with IAM authentication tokens. */
  readonly user: string;
}

/** Names of one environment, all built from its `namePrefix`. */
export class Naming {
  constructor(public readonly prefix: string) {}

  /** `<prefix>-<parts joined by hyphens>`. */
  name(...parts: Array<string | number>): string {
    return [this.prefix, ...parts].join("-");
  }

  /** A per-zone name (`<prefix>-public-a`). */
  perAz(base: string, az: string): string {
    return this.name(base, azLetter(az));
  }

  /** The Elastic IP of the resource named `owner` (a NAT gateway): `<owner>-eip`. */
  eipOf(owner: string): string {
    return `${owner}-eip`;
  }

  /** The CloudWatch log group of the VPC's flow logs, under AWS's `/aws/vpc/` convention. */
  flowLogGroup(): string {
    return `/aws/vpc/${this.name("flow-logs")}`;
  }

  /**
   * The CloudWatch log group of the web ACL's logs: WAF delivers only to log groups whose name
   * starts with `aws-waf-logs-`.
   */
  wafLogGroup(): string {
    return `${WAF_LOG_GROUP_PREFIX}${this.prefix}`;
  }

  /** An S3 `bucket_prefix` (AWS appends a unique suffix, so the name is global without guessing). */
  bucketPrefix(base: string): string {
    return `${this.name(base)}-`;
  }

  /** Identifier of the snapshot RDS takes when the database `identifier` is destroyed. */
  finalSnapshot(identifier: string): string {
    return `${identifier}-final`;
  }

  /** The log group RDS exports the `type` log (error, slowquery, ...) of instance `identifier` to; RDS fixes this name. */
  rdsLogGroup(identifier: string, type: string): string {
    return `/aws/rds/instance/${identifier}/${type}`;
  }

  /** A DB parameter group named for its family: `<prefix>-mysql84` for `mysql8.4` (dots are not allowed). */
  parameterGroup(family: string): string {
    return this.name(family.replace(/\./g, ""));
  }

  /** A KMS alias for the key of `base`: `alias/<prefix>-<base>`. */
  kmsAlias(base: string): string {
    return `alias/${this.name(base)}`;
  }

  /**
   * The Secrets Manager secret holding the database master credentials (`<prefix>-db-master`).
   * A standby region's replica has the same name, so the standby stack finds it without the
   * primary's state.
   */
  masterSecret(): string {
    return this.name("db-master");
  }

  /**
   * SSM parameters through which the web servers learn where the database is: the writer's and
   * the reader's host names and the ARN of the master secret, under `/<prefix>/database/`.
   */
  databaseParameters(): DatabaseParameterNames {
    const under = (leaf: string) => `/${this.prefix}/database/${leaf}`;
    return { writer: under("writer-endpoint"), reader: under("reader-endpoint"), user: under("app-user") };
  }

  /**
   * Name of the `index`-th web server in a zone: `web-a` when there is one per zone (the
   * reference design), `web-a1`, `web-a2`, ... when there are more.
   */
  webServer(az: string, index: number, countPerAz: number): string {
    const letter = azLetter(az);
    return this.name("web", countPerAz === 1 ? letter : `${letter}${index + 1}`);
  }
}

/** A CloudWatch alarm on the resource named `subject` (`multiple-server-db-a`): `<subject>-<what>`. */
export function alarmName(subject: string, what: string): string {
  return `${subject}-${what}`;
}

/** ARN of an AWS managed IAM policy in `partition` (aws, aws-cn, aws-us-gov). */
export function managedPolicyArn(partition: string, policy: string): string {
  return `arn:${partition}:iam::aws:policy/${policy}`;
}

/** Name of the cdktf stack of an environment. */
export function stackName(environment: string): string {
  return `${PROJECT}-${environment}`;
}

/** What the standby of a disaster-recovery pair adds to its environment's names: `-dr`. */
export const STANDBY_SUFFIX = "dr";

/** Name of the standby stack of an environment: `multiple-server-<env>-dr`. */
export function standbyStackName(environment: string): string {
  return `${stackName(environment)}-${STANDBY_SUFFIX}`;
}

/**
 * Name prefix of an environment's standby (`<prefix>-dr`): IAM names are global and the rest
 * should say at a glance which side of the pair a resource belongs to.
 */
export function standbyPrefix(prefix: string): string {
  return `${prefix}-${STANDBY_SUFFIX}`;
}

/** Default state bucket of the standby region: `<bucket>-<region>`. */
export function standbyStateBucketName(bucket: string, region: string): string {
  return `${bucket}-${region}`;
}

/** Name of the stack that creates the state bucket. */
export const STATE_STACK_NAME = `${PROJECT}-state`;
