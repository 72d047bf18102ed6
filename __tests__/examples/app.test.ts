// examples/app (docs/run-your-application.md "A worked example"): the example configuration, loaded
// and synthesized as `MULTIPLE_SERVER_CONFIG=examples/app/config.json npm run synth` would, on both
// web fleets; its script's syntax; and the application it installs, run here.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { environmentDefinitions } from "../../src/config/load";
import { writeDiagrams, diagramFile, readSynthOutput } from "../../src/diagram/main";
import { USER_DATA_LIMIT_BYTES } from "../../src/stacks/user-data-size";
import { deepMerge, resourcesOf, type TerraformJson } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const CONFIG = path.join(ROOT, "examples", "app", "config.json");
const SCRIPT = path.join(ROOT, "examples", "app", "boot.sh");
const STACK = "multiple-server-app";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "example-app-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The example's `app` environment with `fleet`, synthesized through the app (rules, size check, guardrails). */
function synthesizeWith(fleet: "instances" | "autoScaling"): { out: string; config: string; tf: TerraformJson } {
  let config = CONFIG;
  const { definitions } = environmentDefinitions({ MULTIPLE_SERVER_CONFIG: CONFIG });
  if (definitions.app.web?.fleet !== fleet) {
    // The same entry with the other fleet, its boot script already resolved to the example's file.
    config = path.join(work, `${fleet}.json`);
    fs.writeFileSync(config, JSON.stringify({ environments: { app: deepMerge(definitions.app, { web: { fleet } }) } }));
  }
  const out = path.join(work, fleet);
  synthesize({ outdir: out, env: { MULTIPLE_SERVER_CONFIG: config, MULTIPLE_SERVER_ENVIRONMENTS: "app" } });
  return { out, config, tf: readSynthOutput(out).get(STACK) as TerraformJson };
}

/** Every user data the stack gives its servers, decoded. */
function userData(tf: TerraformJson): string[] {
  const fixed = resourcesOf(tf, "aws_instance").map(([, i]) => i.user_data as string);
  const launched = resourcesOf(tf, "aws_launch_template").map(([, t]) => Buffer.from(t.user_data, "base64").toString("utf8"));
  return [...fixed, ...launched];
}

describe("examples/app/config.json", () => {
  it("names the example's boot script, relative to itself, for a fleet of its own", () => {
    const { definitions } = environmentDefinitions({ MULTIPLE_SERVER_CONFIG: CONFIG });
    expect(definitions.app.web?.bootScript).toBe(SCRIPT);
    expect(definitions.app.web?.fleet).toBe("autoScaling");
  });
});

describe.each(["autoScaling", "instances"] as const)("the example synthesized with the %s fleet", (fleet) => {
  const { out, config, tf } = synthesizeWith(fleet);
  const scripts = userData(tf);

  it("puts boot.sh verbatim into every server's user data, after the base setup, in bash that parses", () => {
    expect(scripts).toHaveLength(fleet === "instances" ? 2 : 1);
    expect(resourcesOf(tf, fleet === "instances" ? "aws_instance" : "aws_autoscaling_group")).toHaveLength(fleet === "instances" ? 2 : 1);
    const script = fs.readFileSync(SCRIPT, "utf8");
    for (const data of scripts) {
      const [base, rest] = data.split("systemctl enable --now httpd\n");
      expect(base).toContain("KeepAliveTimeout 65");
      expect(rest).toContain(script);
      expect(spawnSync("bash", ["-n"], { input: data, encoding: "utf8" }).status).toBe(0);
    }
  });

  it("keeps every user data within EC2's 16 KB", () => {
    for (const data of scripts) expect(Buffer.byteLength(data, "utf8")).toBeLessThanOrEqual(USER_DATA_LIMIT_BYTES);
    expect(USER_DATA_LIMIT_BYTES).toBe(16384);
  });

  it("draws the servers with the image and the boot script's file name", async () => {
    const docs = path.join(work, `${fleet}-docs`);
    await writeDiagrams({ from: out, out: docs, env: { MULTIPLE_SERVER_CONFIG: config } });
    const svg = fs.readFileSync(diagramFile(docs, "app"), "utf8");
    expect(svg).toContain("boot script: boot.sh");
    expect(svg).toContain("Amazon Linux 2023 (x86_64)");
  });
});

describe("examples/app/boot.sh", () => {
  const script = fs.readFileSync(SCRIPT, "utf8");

  it("is bash that parses (bash -n)", () => {
    const run = spawnSync("bash", ["-n", SCRIPT], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("proxies / to the application on the loopback, leaving the database status page to Apache", () => {
    const conf = /cat > \/etc\/httpd\/conf\.d\/example-app\.conf <<CONF\n([\s\S]*?)\nCONF\n/.exec(script)?.[1] ?? "";
    const proxies = conf.split("\n").filter((line) => line.startsWith("ProxyPass "));
    expect(proxies).toEqual(["ProxyPass /db-status !", "ProxyPass / http://127.0.0.1:$APP_PORT/"]);
    expect(script).toContain("APP_PORT=8080\n");
  });

  it("installs an application that answers / and /health (run here with this machine's Python)", async () => {
    const app = /cat > "\$APP_DIR\/app\.py" <<'PY'\n([\s\S]*?)\nPY\n/.exec(script)?.[1];
    expect(app).toBeDefined();
    const file = path.join(work, "app.py");
    fs.writeFileSync(file, app!);
    const port = await freePort();
    const server = spawn("python3", [file], { env: { ...process.env, APP_PORT: String(port) }, stdio: "ignore" });
    try {
      const health = await getWhenUp(port, "/health");
      expect(health).toEqual({ status: 200, body: "ok\n" });
      const root = await getWhenUp(port, "/");
      expect(root.status).toBe(200);
      expect(JSON.parse(root.body)).toEqual({ message: "Hello from the example application", server: os.hostname() });
      expect((await getWhenUp(port, "/nothing")).status).toBe(404);
    } finally {
      server.kill();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/** GET on 127.0.0.1:port, retried while the server is starting (at most about 10 s). */
async function getWhenUp(port: number, pathname: string): Promise<{ status: number; body: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, path: pathname }, (res) => {
            let body = "";
            res.on("data", (chunk) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          })
          .on("error", reject);
      });
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
