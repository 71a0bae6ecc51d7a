import type { Variant } from '../convert/scripts.ts';

export interface SitemapPage {
  /** Site path without the script prefix, e.g. `/news/a/`. */
  path: string;
  /** Last change, for article pages. */
  lastmod?: string;
}

function xml(text: string): string {
  if (!/[&<>"']/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The protocol's limit of URLs in one sitemap file. */
export const SITEMAP_URL_LIMIT = 50_000;

export interface SitemapFile {
  file: string;
  content: string;
}

/**
 * sitemap.xml: every page in every script, each listing all its script
 * versions as `xhtml:link` alternates (Google's form for translated pages).
 * Past 50,000 URLs (the protocol's limit) the pages are split across
 * sitemap-1.xml, sitemap-2.xml… and sitemap.xml becomes their index.
 */
export function renderSitemap(baseUrl: string, variants: readonly Variant[], pages: readonly SitemapPage[]): SitemapFile[] {
  const perFile = Math.floor(SITEMAP_URL_LIMIT / variants.length);
  if (pages.length <= perFile) return [{ file: 'sitemap.xml', content: urlSet(baseUrl, variants, pages) }];
  const files: SitemapFile[] = [];
  for (let start = 0; start < pages.length; start += perFile) {
    files.push({ file: `sitemap-${files.length + 1}.xml`, content: urlSet(baseUrl, variants, pages.slice(start, start + perFile)) });
  }
  const index = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...files.map((each) => `<sitemap><loc>${xml(baseUrl + each.file)}</loc></sitemap>`),
    '</sitemapindex>',
    '',
  ].join('\n');
  return [{ file: 'sitemap.xml', content: index }, ...files];
}

function urlSet(baseUrl: string, variants: readonly Variant[], pages: readonly SitemapPage[]): string {
  const roots = variants.map((variant) => xml(baseUrl + variant.path.slice(1)));
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n',
  ];
  for (const page of pages) {
    const rest = xml(page.path.slice(1));
    // Every script version lists the same alternates: make them once per page.
    let alternates = '';
    if (variants.length > 1) {
      alternates = variants.map((other, v) => `<xhtml:link rel="alternate" hreflang="${xml(other.lang)}" href="${roots[v]}${rest}"/>\n`).join('');
      alternates += `<xhtml:link rel="alternate" hreflang="x-default" href="${roots[0]}${rest}"/>\n`;
    }
    const lastmod = page.lastmod ? `<lastmod>${page.lastmod}</lastmod>\n` : '';
    for (let v = 0; v < variants.length; v++) parts.push(`<url>\n<loc>${roots[v]}${rest}</loc>\n${lastmod}${alternates}</url>\n`);
  }
  parts.push('</urlset>\n');
  return parts.join('');
}

export function renderRobots(baseUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${baseUrl}sitemap.xml\n`;
}
