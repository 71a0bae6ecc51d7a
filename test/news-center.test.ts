import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { searchSite } from './support/search-node.ts';
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

describe('search: one index for both scripts, queried from Node with the search page\'s code', () => {
  const { out } = buildSite(PROJECT);
  const trees = ['', 'zh-hant/'];

  it('writes one shared index and, per script tree, a search page and its listings', () => {
    const files = listFiles(out);
    assert.ok(files.includes('search/index.json') && files.some((file) => /^search\/terms\/\d+\.txt$/.test(file)));
    assert.ok(!files.some((file) => file.startsWith('zh-hant/search/terms/') || file === 'zh-hant/search/index.json'), 'no second index');
    for (const prefix of trees) {
      assert.ok(files.includes(`${prefix}search/docs/0.json`), prefix);
      assert.match(readPage(out, `${prefix}search/index.html`), /<section class="search" id="search" data-index="\/search\/index\.json" data-docs="\/(zh-hant\/)?search\/docs\/">/);
    }
  });

  // Each group: one query typed in simplified, traditional, the legacy page's mistaken 聯系, and a mix of the two scripts.
  for (const queries of [
    ['联系', '聯繫', '聯系', '联繫'],
    ['随州市', '隨州市', '隨州市', '随州市'],
    ['随州 联系', '隨州 聯繫', '隨州 联系', '随州 聯繫'],
    ['网格员', '網格員', '網格员', '网格員'],
    ['亿联网络', '億聯網絡', '億联網络', '亿聯网絡'],
  ]) {
    for (const tree of trees) {
      it(`${queries.join(', ')} find the same articles in the ${tree || 'simplified '}tree, listed in its script`, async () => {
        const results = await Promise.all(queries.map((query) => searchSite(out, tree, query, 100)));
        assert.ok(results[0]!.total > 0, 'found something');
        for (const result of results.slice(1)) assert.deepEqual(result.hits.map((hit) => hit.path), results[0]!.hits.map((hit) => hit.path));
        for (const hit of results[0]!.hits) {
          assert.ok(hit.path.startsWith(`/${tree}news/`), hit.path);
          // The title and date a result shows are the article page's own, in this tree's script.
          const page = readPage(out, `${hit.path.slice(1)}index.html`);
          assert.ok(page.includes(`<h1>${hit.title}</h1>`), `${hit.path}: ${hit.title}`);
          assert.ok(page.includes(`datetime="${hit.date}`), `${hit.path}: ${hit.date}`);
          assert.ok(page.includes(hit.summary.slice(0, 20)), `${hit.path}: the summary`);
        }
      });
    }
  }

  it('ranks articles with the words in their title first, then the newest first', async () => {
    for (const query of ['随州', '联系', '公司', '网络']) {
      const { hits, total } = await searchSite(out, '', query, 100);
      assert.ok(total >= 3, `${query}: ${total}`);
      const folded = (text: string) => text.replaceAll('隨', '随').replaceAll('聯', '联').replaceAll('繫', '系').replaceAll('網', '网').replaceAll('絡', '络');
      const inTitle = hits.map((hit) => folded(hit.title).includes(query));
      assert.deepEqual(inTitle, [...inTitle].sort((a, b) => Number(b) - Number(a)), `${query}: title matches first`);
      for (let i = 1; i < hits.length; i++) {
        if (inTitle[i] === inTitle[i - 1]) assert.ok(hits[i - 1]!.date >= hits[i]!.date, `${query}: ${hits[i - 1]!.date} before ${hits[i]!.date}`);
      }
    }
  });

  it('finds a one-character query in titles, and a Latin word whatever its case or width', async () => {
    const single = await searchSite(out, '', '隨');
    assert.ok(single.total > 0 && single.hits.every((hit) => hit.title.includes('随')));
    const word = await searchSite(out, '', 'ＡＰＩ');
    assert.ok(word.total > 0);
    assert.deepEqual(word.hits, (await searchSite(out, '', 'api')).hits);
  });

  it('finds nothing for words no article has', async () => {
    const none = await searchSite(out, 'zh-hant/', '量子引力');
    assert.equal(none.total, 0);
  });
});
