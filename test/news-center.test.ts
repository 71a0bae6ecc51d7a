import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as OpenCC from 'opencc-js';
import { searchIndex } from './support/pagefind-node.ts';
import { between, buildSite, FIXTURES, listFiles, PROJECT, readPage, textOf } from './support/site.ts';

const titlesIn = (html: string) => [...html.matchAll(/<h2 class="news-item-title">(?:<span[^>]*>[^<]*<\/span>)*<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('everything a news center offers: the newsroom fixture', () => {
  const { out } = buildSite(path.join(FIXTURES, 'newsroom'));

  it('lists 置顶 first, then 推荐, then newest, with badges', () => {
    const list = readPage(out, 'news/index.html');
    assert.deepEqual(titlesIn(list), ['置顶的通知', '推荐的报道', '最新的新闻']);
    assert.match(list, /<span class="badge badge-pinned">置顶<\/span><a href="\/news\/b-pinned\/">/);
    assert.match(list, /<span class="badge badge-featured">推荐<\/span><a href="\/news\/c-featured\/">/);
    assert.match(readPage(out, 'zh-hant/news/index.html'), /<span class="badge badge-pinned">置頂<\/span>/);
  });

  it('keeps 上一篇 / 下一篇 in date order, whatever is pinned', () => {
    const pinned = readPage(out, 'news/b-pinned/index.html');
    assert.equal(textOf(between(pinned, '<nav class="prev-next"', '</nav>')), '上一篇：推荐的报道 下一篇：最早的新闻');
  });

  it('has a tag index and a paginated page per tag, in both scripts', () => {
    const index = readPage(out, 'tags/index.html');
    assert.match(index, /<a class="tag" href="\/tags\/sui-zhou\/" rel="tag">随州 <span class="count">\(3\)<\/span><\/a>/);
    assert.match(readPage(out, 'zh-hant/tags/index.html'), /<a class="tag" href="\/zh-hant\/tags\/sui-zhou\/" rel="tag">隨州 <span class="count">\(3\)<\/span><\/a>/);
    const tag = readPage(out, 'tags/sui-zhou/index.html');
    assert.match(tag, /<h1 class="section-title">标签：随州<\/h1>/);
    assert.deepEqual(titlesIn(tag), ['推荐的报道', '网络安全与随州', '最早的新闻']);
    assert.equal(textOf(between(tag, '<nav class="breadcrumb"', '</nav>')), '您所在的位置： 首页 新闻中心 标签 标签：随州');
    assert.deepEqual(titlesIn(readPage(out, 'tags/wang-luo-an-quan/index.html')), ['只有一个相同标签', '网络安全与随州', '最早的新闻']);
  });

  it('has a paginated list per column, in the navigation and in the article breadcrumb', () => {
    const column = readPage(out, 'columns/gong-si-xin-wen/index.html');
    assert.deepEqual(titlesIn(column), ['同栏目的新闻', '网络安全与随州', '最早的新闻']);
    assert.match(column, /<a href="\/columns\/gong-si-xin-wen\/" aria-current="page">公司新闻<\/a>|<li><a href="\/columns\/gong-si-xin-wen\/"[^>]*>公司新闻<\/a><\/li>/);
    const nav = between(readPage(out, 'index.html'), '<nav class="site-nav"', '</nav>');
    assert.deepEqual([...nav.matchAll(/>([^<>]+)<\/a>/g)].map((m) => m[1]), ['首页', '新闻中心', '公司新闻', '行业动态', '媒体报道', '通知公告']);
    const article = readPage(out, 'news/d-two-tags/index.html');
    assert.equal(textOf(between(article, '<nav class="breadcrumb"', '</nav>')), '您所在的位置： 首页 新闻中心 公司新闻 正文');
  });

  it('shows 相关新闻: shared tags first, then the same column, then newest, never the article itself', () => {
    const related = between(readPage(out, 'news/a-oldest/index.html'), '<ul class="related-list">', '</ul>');
    assert.deepEqual([...related.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]), ['/news/d-two-tags/', '/news/f-one-tag/', '/news/c-featured/']);
    const forColumn = between(readPage(out, 'news/e-same-column/index.html'), '<ul class="related-list">', '</ul>');
    assert.deepEqual([...forColumn.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]).slice(0, 2), ['/news/d-two-tags/', '/news/a-oldest/']);
    assert.doesNotMatch(forColumn, /e-same-column/);
  });

  it('has an archive by year and month', () => {
    const archive = readPage(out, 'archive/index.html');
    assert.match(archive, /<h2 class="archive-year">2022年<\/h2>/);
    assert.match(archive, /<a href="\/archive\/2021\/01\/">2021年1月<\/a> <span class="count">（1 篇）<\/span>/);
    assert.deepEqual(titlesIn(readPage(out, 'archive/2022/07/index.html')), ['最新的新闻']);
  });

  it('shows reading time on detail pages', () => {
    assert.match(readPage(out, 'news/a-oldest/index.html'), /<span>阅读约 1 分钟<\/span>/);
  });

  it('writes RSS 2.0, Atom and JSON Feed per script, with full content and absolute URLs, linked from every page', () => {
    const rss = readPage(out, 'zh-hant/feed.xml');
    assert.match(rss, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<rss version="2\.0"/);
    assert.equal((rss.match(/<item>/g) ?? []).length, 7);
    assert.match(rss, /<link>https:\/\/newsroom\.example\.com\/zh-hant\/news\/g-newest\/<\/link>/);
    assert.match(rss, /<content:encoded><!\[CDATA\[<p>隨州公司開展網絡安全檢查。詳見<a href="https:\/\/example\.org\/">官網<\/a>。<\/p>/);
    const atom = readPage(out, 'atom.xml');
    assert.match(atom, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/);
    assert.match(atom, /<link href="https:\/\/newsroom\.example\.com\/news\/a-oldest\/"\/>/);
    const json = JSON.parse(readPage(out, 'feed.json')) as { version: string; items: { url: string; content_html: string }[] };
    assert.match(json.version, /jsonfeed\.org\/version\/1/);
    assert.equal(json.items[0]!.url, 'https://newsroom.example.com/news/g-newest/');
    assert.match(json.items[0]!.content_html, /最新的新闻，与别的都无关。/);
    for (const file of ['index.html', 'zh-hant/news/a-oldest/index.html']) {
      const html = readPage(out, file);
      const prefix = file.startsWith('zh-hant/') ? '/zh-hant' : '';
      assert.match(html, new RegExp(`<link rel="alternate" type="application/rss\\+xml" title="[^"]+" href="${prefix}/feed\\.xml">`));
      assert.match(html, new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]+" href="${prefix}/atom\\.xml">`));
      assert.match(html, new RegExp(`<link rel="alternate" type="application/feed\\+json" title="[^"]+" href="${prefix}/feed\\.json">`));
    }
  });

  it('lists every page in sitemap.xml with its other-script alternate, and robots.txt points to it', () => {
    const sitemap = readPage(out, 'sitemap.xml');
    const pages = listFiles(out).filter((file) => file.endsWith('index.html') && !file.includes('search/'));
    for (const page of pages) {
      const loc = `https://newsroom.example.com/${page.replace(/index\.html$/, '')}`;
      assert.ok(sitemap.includes(`<loc>${loc}</loc>`), loc);
    }
    assert.match(
      sitemap,
      /<loc>https:\/\/newsroom\.example\.com\/zh-hant\/news\/a-oldest\/<\/loc>\n<lastmod>2021-01-05<\/lastmod>\n<xhtml:link rel="alternate" hreflang="zh-Hans" href="https:\/\/newsroom\.example\.com\/news\/a-oldest\/"\/>\n<xhtml:link rel="alternate" hreflang="zh-Hant" href="https:\/\/newsroom\.example\.com\/zh-hant\/news\/a-oldest\/"\/>/,
    );
    assert.equal(readPage(out, 'robots.txt'), 'User-agent: *\nAllow: /\n\nSitemap: https://newsroom.example.com/sitemap.xml\n');
  });
});

describe('search: one Pagefind index per script, queried from Node', () => {
  const { out } = buildSite(PROJECT);
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

  it('writes an index and a search page in each script', () => {
    for (const prefix of ['', 'zh-hant/']) {
      assert.ok(listFiles(out).includes(`${prefix}pagefind/pagefind.js`), prefix);
      assert.match(readPage(out, `${prefix}search/index.html`), /<form class="search-form"/);
    }
  });

  for (const [tree, queries, expected] of [
    ['zh-hant', ['随州', '隨州'], '隨州'],
    ['zh-hant', ['联系', '聯繫'], '聯繫'],
    ['', ['随州', '隨州'], '随州'],
    ['', ['联系', '聯繫'], '联系'],
  ] as const) {
    it(`${queries.join(' and ')} find the same articles in the ${tree || 'simplified'} tree`, async () => {
      const convert = tree ? toTraditional : toSimplified;
      const results = await Promise.all(queries.map((query) => searchIndex(path.join(out, tree, 'pagefind'), convert(query))));
      assert.ok(results[0]!.length > 0, 'found something');
      assert.deepEqual(results[1]!.map((hit) => hit.url), results[0]!.map((hit) => hit.url));
      for (const hit of results[0]!) {
        assert.ok(hit.url.startsWith(tree ? '/zh-hant/news/' : '/news/'), hit.url);
        assert.ok(hit.title.length > 0 && hit.date && hit.excerpt.length > 0, 'title, date and excerpt');
      }
      assert.ok(results[0]!.some((hit) => hit.excerpt.includes(expected) || hit.title.includes(expected)));
    });
  }
});
