import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XinwenError, XinwenErrors } from '../core/errors.ts';
import { siteFolders } from '../core/site-folders.ts';
import { listArticleFiles } from '../load/content-files.ts';
import { loadDictionary } from '../load/dictionary-file.ts';
import { loadSettings } from '../load/settings-file.ts';
import { type ArticleEntry, buildSiteModel, type PageSpec } from '../model/site-model.ts';
import { outputFileFor } from '../model/urls.ts';
import { PAGE_TEMPLATES } from '../render/view-model.ts';
import { shardCount } from '../build/build.ts';
import type { ShardHandle } from '../build/pool.ts';
import { modelOptions, parseOnShards, renderOnShards, startShards, variantViews, writeFeedsAndSitemap } from '../build/stages.ts';
import { copyStatic, OUTPUT_MARKER } from '../write/output.ts';
import { copySearchConverters } from '../write/search-index.ts';

export interface RebuildResult {
  articles: number;
  pages: number;
  /** Pages written (or removed) by this rebuild. */
  changed: number;
  ms: number;
}

/**
 * The dev server's builder. It keeps its shards (and so every parsed and
 * converted article) between rebuilds, and writes only the pages whose view
 * changed, straight into its own output folder: a rebuild after editing one
 * article parses one file and rewrites the pages that show it. Settings,
 * dictionary and template changes start the shards afresh.
 */
export class DevSession {
  private shards: ShardHandle[] | undefined;
  /** Hash of each written page's inputs, by output file. */
  private written = new Map<string, string>();
  private searchRunning: Promise<void> = Promise.resolve();
  /** What the feeds and sitemap were last written from. */
  private feedsSignature = '';

  constructor(
    private readonly root: string,
    readonly outDir: string,
    private readonly drafts = false,
  ) {}

  /** Forget the shards: the next rebuild re-reads settings, dictionary and templates. */
  async restart(): Promise<void> {
    const shards = this.shards;
    this.shards = undefined;
    this.written.clear();
    this.feedsSignature = '';
    if (shards) await Promise.all(shards.map((shard) => shard.close()));
  }

  /**
   * Rebuild. `changedFiles` (absolute paths, from the watcher) lets shards
   * reuse every other article without reading it; without it, every file is
   * read and compared by content.
   */
  async rebuild(changedFiles?: string[]): Promise<RebuildResult> {
    const begin = performance.now();
    const site = siteFolders(this.root);
    const settings = loadSettings(site);
    const dictionary = loadDictionary(site);
    const files = listArticleFiles(site.root, site.contentDir);
    if (!this.shards) {
      this.shards = startShards(site, settings, dictionary, shardCount(files.length));
      try {
        await Promise.all(this.shards.map((shard) => shard.call('compile', PAGE_TEMPLATES)));
      } catch (error) {
        await this.restart();
        throw error;
      }
      if (existsSync(this.outDir)) rmSync(this.outDir, { recursive: true, force: true });
      mkdirSync(this.outDir, { recursive: true });
      writeFileSync(path.join(this.outDir, OUTPUT_MARKER), 'This folder is written by xinwen dev.\n');
    }
    const shards = this.shards;
    const changedPaths = changedFiles?.map((file) => path.relative(site.root, file).split(path.sep).join('/'));
    const { outcomes, owners } = await parseOnShards(shards, files, changedPaths);
    const errors = outcomes.flatMap((outcome) => outcome.errors).map((error) => XinwenError.fromJSON(error));
    if (errors.length > 0) throw new XinwenErrors(errors);
    const model = buildSiteModel(
      outcomes.flatMap((outcome) => outcome.articles),
      modelOptions(settings, this.drafts),
    );
    const views = await variantViews(shards[0]!, settings);
    const sites = views.map((builder) => builder.site(model));
    const siteHash = createHash('sha1').update(JSON.stringify(sites)).digest('hex');

    // A page is written again when the site view changed (sidebar, navigation), or when
    // anything it shows changed: each page's signature names the articles it shows, by content.
    const seen = new Set<string>();
    let changed = 0;
    await renderOnShards(shards, model.pages, views, owners, { tempDir: this.outDir, sites }, (spec, variant) => {
      const file = outputFileFor(settings.variants[variant]!.path + spec.path.slice(1));
      seen.add(file);
      const signature = `${siteHash}|${pageSignature(spec)}`;
      if (this.written.get(file) === signature) return false;
      this.written.set(file, signature);
      changed++;
      return true;
    });
    for (const file of [...this.written.keys()]) {
      if (seen.has(file)) continue;
      removeWithEmptyFolders(this.outDir, file);
      this.written.delete(file);
      changed++;
    }
    // Feeds show the newest articles and the sitemap lists every page: write them again only when those changed.
    const feedsSignature = [
      siteHash,
      model.articles.slice(0, 20).map(articleKey).join(','),
      model.pages.map((spec) => (spec.kind === 'article' ? `${spec.path}@${spec.article.time}` : spec.path)).join(','),
    ].join('|');
    if (feedsSignature !== this.feedsSignature) {
      await writeFeedsAndSitemap(shards, owners, model, views, settings, this.outDir);
      this.feedsSignature = feedsSignature;
    }
    copyStatic(site.staticDirs, this.outDir);
    if (settings.search) {
      copySearchConverters(this.outDir);
      // The search index follows in the background: a reload never waits for it.
      const searchShard = shards[0]!;
      this.searchRunning = this.searchRunning
        .then(() => searchShard.call('searchIndex', { tempDir: this.outDir, variants: settings.variants.map((_, v) => v) }))
        .then(
          () => undefined,
          () => undefined,
        );
    }
    return { articles: model.articles.length, pages: seen.size, changed, ms: performance.now() - begin };
  }

  /** Wait for background work (the search index). */
  async settled(): Promise<void> {
    await this.searchRunning;
  }

  async close(): Promise<void> {
    await this.settled();
    await this.restart();
  }
}

/** An article as pages show it: its content (title, date, body…) and its URL. */
function articleKey(article: ArticleEntry): string {
  return `${article.contentKey ?? article.file}@${article.path}`;
}

/** Everything a page shows, as one string: equal signatures, equal pages (for a given site view). */
function pageSignature(spec: PageSpec): string {
  switch (spec.kind) {
    case 'home':
      return `home|${spec.latest.map(articleKey).join(',')}`;
    case 'news-list':
    case 'tag':
    case 'column':
    case 'archive-month':
      return `${spec.kind}|${spec.path}|${spec.page.total}|${spec.page.items.map(articleKey).join(',')}`;
    case 'article':
      return [
        'article',
        articleKey(spec.article),
        spec.newer ? articleKey(spec.newer) : '',
        spec.older ? articleKey(spec.older) : '',
        spec.article.columnPath ?? '',
        spec.article.tagPaths.join(','),
        spec.article.related.map(articleKey).join(','),
      ].join('|');
    case 'tag-index':
      return `tags|${spec.tags.map((term) => `${term.slug}:${term.items.length}:${articleKey(term.items[0]!)}`).join(',')}`;
    case 'archive-index':
      return `archive|${spec.months.map((month) => `${month.path}:${month.count}`).join(',')}`;
    default:
      return spec.kind;
  }
}

/** Remove a page and the folders it leaves empty, as a cold build would not have them. */
function removeWithEmptyFolders(root: string, file: string): void {
  rmSync(path.join(root, file), { force: true });
  for (let dir = path.dirname(path.join(root, file)); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty
    }
  }
}
