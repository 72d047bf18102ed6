import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const { cdktfCommand, commandOf } = require(path.join(ROOT, "scripts", "cdktf-command.js")) as {
  cdktfCommand(pid?: number, read?: (pid: number) => { ppid: number; argv: string[] } | undefined): string | undefined;
  commandOf(argv: string[]): string | undefined;
};

describe("the cdktf command above the app (scripts/cdktf-command.js)", () => {
  // Argument lists as /proc showed them for `npx cdktf deploy --auto-approve` on this machine.
  it.each([
    [["node", "/repo/node_modules/.bin/cdktf", "deploy", "--auto-approve"], "deploy"],
    [["sh", "-c", "cdktf", "deploy", "--auto-approve"], "deploy"],
    [["npm", "exec", "cdktf", "destroy"], "destroy"],
    [["node", "/usr/local/bin/cdktf", "--log-level", "debug", "deploy"], "deploy"],
    [["node", "/usr/local/bin/cdktf", "diff", "multiple-server-dev"], "diff"],
    [["node", "/repo/node_modules/.bin/cdktf", "watch"], "watch"],
    [["node", "/repo/node_modules/.bin/cdktf", "apply", "multiple-server-dev"], "deploy"],
    [["node", "/repo/node_modules/.bin/cdktf", "plan"], "diff"],
    [["node", "/repo/node_modules/.bin/cdktf", "synth"], undefined],
    [["node", "/repo/node_modules/.bin/cdktf", "list"], undefined],
    // The fork's CLI (after `npm run use:cdktn`): the same commands and options under another name.
    [["node", "/repo/node_modules/.bin/cdktn", "deploy", "--auto-approve"], "deploy"],
    [["sh", "-c", "cdktn", "plan"], "diff"],
    [["node", "/usr/local/bin/cdktn", "--log-level", "debug", "destroy"], "destroy"],
    [["node", "/repo/node_modules/.bin/cdktn", "synth"], undefined],
    [["/bin/sh", "-c", "node scripts/synth.js"], undefined],
    [["node", "/repo/scripts/cdktf-deploy.js", "deploy"], undefined],
  ])("reads %j as %s", (argv, command) => {
    expect(commandOf(argv)).toBe(command);
  });

  it("stops at the first cdktf process, and after a few levels", () => {
    const tree: Record<number, { ppid: number; argv: string[] }> = {
      10: { ppid: 9, argv: ["/bin/sh", "-c", "node scripts/synth.js"] },
      9: { ppid: 8, argv: ["node", "/r/node_modules/.bin/cdktf", "synth"] },
      8: { ppid: 2, argv: ["node", "/r/node_modules/.bin/cdktf", "deploy"] },
    };
    expect(cdktfCommand(10, (pid) => tree[pid])).toBeUndefined();
    const deep: Record<number, { ppid: number; argv: string[] }> = {};
    for (let pid = 20; pid > 12; pid--) deep[pid] = { ppid: pid - 1, argv: ["bash"] };
    deep[12] = { ppid: 2, argv: ["node", "/r/.bin/cdktf", "deploy"] };
    expect(cdktfCommand(20, (pid) => deep[pid])).toBeUndefined();
  });

  describe("with a real process tree: a stand-in `cdktf` that runs the app as the CLI does (/bin/sh -c)", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-cdktf-command-"));
    afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
    const cli = path.join(work, "bin", "cdktf");
    fs.mkdirSync(path.dirname(cli));
    // cdktf-cli spawns cdktf.json's `app` through a shell; so does this stand-in.
    fs.writeFileSync(
      cli,
      `const { spawnSync } = require("node:child_process");\n` +
        `const run = spawnSync("/bin/sh", ["-c", process.env.APP], { stdio: "inherit" });\n` +
        `process.exit(run.status ?? 1);\n`,
    );
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MULTIPLE_SERVER_|CDKTF_|TF_|NODE_OPTIONS$)/.test(key)));

    it("finds deploy two levels up, and nothing under synth", () => {
      const probe = `${JSON.stringify(process.execPath)} -e 'console.log(String(require(${JSON.stringify(path.join(ROOT, "scripts", "cdktf-command.js"))}).cdktfCommand()))'`;
      const deploy = spawnSync(process.execPath, [cli, "deploy", "--auto-approve"], { encoding: "utf8", env: { ...env, APP: probe } });
      expect(deploy.stdout.trim()).toBe("deploy");
      const synth = spawnSync(process.execPath, [cli, "synth"], { encoding: "utf8", env: { ...env, APP: probe } });
      expect(synth.stdout.trim()).toBe("undefined");
      const fork = path.join(work, "bin", "cdktn");
      fs.copyFileSync(cli, fork);
      const forkDeploy = spawnSync(process.execPath, [fork, "destroy"], { encoding: "utf8", env: { ...env, APP: probe } });
      expect(forkDeploy.stdout.trim()).toBe("destroy");
    });

    it("makes `cdktf deploy` refuse the unconfigured default state bucket, as `npm run deploy` does", () => {
      const app = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, "scripts", "synth.js"))}`;
      const outdir = path.join(work, "out");
      const run = spawnSync(process.execPath, [cli, "deploy"], { cwd: work, encoding: "utf8", env: { ...env, APP: app, CDKTF_OUTDIR: outdir, MULTIPLE_SERVER_ENVIRONMENTS: "dev" } });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("dev.backend.bucket multiple-server-tfstate is the unconfigured default");
      expect(run.stderr).toContain("before deploy, name yours");
      expect(fs.existsSync(outdir)).toBe(false);
      const configured = spawnSync(process.execPath, [cli, "deploy"], {
        cwd: work,
        encoding: "utf8",
        env: { ...env, APP: app, CDKTF_OUTDIR: outdir, MULTIPLE_SERVER_ENVIRONMENTS: "dev", MULTIPLE_SERVER_STATE_BUCKET: "acme-tfstate" },
      });
      expect(configured.stderr).toBe("");
      expect(configured.status).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "multiple-server-dev", "cdk.tf.json"), "utf8")).terraform.backend.s3.bucket).toBe("acme-tfstate");
    });
  });

  describe("npm run deploy -- <stack> --skip-synth (the app never runs, so it cannot refuse)", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ms-skip-synth-"));
    afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

    it("refuses a synthesized stack whose backend is the unconfigured default bucket, before cdktf runs", () => {
      const { DEFAULT_STATE_BUCKET } = require("../src/config/load") as { DEFAULT_STATE_BUCKET: string };
      const stackDir = path.join(work, "cdktf.out", "stacks", "multiple-server-dev");
      fs.mkdirSync(stackDir, { recursive: true });
      fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify({ terraform: { backend: { s3: { bucket: DEFAULT_STATE_BUCKET, key: "k" } } } }));
      const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "cdktf.js"), "deploy", "multiple-server-dev", "--skip-synth"], { cwd: work, encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`multiple-server-dev: cdktf.out/stacks/multiple-server-dev/cdk.tf.json has the unconfigured default state bucket ${DEFAULT_STATE_BUCKET}`);
    });
  });
});
