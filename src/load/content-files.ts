import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { XinwenError, XinwenErrors } from '../core/errors.ts';
import { isInside } from '../core/paths.ts';
import { decodeUtf8, readBytes } from './read-text.ts';
import { say } from '../core/language.ts';

/** A Markdown file as read from disk. */
export interface SourceFile {
  /** Path relative to the site root with `/` separators, as shown to users. */
  file: string;
  text: string;
}

/**
 * Largest article read. A news article is rarely over 100 KB; one of several
 * megabytes is pasted data or an embedded image, and would cost tens of
 * seconds in the search index alone (10 MB of Chinese: about 40 s).
 */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** Hugo's settings of a section's list page (`posts/_index.md`): no article, as xinwen makes its own lists. */
const HUGO_SECTION_PAGE = '_index.md';
/** Jekyll's folder of undated drafts, which Jekyll does not publish either (a draft here is `draft: true`). */
const JEKYLL_DRAFTS = '_drafts';

/**
 * Every `.md` file under `contentDir` but Hugo's `_index.md` and Jekyll's `_drafts/`, sorted by path so that every later
 * stage sees the same order on every machine. Hidden entries are skipped;
 * a symlinked folder is followed once (a link back up is not a loop), a
 * dangling link is skipped, and a link that resolves to itself, a link out
 * of the site folder, or a folder that cannot be read is an error.
 */
export function listArticleFiles(root: string, contentDir: string): string[] {
  const { files, errors } = findArticleFiles(root, contentDir);
  if (errors.length > 0) throw new XinwenErrors(errors);
  return files;
}

/** Like `listArticleFiles`, but returns the problems along with every file it could list (for `check`). */
export function findArticleFiles(root: string, contentDir: string): { files: string[]; errors: XinwenError[] } {
  const found: string[] = [];
  const errors: XinwenError[] = [];
  const seen = new Set<string>();
  const realRoot = realpathSync(root);
  const walk = (dir: string) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push(
        new XinwenError('load/unreadable', say(`无法读取这个文件夹（${code ?? (error as Error).message}）`, `cannot read the folder (${code ?? (error as Error).message})`), {
          file: `${toSitePath(root, dir)}/`,
          hint:
            code === 'EACCES'
              ? say('给当前用户读取和进入它的权限（chmod a+rx）。', 'Give your user read and search permission on it (chmod a+rx).')
              : say('确认这个文件夹存在，而且能打开。', 'Check that the folder exists and can be opened.'),
        }),
      );
      return;
    }
    // Sorted, so which of two links to one folder is followed does not depend on readdir order.
    for (const entry of entries.sort((a, b) => comparePaths(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
          const target = realpathSync(full);
          if ((isDir || entry.name.toLowerCase().endsWith('.md')) && !isInside(target, realRoot)) {
            errors.push(
              new XinwenError('load/link-outside', say(
                  `这个符号链接指向站点文件夹以外的 ${target}；xinwen 不读取站点文件夹以外的任何东西`,
                  `this symbolic link leads out of the site folder, to ${target}; xinwen reads nothing from outside it`,
                ), {
                file: toSitePath(root, full),
                hint: say('把文章复制到 content/ 里，不要用链接；或者删掉这个链接。', 'Copy the articles into content/ instead of linking to them, or delete the link.'),
              }),
            );
            continue;
          }
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
            errors.push(
              new XinwenError('load/symlink-loop', say('这个符号链接绕回了自己，实际上什么也没指向', 'this symbolic link leads back to itself, so it points at nothing'), {
                file: toSitePath(root, full),
                hint: say('删掉这个链接，或者让它指向一个真实的文件或文件夹（ls -l 可以看它指向哪里）。', 'Delete the link, or point it at a real file or folder (ls -l shows where it points).'),
              }),
            );
          }
          continue; // a dangling link is not content
        }
      }
      if (isDir) {
        if (entry.name !== JEKYLL_DRAFTS) walk(full);
      }
      else if (isFile && entry.name.toLowerCase().endsWith('.md') && entry.name.toLowerCase() !== HUGO_SECTION_PAGE) found.push(toSitePath(root, full));
    }
  };
  walk(contentDir);
  return { files: found.sort(comparePaths), errors };
}

/** Code-point order, independent of locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toSitePath(root: string, full: string): string {
  // A path under root (the usual case, ten thousand times a build) needs no path.relative; only what follows root can hold a `.` or `..` to resolve.
  const inside = full.startsWith(root) && full[root.length] === path.sep && !full.includes(`${path.sep}.`, root.length) ? full.slice(root.length + 1) : path.relative(root, full);
  return path.sep === '/' ? inside : inside.split(path.sep).join('/');
}

/** Read one article as UTF-8; anything else (or a file too large to be an article) is an error with the fix. */
export function readSourceFile(root: string, file: string): SourceFile {
  const full = path.join(root, file);
  let size = 0;
  try {
    size = statSync(full).size;
  } catch {
    // readBytes below reports why the file cannot be opened.
  }
  if (size > MAX_ARTICLE_BYTES) {
    throw new XinwenError('load/too-large', say(
      `文件有 ${megabytes(size)} MB，一篇文章最多 ${megabytes(MAX_ARTICLE_BYTES)} MB`,
      `the file is ${megabytes(size)} MB; an article may be at most ${megabytes(MAX_ARTICLE_BYTES)} MB`,
    ), {
      file,
      hint: say(
        '看看是不是粘贴进了大段数据，或者把图片以 data: 网址嵌在了文中；图片请放进 public/ 再链接，很长的文字请分成几篇文章。',
        'Look for pasted data or an image embedded as a data: URL; put images in public/ and link them, and split very long texts into several articles.',
      ),
    });
  }
  return { file, text: decodeUtf8(readBytes(full, file), file) };
}

/** `5`, `17.3`: megabytes as the size messages write them. */
export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
}
