import { WEB_ROOT, ZONE_PAGE_PATH } from "./config/constants";
import type { WebSettings } from "./config/schema";

/**
 * Boot script of a web server: installs Apache, writes a page naming the instance and its zone
 * (read from IMDSv2, the only metadata API the instances allow) and a health file, and starts it.
 * `dnf` on Amazon Linux 2023, `yum` on Amazon Linux 2.
 */
export function webUserData(settings: Pick<WebSettings, "amiFamily" | "port" | "healthCheckPath">, title: string): string {
  const packageManager = settings.amiFamily === "al2023" ? "dnf" : "yum";
  // The rules keep the path a file below WEB_ROOT that is not the zone page.
  const healthFile = `${WEB_ROOT}${settings.healthCheckPath}`;
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    `${packageManager} install -y httpd`,
    'TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
    'meta() { curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" "http://169.254.169.254/latest/meta-data/$1"; }',
    "AZ=$(meta placement/availability-zone)",
    "INSTANCE_ID=$(meta instance-id)",
    `cat > ${WEB_ROOT}${ZONE_PAGE_PATH} <<HTML`,
    `<!doctype html><html><head><title>${title}</title></head>`,
    `<body><h1>${title}</h1><p>Served by $INSTANCE_ID in availability zone $AZ</p></body></html>`,
    "HTML",
    `mkdir -p "$(dirname ${healthFile})"`,
    `echo ok > ${healthFile}`,
    `sed -i 's/^Listen .*/Listen ${settings.port}/' /etc/httpd/conf/httpd.conf`,
    "systemctl enable --now httpd",
    "",
  ].join("\n");
}
