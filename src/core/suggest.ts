import { closest, distance } from 'fastest-levenshtein';

/** The known name closest to a misspelt one, if it is close enough to be a likely typo. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(name.toLowerCase(), known as string[]);
  return distance(name.toLowerCase(), best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
