import * as fs from "node:fs";
import * as path from "node:path";
import { runbook } from "../../src/runbook/main";
import { tempDir } from "../integration/terraform";
import { VARIANTS } from "../runbook/variants";

/** verify's failover drill (scripts/verify/drill.js): what it reads of the runbook and how it judges a planned step. */
const ROOT = path.join(__dirname, "..", "..");
const BENCH = path.join(ROOT, "bench", "all-features.json");
const { parseRunbook, promotedSettings, promotedCopy, stepProblems } = require(path.join(ROOT, "scripts", "verify", "drill.js"));

/** The runbook of a VARIANTS entry, printed through a settings file as a user would. */
function print(environment: string): string {
  const work = tempDir("drill");
  try {
    const file = path.join(work, "config.json");
    fs.writeFileSync(file, JSON.stringify({ environments: { [environment]: VARIANTS[environment] } }));
    return runbook(environment, { MULTIPLE_SERVER_CONFIG: file });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

describe("the drill's reading of the runbook of bench/all-features.json (the text `npm run -s runbook -- all-features` prints)", () => {
  const text = runbook("all-features", { MULTIPLE_SERVER_CONFIG: BENCH });
  const commands = parseRunbook(text);

  it("tells the primary and the standby, and their regions, from the header", () => {
    expect(commands).toMatchObject({
      primaryStack: "multiple-server-all-features",
      primaryRegion: "ap-northeast-2",
      standbyStack: "multiple-server-all-features-dr",
      standbyRegion: "ap-northeast-1",
    });
  });

  it("takes step 2's plan of the standby with its flags", () => {
    expect(text).toContain("terraform -chdir=cdktf.out/stacks/multiple-server-all-features-dr plan -out=promote.tfplan\n");
    expect(commands.step2).toEqual({ stack: "multiple-server-all-features-dr", args: ["-out=promote.tfplan"] });
  });

  it("takes step 3's targeted plan of the primary: -refresh=false, the distribution, and the variable with the standby output it comes from", () => {
    expect(commands.step3).toEqual({
      stack: "multiple-server-all-features",
      args: ["-refresh=false", "-target=aws_cloudfront_distribution.cdn_distribution_0B80AA6B", "-out=failover.tfplan"],
      targets: ["aws_cloudfront_distribution.cdn_distribution_0B80AA6B"],
      variables: [{ name: "standby_vpc_origin_id", stack: "multiple-server-all-features-dr", output: "vpc_origin_id" }],
    });
  });
});

describe.each(Object.keys(VARIANTS))("the drill's reading of the runbook of %s", (environment) => {
  const text = print(environment);
  const commands = parseRunbook(text);
  const step3 = text.slice(text.indexOf("## 3."), text.indexOf("## 4."));

  it("has step 3's targets as __tests__/runbook/failover-closure.test.ts reads them, and every variable from the standby", () => {
    expect(commands.step3.targets).toEqual([...step3.matchAll(/-target=(\S+)/g)].map((m) => m[1]));
    expect(commands.step3.targets.length).toBeGreaterThan(0);
    expect(commands.step3.args).toContain("-refresh=false");
    for (const variable of commands.step3.variables) expect(variable.stack).toBe(commands.standbyStack);
    expect(commands.step3.variables.map((v: any) => v.name)).toEqual([...step3.matchAll(/-var "([^=]+)=/g)].map((m) => m[1]));
  });

  it("plans the standby in step 2 and the primary in step 3", () => {
    expect(commands.step2.stack).toBe(commands.standbyStack);
    expect(commands.step3.stack).toBe(commands.primaryStack);
    expect(commands.primaryRegion).not.toBe(commands.standbyRegion);
  });
});

describe("the drill's reading of a runbook it cannot follow", () => {
  const text = runbook("all-features", { MULTIPLE_SERVER_CONFIG: BENCH });

  it("refuses a step with two plans rather than choosing one", () => {
    const twice = text.replace("plan -out=promote.tfplan\n", "plan -out=promote.tfplan\nterraform -chdir=cdktf.out/stacks/multiple-server-all-features-dr plan -destroy\n");
    expect(() => parseRunbook(twice)).toThrow("step 2 of the runbook has 2 terraform plan commands, expected one");
  });

  it("refuses a text without the header that names the primary", () => {
    expect(() => parseRunbook(text.replace(/^Primary /m, "Main "))).toThrow(/names no primary and standby/);
  });
});

describe("the drill's promoted settings and working copy", () => {
  it("copies the settings file with dr.promote: true for the one environment, the rest as it was", () => {
    const work = tempDir("drill");
    try {
      const selection = { label: "bench", env: { MULTIPLE_SERVER_CONFIG: BENCH, MULTIPLE_SERVER_ENVIRONMENTS: "all-features" } };
      const promoted = promotedSettings(selection, "all-features", path.join(work, "settings.json"));
      expect(promoted.env).toEqual({ MULTIPLE_SERVER_CONFIG: path.join(work, "settings.json"), MULTIPLE_SERVER_ENVIRONMENTS: "all-features" });
      const original = JSON.parse(fs.readFileSync(BENCH, "utf8"));
      original.environments["all-features"].dr.promote = true;
      expect(JSON.parse(fs.readFileSync(path.join(work, "settings.json"), "utf8"))).toEqual(original);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it("cannot promote a shipped environment (a settings file cannot redefine it), and says so", () => {
    expect(() => promotedSettings({ label: "prod", env: { MULTIPLE_SERVER_ENVIRONMENTS: "prod" } }, "prod", "/nonexistent/settings.json")).toThrow(/shipped environment/);
    // With a settings file that defines other environments (MULTIPLE_SERVER_CONFIG set beside `-- prod`).
    const selection = { label: "prod", env: { MULTIPLE_SERVER_CONFIG: BENCH, MULTIPLE_SERVER_ENVIRONMENTS: "prod" } };
    expect(() => promotedSettings(selection, "prod", "/nonexistent/settings.json")).toThrow(/shipped environment/);
  });

  it("keeps the generated values of the applied copy, points the providers at the proxy, and validates credentials (STS in sts_region)", () => {
    const stack = {
      terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } }, backend: { s3: { bucket: "b", key: "k", region: "ap-northeast-2" } } },
      provider: { aws: [{ region: "ap-northeast-2", sts_region: "ap-northeast-1" }] },
      resource: { random_password: { origin: { length: 32 } }, aws_ssm_parameter: { p: { value: "${random_password.origin.result}" } } },
    };
    const applied = { resource: { terraform_data: { origin: { input: "kept-from-the-apply" } } } };
    const copy = promotedCopy(stack, applied, { kind: "mirror", version: "5.100.0" }, "http://127.0.0.1:4567");
    expect(copy.resource.terraform_data.origin.input).toBe("kept-from-the-apply");
    expect(copy.resource.aws_ssm_parameter.p.value).toBe("${terraform_data.origin.output}");
    expect(copy.provider.aws[0]).toMatchObject({ region: "ap-northeast-2", sts_region: "ap-northeast-1", skip_credentials_validation: false });
    expect(new Set(Object.values(copy.provider.aws[0].endpoints[0]))).toEqual(new Set(["http://127.0.0.1:4567"]));
    expect(copy.terraform.backend).toEqual({ local: { path: "terraform.tfstate" } });
  });
});

describe("the drill's verdict on one planned step", () => {
  const ok = { code: 0, stdout: "", stderr: "", timedOut: false };
  const request = (service: string, action: string, reaches: string, refused = false) => ({ method: "POST", service, region: reaches, reaches, action, refused });

  it("passes a plan that succeeded and asked only other regions and global services", () => {
    expect(stepProblems("step 3", ok, [request("sts", "GetCallerIdentity", "ap-northeast-1"), request("route53", "GET /2013-04-01/hostedzone", "global")], "ap-northeast-2")).toEqual([]);
  });

  it("names each refused request by service and action, and terraform's message", () => {
    const failed = {
      ...ok,
      code: 1,
      stdout: JSON.stringify({ type: "diagnostic", diagnostic: { severity: "error", summary: "fetching Availability Zones", detail: "api error PrimaryRegionUnreachable", address: "data.aws_availability_zones.z" } }),
    };
    expect(stepProblems("step 3", failed, [request("ec2", "DescribeAvailabilityZones", "ap-northeast-2", true)], "ap-northeast-2")).toEqual([
      "step 3: data.aws_availability_zones.z: fetching Availability Zones (api error PrimaryRegionUnreachable)",
      "step 3: ec2 DescribeAvailabilityZones went to ap-northeast-2, the lost region (refused)",
    ]);
  });

  it("fails a plan that asked the proxy nothing (a mis-wired endpoint must not pass) and an unsigned request", () => {
    expect(stepProblems("step 2", ok, [], "ap-northeast-2")).toEqual([expect.stringMatching(/^step 2: no request reached the proxy/)]);
    expect(stepProblems("step 2", ok, [{ method: "GET", service: "unknown", region: "unknown", reaches: "unknown", action: "GET /", refused: false }], "ap-northeast-2")).toEqual([
      "step 2: an unsigned request (GET GET /): its region cannot be told",
    ]);
  });
});
