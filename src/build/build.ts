import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createClock } from '../core/clock.ts';
import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import { generatorId } from '../core/generator-id.ts';
import { siteFolders } from '../core/site-folders.ts';
import { StageTimer } from '../core/timer.ts';
import { listArticleFiles } from '../load/content-files.ts';
import { loadDictionary } from '../load/dictionary-file.ts';
import { loadSettings } from '../load/settings-file.ts';
import { buildSiteModel, type PageSpec, type SiteModel } from '../model/site-model.ts';
import { PAGE_TEMPLATES, type PageJob, siteTextFrom, siteTextSource, UI_WORDS, ViewBuilder } from '../render/view-model.ts';
import { type Settings, settingsWarnings } from '../settings/settings.ts';
import { absoluteLinks, renderFeeds } from '../write/feeds.ts';
import { copySearchConverters } from '../write/search-index.ts';
import { renderRobots, renderSitemap } from '../write/sitemap.ts';
import { abandonOutput, assertSafeOutputDir, commitOutput, copyStatic, startOutput, writeOutputFile } from '../write/output.ts';
import { buildFingerprint } from './fingerprint.ts';
import { createShards, type ShardHandle } from './pool.ts';
import type { ParseOutcome, RenderRequest } from './shard.ts';
import { recordBuild, upToDate } from './up-to-date.ts';

export interface BuildOptions {
  /** Site folder: content/ (with site.yaml), optional templates/ and public/. */
  root: string;
  /** Output folder; replaced as a whole when the build succeeds. */
  outDir: string;
  /** Include articles with `draft: true`. */
  drafts?: boolean;
  /** Threads to use; default: one per core for large sites, one for small ones. */
  jobs?: number;
  /** Build even when the output is up to date. */
  force?: boolean;
  /** Reuse and keep parsed and converted articles here; default ROOT/.cache/xinwen; false for none. */
  cacheDir?: string | false;
}

export interface BuildResult {
  articles: number;
  pages: number;
  /** Articles parsed and converted in this build (the rest came from the cache). */
  parsed: number;
  /** True when the output was already up to date and nothing was written. */
  upToDate: boolean;
  warnings: Warning[];
  stages: { name: string; ms: number }[];
  totalMs: number;
}

/** Below this many articles, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 300;

/**
 * Build a site: load → parse → convert → model → render → write. Parsing,
 * converting and rendering run on every core in shards (see shard.ts);
 * everything else runs here. On any error nothing in `outDir` changes.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const timer = new StageTimer();
  const site = siteFolders(options.root);
  const settings = timer.time('settings', () => loadSettings(site));
  const dictionary = timer.time('dictionary', () => loadDictionary(site));
  assertSafeOutputDir(options.outDir, site);
  const files = timer.time('list', () => listArticleFiles(site.root, site.contentDir));
  const cacheDir = options.cacheDir === false ? undefined : path.resolve(options.cacheDir ?? path.join(site.root, '.cache', 'xinwen'));
  const warnings = settingsWarnings(settings);

  const fingerprint = timer.time('fingerprint', () =>
    buildFingerprint({ generator: generatorId(), site, articleFiles: files, options: { drafts: options.drafts ?? false } }),
  );
  const previous = cacheDir && !options.force ? upToDate(cacheDir, options.outDir, fingerprint) : undefined;
  if (previous) {
    return { articles: previous.articles, pages: previous.pages, parsed: 0, upToDate: true, warnings, stages: timer.stages, totalMs: timer.totalMs };
  }

  const jobs = options.jobs ?? (files.length >= PARALLEL_THRESHOLD ? Math.min(availableParallelism(), 4) : 1);
  // Built-in templates are written in simplified script; a site's own in the site's script.
  const templateDirs = site.templateDirs.map((dir) => ({
    dir,
    locale: dir === site.templatesDir ? settings.sourceLocale : ('cn' as const),
  }));
  const cacheKey = createHash('sha1')
    .update(generatorId())
    .update(JSON.stringify([settings.timezone, settings.defaultAuthor, settings.basePath, settings.sourceLocale, settings.variants, dictionary]))
    .digest('hex');
  const shards = createShards(
    (index, count) => ({
      root: site.root,
      settings,
      templateDirs,
      dictionary,
      cacheKey,
      cacheFile: cacheDir && path.join(cacheDir, `articles-${count}-${index}.bin`),
    }),
    jobs,
  );
  try {
    await timer.timeAsync('templates', () => Promise.all(shards.map((shard) => shard.call('compile', PAGE_TEMPLATES))));
    const { outcomes, owners } = await timer.timeAsync('parse', () => parseOnShards(shards, files));
    warnings.push(...outcomes.flatMap((outcome) => outcome.warnings));
    const errors = outcomes.flatMap((outcome) => outcome.errors).map((error) => XinwenError.fromJSON(error));
    if (errors.length > 0) throw new XinwenErrors(errors);

    const model = timer.time('model', () =>
      buildSiteModel(
        outcomes.flatMap((outcome) => outcome.articles),
        { pageSize: settings.pageSize, hotCount: settings.hotCount, relatedCount: settings.relatedCount, search: settings.search, drafts: options.drafts ?? false },
      ),
    );
    const views = await timer.timeAsync('views', () => variantViews(shards[0]!, settings));
    const sites = views.map((builder) => builder.site(model));

    const tempDir = startOutput(options.outDir);
    try {
      await timer.timeAsync('render', () => renderOnShards(shards, model.pages, views, owners, { tempDir, sites }));
      await timer.timeAsync('feeds', () => writeFeedsAndSitemap(shards, owners, model, views, settings, tempDir));
      timer.time('static', () => copyStatic(site.staticDirs, tempDir));
      if (settings.search) {
        await timer.timeAsync('search', async () => {
          copySearchConverters(tempDir);
          // Deal the trees to the threads: each runs its own Pagefind process.
          const shares = shards.map((_, i) => settings.variants.map((_, v) => v).filter((v) => v % shards.length === i));
          await Promise.all(shards.map((shard, i) => (shares[i]!.length ? shard.call('searchIndex', { tempDir, variants: shares[i] }) : undefined)));
        });
      }
      timer.time('commit', () => commitOutput(tempDir, options.outDir));
    } catch (error) {
      abandonOutput(tempDir);
      throw error;
    }
    const counts = { articles: model.articles.length, pages: model.pages.length * settings.variants.length };
    if (cacheDir) {
      await timer.timeAsync('cache', () => Promise.all(shards.map((shard) => shard.call('saveCache', undefined))));
      recordBuild(cacheDir, options.outDir, fingerprint, counts);
    }
    return {
      ...counts,
      parsed: outcomes.reduce((sum, outcome) => sum + outcome.parsed, 0),
      upToDate: false,
      warnings,
      stages: timer.stages,
      totalMs: timer.totalMs,
    };
  } finally {
    await Promise.all(shards.map((shard) => shard.close()));
  }
}

/** One view builder per variant, with the settings' text and the generator's own words converted by a shard. */
async function variantViews(shard: ShardHandle, settings: Settings): Promise<ViewBuilder[]> {
  const [siteText, ui] = await Promise.all([
    shard.call<string[][]>('convertTexts', { from: settings.sourceLocale, texts: siteTextSource(settings) }),
    shard.call<string[][]>('convertTexts', { from: 'cn', texts: Object.values(UI_WORDS) }),
  ]);
  const clock = createClock(settings.timezone);
  return settings.variants.map((_, i) => new ViewBuilder(settings, clock, i, siteTextFrom(siteText[i]!, ui[i]!, settings)));
}

/** Articles in each script's feeds. */
const FEED_SIZE = 20;

/** Feeds per script tree (with full bodies from the shards that hold them), sitemap.xml and robots.txt. */
async function writeFeedsAndSitemap(
  shards: ShardHandle[],
  owners: Map<string, number>,
  model: SiteModel,
  views: readonly ViewBuilder[],
  settings: Settings,
  tempDir: string,
): Promise<void> {
  const latest = model.articles.slice(0, FEED_SIZE);
  const origin = new URL(settings.baseUrl).origin;
  for (const [v, variant] of settings.variants.entries()) {
    const bodies = new Map<string, string>();
    await Promise.all(
      shards.map(async (shard, i) => {
        const files = latest.filter((article) => owners.get(article.file) === i).map((article) => article.file);
        if (files.length === 0) return;
        const html = await shard.call<string[]>('bodies', { files, variant: v });
        files.forEach((file, k) => bodies.set(file, html[k]!));
      }),
    );
    const site = views[v]!.site(model);
    const root = settings.baseUrl + variant.path.slice(1);
    const feeds = renderFeeds({
      siteName: site.name,
      description: site.description,
      home: root,
      root,
      copyright: `© ${site.contact.company}`,
      variant,
      entries: latest.map((article) => {
        const text = article.texts[v]!;
        return {
          title: text.title,
          url: root + article.path.slice(1),
          time: article.time,
          summary: text.summary,
          author: text.author,
          tags: text.tags,
          bodyHtml: absoluteLinks(bodies.get(article.file) ?? '', origin),
        };
      }),
    });
    for (const feed of feeds) writeOutputFile(tempDir, feed.file, feed.content);
  }
  const sitemapPages = model.pages
    .filter((page) => page.kind !== 'not-found' && page.kind !== 'search')
    .map((page) => ({ path: page.path, lastmod: page.kind === 'article' ? views[0]!.date(page.article.time).day : undefined }));
  writeOutputFile(tempDir, 'sitemap.xml', renderSitemap(settings.baseUrl, settings.variants, sitemapPages));
  writeOutputFile(tempDir, 'robots.txt', renderRobots(settings.baseUrl));
}

/** FNV-1a: a stable home shard for each file, so each shard's cache file keeps meeting the same articles. */
function shardOf(file: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) hash = Math.imul(hash ^ file.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}

async function parseOnShards(shards: ShardHandle[], files: string[]) {
  const shares: string[][] = shards.map(() => []);
  const owners = new Map<string, number>();
  for (const file of files) {
    const shard = shardOf(file, shards.length);
    shares[shard]!.push(file);
    owners.set(file, shard);
  }
  const outcomes = await Promise.all(shards.map((shard, i) => shard.call<ParseOutcome>('parse', shares[i])));
  return { outcomes, owners };
}

/** Pages per render call: small enough that shards start rendering while views are still being made. */
const RENDER_BATCH = 500;

/**
 * Make page views here and send them to the shards in batches: article pages
 * to the shard that holds the body, other pages in turn. Shards render and
 * write while the next batch is being made.
 */
async function renderOnShards(
  shards: ShardHandle[],
  pages: readonly PageSpec[],
  views: readonly ViewBuilder[],
  owners: Map<string, number>,
  request: Omit<RenderRequest, 'jobs'>,
): Promise<void> {
  // At most two batches waiting per shard: enough to keep it busy, few enough to bound memory.
  const pending: Promise<unknown>[][] = shards.map(() => []);
  const all: Promise<unknown>[] = [];
  let turn = 0;
  try {
    for (const builder of views) {
      for (let start = 0; start < pages.length; start += RENDER_BATCH) {
        const perShard: PageJob[][] = shards.map(() => []);
        for (const spec of pages.slice(start, start + RENDER_BATCH)) {
          const job = builder.page(spec);
          const owner = job.bodyOf !== undefined ? owners.get(job.bodyOf) : undefined;
          perShard[owner ?? turn++ % shards.length]!.push(job);
        }
        for (const [i, jobs] of perShard.entries()) {
          if (jobs.length === 0) continue;
          if (pending[i]!.length >= 2) await pending[i]!.shift();
          const call = shards[i]!.call('render', { ...request, jobs });
          pending[i]!.push(call);
          all.push(call);
        }
      }
    }
    await Promise.all(all);
  } catch (error) {
    // Let every batch still running finish before the caller removes the folder they write into.
    await Promise.allSettled(all);
    throw error;
  }
}
