/**
 * MySQL versions RDS still creates, newest first: the one list the schema, the rules and the
 * docs refer to. A major.minor prefix lets RDS pick the newest minor release
 * (with `auto_minor_version_upgrade`). The article's 8.0.23 is long gone from RDS; 8.0 itself
 * left RDS standard support on 2026-07-31 and now runs under paid Extended Support, so it stays
 * available for users who must match an existing 8.0 fleet but is not the default.
 */
export const MYSQL_ENGINE_VERSIONS = ["8.4", "8.0"] as const;

export type MysqlEngineVersion = (typeof MYSQL_ENGINE_VERSIONS)[number];

/** DB parameter group family of an engine version: `8.4` and `8.4.x` belong to `mysql8.4`. */
export function mysqlParameterGroupFamily(version: string): string {
  const [major, minor] = version.split(".");
  return `mysql${major}.${minor}`;
}

/**
 * The Terraform the synthesized stacks need, as an npm semver range: 1.11 brought write-only
 * arguments, and the database's master password reaches RDS only through `password_wo`
 * (src/constructs/master-credentials.ts). cdktn checks every feature a stack uses against it
 * (its `targetVersions`; src/cdk.ts); the project is tested with Terraform only, not OpenTofu.
 */
export const TERRAFORM_VERSIONS = ">=1.11.0";
