// What the web servers run, as the diagram labels them: the image and, when set, web.bootScript.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SettingsInput } from "../../src/config/schema";
import { bootScriptNames } from "../../src/diagram/main";
import { readPair } from "../../src/diagram/pair";
import { readTopology, type Topology } from "../../src/diagram/topology";
import { settingsFor, synthStack, synthStandby } from "../helpers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-software-"));
afterAll(() => fs.rmSync(dir, { recursive: true }));
const APP = path.join(dir, "app.sh");
const APP_TEXT = "#!/bin/bash\necho 'hello from the app' > /var/www/html/hello.txt\n";
fs.writeFileSync(APP, APP_TEXT);
/** The short hash the user data's heredoc marker carries, computed here from the content. */
const APP_HASH = createHash("sha256").update(APP_TEXT).digest("hex").slice(0, 16);

/** The labels of the web servers, zone by zone. */
const serverLabels = (topology: Topology) => topology.subnets.filter((s) => s.tier === "web").flatMap((s) => s.nodes.map((n) => n.label));
/** The label lines after the name (and, for a group, its sizes). */
const softwareLines = (label: string[]) => label.slice(label[0].startsWith("Auto Scaling group") ? 3 : 2);

describe.each(["instances", "autoScaling"] as const)("the %s fleet's servers in the diagram", (fleet) => {
  const labelsWith = (web: SettingsInput["web"], bootScripts?: Map<string, string>) => {
    const labels = serverLabels(readTopology(synthStack(settingsFor("dev", { web: { fleet, ...web } })).tf, { bootScripts }));
    expect(labels).toHaveLength(2);
    return labels.map(softwareLines);
  };

  it("name AWS's Amazon Linux image by its name when web.image is unset, and no boot script", () => {
    expect(labelsWith({})).toEqual([["Amazon Linux 2023 (x86_64)"], ["Amazon Linux 2023 (x86_64)"]]);
    expect(labelsWith({ instanceType: "t4g.micro" })[0]).toEqual(["Amazon Linux 2023 (arm64)"]);
    expect(labelsWith({ amiFamily: "al2" })[0]).toEqual(["Amazon Linux 2 (x86_64)"]);
  });

  it("name an image of the user's by its AMI id or by the SSM parameter it is read from", () => {
    expect(labelsWith({ image: { id: "ami-0123456789abcdef0" } })[0]).toEqual(["AMI ami-0123456789abcdef0"]);
    expect(labelsWith({ image: { ssmParameter: "/my-app/ami-id" } })[0]).toEqual(["AMI from SSM /my-app/ami-id"]);
  });

  it("name the boot script by its file when the configuration names it, by its content's hash otherwise", () => {
    expect(labelsWith({ bootScript: APP }, new Map([[APP_HASH, "app.sh"]]))).toEqual([
      ["Amazon Linux 2023 (x86_64)", "boot script: app.sh"],
      ["Amazon Linux 2023 (x86_64)", "boot script: app.sh"],
    ]);
    expect(labelsWith({ bootScript: APP, image: { id: "ami-0123456789abcdef0" } })[0]).toEqual(["AMI ami-0123456789abcdef0", `boot script: sha256 ${APP_HASH}`]);
  });
});

describe("the standby region's servers in the diagram", () => {
  it("boot dr.image and the same boot script as the primary's", () => {
    const settings = settingsFor("prod", {
      web: { image: { id: "ami-0123456789abcdef0" }, bootScript: APP },
      dr: { region: "ap-northeast-1", mode: "warmStandby", image: { id: "ami-0fedcba9876543210" } },
    });
    const pair = readPair(synthStack(settings).tf, synthStandby(settings).tf, undefined, { bootScripts: new Map([[APP_HASH, "app.sh"]]) });
    expect(serverLabels(pair.primary).map(softwareLines)).toEqual([
      ["AMI ami-0123456789abcdef0", "boot script: app.sh"],
      ["AMI ami-0123456789abcdef0", "boot script: app.sh"],
    ]);
    expect(serverLabels(pair.standby).map(softwareLines)).toEqual([
      ["AMI ami-0fedcba9876543210", "boot script: app.sh"],
      ["AMI ami-0fedcba9876543210", "boot script: app.sh"],
    ]);
  });
});

describe("bootScriptNames", () => {
  it("names the boot scripts of the configuration file's environments by their content's hash", () => {
    const config = path.join(dir, "envs.json");
    fs.writeFileSync(config, JSON.stringify({ environments: { staging: { namePrefix: "staging", web: { bootScript: "app.sh" } } } }));
    expect(bootScriptNames({ MULTIPLE_SERVER_CONFIG: config })).toEqual(new Map([[APP_HASH, "app.sh"]]));
  });

  it("names none for the shipped environments alone, or a configuration that cannot be read", () => {
    expect(bootScriptNames({})).toEqual(new Map());
    expect(bootScriptNames({ MULTIPLE_SERVER_CONFIG: path.join(dir, "missing.json") })).toEqual(new Map());
  });
});
