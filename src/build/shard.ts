import { createClock } from '../core/clock.ts';
import { asXinwenErrors, type SerializedError, type Warning } from '../core/errors.ts';
import { readSourceFile } from '../load/content-files.ts';
import type { ArticleMeta } from '../model/site-model.ts';
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
  templateDirs: string[];
}

export interface ParseOutcome {
  articles: ArticleMeta[];
  warnings: Warning[];
  errors: SerializedError[];
}

export interface RenderRequest {
  tempDir: string;
  site: SiteView;
  jobs: PageJob[];
}

/**
 * The work of one core: load and parse a share of the articles, then render
 * and write pages. Article bodies stay here between the two steps, so the
 * heaviest data never crosses a thread boundary; the main thread only sees
 * the metadata it needs to build the site model.
 */
export class Shard {
  private readonly bodies = new Map<string, string>();
  private readonly parseContext: ParseContext;
  private readonly templates: TemplateEngine;

  constructor(private readonly setup: ShardSetup) {
    this.parseContext = {
      clock: createClock(setup.settings.timezone),
      markdown: createMarkdownRenderer(setup.settings.basePath),
      defaultAuthor: setup.settings.defaultAuthor,
    };
    this.templates = createTemplateEngine(setup.templateDirs, setup.root);
  }

  parse(files: string[]): ParseOutcome {
    const outcome: ParseOutcome = { articles: [], warnings: [], errors: [] };
    for (const file of files) {
      try {
        const { article, warnings } = parseArticle(readSourceFile(this.setup.root, file), this.parseContext);
        const { bodyHtml, ...meta } = article;
        this.bodies.set(file, bodyHtml);
        outcome.articles.push(meta);
        outcome.warnings.push(...warnings);
      } catch (error) {
        outcome.errors.push(...asXinwenErrors(error).map((e) => e.toJSON()));
      }
    }
    return outcome;
  }

  /** Compile the given templates, so a syntax error stops the build before it writes. */
  compile(names: string[]): void {
    this.templates.compile(names);
  }

  async render(request: RenderRequest): Promise<number> {
    for (const job of request.jobs) {
      if (job.bodyOf !== undefined && job.page.kind === 'article') {
        job.page.article.bodyHtml = this.bodies.get(job.bodyOf) ?? '';
      }
      const html = await this.templates.render(job.template, { site: request.site, page: job.page });
      writeOutputFile(request.tempDir, job.outputFile, html);
    }
    return request.jobs.length;
  }
}
