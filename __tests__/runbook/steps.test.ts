import * as fs from "node:fs";
import * as path from "node:path";
import { main, runbook } from "../../src/runbook/main";
import { tempDir } from "../integration/terraform";
import { VARIANTS } from "./variants";

/** The runbook of a VARIANTS entry, printed through a MULTIPLE_SERVER_CONFIG file as a user would. */
function print(environment: string, entry = VARIANTS[environment]): string {
  const work = tempDir("steps");
  try {
    const file = path.join(work, "config.json");
    fs.writeFileSync(file, JSON.stringify({ environments: { [environment]: entry } }));
    return runbook(environment, { MULTIPLE_SERVER_CONFIG: file });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Where `needle` first appears, failing the test when it does not. */
function at(text: string, needle: string | RegExp): number {
  const i = typeof needle === "string" ? text.indexOf(needle) : text.search(needle);
  if (i < 0) throw new Error(`the runbook does not contain ${needle}`);
  return i;
}

describe.each(["pilot-public", "domain-public"])("the steps of the runbook of %s", (environment) => {
  const text = print(environment);

  it("has the six steps in order: detect, promote, serve, fence, fail back, re-create", () => {
    const headings = [...text.matchAll(/^## (\d)\. (.*)$/gm)].map((m) => Number(m[1]));
    expect(headings).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("fences the stale primary: its fleet to zero and the database's rule from the web tier revoked", () => {
    const fence = text.slice(at(text, "## 4."), at(text, "## 5."));
    expect(fence).toMatch(/update-auto-scaling-group --region ap-northeast-2 .*--max-size 0|stop-instances --region ap-northeast-2/);
    expect(fence).toContain("aws ec2 revoke-security-group-ingress --region ap-northeast-2");
  });

  it("fails back in order: state back with -migrate-state, a replica of the standby, the standby's writes stopped, the lag waited for, then the promotion", () => {
    const failback = text.slice(at(text, "## 5."), at(text, "## 6."));
    const order = [
      at(failback, "init -migrate-state"),
      at(failback, "create-db-instance-read-replica --region ap-northeast-2 --source-region ap-northeast-1"),
      at(failback, /update-auto-scaling-group --region ap-northeast-1 .*--min-size 0 --max-size 0/),
      at(failback, /get-metric-statistics --region ap-northeast-2 .*ReplicaLag/),
      at(failback, "promote-read-replica --region ap-northeast-2"),
      at(failback, " import "),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  // availability_zone forces a new aws_db_instance (provider: ForceNew): the replica fail back creates
  // must land in the zone the primary stack pins, or the import in 5.7 plans a replacement.
  it("creates the fail-back replica in the zone the primary stack pins (a single-AZ primary)", () => {
    const failback = text.slice(at(text, "## 5."), at(text, "## 6."));
    expect(failback).toMatch(/create-db-instance-read-replica [^\n]* --availability-zone ap-northeast-2a /);
  });

  it("lifts the fence at fail back: the apply restores a group's sizes and the rule; fixed servers it stopped are started before it", () => {
    const failback = text.slice(at(text, "5.7."), at(text, "5.8."));
    // Both variants keep the article's fixed servers (web.fleet "instances").
    expect(text.slice(at(text, "## 4."), at(text, "## 5."))).toContain("aws ec2 stop-instances --region ap-northeast-2");
    expect(at(failback, "aws ec2 start-instances --region ap-northeast-2")).toBeLessThan(at(failback, "plan -out=failback.tfplan"));
  });

  it("re-creates the standby's replica and its backups replication after fail back", () => {
    const recreate = text.slice(at(text, "## 6."));
    expect(at(recreate, "state rm")).toBeLessThan(at(recreate, "delete-db-instance --region ap-northeast-1"));
    expect(recreate).toMatch(/plan -replace=aws_db_instance_automated_backups_replication\./);
  });

  it("has no credential step for the database: promotion changes no password", () => {
    expect(text).not.toMatch(/master_user_secret|get-secret-value|rotate-secret/);
  });
});

describe("the traffic step", () => {
  it("with a domain and a public origin, pins the origin name by removing the PRIMARY records, passing no variable", () => {
    const step3 = print("domain-public").split("## 3.")[1].split("## 4.")[0];
    expect(step3).toMatch(/plan -refresh=false -target=aws_route53_record\.origin-record_a-0_\w+ -out=failover\.tfplan/);
    expect(step3).not.toContain("-var");
  });

  it("without a domain, repoints the distribution at the standby ALB's name", () => {
    const step3 = print("pilot-public").split("## 3.")[1].split("## 4.")[0];
    expect(step3).toMatch(/-target=aws_cloudfront_distribution\.\S+ -var "standby_origin_domain=\$\(terraform -chdir=cdktf\.out\/stacks\/multiple-server-pilot-public-dr output -raw alb_dns_name\)"/);
  });
});

describe("state that is not in S3", () => {
  it("with local state, points init nowhere else and moves no state back", () => {
    const text = print("local-state", { namePrefix: "rb-local", backend: { kind: "local" }, dr: { region: "ap-northeast-1" } });
    expect(text).not.toContain("-backend-config");
    expect(text).not.toContain("-migrate-state");
    expect(text).toContain("from the primary's state (local, not in the lost region)");
    expect(text).toContain("5.1. The primary's state (local) never moved: nothing to do.");
  });
});

describe("npm run -s runbook", () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    jest.spyOn(console, "error").mockImplementation((message: string) => void errors.push(message));
  });
  afterEach(() => jest.restoreAllMocks());

  it("refuses an environment without a standby, naming the setting, with exit code 1 and no trace", () => {
    expect(main(["dev"], {})).toBe(1);
    expect(errors.join("\n")).toBe("Invalid configuration (1 problem):\n  - dev.dr (unset) must be set for a runbook: the environment has no standby region");
  });

  it("refuses an environment that is not defined", () => {
    expect(main(["nowhere"], {})).toBe(1);
    expect(errors.join("\n")).toContain("app.environments nowhere is not a defined environment");
  });

  it("prints its usage without exactly one environment", () => {
    expect(main([], {})).toBe(2);
    expect(errors[0]).toMatch(/^usage: npm run -s runbook -- <environment>/);
  });
});
