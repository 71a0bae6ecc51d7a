import { type Warning, XinwenError, asXinwenErrors } from '../core/errors.ts';
import { language } from '../core/language.ts';
import { siteFolders } from '../core/site-folders.ts';
import { findArticleFiles } from '../load/content-files.ts';
import { loadDictionary } from '../load/dictionary-file.ts';
import { loadSettings } from '../load/settings-file.ts';
import { buildSiteModel } from '../model/site-model.ts';
import { PAGE_TEMPLATES } from '../render/view-model.ts';
import { parseSettings, type Settings, settingsWarnings } from '../settings/settings.ts';
import type { DictionaryEntry } from '../convert/dictionary.ts';
import { listStaticFiles } from '../write/static-files.ts';
import { ConversionLint, type ConversionGuess } from '../convert/conversion-lint.ts';
import { SOURCE_SCRIPTS } from '../convert/scripts.ts';
import { readSourceFile } from '../load/content-files.ts';
import { createScriptConverter, Shard } from './shard.ts';
import { generatedFiles, modelOptions, publishedPaths, templateFolders } from './stages.ts';
import { brokenLinks } from '../model/links.ts';
import { listImageFiles } from '../load/image-files.ts';
import { listAttachments } from '../load/attachments.ts';
import { attachmentClashes, placeAttachments } from './attachment-files.ts';
import { inspectImages } from '../images/process-images.ts';
import { imageCacheDir } from './build.ts';
import { ignoredKeySummary } from '../parse/foreign-keys.ts';

export interface CheckResult {
  articles: number;
  errors: XinwenError[];
  warnings: Warning[];
  /** Characters converted by guess, the most frequent first (see conversion-lint.ts). */
  guesses: ConversionGuess[];
}

/** Stand-in settings, so articles are still checked when site.yaml itself is broken. */
const FALLBACK_SETTINGS = 'name: check\nbase_url: https://example.com/\n';

/**
 * Validate a site without writing anything: settings, dictionary, every
 * article, every template in every script, and URL collisions. Reports every
 * problem found, not just the first, and the characters its conversion had
 * to guess.
 */
export async function checkSite(root: string): Promise<CheckResult> {
  const site = siteFolders(root);
  const errors: XinwenError[] = [];
  const warnings: Warning[] = [];
  const attempt = <T>(work: () => T, fallback: T): T => {
    try {
      return work();
    } catch (error) {
      errors.push(...asXinwenErrors(error));
      return fallback;
    }
  };

  const settings: Settings = attempt(() => loadSettings(site), parseSettings(FALLBACK_SETTINGS));
  warnings.push(...settingsWarnings(settings));
  const dictionary = attempt<DictionaryEntry[]>(() => loadDictionary(site), []);
  // A problem in one folder or link must not stop the other articles being checked.
  const { files, errors: listing } = attempt(() => findArticleFiles(site.root, site.contentDir), { files: [] as string[], errors: [] as XinwenError[] });
  errors.push(...listing);
  const statics = attempt(() => listStaticFiles(site.staticFolders), { files: [], warnings: [] });
  warnings.push(...statics.warnings);
  const attached = attempt(() => listAttachments(site, files), { attachments: [], warnings: [], errors: [] });
  errors.push(...attached.errors);
  warnings.push(...attached.warnings);
  const images = await inspectImages(attempt(() => listImageFiles(site), []), imageCacheDir(site.root, undefined));
  errors.push(...images.errors);
  warnings.push(...images.warnings);
  // One converter for the shard and the lint: building one reads the word list and its dictionaries.
  const converter = createScriptConverter(settings, dictionary);
  const shard = new Shard({
    root: site.root,
    // Check writes no search index: no article needs its search data.
    settings: { ...settings, search: false },
    dictionary,
    cacheKey: 'check',
    language: language(),
    readCache: false,
    countGuesses: false,
    templateDirs: templateFolders(site, settings),
    // Check renders no page: which photos exist (a missing one is an error) and their sizes (a very large one is a warning).
    images: images.records,
  }, converter);
  attempt(() => shard.compile(PAGE_TEMPLATES), undefined);
  const outcome = shard.parse({ files });
  errors.push(...outcome.errors.map((error) => XinwenError.fromJSON(error)));
  warnings.push(...ignoredKeySummary(outcome.warnings));
  const articles = shard.convert({ bodies: false });
  // With drafts, so a draft that would collide is found too; without, for the links a build would publish.
  const options = { ...modelOptions(settings, true), relatedCount: 0 };
  const all = attempt(() => buildSiteModel(articles, options), undefined);
  // Every collision was reported just now: the published articles are a part of these.
  const published = all && buildSiteModel(articles, { ...options, drafts: false });
  if (published) {
    const variantPaths = settings.variants.map((variant) => variant.path);
    const placed = placeAttachments(attached.attachments, published.articles, variantPaths);
    errors.push(...attachmentClashes(placed.files, generatedFiles(published, settings), statics.files));
    const broken = brokenLinks(published.articles, articles, publishedPaths(published, settings, statics.files, placed.sitePaths), variantPaths);
    // What a build only warns about, check reports as an error: a broken link is a mistake to fix before publishing.
    errors.push(...broken.map((link) => new XinwenError(link.code, link.message, { ...link })));
  }
  const lint = new ConversionLint(converter);
  for (const article of articles) {
    lint.add(article.file, readSourceFile(site.root, article.file).text, article.script ? SOURCE_SCRIPTS[article.script] : settings.sourceLocale);
  }
  return { articles: files.length, errors, warnings, guesses: lint.list() };
}
