import path from 'node:path';
import { XinwenError } from '../core/errors.ts';
import { say } from '../core/language.ts';
import type { Attachment } from '../load/attachments.ts';
import type { StaticFile } from '../write/static-files.ts';
import { PROCESSED_IMAGE } from '../images/image-record.ts';
import { linkedPaths } from '../model/links.ts';
import type { ArticleEntry } from '../model/site-model.ts';

/** The attachments of the published articles as static files of every script tree, and their addresses in the site. */
export interface PlacedAttachments {
  /** One per attachment and script tree (`news/expo/notice.pdf`, `zh-hant/news/expo/notice.pdf`). */
  files: StaticFile[];
  /** Their site paths without a tree's prefix (`/news/expo/notice.pdf`): what links are checked against. */
  sitePaths: string[];
}

/**
 * Where attachments are published: beside their article's page, wherever the
 * permalink puts it (the model says), in every script tree, so a relative
 * link in the body finds the file in the reader's tree. Only the published
 * articles' files are published (a draft's are not). A photo
 * is published in renditions, without its metadata (a camera's serial, where
 * it was taken); the original goes beside the page too only when an article
 * links to it, as to a 原图.
 */
export function placeAttachments(attachments: readonly Attachment[], published: readonly Pick<ArticleEntry, 'file' | 'path' | 'links'>[], variantPaths: readonly string[]): PlacedAttachments {
  // No attachments, nothing to place: the articles' fields are not read (kept ones are read from the last build's store as needed).
  if (attachments.length === 0) return { files: [], sitePaths: [] };
  const pathOf = new Map(published.map((article) => [article.file, article.path]));
  const linked = linkedPaths(published, variantPaths);
  const files: StaticFile[] = [];
  const sitePaths: string[] = [];
  for (const attachment of attachments) {
    const page = pathOf.get(attachment.article);
    if (page === undefined) continue;
    // /news/expo/ is a folder; /2024/expo.html lies in /2024/, as a relative link from it reads.
    const folder = page.endsWith('/') ? page : `${path.posix.dirname(page)}/`.replace(/\/+$/, '/');
    const sitePath = folder + attachment.name;
    if (PROCESSED_IMAGE.test(attachment.name) && !linked.has(sitePath)) continue;
    sitePaths.push(sitePath);
    for (const variant of variantPaths) {
      files.push({ source: attachment.full, file: variant.slice(1) + sitePath.slice(1), shown: attachment.file, stamp: attachment.stamp });
    }
  }
  return { files, sitePaths };
}

/**
 * Attachments that would land where something else is published: on a page
 * the build generates (an index.html in the article's folder), on a file of
 * public/, or on another article's attachment. An error each: a page or file
 * silently replaced is worse than a build that stops.
 */
export function attachmentClashes(placed: readonly StaticFile[], generated: ReadonlySet<string>, statics: readonly StaticFile[]): XinwenError[] {
  const errors: XinwenError[] = [];
  const reported = new Set<string>();
  const owner = new Map(statics.map((file) => [file.file, file.shown]));
  for (const file of placed) {
    const other = owner.get(file.file);
    owner.set(file.file, file.shown);
    if (reported.has(file.shown)) continue;
    if (generated.has(file.file)) {
      reported.add(file.shown);
      errors.push(
        new XinwenError('attachment/over-page', say(
          `这个文件会发布在 /${file.file}，而 xinwen 在那里生成页面；它会覆盖掉那个页面`,
          `this file would be published at /${file.file}, where xinwen writes a page, and would replace it`,
        ), {
          file: file.shown,
          hint: say(
            '文章文件夹里的文件都发布在文章页旁边：给它改个名字（比如 原文.html），或者把它移出文章的文件夹。',
            "Every file of an article's folder is published beside the article's page: rename it (say, original.html), or move it out of the article's folder.",
          ),
        }),
      );
    } else if (other !== undefined && other !== file.shown) {
      reported.add(file.shown);
      errors.push(
        new XinwenError('attachment/clash', say(`这个文件和 ${other} 都会发布在 /${file.file}`, `this file and ${other} would both be published at /${file.file}`), {
          file: file.shown,
          hint: say('给其中一个改名，或者把它移到别处。', 'Rename one of them, or move it elsewhere.'),
        }),
      );
    }
  }
  return errors;
}
