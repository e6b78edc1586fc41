// "Did you mean …?" for a mistyped name: the known name closest by edit distance.

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known name closest to `typed`, if it is close enough to be a typo of it: at most a
 * third of the longer name differs (at least 2 characters). Ties go to the first known name.
 */
export function closest(typed: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(typed.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** " (did you mean X?)" or "", to append to a message about an unknown name. */
export function didYouMean(typed: string, known: readonly string[], show = (name: string) => name): string {
  const meant = closest(typed, known);
  return meant === undefined ? "" : ` (did you mean ${show(meant)}?)`;
}
