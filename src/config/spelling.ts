/** Near misses: what a mistyped name was probably meant to be. */

/** Edits (insert, delete, replace) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Typos this far from a name are taken for it: `netwrok`, `instanceTyp`, `t3.mirco`. */
export const TYPO_DISTANCE = 2;

/**
 * The names of `known` nearest to `name` (at most `limit`, in `known`'s order), none when even the
 * nearest is more than TYPO_DISTANCE edits away. Case is ignored: `T3.Micro` means t3.micro.
 */
export function nearestNames(name: string, known: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  let best = TYPO_DISTANCE + 1;
  let found: string[] = [];
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < best) [best, found] = [distance, [candidate]];
    else if (distance === best) found.push(candidate);
  }
  return found.slice(0, limit);
}

/** ` (did you mean a or b?)`, or "" when nothing is near. */
export function didYouMean(name: string, known: readonly string[]): string {
  const near = nearestNames(name, known);
  return near.length ? ` (did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(", ")} or ${near.at(-1)}`}?)` : "";
}
