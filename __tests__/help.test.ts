import * as fs from "node:fs";
import * as path from "node:path";
import { readDoc, ROOT } from "./helpers/docs";

/** `help` (the cdktf template's list of everyday commands) against the scripts and files it names. */
const help = readDoc("help");
const scripts = Object.keys((JSON.parse(readDoc("package.json")) as { scripts: Record<string, string> }).scripts);

/** What `npm` runs for a command line of `help`: `run <script>`, `test`, or a built-in such as `ci`. */
function npmScripts(text: string): string[] {
  return [...text.matchAll(/\bnpm (?:run (?:-s )?([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]);
}

/**
 * Paths of the repository that `help` names: words that start with one of its top-level folders
 * or files. What a command writes (cdktf.out/, terraform-state/, bench/results/*.json) or what the
 * user brings (my-envs.json) is not among them; `<env>` stands for any name.
 */
function repositoryPaths(text: string): string[] {
  const tracked = ["src", "scripts", "docs", "__tests__", "bench", ".ci", ".github", "package.json", "README.md"];
  const words = text.split(/[\s(),:;]+/).filter(Boolean);
  return words.filter((word) => tracked.some((top) => word === top || word.startsWith(`${top}/`)));
}

function exists(file: string): boolean {
  if (!file.includes("<")) return fs.existsSync(path.join(ROOT, file));
  const dir = path.dirname(file);
  const pattern = new RegExp(`^${path.basename(file).replace(/[.]/g, "\\.").replace(/<[^>]+>/g, "[^/]+")}$`);
  return fs.existsSync(path.join(ROOT, dir)) && fs.readdirSync(path.join(ROOT, dir)).some((name) => pattern.test(name));
}

describe("help", () => {
  it("runs only npm scripts that package.json defines", () => {
    const named = npmScripts(help);
    expect(named).toEqual(expect.arrayContaining(["synth", "verify", "test", "bootstrap", "deploy", "diff", "destroy", "runbook"]));
    expect(named.filter((script) => !scripts.includes(script))).toEqual([]);
  });

  it("names only files and folders the repository has", () => {
    const named = repositoryPaths(help);
    expect(named).toEqual(expect.arrayContaining(["__tests__/stacks/__snapshots__/stack.test.ts.snap", "docs/architecture-<env>.svg", ".ci/run"]));
    expect(named.filter((file) => !exists(file))).toEqual([]);
  });

  it("would catch a missing script and a missing file", () => {
    expect(npmScripts("npm run nothing-here -- dev")).toEqual(["nothing-here"]);
    expect(exists("__tests__/__snapshots__/stack.test.ts.snap")).toBe(false);
    expect(exists("docs/nothing-<env>.svg")).toBe(false);
  });

  it("lists the README's two commands as the README writes them", () => {
    const readmeCommands = /```sh\n([^\n#]*?)\s+#[^\n]*\n([^\n#]*?)\s+#/.exec(readDoc("README.md"))!.slice(1, 3);
    expect(readmeCommands).toEqual(["npm ci && npm run synth", "npm ci && npm run verify -- dev,prod bench/all-features.json && npm test"]);
    const listed = help.slice(help.indexOf("The two commands"), help.indexOf("Everyday"));
    for (const command of readmeCommands) expect(listed).toContain(`    ${command}`);
  });

  it("bootstraps after a synth that carries the state bucket, as the bootstrap script requires", () => {
    const deploy = help.slice(help.indexOf("  Deploy"), help.indexOf("  Plain Terraform"));
    const order = ["export MULTIPLE_SERVER_STATE_BUCKET=", "npm run synth", "npm run bootstrap", "npm run deploy --"].map((step) => deploy.indexOf(step));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
