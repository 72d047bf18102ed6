// The user's boot script (schema `web.bootScript`): a file that exists, in user data EC2 accepts.
import * as fs from "node:fs";
import { webUserData } from "../../constructs/web/web-user-data";
import { Naming, standbyPrefix } from "../../naming";
import { fleetOf } from "../fleet";
import type { Settings } from "../schema";
import { check } from "./check";

/**
 * EC2 refuses user data over 16 KB, counted before base64 encoding (EC2 User Guide, "Run commands
 * when you launch an EC2 instance with user data input": "User data is limited to 16 KB, in raw
 * form, before it is base64-encoded").
 */
export const USER_DATA_LIMIT_BYTES = 16 * 1024;

export const checkBootScript = check(["web", "network", "namePrefix", "region", "database", "dr"], (s, problem) => {
  const file = s.web.bootScript;
  if (file === undefined) return;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    stat = undefined;
  }
  if (!stat?.isFile()) {
    problem("web.bootScript", file, "does not exist or is not a file (a relative path is read from the folder of the configuration file that names it)");
    return;
  }
  const bytes = Math.max(...userDataOf(s).map((script) => Buffer.byteLength(script, "utf8")));
  if (bytes > USER_DATA_LIMIT_BYTES) {
    problem(
      "web.bootScript",
      file,
      `(${stat.size} bytes) makes the web servers' user data ${bytes} bytes, over the ${USER_DATA_LIMIT_BYTES} (16 KB) EC2 accepts; download the rest at boot (from S3 with web.managedPolicyArns granting it) or bake what it installs into an image`,
    );
  }
});

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
