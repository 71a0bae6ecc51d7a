import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Warning, XinwenError } from '../core/errors.ts';
import { isInside } from '../core/paths.ts';
import type { SiteFolders } from '../core/site-folders.ts';
import { say } from '../core/language.ts';
import { comparePaths, toSitePath } from './content-files.ts';

/** A file in an article's folder, published beside the article's page (a PDF notice, a form, an original photo). */
export interface Attachment {
  /** The article it belongs to: `content/news/2024-05-01-expo/index.md`. */
  article: string;
  /** Its path inside the article's folder, with `/` separators: `notice.pdf`, `files/表.xlsx`. */
  name: string;
  /** Path from the site root, as shown to users. */
  file: string;
  /** Real path, to copy. */
  full: string;
  /** Source, size and modification time: an unchanged stamp means an unchanged file (as for public/). */
  stamp: string;
  bytes: number;
}

/** Above this an attachment is a warning: a reader on a phone will not wait for it. */
export const LARGE_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The article file that makes its folder an article folder (a Hugo page bundle's). */
const FOLDER_ARTICLE = 'index.md';

/**
 * Every file of every article folder that is no Markdown: the folder of an
 * `index.md` article that holds no other article beside it (a folder with
 * several articles is a section, not one article's folder), subfolders
 * included up to another article folder. content/ itself is no article
 * folder (site.yaml lives there). Hidden files and editors' backups are no
 * attachments; a symbolic link is followed only while it stays in the site.
 */
export function listAttachments(site: SiteFolders, articleFiles: readonly string[]): { attachments: Attachment[]; warnings: Warning[]; errors: XinwenError[] } {
  const content = toSitePath(site.root, site.contentDir);
  const articlesIn = new Map<string, string[]>();
  for (const file of articleFiles) {
    const dir = path.posix.dirname(file);
    articlesIn.set(dir, [...(articlesIn.get(dir) ?? []), file]);
  }
  const bundles = new Set([...articlesIn].filter(([dir, files]) => files.some((file) => path.posix.basename(file) === FOLDER_ARTICLE) && dir !== content).map(([dir]) => dir));
  const attachments: Attachment[] = [];
  const warnings: Warning[] = [];
  const errors: XinwenError[] = [];
  const realRoot = realpathSync(site.root);
  for (const dir of bundles) {
    // A section with an index.md: its other articles' files are not this one's.
    if (articlesIn.get(dir)!.length > 1) continue;
    const article = `${dir}/${FOLDER_ARTICLE}`;
    // Folders reached through a link, by real path: a link back up is not a loop.
    const seen = new Set<string>();
    const walk = (folder: string, relative: string) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        return; // unreadable: the article listing says so
      }
      for (const entry of entries.sort((a, b) => comparePaths(a.name, b.name))) {
        if (skipped(entry.name) || (!entry.isDirectory() && /\.(md|markdown)$/i.test(entry.name))) continue;
        const full = path.join(folder, entry.name);
        const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
        const shown = `${dir}/${name}`;
        let stat;
        let real = full;
        try {
          // The entry's own type says most (ten thousand folders need no realpath each); a link is looked through.
          stat = entry.isDirectory() ? undefined : statSync(full);
          if (entry.isSymbolicLink()) {
            real = realpathSync(full);
            stat = statSync(real);
          }
        } catch {
          continue; // a dangling link publishes nothing
        }
        if (entry.isSymbolicLink() && !isInside(real, realRoot)) {
          errors.push(
            new XinwenError('attachment/link-outside', say(
              `这个符号链接指向站点文件夹以外的 ${real}；xinwen 不发布站点文件夹以外的任何东西`,
              `this symbolic link leads out of the site folder, to ${real}; xinwen publishes nothing from outside it`,
            ), { file: shown, hint: say('把文件复制到文章的文件夹里，不要用链接；或者删掉这个链接。', "Copy the file into the article's folder instead of linking to it, or delete the link.") }),
          );
          continue;
        }
        if (stat === undefined || stat.isDirectory()) {
          if (entry.isSymbolicLink()) {
            if (seen.size === 0) seen.add(realpathSync(path.join(site.root, dir)));
            if (seen.has(real)) continue;
            seen.add(real);
          }
          if (!bundles.has(`${dir}/${name}`)) walk(full, name);
          continue;
        }
        if (!stat.isFile()) continue;
        attachments.push({ article, name, file: shown, full: real, stamp: `${real}\0${stat.size}\0${stat.mtimeMs}`, bytes: stat.size });
        if (stat.size > LARGE_ATTACHMENT_BYTES) {
          const size = (stat.size / 1024 / 1024).toFixed(1);
          warnings.push({
            code: 'attachment/large',
            message: say(`这个附件有 ${size} MB，作为网页上的下载太大了`, `this attachment is ${size} MB, too large for a web page download`),
            file: shown,
            hint: say(
              `附件最好不超过 ${LARGE_ATTACHMENT_BYTES / 1024 / 1024} MB：压缩它（PDF 可以降低图片分辨率，视频可以降低码率），或者放到别处（网盘、视频网站）再从文章链接过去。`,
              `Keep attachments under ${LARGE_ATTACHMENT_BYTES / 1024 / 1024} MB: make it smaller (a PDF's pictures, a video's bitrate), or put it elsewhere (file or video hosting) and link to it from the article.`,
            ),
          });
        }
      }
    };
    walk(path.join(site.root, dir), '');
  }
  return { attachments: attachments.sort((a, b) => comparePaths(a.file, b.file)), warnings, errors };
}

/** Hidden files (.DS_Store), editors' backups and swap files (a~, .a.swp, #a#), and the litter of file managers: never published. */
function skipped(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || /\.sw[a-p]$/i.test(name) || /^#.*#$/.test(name) || /^(thumbs\.db|desktop\.ini)$/i.test(name);
}
