import { createHash } from 'node:crypto';
import type { ArticlePage, PageSpec, SiteModel } from '../model/site-model.ts';
import { FEED_PATHS, outputFileFor } from '../model/urls.ts';
import type { SiteView } from '../render/view-model.ts';
import type { Settings } from '../settings/settings.ts';
import { sameTree, spareOf, treeIdentity } from '../write/output.ts';
import type { StaticFile } from '../write/static-files.ts';
import type { KeptArticle, OutputState, TreeRecord } from './output-state.ts';
import { Fnv, pageSignature } from './page-signature.ts';
import { FEED_SIZE } from './stages.ts';

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

/** Article files new or changed since the state's build (by stamp), and the other articles as that build had them. */
export function articleChanges(state: OutputState, stamps: ReadonlyMap<string, string>): { changed: string[]; kept: KeptArticle[] } {
  const changed: string[] = [];
  const kept: KeptArticle[] = [];
  for (const [file, stamp] of stamps) {
    const previous = state.articles.get(file);
    if (previous && previous.stamp === stamp) kept.push(previous);
    else changed.push(file);
  }
  return { changed, kept };
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
    let seed = seeds.get(spec.kind);
    if (!seed) seeds.set(spec.kind, (seed = new Fnv().text(`${siteHash}|${spec.kind}`)));
    const signature = pageSignature(spec, seed);
    pages.set(spec.path, signature);
    if (base?.pages.get(spec.path) !== signature) render.add(spec);
  }
  const feeds = feedsKey(model, siteHash);
  const sitemap = sitemapKey(model, siteHash);
  const plan: OutputPlan = { pages, render, remove: [], copy: [], feeds, writeFeeds: base?.feeds !== feeds, sitemap, writeSitemap: base?.sitemap !== sitemap };

  const statics = new Set(input.statics.map((file) => file.file));
  const previousSearch = new Set(base?.search ?? []);
  for (const file of input.statics) {
    // A static file over a generated one is copied after it, as in a full build; one the search index overwrote, again.
    if (!base || base.statics.get(file.file) !== input.staticStamps.get(file.file) || input.generated.has(file.file) || previousSearch.has(file.file)) plan.copy.push(file);
  }
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

/** Article files whose bodies the pages to render and the feeds need (`kept`: feed bodies at hand). */
export function bodiesNeeded(plan: OutputPlan, model: SiteModel, kept: (file: string) => boolean): Set<string> {
  const files = new Set<string>();
  for (const spec of plan.render) if (spec.kind === 'article') files.add(spec.article.file);
  if (plan.writeFeeds) for (const article of model.articles.slice(0, FEED_SIZE)) if (!kept(article.file)) files.add(article.file);
  return files;
}

/** What the feeds show: the newest articles (bodies, list fields, where their links lead) in the site's views. */
function feedsKey(model: SiteModel, siteHash: string): string {
  const hash = createHash('sha1').update(siteHash);
  const latest = new Set(model.articles.slice(0, FEED_SIZE).map((article) => article.file));
  for (const spec of model.pages) {
    if (spec.kind !== 'article' || !latest.has(spec.article.file)) continue;
    hash.update(`${spec.article.file}\0${spec.article.contentKey}\0${spec.article.listKey}\0${spec.linkPaths.join('\0')}\n`);
  }
  return hash.digest('hex');
}

/** What the sitemap lists: every page, and each article's date. */
function sitemapKey(model: SiteModel, siteHash: string): string {
  const hash = createHash('sha1').update(siteHash);
  for (const spec of model.pages) hash.update(spec.kind === 'article' ? `${spec.path}@${spec.article.time}\n` : `${spec.path}\n`);
  return hash.digest('hex');
}

/** Every page's file in every script tree. */
function pagesByFile(model: SiteModel, settings: Settings): Map<string, PageSpec> {
  const files = new Map<string, PageSpec>();
  for (const variant of settings.variants) for (const spec of model.pages) files.set(outputFileFor(variant.path + spec.path.slice(1)), spec);
  return files;
}

/** The feed files of every script tree. */
export function feedFiles(settings: Settings): string[] {
  return settings.variants.flatMap((variant) => Object.values(FEED_PATHS).map((feed) => variant.path.slice(1) + feed.slice(1)));
}

export type { ArticlePage };
