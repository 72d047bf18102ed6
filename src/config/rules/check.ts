// What every rule file builds on: a check declares the top-level settings it reads.
import type { Settings } from "../schema";

/** A top-level setting of an environment: a section (`network`) or a scalar (`namePrefix`). */
export type Section = Exclude<keyof Settings, "environment">;

/** Reports one problem: the setting's path, its value, the rule it breaks. */
export type Problem = (path: string, value: unknown, rule: string) => void;

/**
 * One rule and the top-level settings it reads. When some top-level settings had type errors,
 * their defaults stand in so the environment still parses, and only the checks that read none of
 * them run: a problem is never computed from a default the user did not choose.
 */
export interface Check {
  readonly reads: readonly Section[];
  readonly run: (s: Settings, problem: Problem) => void;
}

/**
 * A check that sees only the settings it declares: reading another is a type error, so `reads`
 * cannot fall behind the code.
 */
export function check<K extends Section>(reads: readonly K[], run: (s: Pick<Settings, K>, problem: Problem) => void): Check {
  return { reads, run };
}
