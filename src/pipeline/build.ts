import { availableParallelism } from 'node:os';
import path from 'node:path';
import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import { generatorId } from '../core/generator-id.ts';
import { GUESSES_IN_FILE, guessSummary } from '../convert/conversion-lint.ts';
import { siteFolders } from '../core/site-folders.ts';
import { StageTimer } from '../core/timer.ts';
import { listArticleFiles } from '../load/content-files.ts';
import { loadDictionary } from '../load/dictionary-file.ts';
import { loadSettings } from '../load/settings-file.ts';
import { brokenLinks } from '../model/links.ts';
import { buildSiteModel } from '../model/site-model.ts';
import { PAGE_TEMPLATES } from '../render/view-model.ts';
import { settingsWarnings } from '../settings/settings.ts';
import { lockOutput } from '../write/output-lock.ts';
import { abandonOutput, commitOutput, resolveOutputDir, startOutput, writeOutputFile } from '../write/output.ts';
import { copyStaticFiles, listStaticFiles, replacedPages } from '../write/static-files.ts';
import { buildFingerprint } from './fingerprint.ts';
import { createScriptConverter } from './shard.ts';
import { convertOnShards, convertSiteTexts, generatedFiles, modelOptions, publishedPaths, parseOnShards, renderModelOnShards, SearchDocs, searchFiles, startShards, variantViews, writeFeedsAndSitemap } from './stages.ts';
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
  /** Build even when the output is up to date, and parse every article again (the cache is written, not read). */
  force?: boolean;
  /** Reuse and keep parsed and converted articles here; default ROOT/.cache/xinwen; false for none. */
  cacheDir?: string | false;
  /** Wait while another build writes into the same output folder (default); false refuses at once. */
  wait?: boolean;
  /** Flush the new output to the disk before it replaces the old one (default true). */
  durable?: boolean;
  /** Hears each stage as it starts, and pages rendered so far. */
  progress?: BuildProgress;
}

export interface BuildProgress {
  stage(name: string): void;
  pages(done: number, total: number): void;
  /** Something the user should know while waiting (another build holds the output folder). */
  note?(message: string): void;
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

/**
 * Build a site. The stages, in order: load (settings, dictionary, the
 * lists of articles and static files) → parse → convert → model (and the
 * links it publishes) → views → render → write (feeds and sitemap, static
 * files, search index, commit).
 * Parsing, converting and rendering run on every core in shards (shard.ts);
 * everything else runs here. On any error nothing in `outDir` changes.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const timer = new StageTimer((name) => options.progress?.stage(name));
  const site = siteFolders(options.root);
  const settings = timer.time('settings', () => loadSettings(site));
  const dictionary = timer.time('dictionary', () => loadDictionary(site));
  const outDir = resolveOutputDir(options.outDir, site);
  const { files, statics } = timer.time('list', () => ({ files: listArticleFiles(site.root, site.contentDir), statics: listStaticFiles(site.staticFolders) }));
  const cacheDir = options.cacheDir === false ? undefined : path.resolve(options.cacheDir ?? path.join(site.root, '.cache', 'xinwen'));
  const warnings = [...settingsWarnings(settings), ...statics.warnings];

  const lock = await timer.timeAsync('lock', () => lockOutput(outDir, { wait: options.wait ?? true, command: 'build', onWait: options.progress?.note }));
  try {
    const fingerprint = timer.time('fingerprint', () =>
      buildFingerprint({ generator: generatorId(), site, articleFiles: files, staticFiles: statics.files, options: { drafts: options.drafts ?? false } }),
    );
    const previous = cacheDir && !options.force ? upToDate(cacheDir, outDir, fingerprint) : undefined;
    if (previous) {
      return { articles: previous.articles, pages: previous.pages, parsed: 0, upToDate: true, warnings, stages: timer.stages, totalMs: timer.totalMs };
    }

    const converter = createScriptConverter(settings, dictionary);
    const jobs = options.jobs ?? shardCount(files.length);
    const shards = startShards(site, settings, dictionary, jobs, converter, cacheDir ? { dir: cacheDir, read: !options.force } : undefined);
    try {
      await timer.timeAsync('templates', () => Promise.all(shards.map((shard) => shard.call('compile', PAGE_TEMPLATES))));
      const { outcomes, owners } = await timer.timeAsync('parse', () => parseOnShards(shards, files));
      const parsedWarnings = outcomes.flatMap((outcome) => outcome.warnings);
      warnings.push(...parsedWarnings.filter((warning) => warning.code !== GUESSES_IN_FILE));
      const guesses = guessSummary(parsedWarnings);
      if (guesses) warnings.push(guesses);
      const errors = outcomes.flatMap((outcome) => outcome.errors).map((error) => XinwenError.fromJSON(error));
      if (errors.length > 0) throw new XinwenErrors(errors);
      // Every text into every variant's script: articles on their shards, the settings' texts here (templates were converted as they loaded).
      const [articles, siteTexts] = await timer.timeAsync('convert', () => Promise.all([convertOnShards(shards), convertSiteTexts(converter, settings)]));
      const builtFrom = { articles, options: modelOptions(settings, options.drafts ?? false) };
      const model = timer.time('model', () => buildSiteModel(builtFrom.articles, builtFrom.options));
      timer.time('links', () => {
        warnings.push(...replacedPages(statics.files, generatedFiles(model, settings)));
        warnings.push(...brokenLinks(model.articles, articles, publishedPaths(model, settings, statics.files), settings.variants.map((variant) => variant.path)));
      });
      const views = timer.time('views', () => variantViews(settings, siteTexts));

      const tempDir = startOutput(outDir);
      try {
        const total = model.pages.length * settings.variants.length;
        await timer.timeAsync('render', () =>
          renderModelOnShards(shards, model, builtFrom, siteTexts, owners, tempDir, (done) => options.progress?.pages(done, total)),
        );
        await timer.timeAsync('feeds', () => writeFeedsAndSitemap(shards, owners, model, views, settings, tempDir));
        timer.time('static', () => copyStaticFiles(statics.files, tempDir));
        if (settings.search) {
          await timer.timeAsync('search', async () => {
            for (const file of await searchFiles(new SearchDocs(), shards, owners, model, views, settings)) writeOutputFile(tempDir, file.file, file.content);
          });
        }
        lock.assertHeld();
        timer.time('commit', () => commitOutput(tempDir, outDir, { durable: options.durable ?? true }));
      } catch (error) {
        abandonOutput(tempDir);
        throw error;
      }
      const counts = { articles: model.articles.length, pages: model.pages.length * settings.variants.length };
      if (cacheDir) {
        await timer.timeAsync('cache', () => Promise.all(shards.map((shard) => shard.call('saveCache', undefined))));
        recordBuild(cacheDir, outDir, fingerprint, counts);
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
  } finally {
    lock.release();
  }
}

/** Below this many articles, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 300;

/** One shard per core for large sites, one for small ones. */
export function shardCount(articles: number): number {
  return articles >= PARALLEL_THRESHOLD ? Math.min(availableParallelism(), 4) : 1;
}
