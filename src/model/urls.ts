/**
 * Site paths: every page's URL starts with `/` and ends with `/` (folder
 * URLs with index.html), relative to the site's base path. The base path is
 * added when links are made (see `href`), so a site can live in a sub-folder.
 */
export const NEWS_PATH = '/news/';

export function articlePath(slug: string): string {
  return `${NEWS_PATH}${slug}/`;
}

/** Page `page` of a paginated list whose first page is `first`. */
function pageOf(first: string, page: number): string {
  return page === 1 ? first : `${first}page/${page}/`;
}

export function newsListPath(page: number): string {
  return pageOf(NEWS_PATH, page);
}

export const TAG_INDEX_PATH = '/tags/';
export function tagPath(slug: string, page = 1): string {
  return pageOf(`${TAG_INDEX_PATH}${slug}/`, page);
}

export function columnPath(slug: string, page = 1): string {
  return pageOf(`/columns/${slug}/`, page);
}

export const ARCHIVE_PATH = '/archive/';
export function archiveMonthPath(year: number, month: number, page = 1): string {
  return pageOf(`${ARCHIVE_PATH}${year}/${String(month).padStart(2, '0')}/`, page);
}

export const SEARCH_PATH = '/search/';

/** Feeds of each script tree. */
export const FEED_PATHS = { rss: '/feed.xml', atom: '/atom.xml', json: '/feed.json' } as const;

/** File in the output folder for a site path. */
export function outputFileFor(sitePath: string): string {
  if (/\.(html|xml|txt|json)$/.test(sitePath)) return sitePath.slice(1);
  return `${sitePath.slice(1)}index.html`;
}

/** Link for a site path under the base path; absolute URLs pass through. */
export function href(basePath: string, sitePath: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(sitePath) || sitePath.startsWith('//')) return sitePath;
  return basePath + sitePath.replace(/^\//, '');
}

/**
 * Names the site writes at the top of each script tree or of the site
 * (pages, feeds, sitemap files, the search index, the theme's assets, the dev
 * server's own path). No variant may be published under one: its pages would
 * overwrite the site's own.
 */
export const RESERVED_NAMES = ['news', 'tags', 'columns', 'archive', 'search', 'assets', 'index.html', '404.html', 'robots.txt', '__xinwen', ...Object.values(FEED_PATHS).map((feed) => feed.slice(1))];

/** True when a top-level name is one the site writes itself (sitemap.xml and its parts sitemap-N.xml included). */
export function isReservedName(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_NAMES.includes(lower) || /^sitemap(-\d+)?\.xml$/.test(lower);
}

/** First segments of generated pages; everything else under the base path is a static file shared by all variants. */
export const PAGE_ROOTS = ['news/', 'tags/', 'columns/', 'archive/', 'search/', 'feed.xml', 'atom.xml', 'feed.json'];

/** True when a path below the base path (no leading slash) is a generated page, not a static file. */
export function isPagePath(relative: string, isArticlePath?: (relative: string) => boolean): boolean {
  return relative === '' || relative === 'index.html' || PAGE_ROOTS.some((root) => relative.startsWith(root)) || (isArticlePath?.(relative) ?? false);
}

/**
 * A link to one of the site's own pages (`isArticlePath`: where the `permalink` setting puts articles), pointed at the same page in a
 * variant's tree, so a reader of /zh-hant/ who follows a link inside an
 * article stays in traditional script; undefined for links to static files
 * and other sites, which stay as they are.
 */
export function linkIntoVariant(link: string, basePath: string, variantPath: string, isArticlePath?: (relative: string) => boolean): string | undefined {
  if (variantPath === '/' || !link.startsWith(basePath)) return undefined;
  const relative = link.slice(basePath.length);
  return isPagePath(relative, isArticlePath) ? `${basePath}${variantPath.slice(1)}${relative}` : undefined;
}
