import { availableParallelism } from 'node:os';
import path from 'node:path';
import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import type { MessageScript } from '../core/format-error.ts';
import { language } from '../core/language.ts';
import { generatorId } from '../core/generator-id.ts';
import { GUESSES_IN_FILE, guessSummary } from '../convert/conversion-lint.ts';
import { siteFolders } from '../core/site-folders.ts';
import { StageTimer } from '../core/timer.ts';
import { listArticleFiles } from '../load/content-files.ts';
import { ignoredKeySummary } from '../parse/foreign-keys.ts';
import { loadDictionary } from '../load/dictionary-file.ts';
import { loadSettings } from '../load/settings-file.ts';
import type { CompiledTemplate } from '../render/templates.ts';
import { readTermFiles, type WrittenIndex } from '../search/index-patch.ts';
import { settingsWarnings } from '../settings/settings.ts';
import { lockOutput } from '../write/output-lock.ts';
import { abandonOutput, commitOutput, discardSpare, keepLinkedSpare, resolveOutputDir, startOutput, treeIdentity } from '../write/output.ts';
import { listStaticFiles } from '../write/static-files.ts';
import { listImageFiles } from '../load/image-files.ts';
import { listAttachments } from '../load/attachments.ts';
import { prepareImages } from '../images/process-images.ts';
import { planBodyEdits } from './body-edits.ts';
import { sourceStamps } from './fingerprint.ts';
import { type BuiltFrom, planWithModel } from './model-plan.ts';
import { baseTree, bodiesNeeded, changedArticles, outputIntact } from './output-plan.ts';
import { type OutputState, readOutputState, type TreeRecord, writeOutputState } from './output-state.ts';
import { DAMAGED_STORE } from './kept-articles.ts';
import { FeedBodies, parseErrors, type ReadArticles, readAll, readBodies, readChanged, withKept } from './read-articles.ts';
import { lazyMessageScript } from './message-script.ts';
import { createScriptConverter } from './shard.ts';
import { buildYear, compileTemplates, convertSiteTexts, parseOnShards, prepareViews, SearchDocs, startShards, variantViews } from './stages.ts';
import { recordBuild, upToDate } from './up-to-date.ts';
import { readText, writeSite } from './write-site.ts';

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
  /** Hears how to show messages about this site (in its script) as soon as its settings are read. */
  onScript?: (script: MessageScript) => void;
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
 * edits, the changed articles are parsed on one shard and no cache is read;
 * edits of bodies alone need no model at all (body-edits.ts).
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  try {
    return await buildOnce(options);
  } catch (error) {
    // The last build's article store, read as needed, turned out damaged mid-build (kept-articles.ts): it is deleted, the output
    // untouched. A damaged cache is a miss, never a failure: build again without it.
    if (!(error instanceof XinwenError && error.code === DAMAGED_STORE)) throw error;
    return buildOnce({ ...options, force: true });
  }
}

async function buildOnce(options: BuildOptions): Promise<BuildResult> {
  const timer = new StageTimer((name) => options.progress?.stage(name));
  const site = siteFolders(options.root);
  const settings = timer.time('settings', () => loadSettings(site));
  const dictionary = timer.time('dictionary', () => loadDictionary(site));
  const script = lazyMessageScript(settings, dictionary);
  if (script) options.onScript?.(script);
  const outDir = resolveOutputDir(options.outDir, site);
  const { files, statics, imageFiles, attached } = timer.time('list', () => {
    const files = listArticleFiles(site.root, site.contentDir);
    return { files, statics: listStaticFiles(site.staticFolders), imageFiles: listImageFiles(site), attached: listAttachments(site, files) };
  });
  if (attached.errors.length > 0) throw new XinwenErrors(attached.errors);
  const { attachments } = attached;
  const cacheDir = options.cacheDir === false ? undefined : path.resolve(options.cacheDir ?? path.join(site.root, '.cache', 'xinwen'));
  // Photos measured and their renditions made (only the new and changed ones): published as static files of media/.
  const images = await timer.timeAsync('images', () => prepareImages(imageFiles, imageCacheDir(site.root, options.cacheDir)));
  const staticFiles = statics.files;
  const warnings = [...settingsWarnings(settings), ...statics.warnings, ...attached.warnings, ...images.warnings];
  const durable = options.durable ?? true;

  // Pages show the year (the copyright's): a new year is a change of every page, as a new setting is.
  const year = buildYear(settings);

  const lock = await timer.timeAsync('lock', () => lockOutput(outDir, { wait: options.wait ?? true, command: 'build', onWait: options.progress?.note }));
  try {
    const sources = timer.time('fingerprint', () =>
      sourceStamps({ generator: generatorId(), site, articleFiles: files, staticFiles, attachments, media: images.media, known: new Map(imageFiles.map((image) => [image.full, image.stamp])), options: { drafts: options.drafts ?? false, year, language: language() } }),
    );
    const previous = cacheDir && !options.force ? upToDate(cacheDir, outDir, sources.fingerprint) : undefined;
    if (previous) {
      return { articles: previous.articles, pages: previous.pages, parsed: 0, rendered: 0, upToDate: true, warnings, stages: timer.stages, totalMs: timer.totalMs };
    }
    // What the last build left, with its articles' search data (by content key) when the site has search.
    const { state, keptSearch } = timer.time('state', () => {
      const state = cacheDir && !options.force ? readOutputState(cacheDir, outDir, sources.siteKey) : undefined;
      return { state, keptSearch: state && settings.search ? state.articles.searchDocs() : undefined };
    });
    const base = baseTree(state, outDir);
    const changed = state && base ? changedArticles(state, sources.articles, images.records) : undefined;
    // A few edits: parse the changed articles on one shard and read no cache; otherwise every article on every core.
    const few = changed !== undefined && changed.length <= FEW_CHANGED;
    const converter = createScriptConverter(settings, dictionary);
    const shardCache = cacheDir ? { dir: cacheDir, read: !options.force } : undefined;
    const startAll = () => startShards(site, settings, dictionary, options.jobs ?? shardCount(files.length), converter, shardCache, images.records);
    let workerSaves: Promise<unknown> | undefined;
    let shards = few ? startShards(site, settings, dictionary, 1, converter, undefined, images.records) : startAll();
    const workers = () => shards.filter((shard) => !shard.local);
    try {
      // Templates: after a few edits, as the last build compiled them (they are the same: they count in the site key), with the
      // settings' texts it converted; this thread then needs no converter but for the edits. Otherwise compiled, so a broken
      // template stops the build before it writes.
      let templates = few ? state!.templates : await timer.timeAsync('templates', () => compileTemplates(shards));
      if (few) await shards[0]!.call('useTemplates', templates);
      const edited = few ? await readChanged(shards[0]!, changed, timer) : undefined;
      const siteTexts = state?.siteTexts ?? convertSiteTexts(converter, settings, year);
      const views = variantViews(settings, siteTexts);
      // A build from nothing renders every page from the model: worker threads build their copy of it while this thread builds its own.
      let workersReady: Promise<unknown> | undefined;
      const onBuiltFrom = !base?.record && shards.length > 1 ? (built: BuiltFrom) => (workersReady = prepareViews(shards, built, siteTexts)) : undefined;
      let planned = edited && timer.time('plan', () => planBodyEdits({ state: state!, base: base!, edited, stamps: sources.articles, statics: staticFiles, staticStamps: sources.statics, attachments, media: images.media, settings }));
      let read: Pick<ReadArticles, 'owners' | 'parsed'>;
      if (planned) read = { owners: new Map([...edited!.keys()].map((file) => [file, 0])), parsed: edited!.size };
      else {
        const all = edited ? withKept(files, edited, state!.articles, 0) : await readAll(shards, files, timer);
        planned = planWithModel({ read: all, state, base, settings, views, sources, statics: staticFiles, attachments, media: images.media, drafts: options.drafts ?? false, timer, onBuiltFrom });
        read = all;
      }
      const parsedWarnings = planned.articles.flatMap((article) => article.warnings);
      warnings.push(...ignoredKeySummary(parsedWarnings.filter((warning) => warning.code !== GUESSES_IN_FILE)));
      const guesses = guessSummary(parsedWarnings);
      if (guesses) warnings.push(guesses);
      warnings.push(...planned.warnings);

      // Search data of unchanged articles as the last build kept it; shards are asked only for the others.
      const searchDocs = new SearchDocs(keptSearch);
      const feedBodies = new FeedBodies(state?.feedBodies ?? new Map(), new Map(planned.latest.map((page) => [page.article.file, page.article.contentKey])));
      if (few) {
        const needed = bodiesNeeded(planned, (file) => feedBodies.has(file));
        if (needed.size <= FEW_BODIES) {
          await timer.timeAsync('bodies', () => readBodies(shards[0]!, 0, read.owners, needed));
        } else {
          // Many pages to render after all (热门文章 changed): every article on every core, from the cache.
          await Promise.all(shards.map((shard) => shard.close()));
          shards = startAll();
          read.owners = await timer.timeAsync('bodies', async () => {
            templates = await compileTemplates(shards);
            const { outcomes, owners } = await parseOnShards(shards, files);
            const errors = parseErrors(outcomes);
            if (errors.length > 0) throw new XinwenErrors(errors); // a file changed since it was read
            return owners;
          });
        }
      }

      const keepReplaced = cacheDir !== undefined && outputIntact(state, outDir);
      const tempDir = startOutput(outDir, base?.start ?? 'empty');
      let written: { sitemapFiles: string[]; search: string[]; searchKeys?: string[] };
      // Once the worker threads have answered everything, they write their caches while this thread writes the feeds and the search index.
      const onAnswered = () => {
        if (cacheDir) workerSaves = settled(Promise.all(workers().map((shard) => shard.call('saveCache', undefined))));
      };
      try {
        const index = writtenIndex(state, outDir, searchDocs);
        written = await writeSite({ shards, owners: read.owners, feedBodies, planned, siteTexts, views, settings, searchDocs, writtenIndex: index, base: base?.record, tempDir, timer, progress: options.progress, workersReady, onAnswered });
        lock.assertHeld();
        timer.time('commit', () => commitOutput(tempDir, outDir, { durable, keepReplaced }));
      } catch (error) {
        abandonOutput(tempDir, outDir);
        throw error;
      }
      const { plan } = planned;
      if (cacheDir) {
        const output: TreeRecord = { identity: treeIdentity(outDir)!, pages: plan.pages, feeds: plan.feeds, sitemap: plan.sitemap, statics: planned.staticStamps, media: images.media.list, ...written, differs: planned.differs };
        // The replaced output is the next build's spare; a first build links one (it costs a second on 10,000 articles, and saves one on every
        // later build), in a worker thread when there is one, while this thread writes the state and its cache.
        const linker = workers()[0];
        const spare = keepReplaced
          ? state!.output
          : linker
            ? settled(linker.call<boolean>('linkSpare', { outDir, durable })).then((linked) => (linked === true ? output : undefined))
            : timer.time('spare', () => (keepLinkedSpare(outDir, { durable }) ? output : undefined));
        await timer.timeAsync('cache', async () => {
          const { articles } = planned;
          for (const article of articles) article.search = article.meta.contentKey ? searchDocs.get(article.meta.contentKey) : undefined;
          const bodies = plan.writeFeeds ? feedBodies.given : (state?.feedBodies ?? feedBodies.given);
          // The templates as compiled here (one shard compiled them alone: its code now).
          templates ??= await shards[0]!.call<CompiledTemplate[][]>('compiledTemplates', undefined);
          const kept = { siteKey: sources.siteKey, articles, nextListId: planned.nextListId, feedBodies: bodies, templates, siteTexts, site: planned.site, output, spare };
          const saved = Promise.all(shards.map((shard) => (shard.local || !workerSaves ? shard.call('saveCache', undefined) : workerSaves)));
          await writeOutputState(cacheDir, outDir, kept, state?.articles);
          await saved;
        });
        recordBuild(cacheDir, outDir, sources.fingerprint, planned.counts);
      } else {
        discardSpare(outDir);
      }
      return { ...planned.counts, parsed: read.parsed, rendered: plan.render.size * settings.variants.length, upToDate: false, warnings, stages: timer.stages, totalMs: timer.totalMs };
    } finally {
      // A worker still writing its cache (the build failed after it began) finishes first: no half-written file is left.
      await workerSaves;
      await Promise.all(shards.map((shard) => shard.close()));
    }
  } finally {
    lock.release();
  }
}

/** A promise that never rejects: its failure is its value (a worker's cache or spare is a saving, never the build's result). */
function settled<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
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

/**
 * Where photos' renditions are kept: ROOT/.cache/images, or beside the
 * articles' cache when one is named (--cache-dir). With no cache at all they
 * still go to ROOT/.cache/images: making them again on every build would
 * take minutes.
 */
export function imageCacheDir(root: string, cacheDir: string | false | undefined): string {
  return typeof cacheDir === 'string' ? path.join(path.resolve(cacheDir), 'images') : path.join(root, '.cache', 'images');
}

/** At most this many changed articles are parsed on one shard without reading the cache. */
const FEW_CHANGED = 100;
/** At most this many bodies are parsed again on that shard for the pages to render; beyond, every core reads the cache. */
const FEW_BODIES = 300;

/**
 * Below this many articles, worker threads cost more than they save: each
 * loads the libraries, reads the conversion tables and makes the model
 * again, and the build's serial stages stay as they are. On 2 cores, cold,
 * two scripts, search on: 1,000 articles 3.0 s on one thread against 3.45 s
 * on two (CPU 3.9 s against 5.3 s); 3,758 articles 8.85 s against 8.35 s.
 */
const PARALLEL_THRESHOLD = 2000;

/** One shard per core for large sites, one for small ones. */
export function shardCount(articles: number): number {
  return articles >= PARALLEL_THRESHOLD ? Math.min(availableParallelism(), 4) : 1;
}
