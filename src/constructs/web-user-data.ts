import {
  BOOT_RETRIES,
  BOOT_RETRY_DELAY_SECONDS,
  HTTPD_KEEP_ALIVE_CONF,
  IMDS_TOKEN_TTL_SECONDS,
  IMDS_URL,
  WEB_ROOT,
  ZONE_PAGE_PATH,
} from "../config/constants";
import type { WebSettings } from "../config/schema";

/**
 * Boot script of a web server: installs Apache, writes a page naming the instance and its zone
 * (read from IMDSv2, the only metadata API the instances allow) and a health file, and starts it.
 * `dnf` on Amazon Linux 2023, `yum` on Amazon Linux 2. User data runs once: every step that needs
 * the network is retried, since a server left without Apache stays unhealthy until replaced.
 */
export function webUserData(
  settings: Pick<WebSettings, "amiFamily" | "port" | "healthCheckPath" | "keepAliveTimeoutSeconds">,
  title: string,
): string {
  const packageManager = settings.amiFamily === "al2023" ? "dnf" : "yum";
  // The rules keep the path a file below WEB_ROOT that is not the zone page.
  const healthFile = `${WEB_ROOT}${settings.healthCheckPath}`;
  const curl = `curl -fsS --retry ${BOOT_RETRIES} --retry-connrefused`;
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `retry() { for _ in $(seq ${BOOT_RETRIES}); do "$@" && return 0; sleep ${BOOT_RETRY_DELAY_SECONDS}; done; return 1; }`,
    `retry ${packageManager} install -y httpd`,
    `TOKEN=$(${curl} -X PUT ${IMDS_URL}/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: ${IMDS_TOKEN_TTL_SECONDS}")`,
    `meta() { ${curl} -H "X-aws-ec2-metadata-token: $TOKEN" "${IMDS_URL}/meta-data/$1"; }`,
    "AZ=$(meta placement/availability-zone)",
    "INSTANCE_ID=$(meta instance-id)",
    `cat > ${WEB_ROOT}${ZONE_PAGE_PATH} <<HTML`,
    `<!doctype html><html><head><title>${title}</title></head>`,
    `<body><h1>${title}</h1><p>Served by $INSTANCE_ID in availability zone $AZ</p></body></html>`,
    "HTML",
    `mkdir -p "$(dirname ${healthFile})"`,
    `echo ok > ${healthFile}`,
    `sed -i 's/^Listen .*/Listen ${settings.port}/' /etc/httpd/conf/httpd.conf`,
    // Above the ALB's idle timeout, or the ALB reuses connections Apache has closed (502s);
    // guardrail MS-ALB-5 reads this directive from the synthesized user data.
    `cat > ${HTTPD_KEEP_ALIVE_CONF} <<CONF`,
    "KeepAlive On",
    `KeepAliveTimeout ${settings.keepAliveTimeoutSeconds}`,
    "CONF",
    "systemctl enable --now httpd",
    "",
  ].join("\n");
}
