import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// scripts/ is plain JavaScript run by node (the synth's entry point), tested as it runs.
const { upToDate } = require(path.join(__dirname, "..", "scripts", "run-ts.js")) as {
  upToDate(outfile: string, inputsFile: string, base?: string): boolean;
};

describe("run-ts reuses a bundle only while it is newer than every source", () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "ms-run-ts-"));
  const source = path.join(base, "src", "a.ts");
  const bundle = path.join(base, "dist", "main.js");
  const inputsFile = path.join(base, "dist", "main.inputs.json");
  const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);
  const now = Date.now() / 1000;

  beforeAll(() => {
    fs.mkdirSync(path.dirname(source), { recursive: true });
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    fs.writeFileSync(source, "export const a = 1;");
    fs.writeFileSync(bundle, "exports.a = 1;");
    fs.writeFileSync(inputsFile, JSON.stringify(["src/a.ts"]));
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it("reuses it when every listed source is older", () => {
    at(source, now - 60);
    at(bundle, now + 60); // also newer than run-ts.js and tsconfig.json
    expect(upToDate(bundle, inputsFile, base)).toBe(true);
  });

  it("rebuilds when a source changed after the build", () => {
    at(source, now + 120);
    expect(upToDate(bundle, inputsFile, base)).toBe(false);
  });

  it("rebuilds when a source is gone, the list of inputs is missing or empty", () => {
    at(source, now - 60);
    fs.writeFileSync(inputsFile, JSON.stringify(["src/gone.ts"]));
    expect(upToDate(bundle, inputsFile, base)).toBe(false);
    fs.writeFileSync(inputsFile, JSON.stringify([]));
    expect(upToDate(bundle, inputsFile, base)).toBe(false);
    expect(upToDate(bundle, path.join(base, "dist", "missing.json"), base)).toBe(false);
  });

  it("rebuilds when run-ts.js or tsconfig.json is newer than the bundle", () => {
    fs.writeFileSync(inputsFile, JSON.stringify(["src/a.ts"]));
    at(source, now - 60);
    at(bundle, now - 30 * 24 * 3600); // older than this checkout's run-ts.js and tsconfig.json
    at(source, now - 60 * 24 * 3600);
    expect(upToDate(bundle, inputsFile, base)).toBe(false);
  });
});
