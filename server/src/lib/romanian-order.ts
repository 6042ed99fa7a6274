/**
 * Romanian alphabetical order of the names a report lists (stations, departments): one collator per
 * report, each name ranked once (a collator's compare per week costs several ms over ten years).
 */
const collator = new Intl.Collator('ro');

/**
 * Each name's place in Romanian alphabetical order; names the collator finds equal are ordered by
 * their code units, so every distinct name has its own rank and the order never depends on the
 * order names came in. `last`: a name ranked after all the others (the department '', «no borderou»).
 */
export function romanianRanks(names: Iterable<string>, last?: string): Map<string, number> {
  const sorted = [...new Set(names)].sort((a, b) => {
    if (a === last || b === last) return a === last ? 1 : -1;
    return collator.compare(a, b) || (a < b ? -1 : 1);
  });
  return new Map(sorted.map((name, i) => [name, i]));
}
