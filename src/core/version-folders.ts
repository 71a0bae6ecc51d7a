import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * xinwen's own stores (conversion tables, compiled templates) keep a folder
 * per version of xinwen (its generator id) under one folder. Another
 * version's folder goes once two newer ones are kept: tests run xinwen from
 * src/ and builds from lib/, two versions in turn.
 */
export function forgetOtherVersions(dir: string, kept: string): void {
  for (const old of newestFirst(dir, (name) => name !== path.basename(kept)).slice(2)) rmSync(path.join(dir, old), { recursive: true, force: true });
}

/** The names in `dir` that `accept` takes, the most recently changed first. */
export function newestFirst(dir: string, accept: (name: string) => boolean): string[] {
  return readdirSync(dir)
    .filter(accept)
    .map((name) => ({ name, time: statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.time - a.time)
    .map((entry) => entry.name);
}
