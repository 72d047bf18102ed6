import * as fs from "node:fs";
import * as path from "node:path";
import { LAMBDA_RUNTIME } from "../config/constants";
import { zipSync } from "./zip";

/** The project root: the folder above this file's (src/functions/, or dist/ inside the synth bundle) holding package.json. */
const ROOT = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "src", "functions"))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`no project root above ${__dirname}`);
  }
})();


/**
 * The Lambda function `name` (src/functions/<name>/index.ts and every package it imports) as one
 * file, `index.js`, in a zip archive, dist/functions/<name>.zip: the function's code, a cdktf
 * TerraformAsset. Built by esbuild at synth, once per process, and only when a source is newer
 * than the archive (scripts/run-ts.js's check), so a synth pays for it only after an edit or an
 * install; the archive is byte-for-byte the same for the same sources (zip.ts), so the asset's
 * hash, and with it the function, changes only when the code does.
 */
export function functionBundle(name: string): string {
  const cached = built.get(name);
  if (cached) return cached;
  const dir = path.join(ROOT, "dist", "functions");
  const archive = path.join(dir, `${name}.zip`);
  const inputsFile = path.join(dir, `${name}.inputs.json`);
  // Plain requires, kept out of the synth bundle (scripts/run-ts.js marks esbuild external).
  const { upToDate } = require(path.join(ROOT, "scripts", "run-ts.js")) as { upToDate: (out: string, inputs: string) => boolean };
  if (!upToDate(archive, inputsFile)) {
    const esbuild = require("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({
      entryPoints: [path.join(ROOT, "src", "functions", name, "index.ts")],
      outfile: "index.js",
      absWorkingDir: ROOT,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: LAMBDA_RUNTIME.esbuildTarget,
      minify: true,
      legalComments: "none",
      metafile: true,
      write: false,
      logLevel: "warning",
    });
    fs.mkdirSync(dir, { recursive: true });
    // Written under this process's own name and renamed: parallel synths never read half a file;
    // the archive last, so whoever finds it finds its inputs.
    const write = (file: string, contents: string | Uint8Array) => {
      fs.writeFileSync(`${file}.${process.pid}.tmp`, contents);
      fs.renameSync(`${file}.${process.pid}.tmp`, file);
    };
    write(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
    write(archive, zipSync([{ name: "index.js", data: Buffer.from(result.outputFiles[0].contents) }]));
  }
  built.set(name, archive);
  return archive;
}

const built = new Map<string, string>();
