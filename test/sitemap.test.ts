import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Variant } from '../src/convert/scripts.ts';
import { renderSitemap, SITEMAP_URL_LIMIT } from '../src/write/sitemap.ts';

const VARIANTS = [
  { path: '/', lang: 'zh-Hans' },
  { path: '/zh-hant/', lang: 'zh-Hant' },
] as Variant[];

describe('renderSitemap', () => {
  test('one file with every page in every script and its alternates', () => {
    const files = renderSitemap('https://example.com/', VARIANTS, [{ path: '/' }, { path: '/news/a&b/', lastmod: '2022-05-17' }]);
    assert.deepEqual(
      files.map((each) => each.file),
      ['sitemap.xml'],
    );
    const xml = files[0]!.content;
    assert.equal((xml.match(/<url>/g) ?? []).length, 4);
    assert.match(xml, /<loc>https:\/\/example\.com\/zh-hant\/news\/a&amp;b\/<\/loc>\n<lastmod>2022-05-17<\/lastmod>/);
    assert.match(xml, /<xhtml:link rel="alternate" hreflang="x-default" href="https:\/\/example\.com\/news\/a&amp;b\/"\/>/);
  });

  test('past 50,000 URLs, an index of files that each stay within the limit', () => {
    const pages = Array.from({ length: 30_000 }, (_, i) => ({ path: `/news/a${i}/` }));
    const files = renderSitemap('https://example.com/site/', VARIANTS, pages);
    assert.deepEqual(
      files.map((each) => each.file),
      ['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml'],
    );
    assert.match(files[0]!.content, /<sitemapindex[^>]*>\n<sitemap><loc>https:\/\/example\.com\/site\/sitemap-1\.xml<\/loc><\/sitemap>\n<sitemap><loc>https:\/\/example\.com\/site\/sitemap-2\.xml<\/loc><\/sitemap>/);
    let urls = 0;
    for (const each of files.slice(1)) {
      const count = (each.content.match(/<url>/g) ?? []).length;
      assert.ok(count <= SITEMAP_URL_LIMIT, `${each.file}: ${count} URLs`);
      urls += count;
    }
    assert.equal(urls, 60_000);
  });
});
