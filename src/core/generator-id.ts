import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './site-folders.ts';

let cached: string | undefined;

/**
 * Identifies this build of xinwen for caches and up-to-date checks: the
 * package version plus when its code last changed, so an upgrade, or an edit
 * during development, never reuses results made by other code.
 */
export function generatorId(): string {
  if (cached) return cached;
  const version = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const stamp = path.join(PACKAGE_ROOT, 'lib', '.compiled');
  let newest = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const src = path.join(PACKAGE_ROOT, 'src');
  if (existsSync(src)) {
    for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  cached = createHash('sha1').update(`${version}:${newest}`).digest('hex').slice(0, 16);
  return cached;
}
