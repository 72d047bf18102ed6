import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../src/app";
import { ENVIRONMENTS } from "../../src/config/environments";
import type { SettingsInput } from "../../src/config/schema";
import { pairDot } from "../../src/diagram/dot";
import { diagramFile, readSynthOutput, writeDiagrams } from "../../src/diagram/main";
import { readPair } from "../../src/diagram/pair";
import { deepMerge } from "../helpers";

/** prod with a standby in Tokyo, under a prefix of its own, with `overrides`. */
function synthWithDr(work: string, name: string, overrides: SettingsInput) {
  const entry = deepMerge(deepMerge(ENVIRONMENTS.prod, { namePrefix: "ms-tokyo", dr: { region: "ap-northeast-1", mode: "warmStandby" } }), overrides);
  const file = path.join(work, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ environments: { tokyo: entry } }));
  const out = path.join(work, name);
  synthesize({ outdir: out, env: { MULTIPLE_SERVER_CONFIG: file, MULTIPLE_SERVER_ENVIRONMENTS: "tokyo" } });
  return { out, stacks: readSynthOutput(out) };
}

describe("the diagram of an environment with a standby region", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-pair-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const withDomain = synthWithDr(work, "domain", { cdn: { origin: "public" }, domain: { name: "www.example.com", zoneName: "example.com" } });
  const vpc = synthWithDr(work, "vpc", {});
  const pairOf = ({ stacks }: ReturnType<typeof synthWithDr>) =>
    readPair(stacks.get("multiple-server-tokyo")!, stacks.get("multiple-server-tokyo-dr")!, stacks.get("multiple-server-state"));
  const byAddress = (prefix: string, type: string) => (id: string) => id.startsWith(`${prefix}:${type}.`);

  it("reads both regions: the primary's and the standby's, side by side", () => {
    const pair = pairOf(withDomain);
    expect([pair.primary.region, pair.standby.region]).toEqual(["ap-northeast-2", "ap-northeast-1"]);
    expect([pair.primary.vpc.name, pair.standby.vpc.name]).toEqual(["ms-tokyo-vpc", "ms-tokyo-dr-vpc"]);
    const standbyDb = pair.standby.subnets.flatMap((s) => s.nodes).find((n) => n.kind === "db")!;
    expect(standbyDb.label[0]).toBe("RDS cross-region read replica");
  });

  it("draws the replication arrows between the regions: database, backups and state bucket", () => {
    const pair = pairOf(withDomain);
    const links = pair.links.map((e) => ({ from: e.from.split("_")[0], to: e.to.split("_")[0], label: e.label, kind: e.kind }));
    expect(links).toEqual([
      { from: "primary:aws", to: "standby:aws", label: "cross-region replication", kind: "replication" },
      { from: "primary:aws", to: "standby:aws", label: "automated backups", kind: "replication" },
      { from: "primary:state:multiple-server-tfstate", to: "standby:state:multiple-server-tfstate-ap-northeast-1", label: "state replication\nmultiple-server/tokyo/", kind: "replication" },
    ]);
    expect(byAddress("primary", "aws_db_instance")(pair.links[0].from)).toBe(true);
    expect(byAddress("standby", "aws_db_instance")(pair.links[0].to)).toBe(true);
    expect(byAddress("standby", "aws_db_instance_automated_backups_replication")(pair.links[1].to)).toBe(true);
    expect(pair.extra.standby.map((n) => n.label[0]).sort()).toEqual(["Replicated automated backups", "S3 state bucket"]);
  });

  it("draws the failover pair: one Route 53 zone, the origin name's PRIMARY to the primary ALB and SECONDARY to the standby's", () => {
    const pair = pairOf(withDomain);
    const dot = pairDot(pair, "t");
    const primaryEdge = pair.primary.edges.find((e) => e.kind === "dns" && e.label?.includes("(PRIMARY)"))!;
    const standbyEdge = pair.standby.edges.find((e) => e.kind === "dns" && e.label?.includes("(SECONDARY)"))!;
    expect(primaryEdge.label).toBe("origin.www.example.com (PRIMARY)");
    expect(standbyEdge.label).toBe("origin.www.example.com (SECONDARY)");
    expect(primaryEdge.from).toBe(standbyEdge.from); // the one zone both stacks write into
    expect(dot).toContain(`"route53:example.com" -> "standby:${standbyEdge.to}"`);
    expect(dot).toContain(`"route53:example.com" -> "primary:${primaryEdge.to}"`);
    expect(dot.match(/^ {2}"route53:example.com" \[label/gm)).toHaveLength(1);
  });

  it("without a failover pair (a VPC origin), draws the targeted apply that switches CloudFront to the standby", () => {
    const pair = pairOf(vpc);
    const failover = pair.links.filter((e) => e.kind === "failover");
    expect(failover).toHaveLength(1);
    expect(failover[0].label).toBe("failover: targeted apply\n(switch to the standby's VPC origin)");
    expect(byAddress("primary", "aws_cloudfront_distribution")(failover[0].from)).toBe(true);
    expect(byAddress("standby", "aws_lb")(failover[0].to)).toBe(true);
    expect(pairDot(pair, "t")).toContain("dashed red: failover");
  });

  it("writes one picture per environment, the standby drawn inside it, and renders", async () => {
    const docs = path.join(work, "docs");
    expect(await writeDiagrams({ from: vpc.out, out: docs })).toEqual([diagramFile(docs, "tokyo")]);
    const svg = fs.readFileSync(diagramFile(docs, "tokyo"), "utf8").replace(/&#45;/g, "-");
    for (const text of ["AWS Region ap-northeast-2", "AWS Region ap-northeast-1", "cross-region replication", "automated backups", "state replication", "multiple-server-tokyo + standby"]) {
      expect(svg).toContain(text);
    }
  });
});
