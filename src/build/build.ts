import { availableParallelism } from 'node:os';
import { createClock } from '../core/clock.ts';
import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import { siteFolders } from '../core/site-folders.ts';
import { StageTimer } from '../core/timer.ts';
import { listArticleFiles } from '../load/content-files.ts';
import { loadSettings } from '../load/settings-file.ts';
import { buildSiteModel } from '../model/site-model.ts';
import { type PageJob, siteTextFrom, siteTextSource, UI_WORDS, ViewBuilder } from '../render/view-model.ts';
import { loadDictionary } from '../load/dictionary-file.ts';
import { type Settings, settingsWarnings } from '../settings/settings.ts';
import type { PageSpec } from '../model/site-model.ts';
import { abandonOutput, assertSafeOutputDir, commitOutput, copyStatic, startOutput } from '../write/output.ts';
import { createShards, type ShardHandle } from './pool.ts';
import type { ParseOutcome, RenderRequest } from './shard.ts';

export interface BuildOptions {
  /** Site folder: content/ (with site.yaml), optional templates/ and public/. */
  root: string;
  /** Output folder; replaced as a whole when the build succeeds. */
  outDir: string;
  /** Include articles with `draft: true`. */
  drafts?: boolean;
  /** Threads to use; default: one per core for large sites, one for small ones. */
  jobs?: number;
}

export interface BuildResult {
  articles: number;
  pages: number;
  warnings: Warning[];
  stages: { name: string; ms: number }[];
  totalMs: number;
}

/** The templates every site needs; compiled before anything is written. */
const PAGE_TEMPLATES = ['index.njk', 'list.njk', 'article.njk', '404.njk'];
/** Below this many articles, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 300;

/**
 * Build a site: load → parse → model → render → write. Parsing and rendering
 * run on every core in shards (see shard.ts); everything else runs here.
 * On any error nothing in `outDir` changes.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const timer = new StageTimer();
  const site = siteFolders(options.root);
  const settings = timer.time('settings', () => loadSettings(site));
  const dictionary = timer.time('dictionary', () => loadDictionary(site));
  assertSafeOutputDir(options.outDir, site);
  const files = timer.time('list', () => listArticleFiles(site.root, site.contentDir));

  const jobs = options.jobs ?? (files.length >= PARALLEL_THRESHOLD ? Math.min(availableParallelism(), 4) : 1);
  // Built-in templates are written in simplified script; a site's own in the site's script.
  const templateDirs = site.templateDirs.map((dir) => ({
    dir,
    locale: dir === site.templatesDir ? settings.sourceLocale : ('cn' as const),
  }));
  const shards = createShards({ root: site.root, settings, templateDirs, dictionary }, jobs);
  try {
    await timer.timeAsync('templates', () => Promise.all(shards.map((shard) => shard.call('compile', PAGE_TEMPLATES))));
    const { outcomes, owners } = await timer.timeAsync('parse', () => parseOnShards(shards, files));
    const warnings = [...settingsWarnings(settings), ...outcomes.flatMap((outcome) => outcome.warnings)];
    const errors = outcomes.flatMap((outcome) => outcome.errors).map((error) => XinwenError.fromJSON(error));
    if (errors.length > 0) throw new XinwenErrors(errors);

    const model = timer.time('model', () =>
      buildSiteModel(
        outcomes.flatMap((outcome) => outcome.articles),
        { pageSize: settings.pageSize, hotCount: settings.hotCount, drafts: options.drafts ?? false },
      ),
    );
    const views = await timer.timeAsync('views', () => variantViews(shards[0]!, settings));
    const sites = views.map((builder) => builder.site(model));

    const tempDir = startOutput(options.outDir);
    try {
      await timer.timeAsync('render', () => renderOnShards(shards, model.pages, views, owners, { tempDir, sites }));
      timer.time('static', () => copyStatic(site.staticDirs, tempDir));
      timer.time('commit', () => commitOutput(tempDir, options.outDir));
    } catch (error) {
      abandonOutput(tempDir);
      throw error;
    }
    return {
      articles: model.articles.length,
      pages: model.pages.length * settings.variants.length,
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

/** Deal files to shards in turn, so each gets a similar share; remember who parsed what. */
async function parseOnShards(shards: ShardHandle[], files: string[]) {
  const shares: string[][] = shards.map(() => []);
  const owners = new Map<string, number>();
  files.forEach((file, index) => {
    const shard = index % shards.length;
    shares[shard]!.push(file);
    owners.set(file, shard);
  });
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
  let turn = 0;
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
        pending[i]!.push(shards[i]!.call('render', { ...request, jobs }));
      }
    }
  }
  await Promise.all(pending.flat());
}
