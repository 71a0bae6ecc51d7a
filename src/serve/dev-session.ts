import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type SerializedError, XinwenError, XinwenErrors } from '../core/errors.ts';
import { isInside } from '../core/paths.ts';
import { type SiteFolders, siteFolders } from '../core/site-folders.ts';
import { listArticleFiles, toSitePath } from '../load/content-files.ts';
import { loadDictionary } from '../load/dictionary-file.ts';
import { loadSettings } from '../load/settings-file.ts';
import { type ArticlePage, type ArticleMeta, buildSiteModel, entryOf, type ModelMemo, type PageSpec, type SiteModel } from '../model/site-model.ts';
import { RelatedMemo } from '../model/related.ts';
import { Fnv, ListIds, pageSignature } from '../pipeline/page-signature.ts';
import { outputFileFor } from '../model/urls.ts';
import { PAGE_TEMPLATES, type SiteView, TEMPLATE_FOR, type ViewBuilder } from '../render/view-model.ts';
import type { Settings } from '../settings/settings.ts';
import { imageCacheDir, shardCount } from '../pipeline/build.ts';
import { StageTimer } from '../core/timer.ts';
import type { ShardHandle } from '../pipeline/pool.ts';
import type { FileOutcome } from '../pipeline/shard.ts';
import { buildYear, convertOnShards, convertSiteTexts, FEED_SIZE, generatedFiles, modelOptions, parseOnShards, renderOnShards, SearchDocs, searchFiles, shardOf, startShards, variantViews, writeFeedsAndSitemap } from '../pipeline/stages.ts';
import { readTermFiles } from '../search/index-patch.ts';
import { createScriptConverter } from '../pipeline/shard.ts';
import { messageScriptOf } from '../pipeline/message-script.ts';
import type { MessageScript } from '../core/format-error.ts';
import { discardFolder, OUTPUT_MARKER, removeOutputFile, writeOutputFile } from '../write/output.ts';
import { copyStaticFiles, listStaticFiles } from '../write/static-files.ts';
import { PROCESSED_IMAGE } from '../images/image-record.ts';
import { mediaFiles } from '../images/media-set.ts';
import { type PreparedImages, prepareImages } from '../images/process-images.ts';
import { listImageFiles } from '../load/image-files.ts';
import { listAttachments } from '../load/attachments.ts';
import { attachmentClashes, placeAttachments } from '../pipeline/attachment-files.ts';

export interface RebuildResult {
  articles: number;
  pages: number;
  /** Pages written (or removed) by this rebuild. */
  changed: number;
  ms: number;
  /** Time of each step, in order. */
  stages: { name: string; ms: number }[];
}

/** A loaded site: settings, shards holding every parsed article, and what the main thread knows of them. */
interface Loaded {
  site: SiteFolders;
  settings: Settings;
  shards: ShardHandle[];
  views: ViewBuilder[];
  /** Each article file's shard. */
  owners: Map<string, number>;
  metas: Map<string, ArticleMeta>;
  /** Files that failed to parse, with their errors: the site is not built while any remain. */
  errors: Map<string, SerializedError[]>;
  /** The last site built from them. */
  built?: Built;
  /** The last model could not be built (two articles at one URL): `built` is older than the articles, so no shortcut may use it. */
  stale?: boolean;
  /** The site's photos and their renditions, as last prepared. */
  images: PreparedImages;
}

interface Built {
  model: SiteModel;
  sites: SiteView[];
  siteHash: string;
  /**
   * Each published article's page, by file: the model's, or a newer one made
   * when only the article's body changed (see renderBodies).
   */
  pages: Map<string, ArticlePage>;
  /** Files of the articles in the feeds. */
  inFeeds: Set<string>;
}

/** What a batch of changed paths means. */
interface Changes {
  /** Article files read again (present) or gone. */
  articles: string[];
  removed: string[];
  templates: string[];
  statics: string[];
  /** A photo of public/ or content/ came, went or changed: prepare the photos again. */
  images: boolean;
  /** A file of content/ that is no article came, went or changed: copy the article folders' files again. */
  attachments: boolean;
  /** The settings or the dictionary changed: load everything again. */
  reload: boolean;
}

/**
 * The dev server's builder. It keeps its shards (and so every parsed and
 * converted article) and the last site model between rebuilds, and writes
 * only the pages whose inputs changed, straight into its own output folder.
 *
 * Saving an article's body is the editor's most common step, so it has the
 * shortest path: when nothing a list shows changed (title, date, tags…),
 * the model is kept and only the article's own pages (and the feeds, if it
 * is in them) are rendered. Any other change builds the model again and
 * compares each page's signature with what was written. A template change
 * re-renders the pages that use it; settings and dictionary start afresh.
 */
export class DevSession {
  private loaded: Loaded | undefined;
  /** Signature of each written page's inputs, by site path (one signature covers the page in every script). */
  private written = new Map<string, number>();
  /** Bumped when everything must be rendered again (a new load). */
  private generation = 0;
  /** Bumped for a page template when it (or a template it uses) changes. */
  private templateVersions = new Map<string, number>();
  private listIds = new ListIds();
  /** Lent to each model: the entries of unchanged articles (frozen, so shared) and the last 相关新闻. */
  private memo: ModelMemo = { entries: new WeakMap(), related: new RelatedMemo() };
  /** What the feeds and sitemap were last written from. */
  private feedsSignature = '';
  /** Articles' search data, asked of the shards only when an article changed. */
  private searchDocs = new SearchDocs();
  /** Article folders' files as last copied: their stamps by path in the output. */
  private attachmentsWritten = new Map<string, string>();
  /** The search index's files as last written, so a rebuild writes only those that changed. */
  private searchWritten = new Map<string, string>();
  /** The keys of the documents of the index last written, in order. */
  private searchKeys?: string[];
  /** Feeds and sitemap being written after the reload event: the page an editor looks at never waits for them. */
  private feedsRunning: Promise<void> = Promise.resolve();
  private feedsError: unknown;
  private timer = new StageTimer();
  /** How messages about the site are shown (its script), once its settings are read; undefined before, or for a simplified site. */
  messageScript: MessageScript | undefined;

  constructor(
    private readonly root: string,
    readonly outDir: string,
    private readonly drafts = false,
  ) {}

  /** Forget the loaded site: the next rebuild reads settings, dictionary, templates and articles again. */
  async restart(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (loaded) await Promise.all(loaded.shards.map((shard) => shard.close()));
  }

  /**
   * Rebuild after `changedFiles` (absolute paths, from the watcher) changed;
   * without them, load and compare everything.
   */
  async rebuild(changedFiles?: string[]): Promise<RebuildResult> {
    const begin = performance.now();
    this.timer = new StageTimer();
    await this.feedsRunning;
    if (this.feedsError !== undefined) {
      const error = this.feedsError;
      this.feedsError = undefined;
      throw error;
    }
    let changes: Changes | undefined = this.loaded && changedFiles ? this.classify(this.loaded, changedFiles) : undefined;
    if (!this.loaded || !changes || changes.reload) {
      await this.timer.timeAsync('load', () => this.load());
      changes = undefined;
    }
    const loaded = this.loaded!;
    let bodiesOnly = false;
    if (changes) {
      if (changes.images) await this.timer.timeAsync('images', () => this.updateImages(loaded, changes!));
      bodiesOnly = await this.timer.timeAsync('read', () => this.readArticles(loaded, changes!));
      if (changes.templates.length > 0) {
        bodiesOnly = false;
        await this.timer.timeAsync('templates', () => this.reloadTemplates(loaded, changes!.templates));
      }
    }
    const errors = [...loaded.errors.keys()].sort().flatMap((file) => loaded.errors.get(file)!.map((error) => XinwenError.fromJSON(error)));
    if (errors.length > 0) throw new XinwenErrors(errors);

    let pagesChanged = 0;
    if (!changes || !loaded.built || changes.articles.length > 0 || changes.removed.length > 0 || changes.templates.length > 0) {
      pagesChanged = bodiesOnly && loaded.built && !loaded.stale ? await this.renderBodies(loaded, loaded.built, changes!.articles) : await this.renderSite(loaded);
    }
    let staticsChanged = 0;
    if (!changes || changes.statics.length > 0 || changes.images) staticsChanged = this.timer.time('static', () => this.copyStatics(loaded, changes?.statics ?? []));
    // An article folder's files move with its page: copied when one of them changed, or an article may have moved.
    if (!changes || changes.attachments || (pagesChanged > 0 && !bodiesOnly)) staticsChanged += this.timer.time('attachments', () => this.copyAttachments(loaded));
    const changed = pagesChanged + staticsChanged;
    if (pagesChanged > 0 && loaded.settings.search) {
      // Before the reload: the article just saved is found by the search page the browser reloads.
      await this.timer.timeAsync('search', () => this.writeSearch(loaded, loaded.built!));
    } else if (!loaded.settings.search && this.searchWritten.size > 0) {
      this.removeSearch(new Map()); // search was turned off
    }
    const built = loaded.built!;
    return { articles: built.model.articles.length, pages: built.model.pages.length * loaded.settings.variants.length, changed, ms: performance.now() - begin, stages: this.timer.stages };
  }

  /** Read settings, dictionary, templates and every article. */
  private async load(): Promise<void> {
    await this.restart();
    this.messageScript = undefined;
    const site = siteFolders(this.root);
    const settings = loadSettings(site);
    const dictionary = loadDictionary(site);
    const files = listArticleFiles(site.root, site.contentDir);
    // The build's article cache: a dev server started after a build (or another dev server) parses nothing.
    const cacheDir = path.join(site.root, '.cache', 'xinwen');
    const converter = createScriptConverter(settings, dictionary);
    this.messageScript = messageScriptOf(settings, converter);
    const images = await prepareImages(listImageFiles(site), imageCacheDir(site.root, undefined));
    const shards = startShards(site, settings, dictionary, shardCount(files.length), converter, { dir: cacheDir, read: true }, images.records);
    try {
      await Promise.all(shards.map((shard) => shard.call('compile', PAGE_TEMPLATES)));
      const views = variantViews(settings, convertSiteTexts(converter, settings, buildYear(settings)));
      const { outcomes, owners } = await parseOnShards(shards, files);
      const articles = await convertOnShards(shards);
      await Promise.all(shards.map((shard) => shard.call('saveCache', undefined)));
      const loaded: Loaded = { site, settings, shards, views, owners, metas: new Map(), errors: new Map(), images };
      // Numbered as they arrive, before any model holds them; never changed after.
      for (const article of articles) {
        this.listIds.assign(article);
        loaded.metas.set(article.file, article);
      }
      for (const outcome of outcomes) {
        for (const error of outcome.errors) {
          const file = error.file ?? '';
          loaded.errors.set(file, [...(loaded.errors.get(file) ?? []), error]);
        }
      }
      this.loaded = loaded;
    } catch (error) {
      await Promise.all(shards.map((shard) => shard.close()));
      throw error;
    }
    if (this.generation++ === 0) {
      // A previous session's pages are unknown to this one: start from an empty folder.
      if (existsSync(this.outDir)) discardFolder(this.outDir);
      mkdirSync(this.outDir, { recursive: true });
      writeFileSync(path.join(this.outDir, OUTPUT_MARKER), 'This folder is written by xinwen dev.\n');
    }
    this.feedsSignature = '';
    this.memo = { entries: new WeakMap(), related: new RelatedMemo() };
  }

  /** Sort the watcher's paths into article, template and static changes. */
  private classify(loaded: Loaded, changedFiles: string[]): Changes {
    const { site, metas, errors, owners } = loaded;
    const changes: Changes = { articles: [], removed: [], templates: [], statics: [], images: false, attachments: false, reload: false };
    let relist = false;
    const articles = new Set<string>();
    for (const full of changedFiles.map((file) => path.resolve(file))) {
      const photo = PROCESSED_IMAGE.test(full) && (isInside(full, site.publicDir) || isInside(full, site.contentDir));
      if (photo) changes.images = true;
      const inContent = isInside(full, site.contentDir) && !/^(site\.yaml|dictionary\.txt)$/.test(toSitePath(site.contentDir, full));
      if (inContent && !/\.md$/i.test(full)) changes.attachments = true;
      if (photo && inContent) continue;
      if (isInside(full, site.templatesDir)) changes.templates.push(toSitePath(site.templatesDir, full));
      else if (isInside(full, site.publicDir)) changes.statics.push(toSitePath(site.publicDir, full));
      else if (!isInside(full, site.contentDir)) continue;
      else if (/^(site\.yaml|dictionary\.txt)$/.test(toSitePath(site.contentDir, full))) changes.reload = true;
      else if (/\.md$/i.test(full) && isFile(full)) articles.add(toSitePath(site.root, full));
      else if (/\.md$/i.test(full) && owners.has(toSitePath(site.root, full))) changes.removed.push(toSitePath(site.root, full));
      else if (!/\.md$/i.test(full) && isFile(full)) continue; // an article folder's file (above)
      else relist = true; // a folder came or went: find out which articles did
    }
    // A template folder that appears or disappears changes the lookup order: load afresh.
    if (existsSync(site.templatesDir) !== site.templateDirs.includes(site.templatesDir)) changes.reload = true;
    if (relist) {
      const files = new Set(listArticleFiles(site.root, site.contentDir));
      for (const file of files) if (!metas.has(file) && !errors.has(file)) articles.add(file);
      for (const file of owners.keys()) if (!files.has(file)) changes.removed.push(file);
    }
    changes.articles = [...articles].sort();
    changes.removed = [...new Set(changes.removed)].filter((file) => !articles.has(file));
    return changes;
  }

  /**
   * Photos changed: make the renditions of the new and changed ones, give the
   * shards the new measurements, and read again the articles that show a photo
   * that changed (their pages name its renditions).
   */
  private async updateImages(loaded: Loaded, changes: Changes): Promise<void> {
    loaded.images = await prepareImages(listImageFiles(loaded.site), imageCacheDir(loaded.site.root, undefined));
    const { records } = loaded.images;
    await Promise.all(loaded.shards.map((shard) => shard.call('useImages', records)));
    const hashOf = new Map(records.map((record) => [record.file, record.hash]));
    const affected = [...loaded.metas.values()].filter((meta) => (meta.images ?? []).some((use) => hashOf.get(use.file) !== use.hash)).map((meta) => meta.file);
    // Articles that failed (a photo was missing) may now find it.
    changes.articles = [...new Set([...changes.articles, ...affected, ...loaded.errors.keys()])].filter((file) => file !== '' && !changes.removed.includes(file)).sort();
  }

  /**
   * Have the owning shards read the changed articles again and drop the
   * removed ones. True when no article came or went and nothing that lists
   * show changed: only bodies did.
   */
  private async readArticles(loaded: Loaded, changes: Changes): Promise<boolean> {
    const { shards, owners, metas, errors } = loaded;
    const count = shards.length;
    const shares = shards.map(() => ({ files: [] as string[], removed: [] as string[] }));
    for (const file of changes.articles) shares[shardOf(file, count)]!.files.push(file);
    for (const file of changes.removed) shares[shardOf(file, count)]!.removed.push(file);
    const outcomes = await Promise.all(
      shares.map((share, i) => (share.files.length + share.removed.length > 0 ? shards[i]!.call<FileOutcome[]>('update', share) : [])),
    );
    let bodiesOnly = changes.removed.length === 0;
    for (const file of changes.removed) {
      owners.delete(file);
      metas.delete(file);
      errors.delete(file);
    }
    for (const outcome of outcomes.flat()) {
      owners.set(outcome.file, shardOf(outcome.file, count));
      const before = metas.get(outcome.file);
      if (outcome.article) {
        this.listIds.assign(outcome.article);
        metas.set(outcome.file, outcome.article);
        errors.delete(outcome.file);
      } else {
        metas.delete(outcome.file);
        errors.set(outcome.file, outcome.errors);
      }
      if (!before || !outcome.article || before.listKey !== outcome.article.listKey) bodiesOnly = false;
    }
    return bodiesOnly;
  }

  /** New template engines on every shard; the pages whose templates changed will be rendered again. */
  private async reloadTemplates(loaded: Loaded, changed: string[]): Promise<void> {
    const bump = (name: string) => this.templateVersions.set(name, (this.templateVersions.get(name) ?? 0) + 1);
    // A page template no other template names affects only its own pages; anything else (base, partials) every page.
    const others = templateSources(loaded.site.templateDirs);
    const ownPagesOnly = changed.every(
      (name) => PAGE_TEMPLATES.includes(name) && [...others].every(([other, source]) => other === name || !source.includes(name)),
    );
    for (const name of ownPagesOnly ? changed : PAGE_TEMPLATES) bump(name);
    await Promise.all(loaded.shards.map((shard) => shard.call('reloadTemplates', undefined)));
    await Promise.all(loaded.shards.map((shard) => shard.call('compile', PAGE_TEMPLATES)));
  }

  /**
   * The short path: articles whose bodies alone changed. The model is kept;
   * each such article gets a new entry (its reading time may differ) on a new
   * page of its own, and only those pages are rendered. Lists and other pages
   * keep the old entry, which shows exactly what the new one would (the
   * article's list key is unchanged), and no model is changed.
   */
  private async renderBodies(loaded: Loaded, built: Built, files: string[]): Promise<number> {
    const specs: PageSpec[] = [];
    let feeds = false;
    for (const file of files) {
      const page = built.pages.get(file);
      if (!page) continue; // a draft
      const updated: ArticlePage = { ...page, article: entryOf(loaded.metas.get(file)!, this.memo.entries, loaded.settings.permalink) };
      built.pages.set(file, updated);
      specs.push(updated);
      if (built.inFeeds.has(file)) feeds = true;
    }
    const changed = await this.timer.timeAsync('render', () => this.render(loaded, built, specs));
    if (feeds) this.writeFeedsLater(loaded, built);
    return changed;
  }

  /** The model with everything the dev server keeps about it. */
  private siteOf(loaded: Loaded, model: SiteModel): Built {
    const sites = loaded.views.map((builder) => builder.site(model));
    const built: Built = {
      model,
      sites,
      siteHash: createHash('sha1').update(JSON.stringify(sites)).digest('hex'),
      pages: new Map(),
      inFeeds: new Set(model.articles.slice(0, FEED_SIZE).map((article) => article.file)),
    };
    for (const spec of model.pages) if (spec.kind === 'article') built.pages.set(spec.article.file, spec);
    return built;
  }

  /** The long path: build the model again and render every page whose signature changed. */
  private async renderSite(loaded: Loaded): Promise<number> {
    const { settings } = loaded;
    const built = this.timer.time('model', () => {
      // Map order, not file order: the model orders articles itself (by date, then slug).
      const metas = [...loaded.metas.values()];
      loaded.stale = true;
      const model = buildSiteModel(metas, modelOptions(settings, this.drafts), this.memo);
      loaded.stale = false;
      return this.siteOf(loaded, model);
    });
    const { model } = built;
    loaded.built = built;

    let changed = await this.timer.timeAsync('render', () => this.render(loaded, built, model.pages));
    const seen = new Set(model.pages.map((spec) => spec.path));
    for (const sitePath of [...this.written.keys()]) {
      if (seen.has(sitePath)) continue;
      for (const variant of settings.variants) removeOutputFile(this.outDir, outputFileFor(variant.path + sitePath.slice(1)));
      this.written.delete(sitePath);
      changed += settings.variants.length;
    }
    // Feeds show the newest articles and the sitemap lists every page: write them again only when those changed.
    const feedsSignature = [
      built.siteHash,
      model.articles.slice(0, FEED_SIZE).map((article) => `${article.contentKey}|${article.listKey}`).join(','),
      model.pages.map((spec) => (spec.kind === 'article' ? `${spec.path}@${spec.article.time}@${spec.article.updated ?? ''}` : spec.path)).join(','),
    ].join('|');
    if (feedsSignature !== this.feedsSignature) {
      this.writeFeedsLater(loaded, built);
      this.feedsSignature = feedsSignature;
    }
    return changed;
  }

  /** Render the pages among `specs` whose signature differs from what was written; returns how many. */
  private async render(loaded: Loaded, built: Built, specs: readonly PageSpec[]): Promise<number> {
    const { shards, views, owners } = loaded;
    let changed = 0;
    // Each spec is asked about once per script: decide on the first, answer the rest alike.
    const decided = new Map<PageSpec, boolean>();
    const seeds = new Map<string, Fnv>();
    const seedOf = (kind: PageSpec['kind']) => {
      let seed = seeds.get(kind);
      if (!seed) seeds.set(kind, (seed = new Fnv().text(`${this.generation}|${this.templateVersions.get(TEMPLATE_FOR[kind]) ?? 0}|${built.siteHash}|${kind}`)));
      return seed;
    };
    try {
      await renderOnShards(shards, specs, views, owners, { tempDir: this.outDir, sites: built.sites }, (spec) => {
        let render = decided.get(spec);
        if (render === undefined) {
          const signature = pageSignature(spec, seedOf(spec.kind));
          render = this.written.get(spec.path) !== signature;
          if (render) this.written.set(spec.path, signature);
          decided.set(spec, render);
        }
        if (render) changed++;
        return render;
      }, undefined, 'all');
    } catch (error) {
      // Some pages named as written were not: have the next rebuild write every page again.
      for (const sitePath of this.written.keys()) this.written.set(sitePath, -1);
      throw error;
    }
    return changed;
  }

  /** Write feeds and sitemap after this rebuild; the next rebuild waits for them (and reports their error). */
  private writeFeedsLater(loaded: Loaded, built: Built): void {
    this.feedsRunning = this.feedsRunning
      .then(() => writeFeedsAndSitemap(loaded.shards, loaded.owners, built.model, loaded.views, loaded.settings, this.outDir))
      .catch((error: unknown) => {
        this.feedsError = error;
        this.feedsSignature = ''; // write them again next time
      });
  }

  /** Copy public/ again; a removed static file leaves the output too. Returns how many files the watcher named (copied or removed). */
  private copyStatics(loaded: Loaded, changed: string[]): number {
    const files = [...listStaticFiles(loaded.site.staticFolders).files, ...mediaFiles(loaded.images.media)];
    copyStaticFiles(files, this.outDir);
    const published = new Set(files.map((file) => file.file));
    for (const file of changed) {
      if (!published.has(file) && file !== OUTPUT_MARKER && !this.isPage(loaded, file)) removeOutputFile(this.outDir, file);
    }
    return changed.length;
  }

  /**
   * Copy the article folders' files beside their pages, in every script tree,
   * those that changed or moved; remove those gone. Returns how many files
   * were copied or removed.
   */
  private copyAttachments(loaded: Loaded): number {
    const { site, settings, built } = loaded;
    if (!built) return 0;
    const listed = listAttachments(site, [...loaded.owners.keys()].sort());
    const placed = placeAttachments(listed.attachments, built.model.articles, settings.variants.map((variant) => variant.path)).files;
    const errors = [...listed.errors, ...attachmentClashes(placed, generatedFiles(built.model, settings), listStaticFiles(site.staticFolders).files)];
    if (errors.length > 0) throw new XinwenErrors(errors);
    const written = new Map<string, string>();
    let changed = 0;
    for (const file of placed) {
      written.set(file.file, file.stamp!);
      if (this.attachmentsWritten.get(file.file) === file.stamp) continue;
      copyStaticFiles([file], this.outDir);
      changed++;
    }
    for (const file of this.attachmentsWritten.keys()) {
      if (written.has(file) || this.isPage(loaded, file)) continue;
      removeOutputFile(this.outDir, file);
      changed++;
    }
    this.attachmentsWritten = written;
    return changed;
  }

  /** Whether an output file is one of the pages (a static file of that name gave way to it). */
  private isPage(loaded: Loaded, file: string): boolean {
    return [...this.written.keys()].some((sitePath) => loaded.settings.variants.some((variant) => outputFileFor(variant.path + sitePath.slice(1)) === file));
  }

  /** Wait for background work: feeds and sitemap. */
  async settled(): Promise<void> {
    await this.feedsRunning;
  }

  /**
   * The search index again, from the search data of unchanged articles kept
   * here and that of changed ones from their shards; only files whose content
   * changed are written.
   */
  private async writeSearch(loaded: Loaded, built: Built): Promise<void> {
    // After a body-only change the model keeps the old entry: its content key is the new meta's.
    const articles = built.model.articles.map((entry) => ({ ...entry, contentKey: loaded.metas.get(entry.file)?.contentKey ?? entry.contentKey }));
    const previous = this.searchKeys && {
      keys: this.searchKeys,
      docOf: (key: string) => this.searchDocs.earlier.get(key),
      termFiles: () => readTermFiles(this.searchWritten.keys(), (file) => this.searchWritten.get(file)),
    };
    const index = await searchFiles(this.searchDocs, loaded.shards, loaded.owners, { ...built.model, articles }, loaded.views, loaded.settings, { written: previous, baseKeys: this.searchKeys });
    this.searchKeys = index.keys;
    const written = new Map<string, string>();
    for (const { file, content } of index.files) {
      if (this.searchWritten.get(file) !== content) writeOutputFile(this.outDir, file, content);
      written.set(file, content);
    }
    for (const file of index.kept) written.set(file, this.searchWritten.get(file)!);
    this.removeSearch(written);
  }

  /** Remove the search files written before that are not in `written`, which become those written. */
  private removeSearch(written: Map<string, string>): void {
    for (const file of this.searchWritten.keys()) if (!written.has(file)) removeOutputFile(this.outDir, file);
    this.searchWritten = written;
    if (written.size === 0) this.searchKeys = undefined;
  }

  async close(): Promise<void> {
    await this.settled();
    await this.restart();
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Every template's source by name (the site's own over the built-in ones). */
function templateSources(dirs: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const name = toSitePath(dir, full);
      if (!sources.has(name)) sources.set(name, readFileSync(full, 'utf8'));
    }
  }
  return sources;
}
