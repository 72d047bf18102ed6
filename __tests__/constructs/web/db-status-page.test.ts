import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DB_STATUS_CACHE_SECONDS, RDS_CA_BUNDLE_PATH } from "../../../src/config/constants";
import { dbStatusScript } from "../../../src/constructs/web/db-status-page";
import { webUserData } from "../../../src/constructs/web/web-user-data";
import { naming } from "../../helpers";

const source = { region: "ap-northeast-2", port: 3306, parameters: naming.databaseParameters() };
const web = { amiFamily: "al2023", port: 80, healthCheckPath: "/health", keepAliveTimeoutSeconds: 65 } as const;
const USER = "app";
/**
 * What `aws rds generate-db-auth-token` prints: a presigned query (the shape RDS documents: host,
 * port, `?Action=connect&DBUser=...&X-Amz-...`), with the characters an option file treats
 * specially (#, ;, \) and a shell would ($) added, so the quoting is tested too.
 */
const token = (host: string) => `${host}:3306/?Action=connect&DBUser=${USER}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab%2Fcd#9;x\\y$HOME!`;

/**
 * The status page's script run by bash as Apache would run it (CGI: output on stdout), with
 * stand-ins on PATH for the two programs that need AWS: `aws` answers the SSM call from canned
 * values, signs a token per host (or fails, as without credentials) and logs its arguments; `mysql`
 * logs its arguments and the option file it was given, and answers for the hosts listed in UP.
 * flock, timeout, stat and date are the real ones. The real MySQL client against RDS cannot run
 * here (no AWS).
 */
function page(options: { up?: string[]; credentials?: boolean; parameters?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "db-status-"));
  const bin = path.join(dir, "bin");
  const cache = path.join(dir, "cache");
  fs.mkdirSync(bin);
  fs.mkdirSync(cache);
  const p = source.parameters;
  const values = options.parameters === false ? "" : `${p.writer}\\twriter.rds.example\\n${p.reader}\\treader.rds.example\\n${p.user}\\t${USER}\\n`;
  fs.writeFileSync(
    path.join(bin, "aws"),
    [
      "#!/bin/bash",
      'printf "%s\\n" "$*" >> "$LOG/aws"',
      'case "$1 $2" in',
      `  "ssm get-parameters") printf '${values}' ;;`,
      options.credentials === false
        ? '  "rds generate-db-auth-token") echo "Unable to locate credentials" >&2; exit 253 ;;'
        : `  "rds generate-db-auth-token") host=$6; printf '%s\\n' "$host:3306/?Action=connect&DBUser=${USER}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab%2Fcd#9;x\\\\y\\$HOME!" ;;`,
      "esac",
    ].join("\n"),
    { mode: 0o755 },
  );
  fs.writeFileSync(
    path.join(bin, "mysql"),
    [
      "#!/bin/bash",
      'printf "ARGS %s\\n" "$*" >> "$LOG/mysql"',
      'for a in "$@"; do case $a in --defaults-extra-file=*) { echo FILE; cat "${a#*=}"; } >> "$LOG/mysql" ;; --host=*) host=${a#*=} ;; esac; done',
      'for up in $UP; do [ "$host" = "$up" ] && exit 0; done',
      'echo "ERROR 2003 (HY000): Can\'t connect to MySQL server on \'$host\'" >&2; exit 1',
    ].join("\n"),
    { mode: 0o755 },
  );
  const script = dbStatusScript(source)
    .replace(/^export PATH=.*$/m, `export PATH=${bin}:/usr/bin:/bin`)
    .replace(/^CACHE=.*$/m, `CACHE='${cache}'`);
  const run = () => {
    const r = spawnSync("bash", ["-c", script], {
      encoding: "utf8",
      env: { LOG: dir, UP: (options.up ?? ["writer.rds.example", "reader.rds.example"]).join(" ") },
    });
    const log = (name: string) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), "utf8") : "");
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, aws: log("aws"), mysql: log("mysql") };
  };
  return { run, cache, cleanup: () => fs.rmSync(dir, { recursive: true }) };
}

describe("the database status page", () => {
  it("is a script bash can parse, alone and inside the boot script", () => {
    for (const script of [dbStatusScript(source), webUserData(web, "multiple-server-web-a", source)]) {
      const check = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
      expect([check.status, check.stderr]).toEqual([0, ""]);
    }
  });

  it("answers 200 when the writer and the reader both answer SELECT 1, with nothing but ok and the time", () => {
    const p = page();
    const { status, stdout } = p.run();
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Status: 200 OK\r\nContent-Type: text\/plain; charset=utf-8\r\nCache-Control: no-store\r\n\r\nwriter: ok \(\d+ ms\)\nreader: ok \(\d+ ms\)\n$/);
    p.cleanup();
  });

  it("reads the endpoints and the user from SSM and signs an IAM token per endpoint, in the stack's region; never reads a secret", () => {
    const p = page();
    const { aws, mysql } = p.run();
    const s = source.parameters;
    expect(aws.trim().split("\n")).toEqual([
      `ssm get-parameters --region ap-northeast-2 --names ${s.writer} ${s.reader} ${s.user} --query Parameters[].[Name,Value] --output text`,
      "rds generate-db-auth-token --region ap-northeast-2 --hostname writer.rds.example --port 3306 --username app",
      "rds generate-db-auth-token --region ap-northeast-2 --hostname reader.rds.example --port 3306 --username app",
    ]);
    expect(aws).not.toContain("secretsmanager");
    expect(mysql).toContain("--host=writer.rds.example --port=3306 --user=app --enable-cleartext-plugin");
    expect(mysql).toContain("--host=reader.rds.example --port=3306 --user=app --enable-cleartext-plugin");
    p.cleanup();
  });

  it("connects with TLS, verifying the server's certificate against the RDS CA bundle", () => {
    const p = page();
    const args = p.run().mysql.split("\n").filter((line) => line.startsWith("ARGS "));
    expect(args).toHaveLength(2);
    for (const line of args) {
      expect(line).toContain(`--ssl-ca=${RDS_CA_BUNDLE_PATH} --ssl-verify-server-cert`);
      expect(line).toMatch(/^ARGS --defaults-extra-file=\/dev\/fd\/\d+ /);
    }
    p.cleanup();
  });

  it("hands each token over through a pipe only: never in argv, output, errors or a file", () => {
    const p = page({ up: ["writer.rds.example"] });
    const { stdout, stderr, mysql } = p.run();
    const args = mysql.split("\n").filter((line) => line.startsWith("ARGS ")).join("\n");
    for (const host of ["writer.rds.example", "reader.rds.example"]) {
      expect(args).not.toContain(token(host));
      expect(stdout + stderr).not.toContain(token(host));
      // The option file mysql read, with the value quoted and the backslash escaped as MySQL reads it.
      expect(mysql).toContain(`FILE\n[client]\npassword="${token(host).replace(/\\/g, "\\\\")}"\n`);
    }
    const leftovers = fs.readdirSync(p.cache).map((f) => fs.readFileSync(path.join(p.cache, f), "utf8")).join("\n");
    expect(leftovers).not.toContain("X-Amz-Signature");
    p.cleanup();
  });

  it("answers 503 naming the endpoint that does not answer, without its host name or the client's error", () => {
    const p = page({ up: ["writer.rds.example"] });
    const { stdout } = p.run();
    expect(stdout).toMatch(/^Status: 503 Service Unavailable\r\n/);
    expect(stdout).toMatch(/\r\n\r\nwriter: ok \(\d+ ms\)\nreader: no answer\n$/);
    expect(stdout).not.toMatch(/rds\.example|ERROR 2003/);
    p.cleanup();
  });

  it("answers 503 when the server has no credentials to sign with, and when the parameters do not exist yet", () => {
    const unsigned = page({ credentials: false });
    const a = unsigned.run();
    expect(a.stdout).toMatch(/^Status: 503 Service Unavailable\r\n/);
    expect(a.stdout).toContain("writer: no token (IAM credentials)\nreader: no token (IAM credentials)\n");
    expect(a.stdout).not.toContain("Unable to locate credentials");
    expect(a.mysql).toBe("");
    unsigned.cleanup();
    const early = page({ parameters: false });
    const b = early.run();
    expect(b.stdout).toContain("writer: unknown (database user not configured)\nreader: unknown (database user not configured)\n");
    expect(b.mysql).toBe("");
    early.cleanup();
  });

  it(`probes at most once per ${DB_STATUS_CACHE_SECONDS} s per server: traffic to the page reuses the last answer`, () => {
    const p = page();
    const first = p.run();
    const second = p.run();
    expect(second.stdout).toBe(first.stdout);
    expect(second.aws.trim().split("\n")).toHaveLength(3);
    // Once the answer is older than the cache, the next request probes again.
    const old = new Date(Date.now() - (DB_STATUS_CACHE_SECONDS + 1) * 1000);
    fs.utimesSync(path.join(p.cache, "result"), old, old);
    expect(p.run().aws.trim().split("\n")).toHaveLength(6);
    p.cleanup();
  });
});

describe("the boot script with the status page", () => {
  const script = webUserData(web, "multiple-server-web-a", source);

  it("installs Apache and AL2023's MySQL client in one retried step (no jq: nothing parses a secret any more)", () => {
    expect(script).toContain("retry dnf install -y httpd mariadb105\n");
  });

  it("installs the MySQL 10.5 client from amazon-linux-extras on Amazon Linux 2 (its own is 5.5)", () => {
    const al2 = webUserData({ ...web, amiFamily: "al2" }, "x", source);
    expect(al2).toContain("retry yum install -y httpd\nretry amazon-linux-extras install -y mariadb10.5\n");
  });

  it("downloads the RDS CA bundle over HTTPS from AWS's truststore, retried", () => {
    expect(script).toContain(`retry curl -fsS -o ${RDS_CA_BUNDLE_PATH} https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem\n`);
  });

  it("maps /db-status to the script, which Apache's user alone may cache for", () => {
    expect(script).toContain("cat > /etc/httpd/conf.d/db-status.conf <<'CONF'\n# The database status page");
    expect(script).toContain("ScriptAlias /db-status /var/www/cgi-bin/db-status\nCONF\n");
    expect(script).toContain("install -d -o apache -g apache -m 0700 /var/cache/db-status\n");
    expect(script).toContain("chmod 0755 /var/www/cgi-bin/db-status\n");
  });

  it("writes the script exactly as dbStatusScript makes it (a quoted heredoc: nothing expands at boot)", () => {
    const start = script.indexOf("cat > /var/www/cgi-bin/db-status <<'CGI'\n") + "cat > /var/www/cgi-bin/db-status <<'CGI'\n".length;
    const end = script.indexOf("\nCGI\n", start);
    expect(`${script.slice(start, end)}\n`).toBe(dbStatusScript(source));
  });

  it("holds no endpoint: only parameter names, so servers neither wait for RDS nor get replaced when it moves", () => {
    expect(script).toContain(`WRITER_PARAMETER='/multiple-server/database/writer-endpoint'`);
    expect(script).not.toMatch(/\.[a-z]{2}-[a-z]+-\d\.rds\.amazonaws\.com|aws_db_instance/);
  });

  it("has nothing Terraform would interpolate (${ or %{) and fits in user data's 16 KB", () => {
    expect(script).not.toMatch(/\$\{|%\{/);
    expect(Buffer.byteLength(script, "utf8")).toBeLessThan(16 * 1024);
  });
});
