import { createClock } from '../core/clock.ts';
import { asXinwenErrors, type SerializedError, type Warning } from '../core/errors.ts';
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

/** Everything a shard needs to start; plain data, so it can be sent to a worker thread. */
export interface ShardSetup {
  root: string;
  settings: Settings;
  /** Template folders in lookup order, each with the script its templates are written in. */
  templateDirs: { dir: string; locale: Locale }[];
  dictionary: DictionaryEntry[];
}

export interface ParseOutcome {
  articles: ArticleMeta[];
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

/**
 * The work of one core: load, parse and convert a share of the articles,
 * then render and write pages. Article bodies (in every script) stay here
 * between the two steps, so the heaviest data never crosses a thread
 * boundary; the main thread only sees what it needs to build the site model.
 */
export class Shard {
  /**
   * Body HTML per article file, in its own script. Each variant's copy is
   * made when its page is rendered, so only one copy of each body is held.
   */
  private readonly bodies = new Map<string, { html: string; from: Locale }>();
  private readonly parseContext: ParseContext;
  private readonly converters: ConverterSet;
  /** One template engine per variant: its templates' words are converted to its script. */
  private readonly templates: TemplateEngine[];

  constructor(private readonly setup: ShardSetup) {
    const { settings } = setup;
    this.parseContext = {
      clock: createClock(settings.timezone),
      markdown: createMarkdownRenderer(settings.basePath),
      defaultAuthor: settings.defaultAuthor,
    };
    this.converters = new ConverterSet(setup.dictionary);
    const dirs = setup.templateDirs.map((entry) => entry.dir);
    const localeOf = new Map(setup.templateDirs.map((entry) => [entry.dir, entry.locale]));
    this.templates = settings.variants.map((variant) =>
      createTemplateEngine(dirs, setup.root, (source, dir) =>
        convertTemplate(source, this.converters.get(localeOf.get(dir) ?? 'cn', variant.locale)),
      ),
    );
  }

  parse(files: string[]): ParseOutcome {
    const outcome: ParseOutcome = { articles: [], warnings: [], errors: [] };
    const { settings } = this.setup;
    for (const file of files) {
      try {
        const { article, warnings } = parseArticle(readSourceFile(this.setup.root, file), this.parseContext);
        const from = article.script ? SOURCE_SCRIPTS[article.script] : settings.sourceLocale;
        const texts = settings.variants.map((variant) => convertArticleText(article, this.converters.get(from, variant.locale)));
        const { bodyHtml, ...meta } = article;
        this.bodies.set(file, { html: bodyHtml, from });
        outcome.articles.push({ ...meta, texts });
        outcome.warnings.push(...warnings);
      } catch (error) {
        outcome.errors.push(...asXinwenErrors(error).map((e) => e.toJSON()));
      }
    }
    return outcome;
  }

  /** The given texts in every variant's script: `result[variant][i]`. */
  convertTexts(request: ConvertTextsRequest): string[][] {
    return this.setup.settings.variants.map((variant) => {
      const converter = this.converters.get(request.from, variant.locale);
      return request.texts.map((text) => converter.text(text));
    });
  }

  /** Compile the given templates in every variant, so a syntax error stops the build before it writes. */
  compile(names: string[]): void {
    for (const engine of this.templates) engine.compile(names);
  }

  /** An article's body in a variant's script, with links into that variant's tree. */
  private body(file: string, variantIndex: number): string {
    const body = this.bodies.get(file);
    if (!body) return '';
    const { settings } = this.setup;
    const variant = settings.variants[variantIndex]!;
    const html = convertArticleBody(body.html, this.converters.get(body.from, variant.locale));
    return linksIntoVariant(html, settings.basePath, variant.path);
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
}
