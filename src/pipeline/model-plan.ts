import { XinwenErrors } from '../core/errors.ts';
import type { StageTimer } from '../core/timer.ts';
import type { Attachment } from '../load/attachments.ts';
import { brokenLinks } from '../model/links.ts';
import { type ArticlePage, buildSiteModel } from '../model/site-model.ts';
import type { ViewBuilder } from '../render/view-model.ts';
import type { Settings } from '../settings/settings.ts';
import { replacedPages, type StaticFile } from '../write/static-files.ts';
import type { MediaSet } from '../images/media-set.ts';
import { keptPageOf } from './body-edits.ts';
import type { SourceStamps } from './fingerprint.ts';
import { type BaseTree, planOutput, type SitePlan } from './output-plan.ts';
import type { OutputState, TreeRecord } from './output-state.ts';
import { ListIds } from './page-signature.ts';
import type { ReadArticles } from './read-articles.ts';
import { generatedFiles, latestPages, modelOptions, publishedPaths } from './stages.ts';
import { attachmentClashes, placeAttachments } from './attachment-files.ts';

/** What a site model is built from (a worker thread builds its copy from it). */
export type BuiltFrom = NonNullable<SitePlan['builtFrom']>;

/**
 * A build's plan made the long way: the model of every article, what it
 * publishes and checks (links, static files over pages), and which pages
 * differ from the tree the build starts from. Edits of bodies alone take
 * the short way (body-edits.ts).
 */
export function planWithModel(input: {
  read: ReadArticles;
  state?: OutputState;
  base?: BaseTree;
  settings: Settings;
  views: ViewBuilder[];
  sources: SourceStamps;
  statics: StaticFile[];
  /** Files of article folders: published beside their articles' pages, where the model puts them. */
  attachments: readonly Attachment[];
  media: MediaSet;
  drafts: boolean;
  timer: StageTimer;
  /** Hears what the model is built from, before it is built (worker threads can build their copy meanwhile). */
  onBuiltFrom?: (builtFrom: BuiltFrom) => void;
}): SitePlan {
  const { read, state, settings, statics, timer } = input;
  // Numbers for what lists show of each article, the same as the last build gave where that is unchanged (signatures compare across builds).
  const listIds = new ListIds(state && { articles: state.articles.metas(), next: state.nextListId });
  for (const article of read.articles) listIds.assign(article);
  const builtFrom = { articles: read.articles, options: modelOptions(settings, input.drafts) };
  input.onBuiltFrom?.(builtFrom);
  const model = timer.time('model', () => buildSiteModel(builtFrom.articles, builtFrom.options));
  const variantPaths = settings.variants.map((variant) => variant.path);
  const placed = placeAttachments(input.attachments, model.articles, variantPaths);
  const checks = timer.time('links', () => {
    const generated = generatedFiles(model, settings);
    const clashes = attachmentClashes(placed.files, generated, statics);
    if (clashes.length > 0) throw new XinwenErrors(clashes);
    return {
      generated,
      warnings: [
        ...replacedPages(statics, generated),
        ...brokenLinks(model.articles, read.articles, publishedPaths(model, settings, statics, placed.sitePaths), variantPaths),
      ],
    };
  });
  const published = [...statics, ...placed.files];
  const staticStamps = new Map([...input.sources.statics, ...placed.files.map((file): [string, string] => [file.file, file.stamp!])]);
  const sites = input.views.map((builder) => builder.site(model));
  const plan = timer.time('plan', () =>
    planOutput({ model, settings, sites, seed: input.sources.siteKey, statics: published, staticStamps, media: input.media, generated: checks.generated, base: input.base?.record }),
  );
  const pageOf = new Map<string, ArticlePage>();
  for (const spec of model.pages) if (spec.kind === 'article') pageOf.set(spec.article.file, spec);
  const latest = latestPages(model);
  return {
    pages: model.pages,
    published: model.articles,
    latest,
    model,
    builtFrom,
    sites,
    plan,
    staticStamps,
    // Warnings that name no file, then the checks'.
    warnings: [...(read.warnings.get('') ?? []), ...checks.warnings],
    articles: read.articles.map((meta) => {
      const spec = pageOf.get(meta.file);
      // A published article is kept as its entry; one kept as it was (an entry already) stays the very object read, so the store need not change.
      const kept = read.kept?.meta(meta.file) === meta && 'path' in meta ? meta : (spec?.article ?? meta);
      return { file: meta.file, stamp: input.sources.articles.get(meta.file)!, warnings: read.warnings.get(meta.file) ?? [], meta: kept, page: spec && keptPageOf(spec) };
    }),
    site: { siteHash: plan.siteHash, sites, order: model.articles.map((article) => article.file), latest: latest.map((page) => page.article.file), warnings: checks.warnings },
    nextListId: listIds.nextId,
    counts: { articles: model.articles.length, pages: model.pages.length * settings.variants.length },
    differs: differingArticles(plan.pages, state?.output, pageOf),
  };
}

/** The articles whose pages differ between a plan and the last output, when no other page does (see TreeRecord.differs). */
function differingArticles(pages: ReadonlyMap<string, number>, output: TreeRecord | undefined, pageOf: ReadonlyMap<string, ArticlePage>): string[] | undefined {
  if (!output || output.pages.size !== pages.size) return undefined;
  const fileOf = new Map([...pageOf.values()].map((page) => [page.path, page.article.file]));
  const files: string[] = [];
  for (const [sitePath, signature] of pages) {
    if (output.pages.get(sitePath) === signature) continue;
    const file = fileOf.get(sitePath);
    if (file === undefined || !output.pages.has(sitePath)) return undefined;
    files.push(file);
  }
  return files;
}
