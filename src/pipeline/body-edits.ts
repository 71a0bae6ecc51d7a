import type { Warning } from '../core/errors.ts';
import { type ArticleEntry, type ArticleMeta, type ArticlePage, entryOf, listKeyOf } from '../model/site-model.ts';
import { FEED_PATHS, outputFileFor } from '../model/urls.ts';
import type { Settings } from '../settings/settings.ts';
import { sameTree } from '../write/output.ts';
import type { StaticFile } from '../write/static-files.ts';
import { type MediaSet, planMedia } from '../images/media-set.ts';
import type { KeptPage } from './kept-articles.ts';
import type { Attachment } from '../load/attachments.ts';
import { placeAttachments } from './attachment-files.ts';
import { type BaseTree, feedsKey, type SitePlan, seedOf } from './output-plan.ts';
import type { OutputState } from './output-state.ts';
import { type Fnv, pageSignature } from './page-signature.ts';

/**
 * The everyday edit, planned without a model: articles that changed only in
 * their bodies, so that everything lists show of them (title, date, tags,
 * summary, links…, and so their URL) is as it was. The last build's model
 * then holds for every page but theirs: each edited article's page is made
 * again from what that build kept (its neighbours, 相关新闻 and links:
 * KeptPage) and the site views it kept, and so are the feeds when the
 * article is among the newest. Undefined when the edits did more (then a
 * model is built), or when the tree the build starts from differs from the
 * last output in more than these pages.
 */
export function planBodyEdits(input: {
  state: OutputState;
  base: BaseTree;
  /** The edited articles, parsed and converted. */
  edited: ReadonlyMap<string, { meta: ArticleMeta; warnings: Warning[] }>;
  /** The site's article files and their stamps, static files and theirs. */
  stamps: ReadonlyMap<string, string>;
  statics: readonly StaticFile[];
  staticStamps: ReadonlyMap<string, string>;
  /** Files of article folders: beside their articles' pages, which stay where they were. */
  attachments: readonly Attachment[];
  media: MediaSet;
  settings: Settings;
}): SitePlan | undefined {
  const { state, base, edited, settings } = input;
  const { site, output, articles } = state;
  // The same articles and static files as the last build: its checks of links and of files over pages hold.
  if (!site || !output || input.stamps.size !== articles.size || [...input.stamps.keys()].some((file) => !articles.has(file))) return undefined;
  for (const [file, { meta }] of edited) {
    const kept = articles.meta(file)!;
    if (listKeyOf(meta) !== listKeyOf(kept)) return undefined;
    meta.listId = kept.listId;
  }

  // A published article is kept as the model's entry (see ArticleToKeep.meta): unchanged, it is taken as it is.
  const entries = new Map<string, ArticleEntry>();
  const entry = (file: string) => {
    let made = entries.get(file);
    if (!made) entries.set(file, (made = asEntry(edited.get(file)?.meta ?? articles.meta(file)!, settings.permalink)));
    return made;
  };
  const pageOf = (file: string): ArticlePage | undefined => {
    const kept = articles.page(file);
    if (!kept) return undefined; // a draft: no page
    return pageFrom(entry(file), kept, entry);
  };
  // Articles keep their addresses (their list keys are the same), and so their attachments theirs.
  const published = site.order.map(entry);
  const placed = placeAttachments(input.attachments, published, settings.variants.map((variant) => variant.path)).files;
  const staticStamps = new Map([...input.staticStamps, ...placed.map((file): [string, string] => [file.file, file.stamp!])]);
  // A static file may have changed (a photo in public/, a PDF beside an article), not come or gone: links to it and files over pages
  // stay as checked. Photos' renditions may come and go (a photo of a body was edited): no link or page names them. Both are copied
  // and removed below.
  if (!sameKeys(output.statics, staticStamps)) return undefined;
  const seeds = new Map<string, Fnv>();
  const signatureOf = (page: ArticlePage) => pageSignature(page, seedOf(seeds, site.siteHash, 'article'));
  const pages = new Map(output.pages);
  const editedPages = [...edited.keys()].map(pageOf).filter((page): page is ArticlePage => page !== undefined);
  for (const page of editedPages) pages.set(page.path, signatureOf(page));
  const candidates = [...editedPages];
  // Starting from the spare, one build older than the output (unless it mirrors it): the pages in which the two differ are made again too.
  if (base.start === 'spare' && !sameTree(base.record.identity, output.identity)) {
    const spare = base.record;
    if (!output.differs || spare.sitemap !== output.sitemap || spare.sitemapFiles.join('\n') !== output.sitemapFiles.join('\n') || !sameKeys(spare.statics, output.statics)) return undefined;
    for (const file of output.differs) {
      if (edited.has(file) || !articles.has(file)) continue;
      const page = pageOf(file);
      // What the last build kept must make the page it recorded; anything else calls for a model.
      if (!page || signatureOf(page) !== output.pages.get(page.path)) return undefined;
      candidates.push(page);
    }
  }
  const latest = site.latest.map((file) => pageOf(file)!);
  const feeds = site.latest.some((file) => edited.has(file)) ? feedsKey(latest, site.siteHash) : output.feeds;
  const render = new Set(candidates.filter((page) => base.record.pages.get(page.path) !== pages.get(page.path)));
  const plan = { pages, render, remove: [] as string[], copy: [] as StaticFile[], feeds, writeFeeds: base.record.feeds !== feeds, sitemap: output.sitemap, writeSitemap: false, siteHash: site.siteHash };
  // A static file over a file written now is copied again after it, as in a full build.
  const written = new Set(['robots.txt', ...[...render].flatMap((page) => settings.variants.map((variant) => outputFileFor(variant.path + page.path.slice(1))))]);
  if (plan.writeFeeds) for (const variant of settings.variants) for (const feed of Object.values(FEED_PATHS)) written.add(variant.path.slice(1) + feed.slice(1));
  const baseStatics = base.record.statics;
  const media = planMedia(input.media, base.record.media);
  plan.copy = [...[...input.statics, ...placed].filter((file) => written.has(file.file) || baseStatics.get(file.file) !== staticStamps.get(file.file)), ...media.copy];
  plan.remove = media.remove;

  return {
    pages: [...render],
    published,
    latest,
    sites: site.sites,
    plan,
    staticStamps,
    warnings: site.warnings,
    // Every page keeps its place: an edited article's too (its neighbours and links are the same).
    articles: [...input.stamps].map(([file, stamp]) => {
      const found = edited.get(file);
      const meta = found ? (entries.get(file) ?? found.meta) : articles.meta(file)!;
      return { file, stamp, warnings: found?.warnings ?? articles.warnings(file), meta, samePage: true };
    }),
    site,
    nextListId: state.nextListId,
    counts: { articles: site.order.length, pages: output.pages.size * settings.variants.length },
    differs: editedPages.filter((page) => pages.get(page.path) !== output.pages.get(page.path)).map((page) => page.article.file),
  };
}

/** An article's page, from its kept place among the others and the entries of the articles it names. */
function pageFrom(article: ArticleEntry, kept: KeptPage, entry: (file: string) => ArticleEntry): ArticlePage {
  return {
    kind: 'article',
    path: article.path,
    article,
    newer: kept.newer === undefined ? undefined : entry(kept.newer),
    older: kept.older === undefined ? undefined : entry(kept.older),
    tagPaths: kept.tagPaths,
    columnPath: kept.columnPath,
    related: kept.related.map(entry),
    linkPaths: kept.linkPaths,
  };
}

/** An article's entry: a kept published one is one already (see ArticleToKeep.meta), an edited one is made. */
function asEntry(meta: ArticleMeta, permalink: string): ArticleEntry {
  return 'path' in meta ? (meta as ArticleEntry) : entryOf(meta, undefined, permalink);
}

/** What a model's article page keeps for the next build. */
export function keptPageOf(spec: ArticlePage): KeptPage {
  return {
    newer: spec.newer?.file,
    older: spec.older?.file,
    related: spec.related.map((article) => article.file),
    tagPaths: spec.tagPaths,
    columnPath: spec.columnPath,
    linkPaths: spec.linkPaths,
  };
}

/** Whether two maps have the same keys. */
function sameKeys(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const key of a.keys()) if (!b.has(key)) return false;
  return true;
}
