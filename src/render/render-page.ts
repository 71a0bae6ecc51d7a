import { fillArticleLinks } from '../parse/links.ts';
import type { TemplateEngine } from './templates.ts';
import type { PageJob, SiteView } from './view-model.ts';

/**
 * One page's HTML: its template with the site's and the page's views. An
 * article page gets its body, in the page's script, with its links to other
 * articles' source files pointed at their pages.
 */
export function renderPage(engine: TemplateEngine, job: PageJob, site: SiteView, body?: string): Promise<string> {
  const bodyHtml = body === undefined ? undefined : fillArticleLinks(body, job.links ?? []);
  const page = job.page.kind === 'article' && bodyHtml !== undefined ? { ...job.page, article: { ...job.page.article, bodyHtml } } : job.page;
  return engine.render(job.template, { site, page });
}
