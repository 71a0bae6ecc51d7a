import path from 'node:path';
import type { Warning } from '../core/errors.ts';
import type { ArticleLink } from '../parse/links.ts';
import type { ArticleEntry, ArticleMeta } from './site-model.ts';

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
  if (link.source) {
    const { file } = link.source;
    if (publishedFiles.has(file)) return undefined;
    if (parsedFiles.has(file)) {
      return { message: `${what} \`${link.written}\` leads to ${file}, a draft, which is not published`, hint: 'Publish that article (remove `draft: true`), or remove the link.' };
    }
    return {
      message: `${what} \`${link.written}\` leads to ${file}, which is not an article of the site`,
      hint: 'Check the file name: a link to an article names its .md file, relative to this article (./2024-03-12-api-upgrade.md) or from content/ (/news/2024-03-12-api-upgrade.md).',
    };
  }
  const target = withoutVariant(path.posix.normalize(link.sitePath!.startsWith('/') ? link.sitePath! : path.posix.join(article.path, link.sitePath!)), variantPaths);
  if (target === '' || isPublished(target)) return undefined;
  return link.image
    ? {
        message: `${what} \`${link.written}\` is not published: no file of public/ has the address ${target}`,
        hint: `Put the picture in public/ (public${target} is published at ${target}), or fix the address.`,
      }
    : {
        message: `${what} \`${link.written}\` leads to ${target}, which is no page or file of the site`,
        hint: 'Check the address against the site (every page is in sitemap.xml); a file must be in public/, and a link to an article may name its .md file.',
      };
}

/** A site path with a variant's prefix taken off (`/zh-hant/news/` → `/news/`). */
function withoutVariant(sitePath: string, variantPaths: readonly string[]): string {
  const prefix = variantPaths.find((variant) => variant !== '/' && sitePath.startsWith(variant));
  return prefix ? `/${sitePath.slice(prefix.length)}` : sitePath;
}
