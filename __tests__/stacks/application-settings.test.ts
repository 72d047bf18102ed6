// The settings that run the user's application (issue #20), on both web fleets of the whole stack.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatProblem } from "../../src/config/errors";
import { environmentDefinitions } from "../../src/config/load";
import { synthesize } from "../../src/app";
import { userDataSizeProblems } from "../../src/stacks/user-data-size";
import { resourcesOf, settingsFor, synthStack, synthStandby, type TerraformJson } from "../helpers";

const POLICIES = ["arn:aws:iam::123456789012:policy/app/orders-queue-send", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"];

describe.each(["instances", "autoScaling"] as const)("web.managedPolicyArns with the %s fleet", (fleet) => {
  const { tf } = synthStack(settingsFor("dev", { web: { fleet, managedPolicyArns: POLICIES } }));
  const [[roleId]] = resourcesOf(tf, "aws_iam_role").filter(([, role]) => role.name === "multiple-server-web-iam");
  const attachments = resourcesOf(tf, "aws_iam_role_policy_attachment").filter(([, a]) => a.role === `\${aws_iam_role.${roleId}.name}`);

  it("attaches each policy to the web role besides Session Manager's", () => {
    const arns = attachments.map(([, a]) => a.policy_arn);
    expect(arns).toHaveLength(3);
    expect(arns).toEqual(expect.arrayContaining([...POLICIES, expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::aws:policy\/AmazonSSMManagedInstanceCore$/)]));
  });

  it("starts the servers only once the policies are attached (a boot script may call what they grant)", () => {
    const ids = attachments.filter(([, a]) => POLICIES.includes(a.policy_arn)).map(([id]) => `aws_iam_role_policy_attachment.${id}`);
    const servers = fleet === "instances" ? resourcesOf(tf, "aws_instance") : resourcesOf(tf, "aws_autoscaling_group");
    expect(servers.length).toBeGreaterThan(0);
    for (const [, server] of servers) expect(server.depends_on).toEqual(expect.arrayContaining(ids));
  });
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "boot-script-"));
afterAll(() => fs.rmSync(dir, { recursive: true }));
const script = (name: string, content: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};
// A small app behind /: a line that looks like a heredoc end must not end ours early.
const APP = script("app.sh", "#!/bin/bash\nset -euo pipefail\ndnf install -y nodejs\ncat > /srv/note <<EOF\nhello\nEOF\nCONF\nHTML\necho started > /var/log/app-boot.log\n");
const APP_V2 = script("app-v2.sh", "#!/bin/bash\necho v2 > /var/log/app-boot.log\n");

/** Every user data the stack gives its servers, decoded. */
function userData(tf: TerraformJson): string[] {
  const fixed = resourcesOf(tf, "aws_instance").map(([, i]) => i.user_data as string);
  const launched = resourcesOf(tf, "aws_launch_template").map(([, t]) => Buffer.from(t.user_data, "base64").toString("utf8"));
  return [...fixed, ...launched];
}

describe.each(["instances", "autoScaling"] as const)("web.bootScript with the %s fleet", (fleet) => {
  const { tf } = synthStack(settingsFor("dev", { web: { fleet, bootScript: APP } }));
  const scripts = userData(tf);

  it("runs the script as root after the base setup, in user data bash parses", () => {
    expect(scripts.length).toBeGreaterThan(0);
    for (const data of scripts) {
      const [base, rest] = data.split("systemctl enable --now httpd\n");
      expect(base).toContain("retry dnf install -y httpd");
      expect(rest).toContain(fs.readFileSync(APP, "utf8"));
      expect(rest).toContain("/usr/local/sbin/multiple-server-boot-script");
      expect(spawnSync("bash", ["-n"], { input: data, encoding: "utf8" }).status).toBe(0);
    }
  });

  it("writes the script verbatim: bash, run on the user data, writes the same file", () => {
    const data = scripts[0];
    const start = data.indexOf("cat > /usr/local/sbin/multiple-server-boot-script");
    const snippet = data.slice(start, data.indexOf("chmod 0700", start)).replace("/usr/local/sbin/multiple-server-boot-script", path.join(dir, "written"));
    expect(spawnSync("bash", ["-euo", "pipefail", "-c", snippet], { encoding: "utf8" }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "written"), "utf8")).toBe(fs.readFileSync(APP, "utf8"));
  });

  it("changes the user data when the script changes, which replaces (instances) or rolls (autoScaling) the servers", () => {
    const next = userData(synthStack(settingsFor("dev", { web: { fleet, bootScript: APP_V2 } })).tf);
    expect(next).not.toEqual(scripts);
    if (fleet === "instances") for (const [, i] of resourcesOf(tf, "aws_instance")) expect(i.user_data_replace_on_change).toBe(true);
    else expect(resourcesOf(tf, "aws_autoscaling_group")[0][1].instance_refresh.strategy).toBe("Rolling");
  });
});

const HEALTH_FILE = "echo ok > /var/www/html/health";
const RUN_SCRIPT = "then /usr/local/sbin/multiple-server-boot-script; else bash /usr/local/sbin/multiple-server-boot-script; fi";

describe.each(["instances", "autoScaling"] as const)("the health file with web.bootScript on the %s fleet", (fleet) => {
  /** The user data from the boot script's heredoc to its end, run by bash with the server's paths moved into `root`. */
  const runTail = (bootScript: string, root: string) => {
    const data = userData(synthStack(settingsFor("dev", { web: { fleet, bootScript } })).tf)[0];
    const tail = data
      .slice(data.indexOf("cat > /usr/local/sbin/multiple-server-boot-script"))
      .replaceAll("/usr/local/sbin/multiple-server-boot-script", path.join(root, "boot-script"))
      .replaceAll("/var/www/html", path.join(root, "html"));
    return spawnSync("bash", ["-c", `set -euo pipefail\n${tail}`], { encoding: "utf8" });
  };

  it("is written only after the script ran, so a server whose script has not succeeded is not healthy", () => {
    const data = userData(synthStack(settingsFor("dev", { web: { fleet, bootScript: APP } })).tf)[0];
    expect(data.split(HEALTH_FILE)).toHaveLength(2);
    expect(data.indexOf(HEALTH_FILE)).toBeGreaterThan(data.indexOf(RUN_SCRIPT));
    expect(data.endsWith(`${RUN_SCRIPT}\nmkdir -p "$(dirname /var/www/html/health)"\n${HEALTH_FILE}\n`)).toBe(true);
  });

  it("is missing after a script that fails, and written after one that succeeds (bash runs the user data's end)", () => {
    const failing = fs.mkdtempSync(path.join(dir, "failing-"));
    const failed = runTail(script("fails.sh", "#!/bin/bash\necho starting\nexit 3\n"), failing);
    expect([failed.status, failed.stdout]).toEqual([3, "starting\n"]);
    expect(fs.existsSync(path.join(failing, "html", "health"))).toBe(false);
    // A script without #! runs under bash.
    const passing = fs.mkdtempSync(path.join(dir, "passing-"));
    const passed = runTail(script("passes.sh", "echo ready\n"), passing);
    expect([passed.status, passed.stdout]).toEqual([0, "ready\n"]);
    expect(fs.readFileSync(path.join(passing, "html", "health"), "utf8")).toBe("ok\n");
  });

  it("is written before Apache starts without a boot script, as before", () => {
    const data = userData(synthStack(settingsFor("dev", { web: { fleet } })).tf)[0];
    expect(data.indexOf(HEALTH_FILE)).toBeGreaterThan(0);
    expect(data.indexOf(HEALTH_FILE)).toBeLessThan(data.indexOf("systemctl enable --now httpd"));
  });
});

describe("web.bootScript in a configuration file", () => {
  it("is read from the folder of the file that names it", () => {
    const config = path.join(dir, "envs.json");
    fs.writeFileSync(config, JSON.stringify({ environments: { staging: { web: { bootScript: "app.sh" } }, other: { web: { bootScript: APP_V2 } } } }));
    const { definitions } = environmentDefinitions({ MULTIPLE_SERVER_CONFIG: config });
    expect(definitions.staging.web?.bootScript).toBe(APP);
    expect(definitions.other.web?.bootScript).toBe(APP_V2);
  });
});

describe("web.bootScript over EC2's 16 KB of user data", () => {
  const big = script("big.sh", `#!/bin/bash\n${"echo 0123456789abcdef\n".repeat(800)}`);

  it.each(["instances", "autoScaling"] as const)("is refused with the %s fleet, naming the file, its size and the user data's", (fleet) => {
    const problems = userDataSizeProblems(settingsFor("prod", { web: { fleet, bootScript: big } }), "envs.json").map(formatProblem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(`^envs\\.json: prod\\.web\\.bootScript ${big} \\(17612 bytes\\) makes the web servers' user data \\d+ bytes, over the 16384 \\(16 KB\\) EC2 accepts`),
    );
  });

  it("stops the synth before any stack is built", () => {
    const config = path.join(dir, "big-envs.json");
    fs.writeFileSync(config, JSON.stringify({ environments: { staging: { namePrefix: "staging", web: { bootScript: "big.sh" } } } }));
    const outdir = path.join(dir, "out");
    expect(() => synthesize({ outdir, env: { MULTIPLE_SERVER_CONFIG: config, MULTIPLE_SERVER_ENVIRONMENTS: "staging" } })).toThrow(/web\.bootScript .*big\.sh \(17612 bytes\)/);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

/** The AMI every server of the stack boots: the fixed servers' `ami` or the launch template's `image_id`. */
const amisOf = (tf: TerraformJson) => [...resourcesOf(tf, "aws_instance").map(([, i]) => i.ami), ...resourcesOf(tf, "aws_launch_template").map(([, t]) => t.image_id)];
const amiParametersOf = (tf: TerraformJson) => Object.values((tf.data?.aws_ssm_parameter ?? {}) as Record<string, any>).map((p) => p.name);

describe.each(["instances", "autoScaling"] as const)("web.image with the %s fleet", (fleet) => {
  it("boots an AMI given by id, looking nothing up", () => {
    const { tf } = synthStack(settingsFor("dev", { web: { fleet, image: { id: "ami-0123456789abcdef0" } } }));
    expect(amisOf(tf).length).toBeGreaterThan(0);
    for (const ami of amisOf(tf)) expect(ami).toBe("ami-0123456789abcdef0");
    expect(amiParametersOf(tf)).not.toContainEqual(expect.stringContaining("ami"));
  });

  it("reads the AMI from the SSM parameter given, at plan time", () => {
    const { tf } = synthStack(settingsFor("dev", { web: { fleet, image: { ssmParameter: "/my-app/ami-id" } } }));
    expect(amiParametersOf(tf)).toContain("/my-app/ami-id");
    for (const ami of amisOf(tf)) expect(ami).toMatch(/^\$\{data\.aws_ssm_parameter\.\w+\.insecure_value\}$/);
  });

  it("checks a named image's architecture against the instance type at plan time (an aws_ami postcondition); the default image needs no check", () => {
    const imageChecks = (tf: TerraformJson) => Object.values((tf.data?.aws_ami ?? {}) as Record<string, any>);
    const byId = imageChecks(synthStack(settingsFor("dev", { web: { fleet, instanceType: "m7g.large", image: { id: "ami-0123456789abcdef0" } } })).tf);
    expect(byId).toHaveLength(1);
    expect(byId[0].filter).toEqual([{ name: "image-id", values: ["ami-0123456789abcdef0"] }]);
    expect(byId[0].lifecycle.postcondition[0].condition).toBe('${self.architecture == "arm64"}');
    const byParameter = imageChecks(synthStack(settingsFor("dev", { web: { fleet, image: { ssmParameter: "/my-app/ami-id" } } })).tf);
    expect(byParameter[0].filter[0].values[0]).toMatch(/^\$\{data\.aws_ssm_parameter\.\w+\.insecure_value\}$/);
    expect(byParameter[0].lifecycle.postcondition[0].condition).toBe('${self.architecture == "x86_64"}');
    expect(imageChecks(synthStack(settingsFor("dev", { web: { fleet } })).tf)).toEqual([]);
  });

  it("boots the arm64 Amazon Linux 2023 image on a Graviton type", () => {
    const { tf } = synthStack(settingsFor("dev", { web: { fleet, instanceType: "t4g.micro" } }));
    expect(amiParametersOf(tf)).toContain("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(amiParametersOf(tf)).not.toContain("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
  });
});

describe("web.image in the standby region", () => {
  it("boots dr.image there when the primary's is an AMI id, and the same parameter name otherwise", () => {
    const byId = synthStandby(settingsFor("prod", { web: { image: { id: "ami-0123456789abcdef0" } }, dr: { region: "ap-northeast-1", mode: "warmStandby", image: { id: "ami-0fedcba9876543210" } } })).tf;
    expect(amisOf(byId)).toEqual(["ami-0fedcba9876543210"]);
    const byParameter = synthStandby(settingsFor("prod", { web: { image: { ssmParameter: "/my-app/ami-id" } }, dr: { region: "ap-northeast-1" } })).tf;
    expect(amiParametersOf(byParameter)).toContain("/my-app/ami-id");
  });
});
