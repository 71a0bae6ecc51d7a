import path from 'node:path';
import { createClock } from '../core/clock.ts';
import { asXinwenErrors, type SerializedError, type Warning, XinwenErrors } from '../core/errors.ts';
import { generatorId } from '../core/generator-id.ts';
import type { Language } from '../core/language.ts';
import { PACKAGE_ROOT } from '../core/site-folders.ts';
import { storedTables } from '../convert/table-store.ts';
import { type ArticleText, convertArticleTexts } from '../convert/convert-article.ts';
import type { DictionaryEntry } from '../convert/dictionary.ts';
import type { Locale } from '../convert/opencc.ts';
import { SOURCE_SCRIPTS } from '../convert/scripts.ts';
import { fileGuesses, GUESSES_IN_FILE } from '../convert/conversion-lint.ts';
import { ScriptConverter } from '../convert/script-converter.ts';
import { readSourceFile } from '../load/content-files.ts';
import { type ArticleMeta, buildSiteModel, listKeyFor, type ModelOptions, type PageSpec, type SiteModel } from '../model/site-model.ts';
import { linkIntoVariant } from '../model/urls.ts';
import { permalinkRoot } from '../model/permalink.ts';
import { parseArticle, type ParseContext } from '../parse/article.ts';
import { createMarkdownRenderer } from '../parse/markdown.ts';
import { renderPage } from '../render/render-page.ts';
import { type CompiledTemplate, createTemplateEngine, type TemplateEngine } from '../render/templates.ts';
import { storedTemplates } from '../render/template-store.ts';
import { type PageJob, type SiteText, type SiteView, ViewBuilder } from '../render/view-model.ts';
import type { Settings } from '../settings/settings.ts';
import { OutputWriter } from '../write/output-writer.ts';
import { keepLinkedSpare } from '../write/output.ts';
import { articleSearchData } from '../search/tokens.ts';
import type { SearchDoc } from '../search/search-index.ts';
import { ArticleCache, articleKey, type CachedArticle } from './article-cache.ts';
import type { ImageRecord } from '../images/image-record.ts';
import { createHash } from 'node:crypto';

/** Everything a shard needs to start; plain data, so it can be sent to a worker thread. */
export interface ShardSetup {
  root: string;
  settings: Settings;
  /** Template folders in lookup order, each with the script its templates are written in. */
  templateDirs: { dir: string; locale: Locale }[];
  dictionary: DictionaryEntry[];
  /** This shard's cache file, or undefined for no cache. */
  cacheFile?: string;
  /** Start from the cache file's articles (false: `--force`, which parses everything and then writes the cache anew). */
  readCache: boolean;
  /** Hash of everything besides an article's own text that shapes its parse and conversion. */
  cacheKey: string;
  /** Count each parsed article's conversion guesses for the build's summary line (check lists them itself). */
  countGuesses?: boolean;
  /** The generator id, so a worker need not hash xinwen's files again to find its converters' tables. */
  generator?: string;
  /** The site's photos, measured and processed (process-images.ts). */
  images?: ImageRecord[];
  /** The language of the messages the shard makes: the main thread's (`--lang` or the environment). */
  language: Language;
}

export interface ParseOutcome {
  warnings: Warning[];
  errors: SerializedError[];
  /** Articles that had to be parsed (not found in the cache). */
  parsed: number;
}

/** One file's parse and conversion, for the dev server's updates. */
export interface FileOutcome {
  file: string;
  article?: ArticleMeta;
  warnings: Warning[];
  errors: SerializedError[];
}

/** Pages to render and write into `tempDir`: views made by the caller, or pages of the model given to `views`, by their index. */
export type RenderRequest = { tempDir: string } & (
  | {
      /** Site view per variant. */
      sites: SiteView[];
      jobs: PageJob[];
    }
  | { variant: number; pages: number[] }
);

/**
 * What a shard makes its own page views from: the model itself (the shard in
 * the main thread, which shares it), or the articles and options to build it
 * again (a worker: the model holds functions, which cannot be sent, and
 * building it takes less than sending it would).
 */
export type ViewsRequest = ({ model: SiteModel } | { articles: ArticleMeta[]; options: ModelOptions }) & { siteTexts: SiteText[] };

/** Converted bodies a shard keeps (for rendering and for its cache file): 40 million characters, about 80 MB. */
const KEPT_BODY_CHARS = 40_000_000;

/**
 * The work of one core, scheduled here and done by the stages: load (read
 * the file), parse, convert, render and write a share of the site. Each
 * article's body stays in the shard that parsed it, so the heaviest data
 * never crosses a thread boundary; the main thread sees only what it needs
 * to build the site model. The first shard runs in the main thread, the
 * others in worker threads (pool.ts); each answers the same calls.
 */
export class Shard {
  private readonly parseContext: ParseContext;
  private readonly converter: ScriptConverter;
  /** One template engine per variant: its templates' words are converted to its script. */
  private templates: TemplateEngine[];
  private readonly cache: ArticleCache;
  /** This build's articles by file, as parsed or as found in the cache. */
  private readonly articles = new Map<string, CachedArticle>();
  /** This build's cache entries by key; written back by `saveCache`. */
  private readonly entries = new Map<string, CachedArticle>();
  /** Each file's cache key in `entries`. */
  private readonly keys = new Map<string, string>();
  /** Each file's content key: its cache key, with the hashes of the photos it shows. */
  private readonly contentKeys = new Map<string, string>();
  /** The site's photos by path from the site root. */
  private readonly images: Map<string, ImageRecord>;
  private cacheChanged = false;
  /** Characters of converted bodies kept (see KEPT_BODY_CHARS). */
  private keptBodyChars = 0;
  /** Writes rendered pages into the output folder of the current render calls. */
  private writer?: OutputWriter;
  /** Page views of the model given to `views`, for render requests that name pages by index. */
  private pageViews?: { pages: readonly PageSpec[]; builders: ViewBuilder[]; sites: SiteView[] };

  constructor(
    private readonly setup: ShardSetup,
    /** The main thread's converter, shared by the shard that runs there. */
    converter?: ScriptConverter,
  ) {
    const { settings } = setup;
    this.images = new Map((setup.images ?? []).map((record) => [record.file, record]));
    this.parseContext = {
      clock: createClock(settings.timezone),
      markdown: createMarkdownRenderer(settings.basePath, settings.rawHtml),
      defaultAuthor: settings.defaultAuthor,
      images: this.images,
      basePath: settings.basePath,
    };
    this.converter = converter ?? createScriptConverter(setup.settings, setup.dictionary, setup.generator);
    this.cache = new ArticleCache(setup.cacheFile, setup.cacheKey);
    this.templates = this.createTemplates();
  }

  private createTemplates(): TemplateEngine[] {
    const { templateDirs, root, settings } = this.setup;
    const dirs = templateDirs.map((entry) => entry.dir);
    const localeOf = new Map(templateDirs.map((entry) => [entry.dir, entry.locale]));
    const store = storedTemplates(path.join(PACKAGE_ROOT, '.cache', 'templates'), this.setup.generator ?? generatorId());
    return settings.variants.map((_, variant) =>
      createTemplateEngine(dirs, root, (source, dir) => this.converter.convert('template', source, localeOf.get(dir) ?? 'cn', variant), store),
    );
  }

  /** Load and parse a share of the articles; those found in the cache come as they were (parsed and converted). */
  parse(request: { files: string[] }): ParseOutcome {
    const outcome: ParseOutcome = { warnings: [], errors: [], parsed: 0 };
    // A shard that has parsed before compares with what it holds; a new one reads the cache file.
    const previous = this.entries.size > 0 ? new Map(this.entries) : this.setup.readCache ? this.cache.load() : new Map<string, CachedArticle>();
    this.entries.clear();
    this.articles.clear();
    this.keys.clear();
    this.keptBodyChars = 0;
    for (const file of request.files) {
      try {
        const { entry, parsed } = this.read(file, previous);
        if (parsed) outcome.parsed++;
        outcome.warnings.push(...entry.warnings);
      } catch (error) {
        outcome.errors.push(...asXinwenErrors(error).map((e) => e.toJSON()));
        if (error instanceof XinwenErrors) outcome.warnings.push(...error.warnings);
      }
    }
    if (previous.size !== this.entries.size) this.cacheChanged = true;
    return outcome;
  }

  /**
   * Convert this build's articles into every variant's script (those from the
   * cache already are); returns what the model needs of each. `check` asks
   * for the texts alone: it renders no page.
   */
  convert(request: { bodies?: boolean } = {}): ArticleMeta[] {
    return [...this.articles.entries()].map(([file, entry]) => this.converted(entry, this.contentKeys.get(file)!, request.bodies ?? true));
  }

  /** Read a file and take its entry from `previous` if its text is unchanged, else parse it; it becomes this build's. */
  private read(file: string, previous: ReadonlyMap<string, CachedArticle>): { key: string; entry: CachedArticle; parsed: boolean } {
    const source = readSourceFile(this.setup.root, file);
    const key = articleKey(this.setup.cacheKey, source);
    let entry = previous.get(key);
    // Parsed again when a photo it shows changed (or is gone): its body names the photo's renditions.
    if (entry && !(entry.meta.images ?? []).every((use) => this.images.get(use.file)?.hash === use.hash)) entry = undefined;
    const parsed = !entry;
    if (!entry) {
      const { article, warnings, bodyText } = parseArticle(source, this.parseContext);
      const { bodyHtml, ...meta } = article;
      const from = article.script ? SOURCE_SCRIPTS[article.script] : this.setup.settings.sourceLocale;
      // Counted once per version of the file (the count is cached with it); the build sums them into one line.
      const guessed = this.setup.countGuesses === false ? 0 : fileGuesses(source.text, this.converter, from).length;
      if (guessed > 0) warnings.push({ code: GUESSES_IN_FILE, message: String(guessed), file });
      const search = this.setup.settings.search ? articleSearchData(article.title, bodyText) : undefined;
      entry = { meta, warnings, html: bodyHtml, from, bodies: this.setup.settings.variants.map(() => undefined), search };
      this.cacheChanged = true;
    } else if (!this.articles.has(file)) {
      for (const body of entry.bodies) if (body !== undefined && body !== entry.html) this.keptBodyChars += body.length;
    }
    this.forget(file);
    this.entries.set(key, entry);
    this.articles.set(file, entry);
    this.keys.set(file, key);
    const contentKey = (entry.meta.images ?? []).length === 0 ? key : createHash('sha1').update(key).update(JSON.stringify(entry.meta.images)).digest('hex');
    this.contentKeys.set(file, contentKey);
    return { key: contentKey, entry, parsed };
  }

  /** An entry's texts and bodies in every script, converted now if they are not yet; what the model needs of it. */
  private converted(entry: CachedArticle, key: string, bodies = true): ArticleMeta {
    if (!entry.texts) {
      const texts: ArticleText[] = convertArticleTexts(entry.meta, entry.from, this.converter, this.setup.settings.variants.length);
      entry.texts = texts;
      entry.listKey = listKeyFor(entry.meta, texts);
      this.cacheChanged = true;
    }
    // With no cache file to write, a converted body is needed only while its page is rendered: it is
    // converted then (once per variant, as here), and the shard never holds a second script of every body.
    const keep = bodies && this.setup.cacheFile !== undefined;
    for (let variant = 0; keep && variant < entry.bodies.length; variant++) {
      if (entry.bodies[variant] !== undefined) continue;
      const body = this.converter.convert('html', entry.html, entry.from, variant);
      // Kept while the shard's kept bodies stay small; past that (a site of many tens of thousands
      // of articles) memory matters more, and the body is converted again when its page is rendered.
      if (body === entry.html || this.keptBodyChars + body.length <= KEPT_BODY_CHARS) {
        if (body !== entry.html) this.keptBodyChars += body.length;
        entry.bodies[variant] = body;
        this.cacheChanged = true;
      }
    }
    return { ...entry.meta, texts: entry.texts, contentKey: key, listKey: entry.listKey };
  }

  private forget(file: string): void {
    const key = this.keys.get(file);
    if (key === undefined) return;
    this.entries.delete(key);
    this.articles.delete(file);
    this.keys.delete(file);
    this.contentKeys.delete(file);
  }

  /**
   * The dev server's step: read, parse and convert the given files again and
   * drop the removed ones, keeping every other article as it is. A file that
   * fails is dropped too, as a full parse would leave it out.
   */
  update(request: { files: string[]; removed: string[] }): FileOutcome[] {
    for (const file of request.removed) this.forget(file);
    return request.files.map((file) => {
      try {
        const { key, entry } = this.read(file, this.entries);
        return { file, article: this.converted(entry, key), warnings: entry.warnings, errors: [] };
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

  /** The dev server's step after photos changed: their new measurements, for the articles read from now on. */
  useImages(records: ImageRecord[]): void {
    this.images.clear();
    for (const record of records) this.images.set(record.file, record);
  }

  /** Load the templates afresh (the dev server's step after a template changed). */
  reloadTemplates(): void {
    this.templates = this.createTemplates();
  }

  /** Compile the given templates in every variant, so a syntax error stops the build before it writes. */
  compile(names: string[]): void {
    for (const engine of this.templates) engine.compile(names);
  }

  /** The templates compiled so far, as code for another shard to take (one list per variant). */
  compiledTemplates(): CompiledTemplate[][] {
    return this.templates.map((engine) => engine.compiledCode());
  }

  /** Take another shard's compiled templates: this one needs to read, convert and compile none. */
  useTemplates(compiled: CompiledTemplate[][]): void {
    this.templates.forEach((engine, variant) => engine.useCompiled(compiled[variant]!));
  }

  /** An article's body in a variant's script, with links into that variant's tree. */
  private body(file: string, variant: number): string {
    const entry = this.articles.get(file);
    if (!entry) return '';
    return entry.bodies[variant] ?? this.converter.convert('html', entry.html, entry.from, variant);
  }

  /** Bodies of the given articles in one variant's script (for feeds). */
  bodies(request: { files: string[]; variant: number }): string[] {
    return request.files.map((file) => this.body(file, request.variant));
  }

  /** Take a site model to make page views of, so that render requests can name its pages by index (see RenderRequest). */
  views(request: ViewsRequest): void {
    const model = 'model' in request ? request.model : buildSiteModel(request.articles, request.options);
    const { settings } = this.setup;
    const builders = settings.variants.map((_, v) => new ViewBuilder(settings, this.parseContext.clock, v, request.siteTexts[v]!));
    this.pageViews = { pages: model.pages, builders, sites: builders.map((builder) => builder.site(model)) };
  }

  /** Drop the views given to `views` once every page is rendered: a worker's copy of the model (50 MB for 10,000 articles) is not kept while the cache is written. */
  forgetViews(): void {
    this.pageViews = undefined;
  }

  /** Render pages and write them into the output folder; returns how many. */
  async render(request: RenderRequest): Promise<number> {
    if (this.writer?.outputDir !== request.tempDir) this.writer = new OutputWriter(request.tempDir);
    const writer = this.writer;
    let sites: SiteView[];
    let jobs: Iterable<PageJob>;
    if ('jobs' in request) ({ sites, jobs } = request);
    else {
      const { pages, builders } = this.pageViews!;
      sites = this.pageViews!.sites;
      // One view at a time, made just before its page: views are garbage as soon as the page is written.
      jobs = (function* () {
        for (const index of request.pages) yield builders[request.variant]!.page(pages[index]!);
      })();
    }
    let count = 0;
    for (const job of jobs) {
      const body = job.bodyOf === undefined ? undefined : this.body(job.bodyOf, job.variant);
      const html = await renderPage(this.templates[job.variant]!, job, sites[job.variant]!, body);
      writer.write(job.outputFile, html);
      count++;
    }
    return count;
  }

  /** What the search index takes of some articles: the tokens of their title and text. */
  searchDocs(request: { files: string[] }): SearchDoc[] {
    // Made at parse time when the site has search (the setting is in the cache key).
    return request.files.map((file) => this.articles.get(file)!.search!);
  }


  saveCache(): void {
    if (this.cacheChanged) this.cache.save(this.entries);
  }

  /** Link the output folder's spare (write/output.ts) in this thread, while the main thread writes the build's state. */
  linkSpare(request: { outDir: string; durable: boolean }): boolean {
    return keepLinkedSpare(request.outDir, { durable: request.durable });
  }
}

/**
 * The conversion stage for a site: its variants, its dictionary, and links pointed into each variant's tree;
 * converters' tables are kept for this xinwen (`generator`: its generator id, computed if not given).
 */
export function createScriptConverter(settings: Settings, dictionary: readonly DictionaryEntry[], generator = generatorId()): ScriptConverter {
  const tables = storedTables(path.join(PACKAGE_ROOT, '.cache', 'conversion'), generator);
  const articleRoot = permalinkRoot(settings.permalink);
  return new ScriptConverter(settings.variants, dictionary, (href, variant) => linkIntoVariant(href, settings.basePath, variant.path, articleRoot), tables);
}
