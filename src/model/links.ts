import path from 'node:path';
import type { Warning } from '../core/errors.ts';
import type { ArticleLink } from '../parse/links.ts';
import type { ArticleEntry, ArticleMeta } from './site-model.ts';
import { say } from '../core/language.ts';

/**
 * Where each link of an article to another article's source file leads: the
 * site path of that article (and the `#part` written after the file name),
 * or undefined when no published article has that file. Indexed like the
 * article's `links`; undefined for its other links.
 */
export function linkPathsOf(article: ArticleEntry, pathOfFile: ReadonlyMap<string, string>): (string | undefined)[] {
  if (!article.links.some((link) => link.source)) return [];
  return article.links.map((link) => {
    const target = link.source && pathOfFile.get(link.source.file);
    return target === undefined ? undefined : target + encodeURI(link.source!.rest);
  });
}

/** Whether an address in the site (`/news/x/`, `/images/a.png`; base path and variant prefix removed) is published. */
export type Published = (sitePath: string) => boolean;

/**
 * Every link and image of the published articles that leads nowhere: to an
 * article file that does not exist or is a draft, to a page the site does
 * not have, to a file that is not in public/. One warning each, with the
 * article's file and the line of the link.
 */
export function brokenLinks(published: readonly ArticleEntry[], parsed: readonly ArticleMeta[], isPublished: Published, variantPaths: readonly string[]): Warning[] {
  const publishedFiles = new Set(published.map((article) => article.file));
  const parsedFiles = new Set(parsed.map((article) => article.file));
  const warnings: Warning[] = [];
  for (const article of published) {
    for (const link of article.links) {
      const problem = problemOf(link, article, publishedFiles, parsedFiles, isPublished, variantPaths);
      if (problem) warnings.push({ code: 'link/broken', file: article.file, line: link.line, ...problem });
    }
  }
  return warnings;
}

function problemOf(
  link: ArticleLink,
  article: ArticleEntry,
  publishedFiles: ReadonlySet<string>,
  parsedFiles: ReadonlySet<string>,
  isPublished: Published,
  variantPaths: readonly string[],
): { message: string; hint: string } | undefined {
  const what = link.image ? 'the image' : 'the link';
  const whatZh = link.image ? '图片' : '链接';
  if (link.source) {
    const { file } = link.source;
    if (publishedFiles.has(file)) return undefined;
    if (parsedFiles.has(file)) {
      return {
        message: say(`${whatZh} \`${link.written}\` 指向的 ${file} 是草稿，不会发布`, `${what} \`${link.written}\` leads to ${file}, a draft, which is not published`),
        hint: say('发布那篇文章（删掉 `draft: true`），或者删掉这个链接。', 'Publish that article (remove `draft: true`), or remove the link.'),
      };
    }
    return {
      message: say(`${whatZh} \`${link.written}\` 指向的 ${file} 不是本站的文章`, `${what} \`${link.written}\` leads to ${file}, which is not an article of the site`),
      hint: say(
        '检查文件名：链接到文章时写它的 .md 文件，可以相对于这篇文章（./2024-03-12-api-upgrade.md），也可以从 content/ 写起（/news/2024-03-12-api-upgrade.md）。',
        'Check the file name: a link to an article names its .md file, relative to this article (./2024-03-12-api-upgrade.md) or from content/ (/news/2024-03-12-api-upgrade.md).',
      ),
    };
  }
  const relative = !link.sitePath!.startsWith('/');
  const target = linkTarget(link, article, variantPaths)!;
  if (target === '' || isPublished(target)) return undefined;
  if (relative && path.posix.basename(article.file) === 'index.md') {
    // An article folder's files are published beside its page: the file is missing from the folder.
    const beside = path.posix.normalize(path.posix.join(path.posix.dirname(article.file), link.sitePath!));
    return {
      message: say(`${whatZh} \`${link.written}\` 指向的 ${target} 不是本站的页面或文件：文章的文件夹里没有 ${beside}`, `${what} \`${link.written}\` leads to ${target}, which is no page or file of the site: the article's folder has no ${beside}`),
      hint: say(
        `把文件放进文章的文件夹（${beside}），它就会发布在文章页旁边；或者改正地址。`,
        `Put the file in the article's folder (${beside}) to publish it beside the article's page, or fix the address.`,
      ),
    };
  }
  return link.image
    ? {
        message: say(`${whatZh} \`${link.written}\` 没有发布：public/ 里没有地址是 ${target} 的文件`, `${what} \`${link.written}\` is not published: no file of public/ has the address ${target}`),
        hint: say(`把图片放进 public/（public${target} 会发布在 ${target}），或者改正地址。`, `Put the picture in public/ (public${target} is published at ${target}), or fix the address.`),
      }
    : {
        message: say(`${whatZh} \`${link.written}\` 指向的 ${target} 不是本站的页面或文件`, `${what} \`${link.written}\` leads to ${target}, which is no page or file of the site`),
        hint: say(
          '对照网站检查地址（所有页面都列在 sitemap.xml 里）；文件要放在 public/ 里，链接到文章时也可以写它的 .md 文件。',
          'Check the address against the site (every page is in sitemap.xml); a file must be in public/, and a link to an article may name its .md file.',
        ),
      };
}

/**
 * Where a link that is no article file's leads in the site (base path and a
 * tree's prefix taken off): relative links from the page's folder, which is
 * /news/x/ for /news/x/ and /2024/ for /2024/x.html. Undefined for a link to
 * an article's file.
 */
export function linkTarget(link: ArticleLink, article: Pick<ArticleEntry, 'path'>, variantPaths: readonly string[]): string | undefined {
  if (link.sitePath === undefined) return undefined;
  const folder = article.path.endsWith('/') ? article.path : path.posix.dirname(article.path);
  return withoutVariant(path.posix.normalize(link.sitePath.startsWith('/') ? link.sitePath : path.posix.join(folder, link.sitePath)), variantPaths);
}

/** Every address in the site the published articles link to (see `linkTarget`). */
export function linkedPaths(published: readonly Pick<ArticleEntry, 'path' | 'links'>[], variantPaths: readonly string[]): Set<string> {
  const paths = new Set<string>();
  for (const article of published) {
    for (const link of article.links) {
      const target = linkTarget(link, article, variantPaths);
      if (target !== undefined) paths.add(target);
    }
  }
  return paths;
}

/** A site path with a variant's prefix taken off (`/zh-hant/news/` → `/news/`). */
function withoutVariant(sitePath: string, variantPaths: readonly string[]): string {
  const prefix = variantPaths.find((variant) => variant !== '/' && sitePath.startsWith(variant));
  return prefix ? `/${sitePath.slice(prefix.length)}` : sitePath;
}
