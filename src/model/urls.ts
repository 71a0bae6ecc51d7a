/**
 * Site paths: every page's URL starts with `/` and ends with `/` (folder
 * URLs with index.html), relative to the site's base path. The base path is
 * added when links are made (see `href`), so a site can live in a sub-folder.
 */
export const NEWS_PATH = '/news/';

export function articlePath(slug: string): string {
  return `${NEWS_PATH}${slug}/`;
}

export function newsListPath(page: number): string {
  return page === 1 ? NEWS_PATH : `${NEWS_PATH}page/${page}/`;
}

/** File in the output folder for a site path. */
export function outputFileFor(sitePath: string): string {
  if (sitePath.endsWith('.html') || sitePath.endsWith('.xml') || sitePath.endsWith('.txt')) return sitePath.slice(1);
  return `${sitePath.slice(1)}index.html`;
}

/** Link for a site path under the base path; absolute URLs pass through. */
export function href(basePath: string, sitePath: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(sitePath) || sitePath.startsWith('//')) return sitePath;
  return basePath + sitePath.replace(/^\//, '');
}

/** First segments of generated pages; everything else under the base path is a static file shared by all variants. */
export const PAGE_ROOTS = ['news/'];

/** True when a path below the base path (no leading slash) is a generated page, not a static file. */
export function isPagePath(relative: string): boolean {
  return relative === '' || relative === 'index.html' || PAGE_ROOTS.some((root) => relative.startsWith(root));
}

/**
 * Point links to the site's own pages at the same pages in a variant's tree,
 * so a reader of /zh-hant/ who follows a link inside an article stays in
 * traditional script. Links to static files and other sites are left alone.
 */
export function linksIntoVariant(html: string, basePath: string, variantPath: string): string {
  if (variantPath === '/') return html;
  const prefix = `href="${basePath}`;
  if (!html.includes(prefix)) return html;
  return html.replaceAll(/href="([^"]*)"/g, (whole, link: string) => {
    if (!link.startsWith(basePath)) return whole;
    const relative = link.slice(basePath.length);
    return isPagePath(relative) ? `href="${basePath}${variantPath.slice(1)}${relative}"` : whole;
  });
}
