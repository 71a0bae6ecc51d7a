import { createHash } from 'node:crypto';
import type { Warning } from '../core/errors.ts';
import type { ArticleEntry, ArticleMeta, ArticlePage, ModelOptions, PageSpec, SiteModel } from '../model/site-model.ts';
import { outputFileFor } from '../model/urls.ts';
import type { SiteView } from '../render/view-model.ts';
import type { Settings } from '../settings/settings.ts';
import { sameTree, spareOf, treeIdentity } from '../write/output.ts';
import type { StaticFile } from '../write/static-files.ts';
import { type MediaSet, planMedia } from '../images/media-set.ts';
import type { ArticleToKeep } from './kept-articles.ts';
import type { ImageRecord } from '../images/image-record.ts';
import type { KeptSite, OutputState, TreeRecord } from './output-state.ts';
import { Fnv, pageSignature } from './page-signature.ts';
import { latestPages } from './stages.ts';

/**
 * What a build writes, decided before it writes anything: which pages to
 * render, which files to remove and copy, given the tree it starts from.
 * A page is rendered when its signature differs from the one the tree
 * recorded; everything the tree holds that the site no longer makes goes.
 */

/** The tree a build starts from: the output's spare (moved in, costs nothing), or the output itself (linked). */
export interface BaseTree {
  start: 'spare' | 'output';
  record: TreeRecord;
}

/**
 * The tree to start from: one whose identity is still the one recorded, so
 * nobody else built or changed it since. The spare first, as it costs
 * nothing to take.
 */
export function baseTree(state: OutputState | undefined, outDir: string): BaseTree | undefined {
  if (state?.spare && sameTree(treeIdentity(spareOf(outDir)), state.spare.identity)) return { start: 'spare', record: state.spare };
  if (state?.output && outputIntact(state, outDir)) return { start: 'output', record: state.output };
  return undefined;
}

/** Whether the output folder still holds the tree the state recorded (then it may become the next spare). */
export function outputIntact(state: OutputState | undefined, outDir: string): boolean {
  return state?.output !== undefined && sameTree(treeIdentity(outDir), state.output.identity);
}

/** Article files new or changed since the state's build (by stamp), and those showing a photo that changed. */
export function changedArticles(state: OutputState, stamps: ReadonlyMap<string, string>, images: readonly ImageRecord[] = []): string[] {
  const hashOf = new Map(images.map((image) => [image.file, image.hash]));
  return [...stamps]
    .filter(([file, stamp]) => state.articles.stamp(file) !== stamp || !(state.articles.images(file) ?? []).every((use) => hashOf.get(use.file) === use.hash))
    .map(([file]) => file);
}

export interface OutputPlan {
  /** Every page's signature by site path, as the new tree records it. */
  pages: Map<string, number>;
  /** Pages to render, in every script. */
  render: Set<PageSpec>;
  /** Files of the base tree the site no longer makes, removed before anything is written. */
  remove: string[];
  /** Static files to copy: new, changed, or over a file the build writes (copied after it). */
  copy: StaticFile[];
  feeds: string;
  writeFeeds: boolean;
  sitemap: string;
  writeSitemap: boolean;
  /** What the site views and the seed come to: the seed of every page's signature. */
  siteHash: string;
}

/**
 * Everything a build writes and keeps, planned from a model or, for edits of
 * bodies alone, from what the last build kept (body-edits.ts).
 */
export interface SitePlan {
  /** Pages to consider (the plan says which to render). */
  pages: readonly PageSpec[];
  /** The published articles, newest first (the model's `articles`: what the search index lists). */
  published: ArticleEntry[];
  /** The pages of the feeds' articles, newest first. */
  latest: ArticlePage[];
  /** The model, where one was built (the sitemap needs it), and what it was built from (shards in worker threads build it again to make their pages' views). */
  model?: SiteModel;
  builtFrom?: { articles: ArticleMeta[]; options: ModelOptions };
  sites: SiteView[];
  plan: OutputPlan;
  /** Every static file's stamp by its path in the output, article folders' files included: what the new tree records. */
  staticStamps: Map<string, string>;
  /** What the model's checks found (broken links, static files over pages). */
  warnings: Warning[];
  /** What the next build keeps: every article (by the files' order) and the site. */
  articles: ArticleToKeep[];
  site: KeptSite;
  nextListId: number;
  counts: { articles: number; pages: number };
  /** The articles whose pages differ from the last output's, when no other page does (see TreeRecord.differs). */
  differs?: string[];
}

/**
 * Plan a build. `seed` stands for everything every page depends on (the
 * site key; the site views are added here). Without a base tree, everything
 * is written.
 */
export function planOutput(input: {
  model: SiteModel;
  settings: Settings;
  sites: readonly SiteView[];
  seed: string;
  statics: readonly StaticFile[];
  staticStamps: ReadonlyMap<string, string>;
  media: MediaSet;
  /** Every file the build generates (pages, feeds, sitemap, robots.txt). */
  generated: ReadonlySet<string>;
  base?: TreeRecord;
}): OutputPlan {
  const { model, settings, base } = input;
  const siteHash = createHash('sha1').update(input.seed).update(JSON.stringify(input.sites)).digest('hex');
  const seeds = new Map<string, Fnv>();
  const pages = new Map<string, number>();
  const render = new Set<PageSpec>();
  for (const spec of model.pages) {
    const signature = pageSignature(spec, seedOf(seeds, siteHash, spec.kind));
    pages.set(spec.path, signature);
    if (base?.pages.get(spec.path) !== signature) render.add(spec);
  }
  const feeds = feedsKey(latestPages(model), siteHash);
  const sitemap = sitemapKey(model, siteHash);
  const plan: OutputPlan = { pages, render, remove: [], copy: [], feeds, writeFeeds: base?.feeds !== feeds, sitemap, writeSitemap: base?.sitemap !== sitemap, siteHash };

  const statics = new Set(input.statics.map((file) => file.file));
  const previousSearch = new Set(base?.search ?? []);
  for (const file of input.statics) {
    // A static file over a generated one is copied after it, as in a full build; one the search index overwrote, again.
    if (!base || base.statics.get(file.file) !== input.staticStamps.get(file.file) || input.generated.has(file.file) || previousSearch.has(file.file)) plan.copy.push(file);
  }
  const media = planMedia(input.media, base?.media);
  plan.copy.push(...media.copy);
  plan.remove.push(...media.remove);
  if (!base) return plan;

  for (const [sitePath] of base.pages) {
    if (pages.has(sitePath)) continue;
    for (const variant of settings.variants) {
      const file = outputFileFor(variant.path + sitePath.slice(1));
      if (!statics.has(file)) plan.remove.push(file);
    }
  }
  // A static file gone: its own file goes, unless the build makes a file there (which then must be written again).
  let pageFiles: Map<string, PageSpec> | undefined;
  for (const file of base.statics.keys()) {
    if (statics.has(file)) continue;
    if (!input.generated.has(file)) {
      plan.remove.push(file);
      continue;
    }
    pageFiles ??= pagesByFile(model, settings);
    const spec = pageFiles.get(file);
    if (spec) render.add(spec);
    else plan.writeFeeds = plan.writeSitemap = true; // a feed, the sitemap or robots.txt
  }
  return plan;
}

/** The seed of one kind of page's signatures: every page of every kind depends on `siteHash`. */
export function seedOf(seeds: Map<string, Fnv>, siteHash: string, kind: string): Fnv {
  let seed = seeds.get(kind);
  if (!seed) seeds.set(kind, (seed = new Fnv().text(`${siteHash}|${kind}`)));
  return seed;
}

/** Article files whose bodies the pages to render and the feeds need (`kept`: feed bodies at hand). */
export function bodiesNeeded(planned: SitePlan, kept: (file: string) => boolean): Set<string> {
  const files = new Set<string>();
  for (const spec of planned.plan.render) if (spec.kind === 'article') files.add(spec.article.file);
  if (planned.plan.writeFeeds) for (const page of planned.latest) if (!kept(page.article.file)) files.add(page.article.file);
  return files;
}

/** What the feeds show: the newest articles (bodies, list fields, where their links lead) in the site's views. */
export function feedsKey(latest: readonly ArticlePage[], siteHash: string): string {
  const parts = [siteHash, ...latest.map((spec) => `${spec.article.file}\0${spec.article.contentKey}\0${spec.article.listKey}\0${spec.linkPaths.join('\0')}`)];
  return createHash('sha1').update(parts.join('\n')).digest('hex');
}

/** What the sitemap lists: every page, and each article's date. */
function sitemapKey(model: SiteModel, siteHash: string): string {
  const parts = model.pages.map((spec) => (spec.kind === 'article' ? `${spec.path}@${spec.article.time}@${spec.article.updated ?? ''}` : spec.path));
  return createHash('sha1').update(siteHash).update(parts.join('\n')).digest('hex');
}

/** Every page's file in every script tree. */
function pagesByFile(model: SiteModel, settings: Settings): Map<string, PageSpec> {
  const files = new Map<string, PageSpec>();
  for (const variant of settings.variants) for (const spec of model.pages) files.set(outputFileFor(variant.path + spec.path.slice(1)), spec);
  return files;
}
