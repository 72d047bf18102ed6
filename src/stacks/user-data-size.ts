// The user data a boot script (`web.bootScript`) makes, against EC2's limit: measured on the very
// scripts the stacks will give their servers, before any of them is built.
import * as fs from "node:fs";
import type { ConfigProblem } from "../config/errors";
import { fleetOf } from "../config/fleet";
import type { Settings } from "../config/schema";
import { webUserData } from "../constructs/web/web-user-data";
import { Naming, standbyPrefix } from "../naming";

/**
 * EC2 refuses user data over 16 KB, counted before base64 encoding (EC2 User Guide, "Work with
 * instance user data": limited to 16 KB in raw form, before it is base64-encoded).
 */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;

/** The problem of an environment whose boot script makes user data EC2 refuses (its file checked by the rules already). */
export function userDataSizeProblems(s: Settings, file?: string): ConfigProblem[] {
  const script = s.web.bootScript;
  if (script === undefined) return [];
  const bytes = Math.max(...userDataOf(s).map((data) => Buffer.byteLength(data, "utf8")));
  if (bytes <= USER_DATA_LIMIT_BYTES) return [];
  return [
    {
      environment: s.environment,
      file,
      path: "web.bootScript",
      value: script,
      rule: `(${fs.statSync(script).size} bytes) makes the web servers' user data ${bytes} bytes, over the ${USER_DATA_LIMIT_BYTES} (16 KB) EC2 accepts; download the rest at boot (from S3 with web.managedPolicyArns granting it) or bake what it installs into an image`,
    },
  ];
}

/** Every user data the stacks build from these settings: each fixed server's or the group's, and the standby's. */
function userDataOf(s: Pick<Settings, "web" | "network" | "namePrefix" | "region" | "database" | "dr">): string[] {
  const naming = new Naming(s.namePrefix);
  const source = (region: string, n: Naming) => ({ region, port: s.database.port, parameters: n.databaseParameters() });
  const zones = s.network.availabilityZones;
  const fleet = fleetOf(s.web, zones.length);
  const titles =
    fleet.kind === "instances" ? zones.flatMap((az) => Array.from({ length: fleet.countPerAz }, (_, i) => naming.webServer(az, i, fleet.countPerAz))) : [naming.name("web")];
  const scripts = titles.map((title) => webUserData(s.web, title, source(s.region, naming)));
  if (s.dr?.region !== undefined) {
    const standby = new Naming(standbyPrefix(s.namePrefix));
    scripts.push(webUserData(s.web, standby.name("web"), source(s.dr.region, standby)));
  }
  return scripts;
}
