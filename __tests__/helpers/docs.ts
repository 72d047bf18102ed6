import * as fs from "node:fs";
import * as path from "node:path";

/** The repository's root, where README.md and docs/ live. */
export const ROOT = path.join(__dirname, "..", "..");

/** A Markdown file of the repository (README.md, docs/<page>.md), by its path from the root. */
export function readDoc(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), "utf8");
}

/**
 * The text between `<!-- section:<name> -->` and its closing marker in `file` (generated tables and
 * checked sections are kept between such markers, wherever the section lives).
 */
export function docSection(file: string, name: string): string {
  const match = new RegExp(`<!-- section:${name} -->\\n([\\s\\S]*?)<!-- /section:${name} -->`).exec(readDoc(file));
  if (!match) throw new Error(`${file} has no <!-- section:${name} --> ... <!-- /section:${name} --> markers`);
  return match[1];
}
