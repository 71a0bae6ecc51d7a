import { createHash } from 'node:crypto';
import path from 'node:path';
import { buildTime, createClock } from '../core/clock.ts';
import { language } from '../core/language.ts';
import { FEED_PATHS, outputFileFor } from '../model/urls.ts';
import { generatorId } from '../core/generator-id.ts';
import type { SiteFolders } from '../core/site-folders.ts';
import type { DictionaryEntry } from '../convert/dictionary.ts';
import type { ArticlePage, ModelOptions, PageSpec, SiteModel } from '../model/site-model.ts';
import { fillArticleLinks } from '../parse/links.ts';
import type { Published } from '../model/links.ts';
import type { StaticFile } from '../write/static-files.ts';
import type { ScriptConverter } from '../convert/script-converter.ts';
import type { ArticleMeta } from '../model/site-model.ts';
import type { CompiledTemplate } from '../render/templates.ts';
import { PAGE_TEMPLATES, type PageJob, type SiteText, type SiteView, siteTextOf, ViewBuilder } from '../render/view-model.ts';
import type { Settings } from '../settings/settings.ts';
import { absoluteLinks, renderFeeds } from '../write/feeds.ts';
import { writeOutputFile } from '../write/output.ts';
import { type WrittenIndex, patchTermFiles } from '../search/index-patch.ts';
import { DOCS_PER_FILE, indexFiles, type SearchDoc, type SearchIndexFile, termFiles } from '../search/search-index.ts';
import { renderRobots, renderSitemap } from '../write/sitemap.ts';
import { createShards, type ShardHandle } from './pool.ts';
import type { ParseOutcome, RenderRequest, ShardSetup } from './shard.ts';
import type { ImageRecord } from '../images/image-record.ts';

/**
 * The stages of a build that run across shards, shared by `build` and the
 * dev server's incremental rebuilds.
 */

/** Model options as the settings give them. */
export function modelOptions(settings: Settings, drafts: boolean): ModelOptions {
  return {
    pageSize: settings.pageSize,
    hotCount: settings.hotCount,
    relatedCount: settings.relatedCount,
    homeSlides: settings.homeSlides,
    homeColumnItems: settings.homeColumnItems,
    search: settings.search,
    drafts,
    permalink: settings.permalink,
    variantPaths: settings.variants.map((variant) => variant.path),
  };
}

/** Where shards keep their parsed articles between builds, and whether they start from what is kept there. */
export interface ShardCache {
  dir: string;
  /** False for `--force`: parse everything, then keep it. */
  read: boolean;
}

/** Template folders in lookup order, each with its script: a site's own in the site's script, the built-in ones in simplified. */
export function templateFolders(site: SiteFolders, settings: Settings): ShardSetup['templateDirs'] {
  return site.templateDirs.map((dir) => ({ dir, locale: dir === site.templatesDir ? settings.sourceLocale : 'cn' }));
}

/** Start `count` shards for a site; the first shares this thread's converter. */
export function startShards(
  site: SiteFolders,
  settings: Settings,
  dictionary: DictionaryEntry[],
  count: number,
  converter: ScriptConverter,
  cache?: ShardCache,
  /** The site's photos (process-images.ts). */
  images?: ImageRecord[],
): ShardHandle[] {
  const templateDirs = templateFolders(site, settings);
  const cacheKey = createHash('sha1')
    .update(generatorId())
    .update(JSON.stringify([settings.timezone, settings.defaultAuthor, settings.basePath, settings.rawHtml, settings.sourceLocale, settings.variants, settings.search, settings.permalink, dictionary, language()]))
    .digest('hex');
  return createShards(
    (index, total) => ({
      root: site.root,
      settings,
      templateDirs,
      dictionary,
      cacheKey,
      generator: generatorId(),
      language: language(),
      cacheFile: cache && path.join(cache.dir, `articles-${total}-${index}.bin`),
      readCache: cache?.read ?? false,
      images,
    }),
    count,
    converter,
  );
}

/**
 * Compile the page templates on every shard, so a broken template stops the
 * build before it writes. The shard of this thread compiles them while the
 * worker threads start; they take its code, and need not read, convert or
 * compile a template themselves. Returns that code, when it was made.
 */
export async function compileTemplates(shards: ShardHandle[]): Promise<CompiledTemplate[][] | undefined> {
  const [first, ...others] = shards;
  if (!first?.local || others.length === 0) {
    await Promise.all(shards.map((shard) => shard.call('compile', PAGE_TEMPLATES)));
    return undefined;
  }
  await first.call('compile', PAGE_TEMPLATES);
  const compiled = await first.call<CompiledTemplate[][]>('compiledTemplates', undefined);
  await Promise.all(others.map((shard) => shard.call('useTemplates', compiled)));
  return compiled;
}

/** The settings' texts and the generator's own words in every variant's script; `year` is the build's (buildYear). */
export function convertSiteTexts(converter: ScriptConverter, settings: Settings, year: number): SiteText[] {
  return settings.variants.map((_, v) => siteTextOf(settings, (text, from) => converter.convert('text', text, from, v), year));
}

/** The year of the build in the site's time zone: where the copyright's years end. */
export function buildYear(settings: Settings): number {
  return Number(createClock(settings.timezone).format(buildTime(), 'YYYY'));
}

/** One view builder per variant. */
export function variantViews(settings: Settings, siteTexts: readonly SiteText[]): ViewBuilder[] {
  const clock = createClock(settings.timezone);
  return settings.variants.map((_, v) => new ViewBuilder(settings, clock, v, siteTexts[v]!));
}

/** Articles in each script's feeds. */
export const FEED_SIZE = 20;

/** Feeds per script tree (with full bodies from the shards that hold them), sitemap.xml and robots.txt. */
export async function writeFeedsAndSitemap(
  shards: ShardHandle[],
  owners: Map<string, number>,
  model: SiteModel,
  views: readonly ViewBuilder[],
  settings: Settings,
  tempDir: string,
): Promise<void> {
  await writeFeeds(bodiesOnShards(shards, owners), latestPages(model), views.map((builder) => builder.site(model)), views, settings, tempDir);
  writeSitemap(model, views, settings, tempDir);
  writeRobots(settings, tempDir);
}

/** Bodies of some articles in one variant's script, in their order. */
export type BodySource = (files: string[], variant: number) => Promise<string[]>;

/** Bodies from the shards that hold them. */
export function bodiesOnShards(shards: ShardHandle[], owners: Map<string, number>): BodySource {
  return async (files, variant) => {
    const bodies = new Map<string, string>();
    await Promise.all(
      shards.map(async (shard, i) => {
        const own = files.filter((file) => owners.get(file) === i);
        if (own.length === 0) return;
        const html = await shard.call<string[]>('bodies', { files: own, variant });
        own.forEach((file, k) => bodies.set(file, html[k]!));
      }),
    );
    return files.map((file) => bodies.get(file) ?? '');
  };
}

/** The pages of the feeds' articles, newest first. */
export function latestPages(model: SiteModel): ArticlePage[] {
  const latest = new Set(model.articles.slice(0, FEED_SIZE).map((article) => article.file));
  const pageOf = new Map<string, ArticlePage>();
  for (const spec of model.pages) if (spec.kind === 'article' && latest.has(spec.article.file)) pageOf.set(spec.article.file, spec);
  return [...latest].map((file) => pageOf.get(file)!);
}

/** RSS, Atom and JSON feeds of the newest articles (`latest`, their pages), per script tree, with full bodies. */
export async function writeFeeds(
  source: BodySource,
  latest: readonly ArticlePage[],
  sites: readonly SiteView[],
  views: readonly ViewBuilder[],
  settings: Settings,
  tempDir: string,
): Promise<void> {
  const origin = new URL(settings.baseUrl).origin;
  for (const [v, variant] of settings.variants.entries()) {
    const files = latest.map((page) => page.article.file);
    const html = await source(files, v);
    const site = sites[v]!;
    const root = settings.baseUrl + variant.path.slice(1);
    const feeds = renderFeeds({
      siteName: site.name,
      description: site.description,
      home: root,
      root,
      copyright: site.copyright,
      variant,
      entries: latest.map((page, k) => {
        const { article } = page;
        const text = article.texts[v]!;
        return {
          title: text.title,
          url: root + article.path.slice(1),
          time: article.time,
          updated: article.updated,
          summary: text.summary,
          author: text.author,
          tags: text.tags,
          bodyHtml: absoluteLinks(fillArticleLinks(html[k] ?? '', views[v]!.articleLinks(page, (sitePath) => views[v]!.link(sitePath)) ?? []), origin, root + article.path.slice(1)),
        };
      }),
    });
    for (const feed of feeds) writeOutputFile(tempDir, feed.file, feed.content);
  }
}

/** sitemap.xml (or its parts and their index, for a large site); returns the files written. */
export function writeSitemap(model: SiteModel, views: readonly ViewBuilder[], settings: Settings, tempDir: string): string[] {
  const sitemapPages = model.pages
    .filter((page) => page.kind !== 'not-found' && page.kind !== 'search' && page.kind !== 'redirect')
    .map((page) => {
      if (page.kind !== 'article') return { path: page.path, lastmod: undefined };
      // The day alone: a whole summary per article (its cover, three dates) took this thread 0.2 s on 10,000 articles.
      return { path: page.path, lastmod: views[0]!.day(page.article.updated ?? page.article.time) };
    });
  const sitemaps = renderSitemap(settings.baseUrl, settings.variants, sitemapPages);
  for (const sitemap of sitemaps) writeOutputFile(tempDir, sitemap.file, sitemap.content);
  return sitemaps.map((sitemap) => sitemap.file);
}

export function writeRobots(settings: Settings, tempDir: string): void {
  writeOutputFile(tempDir, 'robots.txt', renderRobots(settings.baseUrl));
}

/** Every file the build generates (pages, feeds, sitemap, robots.txt), as paths in the output. */
export function generatedFiles(model: SiteModel, settings: Settings): Set<string> {
  const files = new Set(['sitemap.xml', 'robots.txt']);
  for (const variant of settings.variants) {
    for (const page of model.pages) files.add(outputFileFor(variant.path + page.path.slice(1)));
    for (const feed of Object.values(FEED_PATHS)) files.add(variant.path.slice(1) + feed.slice(1));
  }
  return files;
}

/**
 * Whether an address in the site (base path and variant prefix removed) is
 * published: a page (`/news/` or `/news/index.html`), a feed, the sitemap, a
 * static file, an article folder's file (`attachments`: site paths), the
 * search index.
 */
export function publishedPaths(model: SiteModel, settings: Settings, statics: readonly StaticFile[], attachments: readonly string[] = []): Published {
  const pages = new Set(model.pages.map((page) => page.path));
  const files = new Set(['/sitemap.xml', '/robots.txt', ...Object.values(FEED_PATHS), ...statics.map((file) => `/${file.file}`), ...attachments]);
  return (sitePath) =>
    pages.has(sitePath) ||
    files.has(sitePath) ||
    pages.has(`${sitePath}/`) ||
    (sitePath.endsWith('/index.html') && pages.has(sitePath.slice(0, -'index.html'.length))) ||
    (settings.search && sitePath.startsWith('/search/'));
}

/**
 * Articles' search data kept on the main thread (by content key): between
 * the dev server's rebuilds, or from the last build's output state, so only
 * the articles that changed are asked of the shards.
 */
export class SearchDocs {
  /** `kept`: search data of articles by content key, from an earlier build. */
  constructor(private kept = new Map<string, SearchDoc>()) {
    this.earlier = kept;
  }

  /** The search data held before the last call of `of`: what the index made before it was made from. */
  earlier: ReadonlyMap<string, SearchDoc>;

  /** The search data of the article with this content key, if it was given. */
  get(contentKey: string): SearchDoc | undefined {
    return this.kept.get(contentKey);
  }

  /** Each article's search data, in the order given. */
  async of(shards: ShardHandle[], owners: Map<string, number>, articles: readonly ArticleMeta[]): Promise<SearchDoc[]> {
    const missing: string[][] = shards.map(() => []);
    for (const article of articles) if (!this.kept.has(searchKey(article))) missing[owners.get(article.file)!]!.push(article.file);
    const answers = await Promise.all(shards.map((shard, i) => (missing[i]!.length ? shard.call<SearchDoc[]>('searchDocs', { files: missing[i] }) : [])));
    const fresh = new Map<string, SearchDoc>();
    for (const [i, files] of missing.entries()) files.forEach((file, k) => fresh.set(file, answers[i]![k]!));
    const kept = new Map<string, SearchDoc>();
    const docs = articles.map((article) => {
      const doc = this.kept.get(searchKey(article)) ?? fresh.get(article.file)!;
      kept.set(searchKey(article), doc);
      return doc;
    });
    this.earlier = this.kept;
    this.kept = kept;
    return docs;
  }
}

/** What names an article's search data: its content, which the data is made from. */
function searchKey(article: ArticleMeta): string {
  return article.contentKey ?? article.file;
}

/**
 * The search index (search/ in the output; one for every script tree), as
 * files to write, and its documents' keys in order. With the index an
 * earlier build wrote, its term files are patched where that can be done;
 * with the keys of the index in the tree being written into, docs files
 * whose documents are all the same there are named in `kept`, not made.
 */
export async function searchFiles(
  searchDocs: SearchDocs,
  shards: ShardHandle[],
  owners: Map<string, number>,
  model: Pick<SiteModel, 'articles'>,
  views: readonly ViewBuilder[],
  settings: Settings,
  earlier: { written?: WrittenIndex; baseKeys?: readonly string[] } = {},
  /** The documents, when the caller has asked for them already (searchDocsOf). */
  asked?: SearchDoc[],
): Promise<{ files: SearchIndexFile[]; kept: string[]; keys: string[] }> {
  const articles = indexOrder(model);
  const docs = asked ?? (await searchDocsOf(searchDocs, shards, owners, model));
  const keys = articles.map(searchKey);
  const terms = (earlier.written && patchTermFiles(earlier.written, keys, docs)) ?? termFiles(docs);
  // A result shows what a list shows: title, date and summary, in the tree's script. All of it comes from the article's content.
  const listing = (v: number, d: number) => {
    const article = articles[d]!;
    return { path: views[v]!.link(article.path), title: article.texts[v]!.title, date: views[v]!.summary(article).date.day, summary: article.texts[v]!.summary };
  };
  const base = earlier.baseKeys;
  const keep = (n: number) => {
    const end = Math.min(keys.length, (n + 1) * DOCS_PER_FILE);
    if (!base || end !== Math.min(base.length, (n + 1) * DOCS_PER_FILE)) return false;
    for (let d = n * DOCS_PER_FILE; d < end; d++) if (base[d] !== keys[d]) return false;
    return true;
  };
  const prefixes = settings.variants.map((variant) => variant.path.slice(1));
  return { ...indexFiles(terms, docs.length, listing, prefixes, keep), keys };
}

/** The search index's documents, in its order (`indexOrder`). */
export function searchDocsOf(searchDocs: SearchDocs, shards: ShardHandle[], owners: Map<string, number>, model: Pick<SiteModel, 'articles'>): Promise<SearchDoc[]> {
  return searchDocs.of(shards, owners, indexOrder(model));
}

/** Oldest first: a new article is the last document, and every other keeps its number. */
function indexOrder(model: Pick<SiteModel, 'articles'>): SiteModel['articles'] {
  return [...model.articles].reverse();
}

/** Bodies asked of the shards for every variant at once; answered from what they gave. */
export async function askedBodies(source: BodySource, files: string[], variants: number): Promise<BodySource> {
  const bodies = await Promise.all(Array.from({ length: variants }, (_, v) => source(files, v)));
  return async (asked, v) => (asked.length === files.length && asked.every((file, k) => file === files[k]) ? bodies[v]! : source(asked, v));
}

/** FNV-1a: a stable home shard for each file, so each shard's cache file keeps meeting the same articles. */
export function shardOf(file: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) hash = Math.imul(hash ^ file.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}

/** Load and parse on every shard, each its own share of the files; `owners` tells which shard holds each file. */
export async function parseOnShards(shards: ShardHandle[], files: string[]) {
  const shares: string[][] = shards.map(() => []);
  const owners = new Map<string, number>();
  for (const file of files) {
    const shard = shardOf(file, shards.length);
    shares[shard]!.push(file);
    owners.set(file, shard);
  }
  const outcomes = await Promise.all(shards.map((shard, i) => shard.call<ParseOutcome>('parse', { files: shares[i] })));
  return { outcomes, owners };
}

/** Convert on every shard what it parsed; returns every article as the model needs it. */
export async function convertOnShards(shards: ShardHandle[]): Promise<ArticleMeta[]> {
  const converted = await Promise.all(shards.map((shard) => shard.call<ArticleMeta[]>('convert', undefined)));
  return converted.flat();
}

/**
 * Give the worker threads what they make their page views from, before this
 * thread builds the model: each builds its own copy meanwhile (it cannot be
 * sent), instead of waiting for this thread's and then making one while this
 * thread waits. Returns when they have; a failure surfaces where it is awaited.
 */
export function prepareViews(shards: ShardHandle[], built: { articles: ArticleMeta[]; options: ModelOptions }, siteTexts: SiteText[]): Promise<unknown> {
  const ready = Promise.all(shards.filter((shard) => !shard.local).map((shard) => shard.call('views', { ...built, siteTexts })));
  // The build may stop before it renders (a broken link to a clash): no unhandled rejection then.
  ready.catch(() => {});
  return ready;
}

/** Pages per render call: small enough that shards start rendering while views are still being made. */
const RENDER_BATCH = 500;

/**
 * Render calls in flight: a few batches waiting per shard, enough to keep it
 * busy, few enough to bound memory. On an error, every batch still running
 * finishes before the caller removes the folder they write into.
 */
class RenderCalls {
  private readonly pending: Promise<unknown>[][];
  private readonly all: Promise<unknown>[] = [];
  private done = 0;

  constructor(
    private readonly shards: ShardHandle[],
    private readonly onPages: (done: number) => void,
  ) {
    this.pending = shards.map(() => []);
  }

  async send(shard: number, request: RenderRequest): Promise<void> {
    if (this.pending[shard]!.length >= 3) await this.pending[shard]!.shift();
    const call = this.shards[shard]!.call<number>('render', request).then((count) => this.onPages((this.done += count)));
    this.pending[shard]!.push(call);
    this.all.push(call);
  }

  /** Run `sending`, then wait for every call it made. */
  async run(sending: () => Promise<void>): Promise<void> {
    try {
      await sending();
      await Promise.all(this.all);
    } catch (error) {
      await Promise.allSettled(this.all);
      throw error;
    }
  }
}

/**
 * Make page views here and send them to the shards in batches: article pages
 * to the shard that holds the body, other pages in turn. Shards render and
 * write while the next batch is being made. (The dev server's way: its view
 * builders, kept across rebuilds, already hold most views; a build uses
 * renderModelOnShards.)
 */
export async function renderOnShards(
  shards: ShardHandle[],
  pages: readonly PageSpec[],
  views: readonly ViewBuilder[],
  owners: Map<string, number>,
  request: { tempDir: string; sites: SiteView[] },
  /** Render only the pages this accepts, asked before their view is made (the dev server skips unchanged pages). */
  accept: (spec: PageSpec, variant: number) => boolean = () => true,
  /** Hears the number of pages written so far. */
  onPages: (done: number) => void = () => {},
  /**
   * Where pages without a body go: to the worker threads (a build, whose main
   * thread is busy making every view), or to every shard in turn (the dev
   * server, whose few pages are made in no time).
   */
  spread: 'workers' | 'all' = 'workers',
): Promise<void> {
  const calls = new RenderCalls(shards, onPages);
  let turn = 0;
  await calls.run(async () => {
    for (const [variant, builder] of views.entries()) {
      for (let start = 0; start < pages.length; start += RENDER_BATCH) {
        const perShard: PageJob[][] = shards.map(() => []);
        for (const spec of pages.slice(start, start + RENDER_BATCH)) {
          if (!accept(spec, variant)) continue;
          const job = builder.page(spec);
          const owner = job.bodyOf !== undefined ? owners.get(job.bodyOf) : undefined;
          const helper = spread === 'all' || shards.length === 1 ? turn++ % shards.length : 1 + (turn++ % (shards.length - 1));
          perShard[owner ?? helper]!.push(job);
        }
        for (const [i, jobs] of perShard.entries()) if (jobs.length > 0) await calls.send(i, { ...request, jobs });
      }
    }
  });
}

/**
 * A build's rendering. Each shard makes the views of the pages it renders,
 * from the model (Shard.views), so this thread sends page numbers, not
 * views, and every core makes views: article pages go to the shard that
 * holds the body, other pages to each shard in turn.
 */
export async function renderModelOnShards(
  shards: ShardHandle[],
  model: SiteModel,
  /** What the model was built from, for shards in worker threads to build it again. */
  built: { articles: ArticleMeta[]; options: ModelOptions },
  siteTexts: SiteText[],
  owners: Map<string, number>,
  tempDir: string,
  /** Hears the number of pages written so far. */
  onPages: (done: number) => void = () => {},
  /** Settled when the worker threads have their views already (`prepareViews`, called before the model was built). */
  workersReady?: Promise<unknown>,
): Promise<void> {
  await Promise.all(
    shards.map((shard) => (shard.local ? shard.call('views', { model, siteTexts }) : (workersReady ?? shard.call('views', { ...built, siteTexts })))),
  );
  const { pages } = model;
  const calls = new RenderCalls(shards, onPages);
  let turn = 0;
  await calls.run(async () => {
    for (let variant = 0; variant < siteTexts.length; variant++) {
      for (let start = 0; start < pages.length; start += RENDER_BATCH) {
        const perShard: number[][] = shards.map(() => []);
        for (let index = start; index < Math.min(start + RENDER_BATCH, pages.length); index++) {
          const spec = pages[index]!;
          const owner = spec.kind === 'article' ? owners.get(spec.article.file) : undefined;
          perShard[owner ?? turn++ % shards.length]!.push(index);
        }
        for (const [i, indexes] of perShard.entries()) if (indexes.length > 0) await calls.send(i, { tempDir, variant, pages: indexes });
      }
    }
  });
  await Promise.all(shards.map((shard) => shard.call('forgetViews', undefined)));
}
