import { readFileSync } from 'node:fs';
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
import { type ArticleMeta, buildSiteModel, type ModelOptions, type SiteModel } from '../model/site-model.ts';
import type { SiteText, SiteView, ViewBuilder } from '../render/view-model.ts';
import { readTermFiles, type WrittenIndex } from '../search/index-patch.ts';
import { type Settings, settingsWarnings } from '../settings/settings.ts';
import { lockOutput } from '../write/output-lock.ts';
import { abandonOutput, commitOutput, discardSpare, keepLinkedSpare, removeOutputFile, resolveOutputDir, startOutput, treeIdentity, writeOutputFile } from '../write/output.ts';
import { copyStaticFiles, listStaticFiles, replacedPages } from '../write/static-files.ts';
import { sourceStamps } from './fingerprint.ts';
import { type OutputPlan, articleChanges, baseTree, bodiesNeeded, outputIntact, planOutput } from './output-plan.ts';
import { type OutputState, readOutputState, type TreeRecord, writeOutputState } from './output-state.ts';
import { ListIds } from './page-signature.ts';
import type { ShardHandle } from './pool.ts';
import { FeedBodies, readAll, readBodies, readChanged } from './read-articles.ts';
import { createScriptConverter } from './shard.ts';
import { bodiesOnShards, compileTemplates, convertSiteTexts, FEED_SIZE, generatedFiles, modelOptions, parseOnShards, publishedPaths, renderModelOnShards, renderOnShards, SearchDocs, searchFiles, startShards, variantViews, writeFeeds, writeRobots, writeSitemap } from './stages.ts';
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
  /** Articles parsed and converted in this build (the rest came from the cache or the last build). */
  parsed: number;
  /** Pages rendered in this build, in all scripts (the others were kept from the last build's output). */
  rendered: number;
  /** True when the output was already up to date and nothing was written. */
  upToDate: boolean;
  warnings: Warning[];
  stages: { name: string; ms: number }[];
  totalMs: number;
}

/**
 * Build a site. The stages, in order: load (settings, dictionary, the
 * lists of articles and static files) → parse → convert → model (and the
 * links it publishes) → views → plan → render → write (feeds and sitemap,
 * static files, search index, commit).
 * Parsing, converting and rendering run on every core in shards (shard.ts);
 * everything else runs here. On any error nothing in `outDir` changes.
 *
 * A build into a folder it built before starts from what that build left
 * (output-state.ts): articles whose files are unchanged are taken as they
 * were, and the new output starts as a tree of the old one (output.ts), in
 * which only the pages whose signature changed are rendered. After a few
 * edits, the changed articles are parsed on one shard and no cache is read.
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
  const durable = options.durable ?? true;

  const lock = await timer.timeAsync('lock', () => lockOutput(outDir, { wait: options.wait ?? true, command: 'build', onWait: options.progress?.note }));
  try {
    const sources = timer.time('fingerprint', () =>
      sourceStamps({ generator: generatorId(), site, articleFiles: files, staticFiles: statics.files, options: { drafts: options.drafts ?? false } }),
    );
    const previous = cacheDir && !options.force ? upToDate(cacheDir, outDir, sources.fingerprint) : undefined;
    if (previous) {
      return { articles: previous.articles, pages: previous.pages, parsed: 0, rendered: 0, upToDate: true, warnings, stages: timer.stages, totalMs: timer.totalMs };
    }
    const state = cacheDir && !options.force ? timer.time('state', () => readOutputState(cacheDir, outDir, sources.siteKey)) : undefined;
    const base = baseTree(state, outDir);
    const changes = state && base ? articleChanges(state, sources.articles) : undefined;
    // A few edits: parse the changed articles on one shard and read no cache; otherwise every article on every core.
    const few = changes !== undefined && changes.changed.length <= FEW_CHANGED;
    const converter = createScriptConverter(settings, dictionary);
    const shardCache = cacheDir ? { dir: cacheDir, read: !options.force } : undefined;
    const startAll = () => startShards(site, settings, dictionary, options.jobs ?? shardCount(files.length), converter, shardCache);
    let shards = few ? startShards(site, settings, dictionary, 1, converter) : startAll();
    try {
      await timer.timeAsync('templates', () => compileTemplates(shards));
      const read = few ? await readChanged(shards[0]!, files, changes.changed, changes.kept, timer) : await readAll(shards, files, timer);
      const parsedWarnings = [...read.warnings.values()].flat();
      warnings.push(...parsedWarnings.filter((warning) => warning.code !== GUESSES_IN_FILE));
      const guesses = guessSummary(parsedWarnings);
      if (guesses) warnings.push(guesses);
      // Numbers for what lists show of each article, the same as the last build gave where that is unchanged.
      const listIds = new ListIds(state && { articles: [...state.articles.values()].map((kept) => kept.meta), next: state.nextListId });
      for (const article of read.articles) listIds.assign(article);
      const siteTexts = convertSiteTexts(converter, settings);
      const builtFrom = { articles: read.articles, options: modelOptions(settings, options.drafts ?? false) };
      const model = timer.time('model', () => buildSiteModel(builtFrom.articles, builtFrom.options));
      const generated = timer.time('links', () => {
        const files = generatedFiles(model, settings);
        warnings.push(...replacedPages(statics.files, files));
        warnings.push(...brokenLinks(model.articles, read.articles, publishedPaths(model, settings, statics.files), settings.variants.map((variant) => variant.path)));
        return files;
      });
      const views = timer.time('views', () => variantViews(settings, siteTexts));
      const sites = views.map((builder) => builder.site(model));
      const plan = timer.time('plan', () =>
        planOutput({ model, settings, sites, seed: sources.siteKey, statics: statics.files, staticStamps: sources.statics, generated, base: base?.record }),
      );
      // Search data of unchanged articles as the last build kept it; shards are asked only for the others.
      const searchDocs = new SearchDocs(new Map([...(state?.articles.values() ?? [])].flatMap((kept) => (kept.search && kept.meta.contentKey ? [[kept.meta.contentKey, kept.search]] : []))));
      const feedBodies = new FeedBodies(state?.feedBodies ?? new Map(), new Map(model.articles.slice(0, FEED_SIZE).map((article) => [article.file, article.contentKey])));
      if (few) {
        const needed = bodiesNeeded(plan, model, (file) => feedBodies.has(file));
        if (needed.size <= FEW_BODIES) {
          await timer.timeAsync('bodies', () => readBodies(shards[0]!, read, needed));
        } else {
          // Many pages to render after all (热门文章 changed): every article on every core, from the cache.
          await Promise.all(shards.map((shard) => shard.close()));
          shards = startAll();
          await timer.timeAsync('bodies', async () => {
            await compileTemplates(shards);
            const { outcomes, owners } = await parseOnShards(shards, files);
            const errors = outcomes.flatMap((outcome) => outcome.errors).map((error) => XinwenError.fromJSON(error));
            if (errors.length > 0) throw new XinwenErrors(errors); // a file changed since it was read
            read.owners = owners;
          });
        }
      }

      const keepReplaced = cacheDir !== undefined && outputIntact(state, outDir);
      const tempDir = startOutput(outDir, base?.start ?? 'empty');
      let written: { sitemapFiles: string[]; search: string[]; searchKeys?: string[] };
      try {
        written = await writeSite({ shards, owners: read.owners, feedBodies, model, builtFrom, siteTexts, views, sites, settings, plan, searchDocs, writtenIndex: writtenIndex(state, outDir, searchDocs), base: base?.record, tempDir, timer, progress: options.progress });
        lock.assertHeld();
        timer.time('commit', () => commitOutput(tempDir, outDir, { durable, keepReplaced }));
      } catch (error) {
        abandonOutput(tempDir, outDir);
        throw error;
      }
      const counts = { articles: model.articles.length, pages: model.pages.length * settings.variants.length };
      if (cacheDir) {
        const output: TreeRecord = { identity: treeIdentity(outDir)!, pages: plan.pages, feeds: plan.feeds, sitemap: plan.sitemap, statics: sources.statics, ...written };
        // The replaced output is the next build's spare; a first build links one (it costs a second on 10,000 articles, and saves one on every later build).
        const spare = keepReplaced ? state!.output : timer.time('spare', () => (keepLinkedSpare(outDir, { durable }) ? output : undefined));
        await timer.timeAsync('cache', async () => {
          const kept = new Map(
            files.map((file, i) => {
              const meta = read.articles[i]!;
              return [file, { stamp: sources.articles.get(file)!, meta, warnings: read.warnings.get(file) ?? [], search: meta.contentKey ? searchDocs.get(meta.contentKey) : undefined }];
            }),
          );
          const bodies = plan.writeFeeds ? feedBodies.given : (state?.feedBodies ?? feedBodies.given);
          writeOutputState(cacheDir, outDir, { siteKey: sources.siteKey, articles: kept, nextListId: listIds.nextId, feedBodies: bodies, output, spare });
          await Promise.all(shards.map((shard) => shard.call('saveCache', undefined)));
        });
        recordBuild(cacheDir, outDir, sources.fingerprint, counts);
      } else {
        discardSpare(outDir);
      }
      return { ...counts, parsed: read.parsed, rendered: plan.render.size * settings.variants.length, upToDate: false, warnings, stages: timer.stages, totalMs: timer.totalMs };
    } finally {
      await Promise.all(shards.map((shard) => shard.close()));
    }
  } finally {
    lock.release();
  }
}

/** At most this many changed articles are parsed on one shard without reading the cache. */
const FEW_CHANGED = 100;
/** At most this many bodies are parsed again on that shard for the pages to render; beyond, every core reads the cache. */
const FEW_BODIES = 300;

/**
 * Write what the plan says into the build's folder, in the order a build
 * from nothing writes: pages, feeds, sitemap and robots.txt, static files
 * (over any page of the same name), the search index. Files of the base
 * tree that the site no longer makes are removed first.
 */
async function writeSite(input: {
  shards: ShardHandle[];
  owners: Map<string, number>;
  feedBodies: FeedBodies;
  model: SiteModel;
  /** What the model was built from (shards in worker threads build it again to make their pages' views). */
  builtFrom: { articles: ArticleMeta[]; options: ModelOptions };
  siteTexts: SiteText[];
  views: ViewBuilder[];
  sites: SiteView[];
  settings: Settings;
  plan: OutputPlan;
  searchDocs: SearchDocs;
  /** The index in the output folder, when the state says what it was made from. */
  writtenIndex?: WrittenIndex;
  base?: TreeRecord;
  tempDir: string;
  timer: StageTimer;
  progress?: BuildProgress;
}): Promise<{ sitemapFiles: string[]; search: string[]; searchKeys?: string[] }> {
  const { shards, owners, model, views, settings, plan, base, tempDir, timer } = input;
  for (const file of plan.remove) removeOutputFile(tempDir, file);
  const total = plan.render.size * settings.variants.length;
  const onPages = (done: number) => input.progress?.pages(done, total);
  await timer.timeAsync('render', () =>
    plan.render.size === model.pages.length
      ? // Every page (a build from nothing): each shard makes the views of the pages it renders.
        renderModelOnShards(shards, model, input.builtFrom, input.siteTexts, owners, tempDir, onPages)
      : renderOnShards(shards, model.pages, views, owners, { tempDir, sites: input.sites }, (spec) => plan.render.has(spec), onPages),
  );
  const sitemapFiles = await timer.timeAsync('feeds', async () => {
    if (plan.writeFeeds) await writeFeeds(input.feedBodies.source(bodiesOnShards(shards, owners)), model, views, settings, tempDir);
    writeRobots(settings, tempDir);
    if (!plan.writeSitemap) return base!.sitemapFiles;
    const files = writeSitemap(model, views, settings, tempDir);
    for (const file of base?.sitemapFiles ?? []) if (!files.includes(file)) removeOutputFile(tempDir, file);
    return files;
  });
  timer.time('static', () => copyStaticFiles(plan.copy, tempDir));
  let search: string[] = [];
  let searchKeys: string[] | undefined;
  if (settings.search) {
    search = await timer.timeAsync('search', async () => {
      const index = await searchFiles(input.searchDocs, shards, owners, model, views, settings, { written: input.writtenIndex, baseKeys: plan.copy.some((file) => file.file.includes('search/')) ? undefined : base?.searchKeys });
      searchKeys = index.keys;
      // Most of the index is as the base tree has it after an edit or two: only what differs is written.
      const inBase = new Set(base?.search);
      for (const file of index.files) if (!inBase.has(file.file) || !sameContent(tempDir, file.file, file.content)) writeOutputFile(tempDir, file.file, file.content);
      return [...index.files.map((file) => file.file), ...index.kept];
    });
  }
  // The previous index's files that this one does not have (unless a static file took the name).
  const kept = new Set([...search, ...plan.copy.map((file) => file.file)]);
  for (const file of base?.search ?? []) if (!kept.has(file)) removeOutputFile(tempDir, file);
  return { sitemapFiles, search, searchKeys };
}

/**
 * The search index in the output folder, as the last build made it: its
 * term files can be patched for a few edited articles (index-patch.ts)
 * while the folder is still what that build left.
 */
function writtenIndex(state: OutputState | undefined, outDir: string, searchDocs: SearchDocs): WrittenIndex | undefined {
  const keys = state?.output?.searchKeys;
  const files = state?.output?.search;
  if (!keys || !files || !outputIntact(state, outDir)) return undefined;
  return {
    keys,
    docOf: (key) => searchDocs.earlier.get(key),
    termFiles: () => readTermFiles(files, (file) => readText(path.join(outDir, file))),
  };
}

/** Whether the file at `file` in `dir` holds exactly `content`. */
function sameContent(dir: string, file: string, content: string): boolean {
  return readText(path.join(dir, file)) === content;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Below this many articles, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 300;

/** One shard per core for large sites, one for small ones. */
export function shardCount(articles: number): number {
  return articles >= PARALLEL_THRESHOLD ? Math.min(availableParallelism(), 4) : 1;
}
