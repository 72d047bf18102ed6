import {
  DB_CONNECT_TIMEOUT_SECONDS,
  DB_STATUS_CACHE_DIR,
  DB_STATUS_CACHE_SECONDS,
  DB_STATUS_PATH,
  DB_STATUS_SCRIPT,
  RDS_CA_BUNDLE_PATH,
} from "../config/constants";
import type { DatabaseParameterNames } from "../naming";

/** Where the status page finds the database: all fixed at synth, so the boot script never waits for RDS. */
export interface DatabaseStatusSource {
  /** Region of the SSM parameters and the secret. */
  readonly region: string;
  /** Port MySQL listens on (config `database.port`). */
  readonly port: number;
  /** The SSM parameters holding the writer, the reader and the master secret's ARN. */
  readonly parameters: DatabaseParameterNames;
}

/**
 * The CGI script behind DB_STATUS_PATH. On each probe it reads the endpoints and the secret's ARN
 * from SSM and the master credentials from Secrets Manager (so a rotated password or a replaced
 * replica needs no new server), then runs `SELECT 1` on the writer and on the reader over TLS,
 * verifying the server's certificate against the RDS CA bundle. The password reaches the client
 * through a pipe (`--defaults-extra-file=<(...)`): never argv, the environment, a file or a log.
 * Answers 200 when both answer, 503 otherwise, and only "ok (N ms)" or "no answer" per endpoint:
 * no host name or error text. One probe per DB_STATUS_CACHE_SECONDS per server, under a lock, so
 * traffic to the page cannot turn into database connections or Secrets Manager calls.
 */
export function dbStatusScript(source: DatabaseStatusSource): string {
  const { parameters } = source;
  return [
    "#!/bin/bash",
    `# ${DB_STATUS_PATH}: do the database writer and reader answer? Written by the boot script (multiple-server).`,
    "set -uo pipefail",
    "export PATH=/usr/local/bin:/usr/bin:/bin",
    `REGION='${source.region}'`,
    `WRITER_PARAMETER='${parameters.writer}'`,
    `READER_PARAMETER='${parameters.reader}'`,
    `SECRET_PARAMETER='${parameters.secretArn}'`,
    `PORT=${source.port}`,
    `CA='${RDS_CA_BUNDLE_PATH}'`,
    `CACHE='${DB_STATUS_CACHE_DIR}'`,
    `MAX_AGE=${DB_STATUS_CACHE_SECONDS}`,
    `TIMEOUT=${DB_CONNECT_TIMEOUT_SECONDS}`,
    "",
    "respond() { printf 'Status: %s\\r\\nContent-Type: text/plain; charset=utf-8\\r\\nCache-Control: no-store\\r\\n\\r\\n%s\\n' \"$1\" \"$2\"; }",
    "",
    "# An option file value in double quotes, backslashes and quotes escaped (RDS passwords have no quotes, but still);",
    "# sed reads it on stdin, so it never shows in a process list.",
    String.raw`quoted() { printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"; }`,
    "",
    "# SELECT 1 over TLS with the server's certificate verified: 'ok (N ms)' or 'no answer'.",
    "probe() {",
    "  local host=$1 user=$2 password=$3 start",
    "  [ -n \"$host\" ] || { echo 'not configured (SSM parameter missing)'; return; }",
    "  start=$(date +%s%N)",
    "  if timeout $((TIMEOUT + 2)) mysql --defaults-extra-file=<(printf '[client]\\npassword=%s\\n' \"$(quoted \"$password\")\") \\",
    "      --host=\"$host\" --port=\"$PORT\" --user=\"$user\" --ssl-ca=\"$CA\" --ssl-verify-server-cert \\",
    "      --connect-timeout=\"$TIMEOUT\" --batch --skip-column-names --execute='SELECT 1' >/dev/null 2>&1; then",
    "    echo \"ok ($(( ($(date +%s%N) - start) / 1000000 )) ms)\"",
    "  else",
    "    echo 'no answer'",
    "  fi",
    "}",
    "",
    "# First line the HTTP status, then one line per endpoint.",
    "check() {",
    "  local values name value writer='' reader='' arn='' secret user password w r",
    "  values=$(aws ssm get-parameters --region \"$REGION\" --names \"$WRITER_PARAMETER\" \"$READER_PARAMETER\" \"$SECRET_PARAMETER\" \\",
    "    --query 'Parameters[].[Name,Value]' --output text 2>/dev/null) || values=''",
    "  while IFS=$'\\t' read -r name value; do",
    "    case $name in",
    "      \"$WRITER_PARAMETER\") writer=$value ;;",
    "      \"$READER_PARAMETER\") reader=$value ;;",
    "      \"$SECRET_PARAMETER\") arn=$value ;;",
    "    esac",
    "  done <<< \"$values\"",
    "  secret=''",
    "  [ -z \"$arn\" ] || secret=$(aws secretsmanager get-secret-value --region \"$REGION\" --secret-id \"$arn\" --query SecretString --output text 2>/dev/null) || secret=''",
    "  if [ -z \"$secret\" ]; then",
    "    printf '503 Service Unavailable\\nwriter: unknown (credentials not readable)\\nreader: unknown (credentials not readable)\\n'",
    "    return",
    "  fi",
    "  user=$(printf '%s' \"$secret\" | jq -r .username)",
    "  password=$(printf '%s' \"$secret\" | jq -r .password)",
    "  unset secret",
    "  w=$(probe \"$writer\" \"$user\" \"$password\")",
    "  r=$(probe \"$reader\" \"$user\" \"$password\")",
    "  unset password",
    "  if [[ $w == ok* && $r == ok* ]]; then echo '200 OK'; else echo '503 Service Unavailable'; fi",
    "  printf 'writer: %s\\nreader: %s\\n' \"$w\" \"$r\"",
    "}",
    "",
    "exec 9>\"$CACHE/lock\" || { respond '503 Service Unavailable' 'status cache unavailable'; exit 0; }",
    "flock -w $((TIMEOUT * 4 + 10)) 9 || { respond '503 Service Unavailable' 'busy'; exit 0; }",
    "if ! [ -s \"$CACHE/result\" ] || [ $(( $(date +%s) - $(stat -c %Y \"$CACHE/result\") )) -ge \"$MAX_AGE\" ]; then",
    "  check > \"$CACHE/result.new\" && mv \"$CACHE/result.new\" \"$CACHE/result\"",
    "fi",
    "respond \"$(head -n 1 \"$CACHE/result\")\" \"$(tail -n +2 \"$CACHE/result\")\"",
    "",
  ].join("\n");
}

/** Apache's mapping of DB_STATUS_PATH to the script (mod_cgid and /var/www/cgi-bin are Amazon Linux's defaults). */
export function dbStatusApacheConf(): string {
  return [`# The database status page (README "Deploy"); not the load balancer's health check.`, `ScriptAlias ${DB_STATUS_PATH} ${DB_STATUS_SCRIPT}`, ""].join(
    "\n",
  );
}
