import {
  BOOT_RETRIES,
  BOOT_RETRY_DELAY_SECONDS,
  DB_CLIENT_INSTALL,
  DB_STATUS_CACHE_DIR,
  DB_STATUS_CONF,
  DB_STATUS_SCRIPT,
  HTTPD_KEEP_ALIVE_CONF,
  IMDS_TOKEN_TTL_SECONDS,
  IMDS_URL,
  RDS_CA_BUNDLE_PATH,
  RDS_CA_BUNDLE_URL,
  WEB_ROOT,
  ZONE_PAGE_PATH,
} from "../../config/constants";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import type { WebSettings } from "../../config/schema";
import { dbStatusApacheConf, dbStatusScript, type DatabaseStatusSource } from "./db-status-page";

/**
 * Boot script of a web server: installs Apache, writes a page naming the instance and its zone
 * (read from IMDSv2, the only metadata API the instances allow) and a health file, and starts it.
 * `dnf` on Amazon Linux 2023, `yum` on Amazon Linux 2. User data runs once: every step that needs
 * the network is retried, since a server left without Apache stays unhealthy until replaced.
 *
 * With `database`, it also installs a MySQL client, downloads the RDS CA bundle over HTTPS
 * and writes the database status page (db-status-page.ts). Only names go into the script (the
 * SSM parameters, the region, the port), never an endpoint: servers neither wait for RDS nor get
 * replaced when an endpoint changes.
 */
export function webUserData(
  settings: Pick<WebSettings, "amiFamily" | "port" | "healthCheckPath" | "keepAliveTimeoutSeconds"> & Pick<Partial<WebSettings>, "bootScript">,
  title: string,
  database?: DatabaseStatusSource,
): string {
  const packageManager = settings.amiFamily === "al2023" ? "dnf" : "yum";
  // The rules keep the path a file below WEB_ROOT that is not the zone page.
  const healthFile = `${WEB_ROOT}${settings.healthCheckPath}`;
  const curl = `curl -fsS --retry ${BOOT_RETRIES} --retry-connrefused`;
  const writeHealthFile = [`mkdir -p "$(dirname ${healthFile})"`, `echo ok > ${healthFile}`];
  // With a boot script, the health file comes after it: a server whose script failed (set -e stops
  // the user data there) or is still running answers 404, so the target group never counts it
  // healthy, and an instance refresh waits for it (or fails) instead of moving on (EC2 Auto
  // Scaling User Guide, "How an instance refresh works": a new instance must pass its health
  // checks before the next is replaced).
  const script = settings.bootScript === undefined ? undefined : fs.readFileSync(settings.bootScript, "utf8");
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `retry() { for _ in $(seq ${BOOT_RETRIES}); do "$@" && return 0; sleep ${BOOT_RETRY_DELAY_SECONDS}; done; return 1; }`,
    ...(database ? installWithDatabaseClient(settings.amiFamily) : [`retry ${packageManager} install -y httpd`]),
    `TOKEN=$(${curl} -X PUT ${IMDS_URL}/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: ${IMDS_TOKEN_TTL_SECONDS}")`,
    `meta() { ${curl} -H "X-aws-ec2-metadata-token: $TOKEN" "${IMDS_URL}/meta-data/$1"; }`,
    "AZ=$(meta placement/availability-zone)",
    "INSTANCE_ID=$(meta instance-id)",
    `cat > ${WEB_ROOT}${ZONE_PAGE_PATH} <<HTML`,
    `<!doctype html><html><head><title>${title}</title></head>`,
    `<body><h1>${title}</h1><p>Served by $INSTANCE_ID in availability zone $AZ</p></body></html>`,
    "HTML",
    ...(script === undefined ? writeHealthFile : []),
    `sed -i 's/^Listen .*/Listen ${settings.port}/' /etc/httpd/conf/httpd.conf`,
    // Above the ALB's idle timeout, or the ALB reuses connections Apache has closed (502s);
    // guardrail MS-ALB-5 reads this directive from the synthesized user data.
    `cat > ${HTTPD_KEEP_ALIVE_CONF} <<CONF`,
    "KeepAlive On",
    `KeepAliveTimeout ${settings.keepAliveTimeoutSeconds}`,
    "CONF",
    ...(database ? databaseStatusPage(database) : []),
    "systemctl enable --now httpd",
    ...(script === undefined ? [] : [...userBootScript(script), ...writeHealthFile]),
    "",
  ].join("\n");
}

/** Where the user's `web.bootScript` is written on the server before it runs. */
export const USER_BOOT_SCRIPT_PATH = "/usr/local/sbin/multiple-server-boot-script";

/** Hex digits of the boot script's SHA-256 its heredoc marker carries. */
const BOOT_SCRIPT_HASH_LENGTH = 16;
/** The marker in user data: the heredoc that writes the user's script, named by its hash. */
const BOOT_SCRIPT_MARKER = new RegExp(`^cat > ${USER_BOOT_SCRIPT_PATH} <<'BOOT_SCRIPT_([0-9a-f]{${BOOT_SCRIPT_HASH_LENGTH}})'$`, "m");

/** The short hash of a boot script's content, as its heredoc marker in the user data names it. */
export function bootScriptHash(content: string): string {
  return createHash("sha256").update(content).digest("hex").slice(0, BOOT_SCRIPT_HASH_LENGTH);
}

/**
 * The short hash of the boot script a user data carries, or undefined when it has none: what the
 * synthesized JSON tells of `web.bootScript` (the file's name is not in it, its content is).
 */
export function bootScriptHashIn(userData: string): string | undefined {
  return BOOT_SCRIPT_MARKER.exec(userData)?.[1];
}

/**
 * The user's script, written verbatim and run as root once the base setup is done. The heredoc's
 * end marker carries the content's hash, so no line of the script can end it early. Its command
 * is the body of an `if`, not its condition, so `set -e` still stops the user data when it fails.
 */
function userBootScript(content: string): string[] {
  const marker = `BOOT_SCRIPT_${bootScriptHash(content)}`;
  return [
    `cat > ${USER_BOOT_SCRIPT_PATH} <<'${marker}'`,
    content.endsWith("\n") ? content.slice(0, -1) : content,
    marker,
    `chmod 0700 ${USER_BOOT_SCRIPT_PATH}`,
    // A script without a #! line still runs, under bash like ours.
    `if head -c 2 ${USER_BOOT_SCRIPT_PATH} | grep -q '^#!'; then ${USER_BOOT_SCRIPT_PATH}; else bash ${USER_BOOT_SCRIPT_PATH}; fi`,
  ];
}

/** Apache and the MySQL client of the family (AL2's own `mariadb` is 5.5: amazon-linux-extras has 10.5). */
function installWithDatabaseClient(amiFamily: WebSettings["amiFamily"]): string[] {
  return amiFamily === "al2023"
    ? [`retry dnf install -y httpd ${DB_CLIENT_INSTALL.al2023}`]
    : ["retry yum install -y httpd", `retry amazon-linux-extras install -y ${DB_CLIENT_INSTALL.al2}`];
}

/** The RDS CA bundle, the status page's script, its cache folder and its Apache mapping. */
function databaseStatusPage(database: DatabaseStatusSource): string[] {
  return [
    `install -d -m 0755 "$(dirname ${RDS_CA_BUNDLE_PATH})"`,
    `retry curl -fsS -o ${RDS_CA_BUNDLE_PATH} ${RDS_CA_BUNDLE_URL}`,
    `install -d -o apache -g apache -m 0700 ${DB_STATUS_CACHE_DIR}`,
    `cat > ${DB_STATUS_SCRIPT} <<'CGI'`,
    dbStatusScript(database).trimEnd(),
    "CGI",
    `chmod 0755 ${DB_STATUS_SCRIPT}`,
    `cat > ${DB_STATUS_CONF} <<'CONF'`,
    dbStatusApacheConf().trimEnd(),
    "CONF",
  ];
}
