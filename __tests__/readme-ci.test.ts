import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { resourcesOf, settingsFor, synthStack, synthStandby } from "./helpers";
import { docSection } from "./helpers/docs";

/**
 * docs/deploy-and-ci.md "Run in CI" and "Terraform Cloud" against the workflows they set up: every
 * variable and secret the workflows read is named there, and the IAM policies they print are the
 * ones the workflows' roles need.
 */
const ROOT = path.join(__dirname, "..");
const PAGE = "docs/deploy-and-ci.md";
const ci = docSection(PAGE, "ci");
const cloud = docSection(PAGE, "terraform-cloud");
const workflowFiles = fs.readdirSync(path.join(ROOT, ".github", "workflows"));
const workflowText = workflowFiles.map((f) => fs.readFileSync(path.join(ROOT, ".github", "workflows", f), "utf8")).join("\n");

/** The JSON blocks of the CI section, parsed (`<account>` and `<owner>/<repo>` stay as written). */
const jsonBlocks = [...ci.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1].replace(/^ {3}/gm, "")));

describe("docs/deploy-and-ci.md, Run in CI", () => {
  it("names every repository variable and secret the workflows read", () => {
    const names = new Set([...workflowText.matchAll(/\$\{\{ (?:vars|secrets)\.(\w+) \}\}/g)].map((m) => m[1]));
    expect(names.size).toBeGreaterThan(10);
    for (const name of names) expect({ name, documented: (ci + cloud).includes(`\`${name}`) }).toEqual({ name, documented: true });
  });

  it("describes each workflow that ships", () => {
    for (const file of workflowFiles) expect(ci).toContain(`**\`${file}\`**`);
  });

  it("trusts the plan role for pull requests and the default branch only", () => {
    const [trust] = jsonBlocks;
    const condition = trust.Statement[0].Condition.StringEquals;
    expect(condition["token.actions.githubusercontent.com:aud"]).toBe("sts.amazonaws.com");
    expect(condition["token.actions.githubusercontent.com:sub"]).toEqual(["repo:<owner>/<repo>:pull_request", "repo:<owner>/<repo>:ref:refs/heads/main"]);
    // The workflows that plan assume that role, and only deploy.yml's apply job assumes another.
    for (const file of ["plan.yml", "drift.yml"]) expect(fs.readFileSync(path.join(ROOT, ".github", "workflows", file), "utf8")).not.toContain("AWS_DEPLOY_ROLE_ARN }}");
  });

  // hashicorp/terraform-provider-aws#42383: a read-only role fails to plan a stack holding an
  // aws_secretsmanager_secret_version (GetSecretValue on refresh); ReadOnlyAccess lacks it.
  // Every plan also opens the database password's ephemeral resources: GetRandomPassword (no
  // resource type: "*" only) and GetSecretValue on the master secret.
  it("gives the plan role exactly secretsmanager:GetSecretValue on the project's secrets and GetRandomPassword beyond ReadOnlyAccess", () => {
    const [, extra] = jsonBlocks;
    expect(extra.Statement).toEqual([
      {
        Sid: "ReadTheProjectsSecretsWhilePlanning",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: "arn:aws:secretsmanager:*:<account>:secret:multiple-server-*",
      },
      {
        Sid: "OpenTheMasterPasswordGeneratorWhilePlanning",
        Effect: "Allow",
        Action: "secretsmanager:GetRandomPassword",
        Resource: "*",
      },
    ]);
    const ephemeral = synthStack(settingsFor("dev")).tf.ephemeral ?? {};
    expect(Object.keys(ephemeral).sort()).toEqual(["aws_secretsmanager_random_password", "aws_secretsmanager_secret_version"]);
    expect(ci).toContain("hashicorp/terraform-provider-aws#42383");
    expect(ci).toContain("`ReadOnlyAccess`");
  });

  it("covers with that ARN every secret the stacks create or read, primary and standby", () => {
    const pattern = jsonBlocks[1].Statement[0].Resource as string;
    const prefix = pattern.slice(pattern.indexOf(":secret:") + ":secret:".length, -1);
    const settings = settingsFor("prod", { dr: { region: "ap-northeast-1" } });
    const created = resourcesOf(synthStack(settings).tf, "aws_secretsmanager_secret").map(([, body]) => body.name as string);
    const read = (synthStandby(settings).tf as { data?: Record<string, Record<string, { secret_id: string }>> }).data?.aws_secretsmanager_secret_version ?? {};
    const names = [...created, ...Object.values(read).map((d) => d.secret_id)];
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const name of names) expect(name.startsWith(prefix)).toBe(true);
  });

  it("has trust and policy blocks that parse, and shell a reader can paste", () => {
    expect(jsonBlocks).toHaveLength(2);
    expect(ci).toContain("aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com");
    expect(ci).toMatch(/openssl req -x509 -newkey rsa:3072 .* -keyout plan-key\.pem -out plan-cert\.pem/);
  });

  it("names the status check the rulesets require after the job that plans", () => {
    const plan = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "plan.yml"), "utf8"));
    expect(Object.keys(plan.jobs)).toEqual(["plan", "comment"]);
    expect(ci).toContain("the status check **`plan`**");
    // The comment job is not a check to require: it is skipped whenever nothing was uploaded.
    expect(ci).toContain("not `comment`");
  });
});

describe("docs/deploy-and-ci.md, Terraform Cloud", () => {
  it("splits the tokens: plan in pull requests, apply only in the approved job; TF_BACKEND_CONFIG unset", () => {
    expect(cloud).toContain("repository secret `TF_PLAN_TOKEN`");
    expect(cloud).toContain("environment secret `TF_APPLY_TOKEN`");
    expect(cloud).toContain("**`TF_BACKEND_CONFIG` unset**");
    expect(cloud).toContain("**CLI-driven runs are the\nsupported path**");
    expect(cloud).toContain("the `-dr` workspaces included");
  });
});
