/** Near misses: what a mistyped name was probably meant to be. */

/** Edits (insert, delete, replace, swap of two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  // Optimal string alignment: `mirco` is one swap from `micro`, as a typist makes it.
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Typos this far from a name are taken for it: `netwrok`, `instanceTyp`, `t3.mirco`. */
export const TYPO_DISTANCE = 2;

/** How far a name of this length may be from the one meant: two edits, one below six characters, none below three (`qa` is not a typo of `dev`). */
export function typoDistance(name: string): number {
  return name.length < 3 ? 0 : name.length < 6 ? 1 : TYPO_DISTANCE;
}

/**
 * The names of `known` nearest to `name` (at most `limit`, in `known`'s order), none when even the
 * nearest is farther than `typoDistance(name)`. Case is ignored: `T3.Micro` means t3.micro.
 */
export function nearestNames(name: string, known: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  let best = typoDistance(name);
  let found: string[] = [];
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < best || (distance === best && !found.length)) [best, found] = [distance, [candidate]];
    else if (distance === best) found.push(candidate);
  }
  return found.slice(0, limit);
}

/** ` (did you mean a or b?)`, or "" when nothing is near. */
export function didYouMean(name: string, known: readonly string[]): string {
  const near = nearestNames(name, known);
  return near.length ? ` (did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(", ")} or ${near.at(-1)}`}?)` : "";
}
