import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StageTimer } from '../core/timer.ts';
import type { SiteText, ViewBuilder } from '../render/view-model.ts';
import type { Settings } from '../settings/settings.ts';
import { removeOutputFile, writeOutputFile } from '../write/output.ts';
import { copyStaticFiles } from '../write/static-files.ts';
import type { BuildProgress } from './build.ts';
import type { SitePlan } from './output-plan.ts';
import type { TreeRecord } from './output-state.ts';
import type { WrittenIndex } from '../search/index-patch.ts';
import type { ShardHandle } from './pool.ts';
import type { FeedBodies } from './read-articles.ts';
import { askedBodies, bodiesOnShards, renderModelOnShards, renderOnShards, type SearchDocs, searchDocsOf, searchFiles, writeFeeds, writeRobots, writeSitemap } from './stages.ts';

/**
 * Write what the plan says into the build's folder, in the order a build
 * from nothing writes: pages, feeds, sitemap and robots.txt, static files
 * (over any page of the same name), the search index. Files of the base
 * tree that the site no longer makes are removed first.
 */
export async function writeSite(input: {
  /** The shards that render, and which of them holds each article's body. */
  shards: ShardHandle[];
  owners: Map<string, number>;
  /** The feeds' bodies: kept by the last build, else from the shards. */
  feedBodies: FeedBodies;
  planned: SitePlan;
  siteTexts: SiteText[];
  views: ViewBuilder[];
  settings: Settings;
  searchDocs: SearchDocs;
  /** The index in the output folder, when the state says what it was made from. */
  writtenIndex?: WrittenIndex;
  base?: TreeRecord;
  tempDir: string;
  timer: StageTimer;
  progress?: BuildProgress;
  /** Settled when the worker threads already have the model's views (build.ts: made while this thread built the model). */
  workersReady?: Promise<unknown>;
  /** Called once the shards have answered everything this asks of them: worker threads may then do their own last work. */
  onAnswered?: () => void;
}): Promise<{ sitemapFiles: string[]; search: string[]; searchKeys?: string[] }> {
  const { shards, owners, planned, views, settings, base, tempDir, timer } = input;
  const { plan } = planned;
  for (const file of plan.remove) removeOutputFile(tempDir, file);
  const total = plan.render.size * settings.variants.length;
  const onPages = (done: number) => input.progress?.pages(done, total);
  await timer.timeAsync('render', () =>
    planned.model && plan.render.size === planned.model.pages.length
      ? // Every page (a build from nothing): each shard makes the views of the pages it renders.
        renderModelOnShards(shards, planned.model, planned.builtFrom!, input.siteTexts, owners, tempDir, onPages, input.workersReady)
      : renderOnShards(shards, planned.pages, views, owners, { tempDir, sites: planned.sites }, (spec) => plan.render.has(spec), onPages),
  );
  // What the search index reads of the model: its published articles (without a model, as the last one ordered them).
  const model = { articles: planned.published };
  // Everything the shards are still asked (the feeds' bodies, the search documents), asked at once: then they are done.
  const feedFiles = planned.latest.map((page) => page.article.file);
  const [bodies, docs] = await timer.timeAsync('collect', () =>
    Promise.all([
      plan.writeFeeds ? askedBodies(input.feedBodies.source(bodiesOnShards(shards, owners)), feedFiles, settings.variants.length) : undefined,
      settings.search ? searchDocsOf(input.searchDocs, shards, owners, model) : undefined,
    ]),
  );
  input.onAnswered?.();
  const sitemapFiles = await timer.timeAsync('feeds', async () => {
    if (bodies) await writeFeeds(bodies, planned.latest, planned.sites, views, settings, tempDir);
    writeRobots(settings, tempDir);
    if (!plan.writeSitemap) return base!.sitemapFiles;
    const files = writeSitemap(planned.model!, views, settings, tempDir);
    for (const file of base?.sitemapFiles ?? []) if (!files.includes(file)) removeOutputFile(tempDir, file);
    return files;
  });
  timer.time('static', () => copyStaticFiles(plan.copy, tempDir));
  let search: string[] = [];
  let searchKeys: string[] | undefined;
  if (settings.search) {
    search = await timer.timeAsync('search', async () => {
      const index = await searchFiles(input.searchDocs, shards, owners, model, views, settings, { written: input.writtenIndex, baseKeys: plan.copy.some((file) => file.file.includes('search/')) ? undefined : base?.searchKeys }, docs);
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

/** Whether the file at `file` in `dir` holds exactly `content`. */
function sameContent(dir: string, file: string, content: string): boolean {
  return readText(path.join(dir, file)) === content;
}

export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
