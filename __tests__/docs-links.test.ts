import * as fs from "node:fs";
import * as path from "node:path";
import { readDoc, ROOT } from "./helpers/docs";

/**
 * README.md and docs/*.md link each other by relative paths and `#anchors`, and the code cites
 * them as `docs/<page>.md "<section>"`: every such link and citation must reach a file and a
 * heading that exist, and every page must be reachable from the README.
 */
const PAGES = fs
  .readdirSync(path.join(ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);
const MARKDOWN = ["README.md", ...PAGES];

/** The text with fenced code blocks blanked (their lines kept, so nothing there is a heading or a link). */
function withoutCode(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ""));
}

/**
 * GitHub's anchor for a heading (github-slugger, which github.com uses): the rendered text in
 * lower case, every character but letters, marks, digits, `_`, `-` and spaces removed, each space a
 * hyphen; a repeated anchor gets `-1`, `-2`, ... in order.
 */
function slugs(headings: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headings.map((heading) => {
    const rendered = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/`([^`]*)`/g, "$1")
      .replace(/(\*{1,3})(\S(?:.*?\S)?)\1/g, "$2");
    const base = rendered
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  });
}

const headingsOf = (file: string) => [...withoutCode(readDoc(file)).matchAll(/^#{1,6} +(.+?) *#* *$/gm)].map((m) => m[1]);
const anchorsOf = (file: string) => new Set(slugs(headingsOf(file)));

/** Every inline link and image of a Markdown file outside code: `[text](target)`, text may wrap. */
function linksOf(file: string): string[] {
  const text = withoutCode(readDoc(file)).replace(/`[^`\n]*`/g, (code) => (code.includes("](") ? "" : code));
  return [...text.matchAll(/\[(?:[^[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

const isExternal = (target: string) => /^[a-z][a-z+.-]*:/i.test(target);

/** What is wrong with `target` as a link from `file`, or undefined when it resolves. */
function brokenLink(file: string, target: string): string | undefined {
  const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
  const resolved = pathPart === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(pathPart)));
  if (resolved.startsWith("../")) return `${target} leaves the repository`;
  if (!fs.existsSync(path.join(ROOT, resolved))) return `${target}: ${resolved} does not exist`;
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith(".md")) return `${target}: an anchor into ${resolved}, which has no headings`;
  return anchorsOf(resolved).has(anchor) ? undefined : `${target}: ${resolved} has no heading whose anchor is #${anchor}`;
}

describe("GitHub's heading anchors", () => {
  it("lowercase the rendered text, drop punctuation, hyphenate spaces and number repeats", () => {
    expect(slugs(["Runbook: the primary region is down (3 a.m.)", "Where we differ from the article", "`cdn.origin` modes", "Set up, from an empty AWS account", "FAQ", "FAQ"])).toEqual([
      "runbook-the-primary-region-is-down-3-am",
      "where-we-differ-from-the-article",
      "cdnorigin-modes",
      "set-up-from-an-empty-aws-account",
      "faq",
      "faq-1",
    ]);
  });
});

describe("links between README.md and docs/", () => {
  it("finds the pages and their links", () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(9);
    expect(linksOf("README.md")).toContain("docs/architecture.md#where-we-differ-from-the-article");
  });

  it.each(MARKDOWN)("%s: every relative link reaches a file and, with an #anchor, a heading of it", (file) => {
    const broken = linksOf(file)
      .filter((target) => !isExternal(target))
      .map((target) => brokenLink(file, target))
      .filter((problem) => problem !== undefined);
    expect(broken).toEqual([]);
  });

  it("would report a missing file, a missing heading and a link out of the repository", () => {
    expect(brokenLink("README.md", "docs/nothing.md")).toBe("docs/nothing.md: docs/nothing.md does not exist");
    expect(brokenLink("README.md", "docs/guardrails.md#no-such-heading")).toBe("docs/guardrails.md#no-such-heading: docs/guardrails.md has no heading whose anchor is #no-such-heading");
    expect(brokenLink("docs/guardrails.md", "#suppressing-a-rule")).toBeUndefined();
    expect(brokenLink("docs/guardrails.md", "../../elsewhere.md")).toBe("../../elsewhere.md leaves the repository");
  });

  it("links every docs page from the README", () => {
    const linked = new Set(linksOf("README.md").map((target) => target.split("#")[0]));
    expect(PAGES.filter((page) => !linked.has(page))).toEqual([]);
  });
});

/** Files whose comments and messages cite a docs section. */
function citingFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = `${dir}/${entry.name}`;
      // Snapshots and golden files are synthesized output: they quote the sources (the user data's
      // kept citation below), and change only with them.
      if (entry.isDirectory()) return entry.name === "__snapshots__" || rel === "__tests__/stacks/golden" ? [] : walk(rel);
      return /\.(ts|js|sh|ya?ml|json|py|md)$/.test(entry.name) ? [rel] : [];
    });
  return ["help", ...MARKDOWN, ...[".checkov", "src", "scripts", ".github", "__tests__"].flatMap(walk)];
}

/** `<page> "<section>"` citations of a text; a section name may wrap across comment lines. */
function citations(text: string, page: RegExp): { page: string; section: string }[] {
  const quote = String.raw`\\?"`;
  const pattern = new RegExp(`(${page.source}),? (?:section )?${quote}((?:(?!\\\\?")[^"])+)${quote}`, "g");
  return [...text.matchAll(pattern)].map((m) => ({ page: m[1], section: m[2].replace(/\s*\n\s*(?:\*|\/\/|#)?\s*/g, " ") }));
}

describe("citations of the docs in code, messages and comments", () => {
  const self = path.relative(ROOT, __filename);
  const files = citingFiles().filter((file) => file !== self);

  it("name a page that exists and a heading it has", () => {
    const found = files.flatMap((file) => citations(readDoc(file), /docs\/[\w-]+\.md/).map((c) => ({ file, ...c })));
    expect(found.length).toBeGreaterThan(40);
    const broken = found.filter((c) => !fs.existsSync(path.join(ROOT, c.page)) || !headingsOf(c.page).includes(c.section));
    expect(broken).toEqual([]);
  });

  // The web servers' boot script carries this comment into Apache's configuration: changing it
  // changes user data, which replaces every fixed web server on the next apply.
  const KEPT = [{ file: "src/constructs/web/db-status-page.ts", section: "Deploy" }];

  it('cite no README section the README no longer has ("README" then a quoted heading)', () => {
    const readmeHeadings = headingsOf("README.md");
    const stale = files
      .flatMap((file) => citations(readDoc(file), /README(?:\.md)?/).map((c) => ({ file, section: c.section })))
      .filter((c) => !readmeHeadings.includes(c.section))
      .filter((c) => !KEPT.some((k) => k.file === c.file && k.section === c.section));
    expect(stale).toEqual([]);
  });
});
