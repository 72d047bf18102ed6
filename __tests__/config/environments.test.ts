import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ENVIRONMENTS } from "../../src/config/environments";
import { ConfigError, formatProblem } from "../../src/config/errors";
import { environmentDefinitions, loadSettings } from "../../src/config/load";
import { synthesize } from "../../src/app";
import { byName, synthStack } from "../helpers";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-envs-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function writeConfig(name: string, content: unknown): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("the shipped environments", () => {
  const [dev, prod] = loadSettings(["dev", "prod"]);

  it("dev keeps the article's values", () => {
    // Only what the article has no word on: its secrets go at once on destroy, so it can be deployed again right away.
    expect(ENVIRONMENTS.dev).toEqual({ secretRecoveryWindowDays: 0 });
    expect(dev).toEqual(
      expect.objectContaining({ namePrefix: "multiple-server", region: "ap-northeast-2", protectStatefulResources: false }),
    );
    expect(dev.network.natGateways).toBe("single");
    expect(dev.web.instanceType).toBe("t3.micro");
    expect(dev.database).toEqual(
      expect.objectContaining({ instanceClass: "db.t3.micro", skipFinalSnapshot: true, deletionProtection: false, multiAz: false }),
    );
  });

  it("prod is dev plus a small set of overrides that keep data and survive a zone", () => {
    expect(prod.network.natGateways).toBe("perAz");
    expect(prod.protectStatefulResources).toBe(true);
    expect(prod.database).toEqual(
      expect.objectContaining({ multiAz: true, deletionProtection: true, skipFinalSnapshot: false, backupRetentionDays: 7 }),
    );
    expect(prod.backend.bucket).toBe(dev.backend.bucket);
  });
});

describe("an environment added from a JSON file (MULTIPLE_SERVER_CONFIG)", () => {
  const file = writeConfig("envs.json", {
    environments: {
      staging: {
        namePrefix: "ms-staging",
        region: "ap-northeast-1",
        network: {
          vpcCidr: "172.20.0.0/16",
          availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
          subnets: {
            public: [{ cidr: "172.20.0.0/24" }, { cidr: "172.20.10.0/24" }, { cidr: "172.20.20.0/24" }],
            web: [{ cidr: "172.20.1.0/24" }, { cidr: "172.20.11.0/24" }, { cidr: "172.20.21.0/24" }],
            database: [{ cidr: "172.20.2.0/24" }, { cidr: "172.20.12.0/24" }, { cidr: "172.20.22.0/24" }],
          },
        },
        web: { instanceType: "t3.small" },
        tags: { CostCenter: "web" },
      },
    },
  });

  it("synthesizes in its own region and zones, next to the shipped ones", () => {
    const { definitions, problems } = environmentDefinitions({ MULTIPLE_SERVER_CONFIG: file });
    expect(problems).toEqual([]);
    expect(Object.keys(definitions)).toEqual(["dev", "prod", "staging"]);
    const [staging] = loadSettings(["staging"], {}, definitions);
    const { tf } = synthStack(staging);
    expect(tf.provider!.aws[0].region).toBe("ap-northeast-1");
    expect(tf.provider!.aws[0].default_tags[0].tags).toEqual({
      CostCenter: "web",
      Project: "multiple-server",
      Environment: "staging",
      ManagedBy: "cdktf",
    });
    expect(byName(tf, "aws_subnet", "ms-staging-private-ap-d").body.availability_zone).toBe("ap-northeast-1d");
    expect(byName(tf, "aws_instance", "ms-staging-web-d").body.instance_type).toBe("t3.small");
    expect(tf.terraform.backend.s3.key).toBe("multiple-server/staging/terraform.tfstate");
  });

  it("is refused with a clear message when the file is missing or malformed", () => {
    const message = (env: Record<string, string>) => {
      try {
        environmentDefinitions(env);
      } catch (e) {
        return (e as ConfigError).problems.map(formatProblem);
      }
      return [];
    };
    expect(message({ MULTIPLE_SERVER_CONFIG: path.join(work, "nope.json") })).toEqual([
      `app.MULTIPLE_SERVER_CONFIG ${path.join(work, "nope.json")} does not exist`,
    ]);
    const broken = writeConfig("broken.json", "{ environments: ");
    expect(message({ MULTIPLE_SERVER_CONFIG: broken })).toEqual([`app.MULTIPLE_SERVER_CONFIG ${broken} is not valid JSON (Expected property name or '}' at line 1, column 3)`]);
    // Line and column, as an editor shows them, instead of a character offset.
    const late = writeConfig("late.json", '{\n  "environments": {\n    "qa": { "region": "ap-northeast-2" "web": {} }\n  }\n}\n');
    expect(message({ MULTIPLE_SERVER_CONFIG: late })).toEqual([
      `app.MULTIPLE_SERVER_CONFIG ${late} is not valid JSON (Expected ',' or '}' after property value at line 3, column 40)`,
    ]);
    const list = writeConfig("list.json", { environments: [] });
    expect(message({ MULTIPLE_SERVER_CONFIG: list })).toEqual([
      `app.MULTIPLE_SERVER_CONFIG ${list} must hold an object { "environments": { "<name>": { ...settings } } }`,
    ]);
  });
});

describe("a JSON file entry named like a shipped environment", () => {
  // A file `prod` would replace prod whole: no deletion protection, no Multi-AZ, a new database.
  const file = writeConfig("redefine.json", {
    environments: { prod: { namePrefix: "multiple-server-prod" }, dev: {}, qa: { namePrefix: "ms-qa", web: { countPerAz: 0 } } },
  });

  it("is refused with the other problems, and the shipped definition stays", () => {
    const { definitions, problems } = environmentDefinitions({ MULTIPLE_SERVER_CONFIG: file });
    expect(definitions.prod).toBe(ENVIRONMENTS.prod);
    let error: ConfigError | undefined;
    try {
      synthesize({ outdir: path.join(work, "cdktf.out"), env: { MULTIPLE_SERVER_CONFIG: file, MULTIPLE_SERVER_ENVIRONMENTS: "prod,qa" } });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.map(formatProblem)).toEqual([
      `app.MULTIPLE_SERVER_CONFIG ${file} environments.prod is already defined in src/config/environments.ts; choose another name or edit that entry`,
      `app.MULTIPLE_SERVER_CONFIG ${file} environments.dev is already defined in src/config/environments.ts; choose another name or edit that entry`,
      // A setting's problem names the file its environment comes from.
      `${file}: qa.web.countPerAz 0 must be at least 1 (each zone needs a server behind the ALB)`,
    ]);
    expect(problems).toHaveLength(2);
    expect(fs.existsSync(path.join(work, "cdktf.out"))).toBe(false);
  });
});

describe("numbers a JSON file can write but no setting can hold", () => {
  it("shows 1e309 as Infinity, not as JSON's null, and asks for a finite number", () => {
    const file = writeConfig("infinite.json", '{ "environments": { "qa": { "namePrefix": "ms-qa", "web": { "countPerAz": 1e309 } } } }');
    expect(() => loadSettings(["qa"], {}, environmentDefinitions({ MULTIPLE_SERVER_CONFIG: file }).definitions)).toThrow(
      "Invalid configuration (1 problem):\n  - qa.web.countPerAz Infinity must be a finite number",
    );
  });
});

describe("backend overrides from the environment", () => {
  it("apply to every selected environment and are validated like the rest", () => {
    const [dev] = loadSettings(["dev"], { MULTIPLE_SERVER_STATE_BUCKET: "acme-tfstate", MULTIPLE_SERVER_STATE_REGION: "us-east-1" });
    expect(dev.backend).toEqual(expect.objectContaining({ bucket: "acme-tfstate", region: "us-east-1" }));
    expect(() => loadSettings(["dev"], { MULTIPLE_SERVER_BACKEND: "ftp" })).toThrow(
      'dev.backend.kind ftp must be one of "s3", "cloud", "local"',
    );
  });
});
