import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// scripts/ is plain JavaScript run by node (the synth's entry point), tested as it runs.
const { upToDate } = require(path.join(__dirname, "..", "scripts", "run-ts.js")) as {
  upToDate(outfile: string, metafile: string, base?: string): boolean;
};

describe("run-ts reuses a bundle only while it is newer than every source", () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "ms-run-ts-"));
  const source = path.join(base, "src", "a.ts");
  const bundle = path.join(base, "dist", "main.js");
  const metafile = path.join(base, "dist", "main.meta.json");
  const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);
  const now = Date.now() / 1000;

  beforeAll(() => {
    fs.mkdirSync(path.dirname(source), { recursive: true });
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    fs.writeFileSync(source, "export const a = 1;");
    fs.writeFileSync(bundle, "exports.a = 1;");
    fs.writeFileSync(metafile, JSON.stringify({ inputs: { "src/a.ts": {} }, outputs: {} }));
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it("reuses it when every listed source is older", () => {
    at(source, now - 60);
    at(bundle, now + 60); // also newer than run-ts.js and tsconfig.json
    expect(upToDate(bundle, metafile, base)).toBe(true);
  });

  it("rebuilds when a source changed after the build", () => {
    at(source, now + 120);
    expect(upToDate(bundle, metafile, base)).toBe(false);
  });

  it("rebuilds when a source is gone, the metafile is missing or lists nothing", () => {
    at(source, now - 60);
    fs.writeFileSync(metafile, JSON.stringify({ inputs: { "src/gone.ts": {} } }));
    expect(upToDate(bundle, metafile, base)).toBe(false);
    fs.writeFileSync(metafile, JSON.stringify({ inputs: {} }));
    expect(upToDate(bundle, metafile, base)).toBe(false);
    expect(upToDate(bundle, path.join(base, "dist", "missing.json"), base)).toBe(false);
  });

  it("rebuilds when run-ts.js or tsconfig.json is newer than the bundle", () => {
    fs.writeFileSync(metafile, JSON.stringify({ inputs: { "src/a.ts": {} } }));
    at(source, now - 60);
    at(bundle, now - 30 * 24 * 3600); // older than this checkout's run-ts.js and tsconfig.json
    at(source, now - 60 * 24 * 3600);
    expect(upToDate(bundle, metafile, base)).toBe(false);
  });
});
