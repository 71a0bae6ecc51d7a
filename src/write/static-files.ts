import { type Dirent, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import type { StaticFolder } from '../core/site-folders.ts';
import { isInside } from '../core/paths.ts';
import { copyOutputFile } from './output.ts';
import { say } from '../core/language.ts';

/** A file of a static folder and where it goes in the output. */
export interface StaticFile {
  /** Real path of the file to copy. */
  source: string;
  /** Path in the output, with `/` separators. */
  file: string;
  /** How the user knows it, e.g. `public/logo.png`. */
  shown: string;
  /** Its stamp when its name already says what it holds (a photo's rendition, named by content hash): it is not looked at. */
  stamp?: string;
}

/**
 * Every file the static folders publish, later folders winning (the site's
 * public/ over the theme's). Files are published verbatim, and publishing is
 * the one thing xinwen must never do with a file from elsewhere: a symbolic
 * link is followed only while it stays inside its site folder. A link out
 * (public/passwd → /etc/passwd) is an error naming it; a link to nothing is
 * skipped with a warning.
 */
export function listStaticFiles(folders: readonly StaticFolder[]): { files: StaticFile[]; warnings: Warning[] } {
  const byPath = new Map<string, StaticFile>();
  const warnings: Warning[] = [];
  const errors: XinwenError[] = [];
  for (const { dir, within, shown } of folders) {
    if (!existsSync(dir)) continue;
    const bound = realpathSync(within);
    const seen = new Set<string>();
    const walk = (folder: string, relative: string) => {
      const real = realpathSync(folder);
      if (seen.has(real)) return;
      seen.add(real);
      const entries: Dirent[] = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = path.join(folder, entry.name);
        const file = relative === '' ? entry.name : `${relative}/${entry.name}`;
        let target = full;
        let isDirectory = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            target = realpathSync(full);
            const stat = statSync(target);
            isDirectory = stat.isDirectory();
            isFile = stat.isFile();
          } catch {
            warnings.push({
              code: 'static/dangling-link',
              message: say('这个符号链接什么也没指向，所以不会发布', 'this symbolic link points at nothing, so it is not published'),
              file: shown + file,
              hint: say('删掉这个链接，或者让它指向站点文件夹里的一个文件。', 'Delete the link, or point it at a file inside the site folder.'),
            });
            continue;
          }
          if (!isInside(target, bound)) {
            errors.push(
              new XinwenError('static/link-outside', say(
                  `这个符号链接指向站点文件夹以外的 ${target}；xinwen 不发布站点文件夹以外的任何东西`,
                  `this symbolic link leads out of the site folder, to ${target}; xinwen publishes nothing from outside it`,
                ), {
                file: shown + file,
                hint: say('把文件复制到 public/ 里，不要用链接；或者删掉这个链接。', 'Copy the file into public/ instead of linking to it, or delete the link.'),
              }),
            );
            continue;
          }
        }
        if (isDirectory) walk(target, file);
        else if (isFile) byPath.set(file, { source: target, file, shown: shown + file });
      }
    };
    walk(dir, '');
  }
  if (errors.length > 0) throw new XinwenErrors(errors, warnings);
  return { files: [...byPath.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), warnings };
}

/** Copy the static files into an output folder, verbatim; a file already there is replaced, never written into (see `writeOutputFile`). */
export function copyStaticFiles(files: readonly StaticFile[], outputDir: string): void {
  for (const { source, file } of files) copyOutputFile(outputDir, source, file);
}

/**
 * Static files that would replace a file the build generates (a page, a feed,
 * the sitemap): a warning each, as the editor probably did not mean it.
 * robots.txt is the one a site may replace on purpose.
 */
export function replacedPages(files: readonly StaticFile[], generated: ReadonlySet<string>): Warning[] {
  return files
    .filter((file) => generated.has(file.file) && file.file !== 'robots.txt')
    .map((file) => ({
      code: 'static/replaces-page',
      message: say(`这个文件会替换掉 xinwen 在 /${file.file} 生成的页面`, `this file replaces the page xinwen makes at /${file.file}`),
      file: file.shown,
      hint: say('除非你就是想替换那个页面，否则请给这个文件改名或换个位置。', 'Rename or move the file, unless you mean to replace that page.'),
    }));
}
