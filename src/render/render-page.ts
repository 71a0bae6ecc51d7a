import type { TemplateEngine } from './templates.ts';
import type { PageJob, SiteView } from './view-model.ts';

/** One page's HTML: its template with the site's and the page's views; an article page gets its body, in the page's script. */
export function renderPage(engine: TemplateEngine, job: PageJob, site: SiteView, body?: string): Promise<string> {
  const page = job.page.kind === 'article' && body !== undefined ? { ...job.page, article: { ...job.page.article, bodyHtml: body } } : job.page;
  return engine.render(job.template, { site, page });
}
