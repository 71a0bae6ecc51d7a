import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { XinwenError } from '../core/errors.ts';

/** A Markdown file as read from disk. */
export interface SourceFile {
  /** Path relative to the site root with `/` separators, as shown to users. */
  file: string;
  text: string;
}

/**
 * Every `.md` file under `contentDir`, sorted by path so that every later
 * stage sees the same order on every machine. Hidden entries are skipped;
 * a symlinked folder is followed once (a link back up is not a loop).
 */
export function listArticleFiles(root: string, contentDir: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue; // a dangling link is not content
        }
      }
      if (isDir) walk(full);
      else if (isFile && entry.name.toLowerCase().endsWith('.md')) found.push(toSitePath(root, full));
    }
  };
  walk(contentDir);
  return found.sort(comparePaths);
}

/** Code-point order, independent of locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toSitePath(root: string, full: string): string {
  return path.relative(root, full).split(path.sep).join('/');
}

/** Read one file as UTF-8; anything else is an error with the fix. */
export function readSourceFile(root: string, file: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(root, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new XinwenError('load/unreadable', `cannot read the file (${code ?? (error as Error).message})`, {
      file,
      hint: code === 'EACCES' ? 'Give your user read permission on it (chmod a+r).' : 'Check that the file exists.',
    });
  }
  if (!isUtf8(bytes)) {
    throw new XinwenError('load/not-utf8', 'the file is not UTF-8 text', {
      file,
      hint: 'Save it as UTF-8 (in most editors: Save with Encoding → UTF-8). Files from old CMSes are often GBK or Big5.',
    });
  }
  return { file, text: bytes.toString('utf8') };
}
