import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../core/clock.ts';
import { findArticleFiles } from '../load/content-files.ts';
import { articleName } from '../parse/article.ts';
import { splitFrontMatter } from '../parse/front-matter.ts';
import { slugFromFileName, slugify } from '../parse/slug.ts';

/** An article already in the site, as far as deciding whether a page was imported before needs. */
export interface KnownArticle {
  /** Absolute path. */
  path: string;
  title?: string;
  /** Epoch milliseconds, when the date parses. */
  time?: number;
}

/**
 * The site's articles by slug (the URL segment: front matter `slug`, else
 * the file name without its date), so an import can tell a page it already
 * imported from a new one whose title gives the same slug.
 */
export class ArticleIndex {
  private readonly bySlug = new Map<string, KnownArticle>();

  /** Every `.md` under each folder (the site's content/ and the import's target folder). */
  static load(folders: string[], root: string, clock: Clock): ArticleIndex {
    const index = new ArticleIndex();
    const seen = new Set<string>();
    for (const folder of folders) {
      if (!existsSync(folder)) continue;
      for (const file of findArticleFiles(root, folder).files) {
        const full = path.resolve(root, file);
        if (seen.has(full)) continue;
        seen.add(full);
        const known = read(full, clock);
        if (known) index.add(known.slug, known.article);
      }
    }
    return index;
  }

  get(slug: string): KnownArticle | undefined {
    return this.bySlug.get(slug);
  }

  add(slug: string, article: KnownArticle): void {
    this.bySlug.set(slug, article);
  }
}

function read(full: string, clock: Clock): { slug: string; article: KnownArticle } | undefined {
  let text: string;
  try {
    text = readFileSync(full, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    return undefined; // unreadable: the build reports it
  }
  let data: Record<string, unknown> = {};
  try {
    const parsed = splitFrontMatter(text, full).frontMatter.data;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    // A broken article still takes its file name's slug.
  }
  // An article folder's index.md takes its folder's name, as the build names it.
  const slug = typeof data.slug === 'string' && data.slug.trim() !== '' ? slugify(data.slug) : slugFromFileName(articleName(full.split(path.sep).join('/')));
  const date = typeof data.date === 'string' ? clock.parse(data.date) : undefined;
  return {
    slug,
    article: { path: full, title: typeof data.title === 'string' ? data.title : undefined, time: date?.ok ? date.time : undefined },
  };
}
