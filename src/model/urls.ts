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
