import {
  DB_CONNECT_TIMEOUT_SECONDS,
  DB_STATUS_CACHE_DIR,
  DB_STATUS_CACHE_SECONDS,
  DB_STATUS_PATH,
  DB_STATUS_SCRIPT,
  RDS_CA_BUNDLE_PATH,
} from "../../config/constants";
import type { DatabaseParameterNames } from "../../naming";

/** Where the status page finds the database: all fixed at synth, so the boot script never waits for RDS. */
export interface DatabaseStatusSource {
  /** Region of the SSM parameters and the databases. */
  readonly region: string;
  /** Port MySQL listens on (config `database.port`). */
  readonly port: number;
  /** The SSM parameters holding the writer, the reader and the application's database user. */
  readonly parameters: DatabaseParameterNames;
}

/**
 * The CGI script behind DB_STATUS_PATH. On each probe it reads the endpoints and the application
 * user's name from SSM (so a replaced replica needs no new server), signs an IAM authentication
 * token per endpoint with the server's role (`aws rds generate-db-auth-token`: local signing, valid
 * 15 minutes, accepted only for `rds-db:connect` as that user on that instance), then runs
 * `SELECT 1` as that user on the writer and on the reader over TLS, verifying the server's
 * certificate against the RDS CA bundle (RDS User Guide, "Connecting to your DB instance using IAM
 * authentication from the command line"). No password exists: the servers never read the master
 * secret. The token reaches the client through a pipe (`--defaults-extra-file=<(...)`): never argv,
 * the environment, a file or a log; `--enable-cleartext-plugin` sends it as RDS's plugin expects
 * (MariaDB's client, which Amazon Linux installs, accepts the option and always may).
 * Answers 200 when both answer, 503 otherwise, and only "ok (N ms)", "no token" or "no answer" per
 * endpoint: no host name or error text. One probe per DB_STATUS_CACHE_SECONDS per server, under a
 * lock, so traffic to the page cannot turn into database connections.
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
    `USER_PARAMETER='${parameters.user}'`,
    `PORT=${source.port}`,
    `CA='${RDS_CA_BUNDLE_PATH}'`,
    `CACHE='${DB_STATUS_CACHE_DIR}'`,
    `MAX_AGE=${DB_STATUS_CACHE_SECONDS}`,
    `TIMEOUT=${DB_CONNECT_TIMEOUT_SECONDS}`,
    "",
    "respond() { printf 'Status: %s\\r\\nContent-Type: text/plain; charset=utf-8\\r\\nCache-Control: no-store\\r\\n\\r\\n%s\\n' \"$1\" \"$2\"; }",
    "",
    "# An option file value in double quotes, backslashes and quotes escaped (tokens have none, but still);",
    "# sed reads it on stdin, so it never shows in a process list.",
    String.raw`quoted() { printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"; }`,
    "",
    "# SELECT 1 as the user, with an IAM token, over TLS with the server's certificate verified: 'ok (N ms)', 'no token' or 'no answer'.",
    "probe() {",
    "  local host=$1 user=$2 token start",
    "  [ -n \"$host\" ] || { echo 'not configured (SSM parameter missing)'; return; }",
    "  token=$(aws rds generate-db-auth-token --region \"$REGION\" --hostname \"$host\" --port \"$PORT\" --username \"$user\" 2>/dev/null) || token=''",
    "  [ -n \"$token\" ] || { echo 'no token (IAM credentials)'; return; }",
    "  start=$(date +%s%N)",
    "  if timeout $((TIMEOUT + 2)) mysql --defaults-extra-file=<(printf '[client]\\npassword=%s\\n' \"$(quoted \"$token\")\") \\",
    "      --host=\"$host\" --port=\"$PORT\" --user=\"$user\" --enable-cleartext-plugin --ssl-ca=\"$CA\" --ssl-verify-server-cert \\",
    "      --connect-timeout=\"$TIMEOUT\" --batch --skip-column-names --execute='SELECT 1' >/dev/null 2>&1; then",
    "    echo \"ok ($(( ($(date +%s%N) - start) / 1000000 )) ms)\"",
    "  else",
    "    echo 'no answer'",
    "  fi",
    "}",
    "",
    "# First line the HTTP status, then one line per endpoint.",
    "check() {",
    "  local values name value writer='' reader='' user='' w r",
    "  values=$(aws ssm get-parameters --region \"$REGION\" --names \"$WRITER_PARAMETER\" \"$READER_PARAMETER\" \"$USER_PARAMETER\" \\",
    "    --query 'Parameters[].[Name,Value]' --output text 2>/dev/null) || values=''",
    "  while IFS=$'\\t' read -r name value; do",
    "    case $name in",
    "      \"$WRITER_PARAMETER\") writer=$value ;;",
    "      \"$READER_PARAMETER\") reader=$value ;;",
    "      \"$USER_PARAMETER\") user=$value ;;",
    "    esac",
    "  done <<< \"$values\"",
    "  if [ -z \"$user\" ]; then",
    "    printf '503 Service Unavailable\\nwriter: unknown (database user not configured)\\nreader: unknown (database user not configured)\\n'",
    "    return",
    "  fi",
    "  w=$(probe \"$writer\" \"$user\")",
    "  r=$(probe \"$reader\" \"$user\")",
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
