import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { configProblems } from "../helpers";
import { ENVIRONMENTS } from "../../src/config/environments";
import { environmentDefinitions, loadSettings } from "../../src/config/load";
import { settingsNotices } from "../../src/config/notices";
import type { SettingsInput } from "../../src/config/schema";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-messages-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const problemsOf = configProblems;

function configFile(name: string, environments: Record<string, SettingsInput>): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify({ environments }, null, 2));
  return file;
}

describe("namePrefix collisions across every defined environment", () => {
  it("refuses a staging synthesized alone with dev's prefix, naming the file and the unselected owner", () => {
    const file = configFile("staging.json", { staging: { namePrefix: "multiple-server" } });
    const env = { MULTIPLE_SERVER_CONFIG: file };
    const { definitions, sources, problems } = environmentDefinitions(env);
    expect(problemsOf(() => loadSettings(["staging"], env, definitions, problems, sources))).toEqual([
      `${file}: staging.namePrefix multiple-server is also the namePrefix of dev (defined, though not selected now); their IAM role, ALB and RDS names would collide in one account, so give each environment its own`,
    ]);
  });

  it("refuses a prefix that is the standby prefix of an unselected environment with dr", () => {
    const definitions = { ...ENVIRONMENTS, tokyo: { namePrefix: "ms-tokyo", dr: { region: "ap-northeast-1" } }, other: { namePrefix: "ms-tokyo-dr" } };
    expect(problemsOf(() => loadSettings(["other"], {}, definitions))).toEqual([
      "other.namePrefix ms-tokyo-dr is also the namePrefix of tokyo's standby (defined, though not selected now); their IAM role, ALB and RDS names would collide in one account, so give each environment its own",
    ]);
  });

  it("accepts a staging with its own prefix, and ignores an unselected environment's own problems", () => {
    const definitions = { ...ENVIRONMENTS, staging: { namePrefix: "ms-staging" }, broken: { namePrefix: "ms-broken", web: { countPerAz: 0 } } };
    expect(problemsOf(() => loadSettings(["staging"], {}, definitions))).toEqual([]);
  });
});

describe("where a problem comes from", () => {
  it("names the variable that gave a bad state bucket, not only the setting", () => {
    expect(problemsOf(() => loadSettings(["dev"], { MULTIPLE_SERVER_STATE_BUCKET: "Acme_State" }))).toEqual([
      "dev.backend.bucket Acme_State is not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens) (from MULTIPLE_SERVER_STATE_BUCKET)",
    ]);
  });

  it("refuses a lock table name DynamoDB would refuse, naming the variable", () => {
    expect(problemsOf(() => loadSettings(["dev"], { MULTIPLE_SERVER_STATE_LOCK_TABLE: "x/y", MULTIPLE_SERVER_STATE_USE_LOCKFILE: "false" }))).toEqual([
      "dev.backend.dynamodbTable x/y is not a DynamoDB table name (3-255 letters, digits, _, - and .) (from MULTIPLE_SERVER_STATE_LOCK_TABLE)",
    ]);
    expect(problemsOf(() => loadSettings(["dev"], { MULTIPLE_SERVER_STATE_LOCK_TABLE: "tf.lock_table-1" }))).toEqual([]);
  });

  it("names the shipped file for a shipped environment's problem", () => {
    const { definitions, sources } = environmentDefinitions({});
    expect(problemsOf(() => loadSettings(["dev"], { MULTIPLE_SERVER_STATE_REGION: "mars-1" }, definitions, [], sources))).toEqual([
      "src/config/environments.ts: dev.backend.region mars-1 is not an AWS region name (like ap-northeast-2) (from MULTIPLE_SERVER_STATE_REGION)",
    ]);
  });

  it("says that an environment of a JSON file needs MULTIPLE_SERVER_CONFIG, and offers a near name", () => {
    expect(problemsOf(() => loadSettings(["staging"], {}))).toEqual([
      "app.environments staging is not a defined environment (defined: dev, prod); an environment defined in a JSON file needs MULTIPLE_SERVER_CONFIG=<file> set for this and every later command",
    ]);
    expect(problemsOf(() => loadSettings(["prdo"], {}))).toEqual(["app.environments prdo is not a defined environment (did you mean prod?) (defined: dev, prod)"]);
  });
});

describe("alarms that notify no one", () => {
  it("are announced at every synth of shipped prod, with the file to change", () => {
    const notices: string[] = [];
    synthesize({ outdir: path.join(work, "out"), env: { MULTIPLE_SERVER_ENVIRONMENTS: "prod" }, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([
      "Notice: prod's alarms notify no one (alarms.consoleOnly is true in src/config/environments.ts): they change state in the CloudWatch console only. Set alarms.emails or alarms.httpsEndpoints there and remove alarms.consoleOnly to be told.",
    ]);
  });

  it("are not announced once prod names a recipient, nor for dev", () => {
    const [dev, prod] = loadSettings(["dev", "prod"], {}, { dev: {}, prod: { ...ENVIRONMENTS.prod, alarms: { enabled: true, emails: ["ops@example.com"] } } });
    expect(settingsNotices([dev, prod])).toEqual([]);
  });
});

describe("the state bucket as a setting of the configuration file", () => {
  const file = path.join(work, "shared-backend.json");
  fs.writeFileSync(file, JSON.stringify({ backend: { bucket: "acme-tfstate" }, environments: { staging: { namePrefix: "ms-staging" } } }));
  const load = (names: string[], env: Record<string, string> = {}) => {
    const all = { MULTIPLE_SERVER_CONFIG: file, ...env };
    const { definitions, sources, problems, shared } = environmentDefinitions(all);
    return loadSettings(names, all, definitions, problems, sources, shared);
  };

  it("applies the file's top-level backend to every environment, shipped ones included; an entry or a variable still wins", () => {
    expect(load(["dev", "prod", "staging"]).map((s) => s.backend.bucket)).toEqual(["acme-tfstate", "acme-tfstate", "acme-tfstate"]);
    expect(load(["dev"], { MULTIPLE_SERVER_STATE_BUCKET: "other-tfstate" })[0].backend.bucket).toBe("other-tfstate");
  });

  it("names the file's backend when its value is bad", () => {
    const bad = path.join(work, "bad-backend.json");
    fs.writeFileSync(bad, JSON.stringify({ backend: { bucket: "Acme_State" }, environments: {} }));
    const { definitions, sources, problems, shared } = environmentDefinitions({ MULTIPLE_SERVER_CONFIG: bad });
    expect(problemsOf(() => loadSettings(["dev"], {}, definitions, problems, sources, shared))).toEqual([
      `src/config/environments.ts: dev.backend.bucket Acme_State is not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens) (from "backend" of ${bad})`,
    ]);
  });

  it("refuses a top level with anything but environments and backend", () => {
    const odd = path.join(work, "odd.json");
    fs.writeFileSync(odd, JSON.stringify({ environment: {}, environments: {} }));
    expect(problemsOf(() => environmentDefinitions({ MULTIPLE_SERVER_CONFIG: odd }))).toEqual([
      `app.MULTIPLE_SERVER_CONFIG ${odd} has "environment" at its top level, which holds only "environments" and "backend"`,
    ]);
  });
});

describe("deploy, diff and destroy with the unconfigured state bucket", () => {
  it("are refused (npm run deploy sets MULTIPLE_SERVER_COMMAND), while a synth is not", () => {
    expect(problemsOf(() => loadSettings(["dev"], { MULTIPLE_SERVER_COMMAND: "deploy" }))).toEqual([
      'dev.backend.bucket multiple-server-tfstate is the unconfigured default, almost certainly someone else\'s bucket (S3 names are global); before deploy, name yours: MULTIPLE_SERVER_STATE_BUCKET=<bucket>, or "backend": { "bucket": "<bucket>" } at the top of the MULTIPLE_SERVER_CONFIG file (docs/deploy-and-ci.md "Deploy")',
    ]);
    expect(problemsOf(() => loadSettings(["dev"], {}))).toEqual([]);
    expect(problemsOf(() => loadSettings(["dev"], { MULTIPLE_SERVER_COMMAND: "deploy", MULTIPLE_SERVER_STATE_BUCKET: "acme-tfstate" }))).toEqual([]);
    expect(problemsOf(() => loadSettings(["dev"], { MULTIPLE_SERVER_COMMAND: "destroy", MULTIPLE_SERVER_BACKEND: "local" }))).toEqual([]);
  });

  it("npm run deploy without a stack prints a usage line instead of cdktf's 'more than one stack'", () => {
    const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
    const run = spawnSync(process.execPath, [path.join(__dirname, "..", "..", "scripts", "cdktf.js"), "deploy"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    // The installed CDK's CLI: cdktf, or cdktn after `npm run use:cdktn` (scripts/cdk.js).
    const { CDKS, installedCdk } = require("../../scripts/cdk.js");
    const cli: string = CDKS[installedCdk()].bin;
    expect(run.stderr.trim()).toBe(
      `usage: npm run deploy -- <stack> [${cli} options]   (a stack: multiple-server-<environment>, e.g. multiple-server-dev; npm run synth prints them)`,
    );
  });
});
