import { XinwenError, XinwenErrors } from '../core/errors.ts';
import type { ArticleText } from '../convert/convert-article.ts';
import type { Article } from '../parse/article.ts';
import { type Pagination, paginate } from './paginate.ts';
import { articlePath, newsListPath } from './urls.ts';

/** What the model needs of an article: its fields and their text in each variant; the body stays where it was parsed. */
export type ArticleMeta = Omit<Article, 'bodyHtml'> & { texts: ArticleText[] };

/** An article placed in the site: its URL and its neighbours in list order. */
export interface ArticleEntry extends ArticleMeta {
  /** Site path, e.g. `/news/sui-zhou/`. */
  path: string;
}

export type PageSpec =
  | { kind: 'home'; path: '/'; latest: ArticleEntry[] }
  | { kind: 'news-list'; path: string; page: Pagination<ArticleEntry> }
  | { kind: 'article'; path: string; article: ArticleEntry; newer?: ArticleEntry; older?: ArticleEntry }
  | { kind: 'not-found'; path: '/404.html' };

export interface SiteModel {
  /** Published articles, newest first, ties by slug. */
  articles: ArticleEntry[];
  /** 热门文章: most viewed first. */
  hot: ArticleEntry[];
  pages: PageSpec[];
}

export interface ModelOptions {
  pageSize: number;
  hotCount: number;
  /** Keep articles marked `draft: true`. */
  drafts: boolean;
}

/** Newest first; equal times by slug, so the order never depends on file-system order. */
export function compareNewestFirst(a: ArticleMeta, b: ArticleMeta): number {
  return b.time - a.time || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

/** Arrange parsed articles into the site's pages. Pure: no disk, no templates. */
export function buildSiteModel(parsed: readonly ArticleMeta[], options: ModelOptions): SiteModel {
  const published = parsed.filter((article) => options.drafts || !article.draft).sort(compareNewestFirst);
  const articles = published.map((article) => ({ ...article, path: articlePath(article.slug) }));
  assertUniquePaths(articles);

  const hot = [...articles]
    .sort((a, b) => b.views - a.views || compareNewestFirst(a, b))
    .slice(0, options.hotCount);

  const pages: PageSpec[] = [{ kind: 'home', path: '/', latest: articles.slice(0, options.pageSize) }];
  for (const page of paginate(articles, options.pageSize)) {
    pages.push({ kind: 'news-list', path: newsListPath(page.number), page });
  }
  articles.forEach((article, index) => {
    pages.push({ kind: 'article', path: article.path, article, newer: articles[index - 1], older: articles[index + 1] });
  });
  pages.push({ kind: 'not-found', path: '/404.html' });
  return { articles, hot, pages };
}

/**
 * Two articles with one URL would overwrite each other. Compare without case
 * too: on macOS and Windows `A` and `a` are the same folder.
 */
function assertUniquePaths(articles: readonly ArticleEntry[]): void {
  const owners = new Map<string, ArticleEntry>();
  const errors: XinwenError[] = [];
  for (const article of articles) {
    const key = article.path.toLowerCase();
    const other = owners.get(key);
    if (!other) {
      owners.set(key, article);
      continue;
    }
    const [first, second] = [other.file, article.file].sort();
    errors.push(
      new XinwenError('model/duplicate-url', `${first} and ${second} would both be published at ${other.path}`, {
        file: second,
        hint: 'Give one of them another file name or a `slug:` of its own in the front matter.',
      }),
    );
  }
  if (errors.length > 0) throw new XinwenErrors(errors);
}
