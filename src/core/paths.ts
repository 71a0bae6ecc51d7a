import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * `file` with every symbolic link resolved, also when it does not exist yet
 * (the nearest existing folder above it is resolved); undefined when the path
 * itself is a link that leads nowhere.
 */
export function realPathOf(file: string): string | undefined {
  const absolute = path.resolve(file);
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      let isLink = false;
      try {
        isLink = lstatSync(current).isSymbolicLink();
      } catch {
        // Not there at all: look one folder up.
      }
      if (isLink) return undefined;
      if (path.dirname(current) === current) return absolute;
      missing.push(path.basename(current));
    }
  }
}

/** True when `inner` is `outer` or lies inside it. */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(path.resolve(outer), path.resolve(inner));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

