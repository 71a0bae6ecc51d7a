import { copyFileSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { namingPath } from '../core/errors.ts';

/** Link failures that mean "this file system cannot link these": copy instead. */
const CANNOT_LINK = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Make `to` (which must not exist) a copy of the folder `from` whose files
 * are hard links to `from`'s: the same bytes at no cost in space, made with
 * one call per file and folder. Where the file system cannot link (another
 * device, FAT, too many links), the files are copied. Whoever writes into
 * either tree must replace files, never write into them (writeOutputFile
 * does): a linked file is one file with two names.
 */
export function linkTree(from: string, to: string): void {
  let link = true;
  const place = (source: string, target: string) => {
    if (link) {
      try {
        linkSync(source, target);
        return;
      } catch (error) {
        if (!CANNOT_LINK.has((error as NodeJS.ErrnoException).code ?? '')) throw namingPath(error, target);
        link = false; // one refusal is enough to know: copy the rest without asking again
      }
    }
    copyFileSync(source, target);
  };
  const walk = (source: string, target: string) => {
    mkdirSync(target);
    for (const entry of readdirSync(source, { withFileTypes: true })) {
      const inner = path.join(source, entry.name);
      if (entry.isDirectory()) walk(inner, path.join(target, entry.name));
      else place(inner, path.join(target, entry.name));
    }
  };
  walk(from, to);
}
