import type { Variant } from '../convert/scripts.ts';

export interface SitemapPage {
  /** Site path without the script prefix, e.g. `/news/a/`. */
  path: string;
  /** Last change, for article pages. */
  lastmod?: string;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * sitemap.xml: every page in every script, each listing all its script
 * versions as `xhtml:link` alternates (Google's form for translated pages).
 */
export function renderSitemap(baseUrl: string, variants: readonly Variant[], pages: readonly SitemapPage[]): string {
  const url = (variant: Variant, path: string) => baseUrl + variant.path.slice(1) + path.slice(1);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
  ];
  for (const page of pages) {
    for (const variant of variants) {
      lines.push('<url>', `<loc>${xml(url(variant, page.path))}</loc>`);
      if (page.lastmod) lines.push(`<lastmod>${page.lastmod}</lastmod>`);
      if (variants.length > 1) {
        for (const other of variants) {
          lines.push(`<xhtml:link rel="alternate" hreflang="${xml(other.lang)}" href="${xml(url(other, page.path))}"/>`);
        }
        lines.push(`<xhtml:link rel="alternate" hreflang="x-default" href="${xml(url(variants[0]!, page.path))}"/>`);
      }
      lines.push('</url>');
    }
  }
  lines.push('</urlset>', '');
  return lines.join('\n');
}

export function renderRobots(baseUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${baseUrl}sitemap.xml\n`;
}
