import { createHash } from 'node:crypto';
import { createClock } from '../core/clock.ts';
import { asXinwenErrors, type SerializedError, type Warning, XinwenErrors } from '../core/errors.ts';
import { convertArticleBody, convertArticleText } from '../convert/convert-article.ts';
import { ConverterSet } from '../convert/converters.ts';
import type { DictionaryEntry } from '../convert/dictionary.ts';
import type { Locale } from '../convert/opencc.ts';
import { SOURCE_SCRIPTS } from '../convert/scripts.ts';
import { convertTemplate } from '../convert/template.ts';
import { readSourceFile } from '../load/content-files.ts';
import type { ArticleMeta } from '../model/site-model.ts';
import { linksIntoVariant } from '../model/urls.ts';
import { parseArticle, type ParseContext } from '../parse/article.ts';
import { createMarkdownRenderer } from '../parse/markdown.ts';
import { createTemplateEngine, type TemplateEngine } from '../render/templates.ts';
import type { PageJob, SiteView } from '../render/view-model.ts';
import type { Settings } from '../settings/settings.ts';
import { writeOutputFile } from '../write/output.ts';
import { writeSearchIndexes } from '../write/search-index.ts';
import { ArticleCache, type CachedArticle } from './article-cache.ts';

/** Everything a shard needs to start; plain data, so it can be sent to a worker thread. */
export interface ShardSetup {
  root: string;
  settings: Settings;
  /** Template folders in lookup order, each with the script its templates are written in. */
  templateDirs: { dir: string; locale: Locale }[];
  dictionary: DictionaryEntry[];
  /** This shard's cache file, or undefined for no cache. */
  cacheFile?: string;
  /** Hash of everything besides an article's own text that shapes its parse and conversion. */
  cacheKey: string;
}

export interface ParseOutcome {
  articles: ArticleMeta[];
  warnings: Warning[];
  errors: SerializedError[];
  /** Articles that had to be parsed (not found in the cache). */
  parsed: number;
}

/** One file's parse, for the dev server's updates. */
export interface FileOutcome {
  file: string;
  article?: ArticleMeta;
  warnings: Warning[];
  errors: SerializedError[];
}

export interface RenderRequest {
  tempDir: string;
  /** Site view per variant. */
  sites: SiteView[];
  jobs: PageJob[];
}

export interface ConvertTextsRequest {
  from: Locale;
  texts: string[];
}

/** Converted bodies a shard keeps for its cache file: 40 million characters, about 80 MB. */
const KEPT_BODY_CHARS = 40_000_000;

/**
 * The work of one core: load, parse and convert a share of the articles,
 * then render and write pages. Article bodies stay here between the two
 * steps, so the heaviest data never crosses a thread boundary; the main
 * thread only sees what it needs to build the site model. Each body is
 * converted to a variant's script when its page is rendered, and kept in the
 * shard's cache for the next build.
 */
export class Shard {
  private readonly parseContext: ParseContext;
  private readonly converters: ConverterSet;
  /** One template engine per variant: its templates' words are converted to its script. */
  private templates: TemplateEngine[];
  private readonly cache: ArticleCache;
  /** This build's articles by file, as parsed or as found in the cache. */
  private readonly articles = new Map<string, CachedArticle>();
  /** This build's cache entries by key; written back by `saveCache`. */
  private readonly entries = new Map<string, CachedArticle>();
  /** Each file's cache key in `entries`. */
  private readonly keys = new Map<string, string>();
  private cacheChanged = false;
  /** Characters of converted bodies kept in `articles` (see KEPT_BODY_CHARS). */
  private keptBodyChars = 0;

  constructor(private readonly setup: ShardSetup) {
    const { settings } = setup;
    this.parseContext = {
      clock: createClock(settings.timezone),
      markdown: createMarkdownRenderer(settings.basePath, settings.rawHtml),
      defaultAuthor: settings.defaultAuthor,
    };
    this.converters = new ConverterSet(setup.dictionary);
    this.cache = new ArticleCache(setup.cacheFile);
    this.templates = this.createTemplates();
  }

  private createTemplates(): TemplateEngine[] {
    const { templateDirs, root, settings } = this.setup;
    const dirs = templateDirs.map((entry) => entry.dir);
    const localeOf = new Map(templateDirs.map((entry) => [entry.dir, entry.locale]));
    return settings.variants.map((variant) =>
      createTemplateEngine(dirs, root, (source, dir) => convertTemplate(source, this.converters.get(localeOf.get(dir) ?? 'cn', variant.locale))),
    );
  }

  parse(request: { files: string[] }): ParseOutcome {
    const outcome: ParseOutcome = { articles: [], warnings: [], errors: [], parsed: 0 };
    // A shard that has parsed before compares with what it holds; a new one reads the cache file.
    const previous = this.entries.size > 0 ? new Map(this.entries) : this.cache.load();
    this.entries.clear();
    this.articles.clear();
    this.keys.clear();
    this.keptBodyChars = 0;
    for (const file of request.files) {
      try {
        const { key, entry, parsed } = this.read(file, previous);
        if (parsed) outcome.parsed++;
        outcome.articles.push(metaOf(entry, key));
        outcome.warnings.push(...entry.warnings);
      } catch (error) {
        outcome.errors.push(...asXinwenErrors(error).map((e) => e.toJSON()));
        if (error instanceof XinwenErrors) outcome.warnings.push(...error.warnings);
      }
    }
    if (previous.size !== this.entries.size) this.cacheChanged = true;
    return outcome;
  }

  /** Read a file and take its entry from `previous` if its text is unchanged, else parse it; it becomes this build's. */
  private read(file: string, previous: ReadonlyMap<string, CachedArticle>): { key: string; entry: CachedArticle; parsed: boolean } {
    const source = readSourceFile(this.setup.root, file);
    const key = createHash('sha1').update(this.setup.cacheKey).update(file).update('\0').update(source.text).digest('hex');
    let entry = previous.get(key);
    const parsed = !entry;
    if (!entry) {
      entry = this.parseOne(source);
      this.cacheChanged = true;
    } else if (!this.articles.has(file)) {
      for (const body of entry.bodies) if (body !== undefined && body !== entry.html) this.keptBodyChars += body.length;
    }
    this.forget(file);
    this.entries.set(key, entry);
    this.articles.set(file, entry);
    this.keys.set(file, key);
    return { key, entry, parsed };
  }

  private forget(file: string): void {
    const key = this.keys.get(file);
    if (key === undefined) return;
    this.entries.delete(key);
    this.articles.delete(file);
    this.keys.delete(file);
  }

  /**
   * The dev server's step: read the given files again and drop the removed
   * ones, keeping every other article as it is. A file that fails is dropped
   * too, as a full parse would leave it out.
   */
  update(request: { files: string[]; removed: string[] }): FileOutcome[] {
    for (const file of request.removed) this.forget(file);
    return request.files.map((file) => {
      try {
        const { key, entry } = this.read(file, this.entries);
        return { file, article: metaOf(entry, key), warnings: entry.warnings, errors: [] };
      } catch (error) {
        this.forget(file);
        return {
          file,
          warnings: error instanceof XinwenErrors ? error.warnings : [],
          errors: asXinwenErrors(error).map((e) => e.toJSON()),
        };
      }
    });
  }

  /** Parse one article and convert its short texts to every variant's script. */
  private parseOne(source: Parameters<typeof parseArticle>[0]): CachedArticle {
    const { settings } = this.setup;
    const { article, warnings } = parseArticle(source, this.parseContext);
    const from = article.script ? SOURCE_SCRIPTS[article.script] : settings.sourceLocale;
    const texts = settings.variants.map((variant) => convertArticleText(article, this.converters.get(from, variant.locale)));
    const { bodyHtml, ...meta } = article;
    // What lists show of the article: all but its body (and the body's length).
    const { textLength: _length, ...shown } = meta;
    const listKey = createHash('sha1').update(JSON.stringify([shown, texts])).digest('base64');
    return { meta, warnings, texts, listKey, html: bodyHtml, from, bodies: settings.variants.map(() => undefined) };
  }

  /** The given texts in every variant's script: `result[variant][i]`. */
  convertTexts(request: ConvertTextsRequest): string[][] {
    return this.setup.settings.variants.map((variant) => {
      const converter = this.converters.get(request.from, variant.locale);
      return request.texts.map((text) => converter.text(text));
    });
  }

  /** Load the templates afresh (the dev server's step after a template changed). */
  reloadTemplates(): void {
    this.templates = this.createTemplates();
  }

  /** Compile the given templates in every variant, so a syntax error stops the build before it writes. */
  compile(names: string[]): void {
    for (const engine of this.templates) engine.compile(names);
  }

  /** An article's body in a variant's script, with links into that variant's tree. */
  private body(file: string, variantIndex: number): string {
    const entry = this.articles.get(file);
    if (!entry) return '';
    let body = entry.bodies[variantIndex];
    if (body === undefined) {
      const { settings } = this.setup;
      const variant = settings.variants[variantIndex]!;
      const converted = convertArticleBody(entry.html, this.converters.get(entry.from, variant.locale));
      body = linksIntoVariant(converted, settings.basePath, variant.path);
      // Kept for the cache file while the shard's kept bodies stay small; past that (a site of
      // many tens of thousands of articles) memory matters more, and a later build converts again.
      if (body === entry.html || this.keptBodyChars + body.length <= KEPT_BODY_CHARS) {
        if (body !== entry.html) this.keptBodyChars += body.length;
        entry.bodies[variantIndex] = body;
        this.cacheChanged = true;
      }
    }
    return body;
  }

  /** Bodies of the given articles in one variant's script (for feeds). */
  bodies(request: { files: string[]; variant: number }): string[] {
    return request.files.map((file) => this.body(file, request.variant));
  }

  async render(request: RenderRequest): Promise<number> {
    for (const job of request.jobs) {
      if (job.bodyOf !== undefined && job.page.kind === 'article') {
        job.page.article.bodyHtml = this.body(job.bodyOf, job.variant);
      }
      const html = await this.templates[job.variant]!.render(job.template, { site: request.sites[job.variant], page: job.page });
      writeOutputFile(request.tempDir, job.outputFile, html);
    }
    return request.jobs.length;
  }

  /** Index some script trees for search, one after the other. */
  async searchIndex(request: { tempDir: string; variants: number[] }): Promise<void> {
    const { variants } = this.setup.settings;
    await writeSearchIndexes(request.tempDir, request.variants.map((v) => variants[v]!));
  }

  /** Write this build's articles back to the cache, if anything changed. */
  saveCache(): void {
    if (this.cacheChanged) this.cache.save(this.entries);
  }
}

/** What the main thread gets of an article. */
function metaOf(entry: CachedArticle, contentKey: string): ArticleMeta {
  return { ...entry.meta, texts: entry.texts, contentKey, listKey: entry.listKey };
}
