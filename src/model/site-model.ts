import { createHash } from 'node:crypto';
import { XinwenError, XinwenErrors } from '../core/errors.ts';
import type { ArticleText } from '../convert/convert-article.ts';
import type { Article } from '../parse/article.ts';
import { linkPathsOf } from './links.ts';
import { type Pagination, paginate } from './paginate.ts';
import { rankRelated, type RelatedMemo } from './related.ts';
import { groupTerms, type Term } from './taxonomy.ts';
import { DEFAULT_PERMALINK, permalinkPath } from './permalink.ts';
import { ARCHIVE_PATH, archiveMonthPath, columnPath, newsListPath, SEARCH_PATH, TAG_INDEX_PATH, tagPath } from './urls.ts';
import { say } from '../core/language.ts';

/** What the model needs of an article: its fields and their text in each variant; the body stays where it was parsed. */
export type ArticleMeta = Omit<Article, 'bodyHtml'> & {
  texts: ArticleText[];
  /** Hash of the article's file and everything that shapes its parse: changes when its body does. */
  contentKey?: string;
  /** Hash of what lists show of it (all but the body): changes when anything but its body does. */
  listKey?: string;
  /** A small number standing for `listKey`, given by the dev server. */
  listId?: number;
};

/**
 * An article placed in the site: its fields plus what follows from the
 * article alone. Frozen, so a model can share it with the next one (the dev
 * server's) and neither can change it. What depends on other articles (tag
 * and column pages, 相关新闻, 上一篇 / 下一篇) lives on the article's page.
 */
export interface ArticleEntry extends ArticleMeta {
  /** Site path, e.g. `/news/sui-zhou/`. */
  readonly path: string;
  /** Reading time at about 400 characters a minute, at least 1. */
  readonly readingMinutes: number;
}

export type ArticleTerm = Term<ArticleEntry>;

export interface ArchiveMonth {
  year: number;
  month: number;
  path: string;
  count: number;
}

export type PageSpec =
  | HomePage
  | { kind: 'news-list'; path: string; page: Pagination<ArticleEntry> }
  | ArticlePage
  | { kind: 'tag-index'; path: string; tags: ArticleTerm[] }
  | { kind: 'tag'; path: string; term: ArticleTerm; page: Pagination<ArticleEntry>; pathOf: (page: number) => string }
  | { kind: 'column'; path: string; term: ArticleTerm; page: Pagination<ArticleEntry>; pathOf: (page: number) => string }
  | { kind: 'archive-index'; path: string; months: ArchiveMonth[] }
  | { kind: 'archive-month'; path: string; month: ArchiveMonth; page: Pagination<ArticleEntry>; pathOf: (page: number) => string }
  | { kind: 'search'; path: string }
  | RedirectPage
  | { kind: 'not-found'; path: '/404.html' };

/** An old address of an article (its front matter's `aliases`): a page that sends the reader on to the article. */
export interface RedirectPage {
  kind: 'redirect';
  path: string;
  article: ArticleEntry;
}

/** The home page: 焦点图 slides (推荐 articles), a block per column, the latest articles. */
export interface HomePage {
  kind: 'home';
  path: '/';
  latest: ArticleEntry[];
  /** The newest `featured` articles, with a cover first. */
  slides: ArticleEntry[];
  /** Each column (in the navigation's order) with its first articles, as its list shows them. */
  columns: { term: ArticleTerm; items: ArticleEntry[] }[];
}

/** An article's page: the article and its place among the others. */
export interface ArticlePage {
  kind: 'article';
  path: string;
  article: ArticleEntry;
  /** 上一篇 (newer) and 下一篇 (older). */
  newer?: ArticleEntry;
  older?: ArticleEntry;
  /** Site path of each tag's page, in the order of the article's `tags`. */
  tagPaths: string[];
  /** Site path of its column's page. */
  columnPath?: string;
  /** 相关新闻, best first. */
  related: ArticleEntry[];
  /** Where the body's links to other articles' source files lead (see links.ts), indexed like `article.links`. */
  linkPaths: (string | undefined)[];
}

export interface SiteModel {
  /** Published articles, newest first, ties by slug: the order of 上一篇 / 下一篇 and of feeds. */
  articles: ArticleEntry[];
  /** 热门文章: most viewed first. */
  hot: ArticleEntry[];
  /** 栏目, for the navigation: most articles first. */
  columns: ArticleTerm[];
  pages: PageSpec[];
}

export interface ModelOptions {
  pageSize: number;
  hotCount: number;
  /** 焦点图 slides, and articles in each column's block, on the home page. */
  homeSlides: number;
  homeColumnItems: number;
  relatedCount: number;
  /** Make the search page. */
  search: boolean;
  /** Keep articles marked `draft: true`. */
  drafts: boolean;
  /** Where articles are published (the `permalink` setting); default `/news/:slug/`. */
  permalink?: string;
  /** The script trees' paths (`/`, `/zh-hant/`): an old address inside another tree would be written over by it. */
  variantPaths?: readonly string[];
}

/**
 * What a caller that builds model after model (the dev server) keeps between
 * them, and lends to each build: entries of unchanged articles, shared
 * because they are frozen, and the last 相关新闻 ranking.
 */
export interface ModelMemo {
  entries: WeakMap<ArticleMeta, ArticleEntry>;
  related: RelatedMemo;
}

/** Characters read per minute, for reading time. */
const READING_SPEED = 400;

/** What lists show of an article, as one key: its `listKey`, or for an article from elsewhere its content and slug. */
export function listKeyOf(article: ArticleMeta): string {
  return article.listKey ?? `${article.contentKey ?? article.file}@${article.slug}`;
}

/** Hash of what lists show of an article: all but its body (and the body's length and photos), in every script. */
export function listKeyFor(meta: Omit<Article, 'bodyHtml'>, texts: readonly ArticleText[]): string {
  // The body's photos are the body's: a list shows only the cover (coverImage).
  const { textLength: _length, images: _images, ...shown } = meta;
  return createHash('sha1').update(JSON.stringify([shown, texts])).digest('base64');
}

/** Reading time for a body of `textLength` characters: at least a minute. */
export function readingMinutes(textLength: number): number {
  return Math.max(1, Math.round(textLength / READING_SPEED));
}

function bySlug(a: { slug: string }, b: { slug: string }): number {
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** Newest first; equal times by slug, so the order never depends on file-system order. */
export function compareNewestFirst(a: ArticleMeta, b: ArticleMeta): number {
  return b.time - a.time || bySlug(a, b);
}

/**
 * Arrange parsed articles into the site's pages. Pure: no disk, no
 * templates, and nothing it is given is changed, so a model that fails
 * (two articles at one URL) leaves every earlier model as it was.
 */
export function buildSiteModel(parsed: readonly ArticleMeta[], options: ModelOptions, memo?: ModelMemo): SiteModel {
  const articles: ArticleEntry[] = parsed
    .filter((article) => options.drafts || !article.draft)
    .sort(compareNewestFirst)
    .map((article) => entryOf(article, memo?.entries, options.permalink));
  assertUniquePaths(articles);
  const listed = listOrder(articles);

  const tags = groupTerms(listed, (article) => article.tags);
  const columns = groupTerms(listed, (article) => (article.category === undefined ? [] : [article.category]));
  const tagSlug = new Map(tags.map((term) => [term.name, term.slug]));
  const columnSlug = new Map(columns.map((term) => [term.name, term.slug]));
  const related = rankRelated(articles, options.relatedCount, memo?.related);
  const pathOfFile = new Map(articles.map((article) => [article.file, article.path]));

  const hot = mostViewed(articles, options.hotCount);
  const columnsByCount = [...columns].sort((a, b) => b.items.length - a.items.length || bySlug(a, b));
  const pages: PageSpec[] = [
    {
      kind: 'home',
      path: '/',
      latest: listed.slice(0, options.pageSize),
      slides: slidesOf(articles, options.homeSlides),
      columns: options.homeColumnItems === 0 ? [] : columnsByCount.map((term) => ({ term, items: term.items.slice(0, options.homeColumnItems) })),
    },
  ];
  for (const page of paginate(listed, options.pageSize)) pages.push({ kind: 'news-list', path: newsListPath(page.number), page });
  articles.forEach((article, index) => {
    pages.push({
      kind: 'article',
      path: article.path,
      article,
      newer: articles[index - 1],
      older: articles[index + 1],
      tagPaths: article.tags.map((tag) => tagPath(tagSlug.get(tag)!)),
      columnPath: article.category === undefined ? undefined : columnPath(columnSlug.get(article.category)!),
      related: related[index]!.map((other) => articles[other]!),
      linkPaths: linkPathsOf(article, pathOfFile),
    });
  });
  pages.push({ kind: 'tag-index', path: TAG_INDEX_PATH, tags: [...tags].sort((a, b) => b.items.length - a.items.length || bySlug(a, b)) });
  for (const term of tags) {
    const pathOf = (n: number) => tagPath(term.slug, n);
    for (const page of paginate(term.items, options.pageSize)) pages.push({ kind: 'tag', path: pathOf(page.number), term, page, pathOf });
  }
  for (const term of columns) {
    const pathOf = (n: number) => columnPath(term.slug, n);
    for (const page of paginate(term.items, options.pageSize)) pages.push({ kind: 'column', path: pathOf(page.number), term, page, pathOf });
  }
  const months = archiveMonths(articles);
  pages.push({ kind: 'archive-index', path: ARCHIVE_PATH, months: months.map((entry) => entry.month) });
  for (const { month, items } of months) {
    const pathOf = (n: number) => archiveMonthPath(month.year, month.month, n);
    for (const page of paginate(items, options.pageSize)) pages.push({ kind: 'archive-month', path: pathOf(page.number), month, page, pathOf });
  }
  if (options.search) pages.push({ kind: 'search', path: SEARCH_PATH });
  pages.push({ kind: 'not-found', path: '/404.html' });
  assertArticlesApart(pages, options.variantPaths ?? ['/']);
  pages.push(...redirectPages(articles, pages, options.variantPaths ?? ['/']));
  return {
    articles,
    hot,
    columns: columnsByCount,
    pages,
  };
}

/** An article's entry, made once per article object and shared by every model that has it. */
export function entryOf(article: ArticleMeta, entries?: WeakMap<ArticleMeta, ArticleEntry>, permalink = DEFAULT_PERMALINK): ArticleEntry {
  let entry = entries?.get(article);
  if (!entry) {
    // Object.assign, not a spread: spreading an article that was deserialized gives every entry a hidden
    // class of its own, and each later read of an entry's fields goes megamorphic (10,000 articles: the
    // model took 1.6 times as long, page signatures twice as long).
    entry = Object.freeze(Object.assign({}, article, { path: permalinkPath(permalink, article), readingMinutes: readingMinutes(article.textLength) }));
    entries?.set(article, entry);
  }
  return entry;
}

/** The order of every list: 置顶 first, then 推荐, each group newest first (`articles` come newest first: no sort). */
function listOrder(articles: readonly ArticleEntry[]): ArticleEntry[] {
  // Four groups: pinned and featured, pinned, featured, the rest.
  const groups: ArticleEntry[][] = [[], [], [], []];
  for (const article of articles) groups[(article.pinned ? 0 : 2) + (article.featured ? 0 : 1)]!.push(article);
  return groups.flat();
}

/** 焦点图: the newest `count` 推荐 articles (`articles` come newest first), those with a cover before those without. */
function slidesOf(articles: readonly ArticleEntry[], count: number): ArticleEntry[] {
  const featured = articles.filter((article) => article.featured);
  return [...featured.filter((article) => article.cover !== undefined), ...featured.filter((article) => article.cover === undefined)].slice(0, count);
}

/** 热门文章: the `count` most viewed of `articles` (newest first), ties to the newer; no sort of every article. */
function mostViewed(articles: readonly ArticleEntry[], count: number): ArticleEntry[] {
  const best: ArticleEntry[] = [];
  for (const article of articles) {
    // Articles come newest first, so an equal count never displaces one already kept.
    if (best.length === count && (count === 0 || article.views <= best[count - 1]!.views)) continue;
    let at = best.length;
    while (at > 0 && article.views > best[at - 1]!.views) at--;
    best.splice(at, 0, article);
    if (best.length > count) best.pop();
  }
  return best;
}

/** Months that have articles, newest first, each with its articles newest first. */
function archiveMonths(articles: readonly ArticleEntry[]): { month: ArchiveMonth; items: ArticleEntry[] }[] {
  const months = new Map<string, { month: ArchiveMonth; items: ArticleEntry[] }>();
  for (const article of articles) {
    const { year, month } = article.yearMonth;
    const key = `${year}-${month}`;
    let entry = months.get(key);
    if (!entry) months.set(key, (entry = { month: { year, month, path: archiveMonthPath(year, month), count: 0 }, items: [] }));
    entry.items.push(article);
    entry.month.count++;
  }
  return [...months.values()];
}

/**
 * An article published where the site makes a page of its own (a permalink like `/:slug/` and a slug `news`),
 * or inside another script tree (a slug `zh-hant`), would overwrite that page or be overwritten.
 */
function assertArticlesApart(pages: readonly PageSpec[], variantPaths: readonly string[]): void {
  const own = new Set(pages.filter((page) => page.kind !== 'article').map((page) => page.path.toLowerCase()));
  const trees = variantPaths.filter((tree) => tree !== '/');
  const errors = pages
    .filter((page): page is ArticlePage => page.kind === 'article' && (own.has(page.path.toLowerCase()) || trees.some((tree) => page.path.toLowerCase().startsWith(tree))))
    .map(
      (page) =>
        new XinwenError('model/duplicate-url', say(`这篇文章会发布在 ${page.path}，那里是网站自己的页面`, `this article would be published at ${page.path}, where the site makes a page of its own`), {
          file: page.article.file,
          hint: say('在文章开头的设置里给它另写一个 `slug:`，或者改一改站点设置里的 `permalink`。', 'Give it another `slug:` in its front matter, or change the `permalink` setting.'),
        }),
    );
  if (errors.length > 0) throw new XinwenErrors(errors);
}

/**
 * A page for every old address of the published articles. An old address
 * must not be any page of the site, another article's old address, or lie in
 * another script tree (its page there would be written over).
 */
function redirectPages(articles: readonly ArticleEntry[], pages: readonly PageSpec[], variantPaths: readonly string[]): RedirectPage[] {
  const taken = new Map<string, string | undefined>(pages.map((page) => [page.path.toLowerCase(), page.kind === 'article' ? page.article.file : undefined]));
  const trees = variantPaths.filter((tree) => tree !== '/');
  const redirects: RedirectPage[] = [];
  const errors: XinwenError[] = [];
  for (const article of articles) {
    for (const alias of article.aliases ?? []) {
      const key = alias.path.toLowerCase();
      const fail = (zh: string, en: string, hint: string) =>
        errors.push(new XinwenError('front-matter/alias-taken', say(`旧地址 ${alias.path} ${zh}`, `the old address ${alias.path} ${en}`), { file: article.file, line: alias.line, hint }));
      const change = say('删掉这个旧地址，或者改正它。', 'Remove this old address, or correct it.');
      // The old address is the new one (a post's `permalink` the setting now gives it): nothing to send on.
      if (key === article.path.toLowerCase()) continue;
      if (taken.has(key)) {
        const owner = taken.get(key);
        if (owner === undefined) fail('是网站自己的一个页面，重定向页会把它覆盖掉', 'is a page of the site, which a redirect would overwrite', change);
        else fail(`已经被 ${owner} 用了`, `is taken by ${owner}`, change);
        continue;
      }
      const tree = trees.find((prefix) => key.startsWith(prefix));
      if (tree) {
        fail(`在 ${tree} 版本的目录里，会被那个版本的页面覆盖`, `lies in the ${tree} tree, whose pages would overwrite it`, say('旧地址写成默认版本里的路径；每个版本会各自得到一个重定向页。', 'Write the old address as a path of the default tree; every tree gets its own redirect.'));
        continue;
      }
      taken.set(key, article.file);
      redirects.push({ kind: 'redirect', path: alias.path, article });
    }
  }
  if (errors.length > 0) throw new XinwenErrors(errors);
  return redirects;
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
      new XinwenError('model/duplicate-url', say(`${first} 和 ${second} 会发布到同一个地址 ${other.path}`, `${first} and ${second} would both be published at ${other.path}`), {
        file: second,
        hint: say('给其中一篇改个文件名，或者在它的文章开头设置里写一个自己的 `slug:`。', 'Give one of them another file name or a `slug:` of its own in the front matter.'),
      }),
    );
  }
  if (errors.length > 0) throw new XinwenErrors(errors);
}
