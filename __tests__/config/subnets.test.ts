import { ConfigError, formatProblem } from "../../src/config/errors";
import { loadSettings } from "../../src/config/load";
import type { SettingsInput } from "../../src/config/schema";
import { deriveSubnets } from "../../src/config/subnets";

function load(input: SettingsInput) {
  try {
    return { settings: loadSettings(["staging"], {}, { staging: input })[0], problems: [] as string[] };
  } catch (error) {
    if (error instanceof ConfigError) return { settings: undefined, problems: error.problems.map(formatProblem) };
    throw error;
  }
}

const cidrs = (subnets: Record<string, Array<{ cidr: string }>>) => Object.fromEntries(Object.entries(subnets).map(([tier, list]) => [tier, list.map((s) => s.cidr)]));

describe("subnets derived from the VPC block", () => {
  it("gives the article's layout for its own block, so the defaults are unchanged", () => {
    expect(cidrs(deriveSubnets("10.0.0.0/16", 2).subnets!)).toEqual({
      public: ["10.0.0.0/24", "10.0.10.0/24"],
      web: ["10.0.1.0/24", "10.0.11.0/24"],
      database: ["10.0.2.0/24", "10.0.12.0/24"],
    });
  });

  it("needs only network.vpcCidr to move the whole network (it used to take six 'outside the VPC' errors)", () => {
    const { settings, problems } = load({ network: { vpcCidr: "172.20.0.0/16" } });
    expect(problems).toEqual([]);
    expect(cidrs(settings!.network.subnets)).toEqual({
      public: ["172.20.0.0/24", "172.20.10.0/24"],
      web: ["172.20.1.0/24", "172.20.11.0/24"],
      database: ["172.20.2.0/24", "172.20.12.0/24"],
    });
  });

  it("gives a third zone its subnets ten further on", () => {
    const { settings, problems } = load({ network: { availabilityZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"] } });
    expect(problems).toEqual([]);
    expect(settings!.network.subnets.web.map((s) => s.cidr)).toEqual(["10.0.1.0/24", "10.0.11.0/24", "10.0.21.0/24"]);
  });

  it("cuts a smaller block into equal parts, three per zone, zone after zone", () => {
    const { settings, problems } = load({ network: { vpcCidr: "10.8.0.0/22" } });
    expect(problems).toEqual([]);
    expect(cidrs(settings!.network.subnets)).toEqual({
      public: ["10.8.0.0/25", "10.8.1.128/25"],
      web: ["10.8.0.128/25", "10.8.2.0/25"],
      database: ["10.8.1.0/25", "10.8.2.128/25"],
    });
  });

  it("keeps the tiers the user wrote and derives only the others", () => {
    const { settings } = load({ network: { vpcCidr: "172.20.0.0/16", subnets: { public: [{ cidr: "172.20.100.0/24" }, { cidr: "172.20.101.0/24" }] } } });
    expect(settings!.network.subnets.public.map((s) => s.cidr)).toEqual(["172.20.100.0/24", "172.20.101.0/24"]);
    expect(settings!.network.subnets.web.map((s) => s.cidr)).toEqual(["172.20.1.0/24", "172.20.11.0/24"]);
  });

  it("derives the standby's from dr.network.vpcCidr the same way", () => {
    const { settings, problems } = load({ dr: { region: "ap-northeast-1", network: { vpcCidr: "10.50.0.0/16" } } });
    expect(problems).toEqual([]);
    expect(settings!.dr!.network.subnets.database.map((s) => s.cidr)).toEqual(["10.50.2.0/24", "10.50.12.0/24"]);
  });

  it("says so when the block cannot hold three subnets per zone", () => {
    expect(load({ network: { vpcCidr: "10.0.0.0/27" } }).problems).toContain(
      "staging.network.vpcCidr 10.0.0.0/27 is too small to hold 6 subnets of /28 (three per zone, AWS's smallest subnet); choose a larger block or set network.subnets yourself",
    );
  });
});
