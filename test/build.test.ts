import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { between, buildSite, FIXTURES, listFiles, readPage, textOf, treeHash } from './support/site.ts';

describe('basic fixture site, built end to end', () => {
  const { out, result } = buildSite(path.join(FIXTURES, 'basic'));

  it('prints one summary line with articles, pages and seconds', () => {
    const pages = listFiles(out).filter((file) => file.endsWith('.html')).length;
    assert.match(result.stdout, new RegExp(`^built 4 articles, ${pages} pages in \\d+\\.\\d\\d s → .+\\n$`));
  });

  it('writes every page as a folder URL in both scripts, plus 404, feeds, sitemap, search and public/ files', () => {
    const files = listFiles(out);
    const perScript = [
      '404.html',
      'index.html',
      'news/index.html',
      'news/page/2/index.html',
      'news/dangjian/index.html',
      'news/second/index.html',
      'news/sui-zhou-xiang-gu/index.html',
      'news/third/index.html',
      'tags/index.html',
      'tags/dang-jian-yin-ling/index.html',
      'tags/sui-zhou/index.html',
      'columns/mei-ti-bao-dao/index.html',
      'archive/index.html',
      'archive/2022/05/index.html',
      'archive/2022/08/index.html',
      'search/index.html',
      'feed.xml',
      'atom.xml',
      'feed.json',
      'search/docs/0.json',
    ];
    for (const file of perScript) {
      assert.ok(files.includes(file), file);
      assert.ok(files.includes(`zh-hant/${file}`), `zh-hant/${file}`);
    }
    for (const file of ['.xinwen-output', 'assets/xinwen.css', 'assets/search.js', 'assets/search-core.js', 'search/index.json', 'search/terms/0.txt', 'images/dot.svg', 'sitemap.xml', 'robots.txt']) {
      assert.ok(files.includes(file), file);
    }
    assert.ok(!files.some((file) => file.includes('draft')), 'no draft page');
    assert.ok(files.every((file) => !/\/[^/.]+$/.test(file)), 'every page is a file in its folder');
  });

  it('lists articles newest first, paginated by page_size, with a full pager', () => {
    const first = readPage(out, 'news/index.html');
    const titles = [...first.matchAll(/<h2 class="news-item-title"><a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(titles, [
      ['/news/sui-zhou-xiang-gu/', '随州香菇走向世界'],
      ['/news/third/', '第三篇新闻'],
    ]);
    const pager = textOf(between(first, '<nav class="pager"', '</nav>'));
    assert.equal(pager, '首页 上一页 1 2 下一页 尾页 第 1 页，共 2 页');
    const second = readPage(out, 'news/page/2/index.html');
    assert.match(second, /<a href="\/news\/">首页<\/a>/);
    assert.match(second, /<a href="\/news\/" rel="prev">上一页<\/a>/);
    assert.match(second, /<span class="disabled">下一页<\/span>/);
    assert.match(second, /第二篇新闻/);
    assert.match(second, /党建引领有力 城乡治理有效/);
  });

  it('shows summary, date, author and views on each list item', () => {
    const second = readPage(out, 'news/page/2/index.html');
    const item = textOf(between(second, '<li class="news-item">', '</li>'));
    assert.equal(item, '第二篇新闻：<script>alert(1)</script> 这是手写的摘要。 2022-06-01作者：市场部 李娜人气：520');
    const page2 = readPage(out, 'news/page/2/index.html');
    assert.match(page2, /<p class="news-item-summary">5月16日，省委系列新闻发布会首场在汉举行。相关部门负责人透露，近年来全省各级党组织聚焦党建引领。街道是基层治理的主阵地。<\/p>/);
  });

  it('renders the detail page like the legacy news center: breadcrumb, meta line, body, source, tags, prev/next', () => {
    const html = readPage(out, 'news/dangjian/index.html');
    assert.equal(textOf(between(html, '<nav class="breadcrumb"', '</nav>')), '您所在的位置： 首页 新闻中心 媒体报道 正文');
    assert.equal(
      textOf(between(html, '<p class="article-meta">', '</p>')),
      '作者：网站编辑来源：湖北日报日期：2022/5/17 8:10:05人气：190阅读约 1 分钟',
    );
    assert.match(html, /<time datetime="2022-05-17T08:10:05\+08:00">2022\/5\/17 8:10:05<\/time>/);
    assert.match(html, /<h2>推动服务一平台<\/h2>/);
    assert.match(html, /<p class="article-source">来源：湖北日报<\/p>/);
    assert.equal(textOf(between(html, '<p class="article-tags">', '</p>')), '标签：党建引领基层治理乡村振兴');
    assert.match(html, /<a class="tag" href="\/tags\/dang-jian-yin-ling\/" rel="tag">党建引领<\/a>/);
    assert.match(html, /<p class="article-column">栏目：<a href="\/columns\/mei-ti-bao-dao\/">媒体报道<\/a><\/p>/);
    assert.equal(
      textOf(between(html, '<nav class="prev-next"', '</nav>')),
      '上一篇：第二篇新闻：<script>alert(1)</script> 下一篇：没有了',
    );
    const newest = readPage(out, 'news/sui-zhou-xiang-gu/index.html');
    assert.equal(textOf(between(newest, '<nav class="prev-next"', '</nav>')), '上一篇：没有了 下一篇：第三篇新闻');
  });

  it('puts the sidebar (news link, hot articles by views, contact) and footer (hotline, address, filings) on every page', () => {
    for (const file of ['index.html', 'news/index.html', 'news/third/index.html', '404.html']) {
      const html = readPage(out, file);
      const hot = [...between(html, '<ol class="hot-list">', '</ol>').matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
      assert.deepEqual(hot, ['随州香菇走向世界', '第二篇新闻：&lt;script&gt;alert(1)&lt;/script&gt;', '党建引领有力 城乡治理有效'], file);
      const contact = textOf(between(html, '<section class="side-box contact">', '</section>'));
      assert.equal(contact, '联系我们 测试科技有限公司 电话400-123-4567 地址湖北省随州市曾都区测试路1号', file);
      const footer = between(html, '<footer class="site-footer">', '</footer>');
      assert.match(footer, /服务热线：<a href="tel:400-123-4567">400-123-4567<\/a>/);
      assert.match(footer, /公司地址：湖北省随州市曾都区测试路1号/);
      assert.match(footer, /<a href="https:\/\/beian\.miit\.gov\.cn\/" rel="noopener" target="_blank">鄂ICP备12345678号-1<\/a>/);
      // The 公安 number follows its emblem (drawn for xinwen, not the official file).
      assert.match(footer, /<a class="police-filing" href="https:\/\/beian\.mps\.gov\.cn\/#\/query\/webSearch\?code=42130202000001"[^>]*><svg class="police-emblem"[^>]*aria-hidden="true">.*?<\/svg>鄂公网安备42130202000001号<\/a>/);
    }
  });

  it('escapes front-matter text everywhere it appears', () => {
    for (const file of ['news/second/index.html', 'news/page/2/index.html', 'news/third/index.html']) {
      const html = readPage(out, file);
      assert.doesNotMatch(html, /<script>alert/, file);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, file);
    }
  });

  it('uses semantic HTML with lang, landmarks and a canonical URL', () => {
    const html = readPage(out, 'news/third/index.html');
    assert.match(html, /^<!DOCTYPE html>\n<html lang="zh-Hans">/);
    for (const tag of ['<header', '<nav', '<main', '<article', '<aside', '<footer']) assert.ok(html.includes(tag), tag);
    assert.match(html, /<link rel="canonical" href="https:\/\/news\.example\.com\/news\/third\/">/);
    assert.match(html, /<title>第三篇新闻 - 测试公司<\/title>/);
  });

  it('leaves drafts out, and the 404 page says the page does not exist', () => {
    assert.equal(existsSync(path.join(out, 'news/draft')), false);
    assert.match(readPage(out, '404.html'), /<h1>页面不存在<\/h1>/);
  });

  it('builds byte-identical output from the same input', () => {
    const again = buildSite(path.join(FIXTURES, 'basic')).out;
    assert.equal(treeHash(again), treeHash(out));
  });
});

describe('build options and site folders', () => {
  it('includes drafts with --drafts', () => {
    const { out } = buildSite(path.join(FIXTURES, 'basic'), ['--drafts']);
    assert.match(readPage(out, 'news/draft/index.html'), /尚未发布的草稿/);
  });

  it('lets a site override one built-in template and keeps the rest', () => {
    const { out } = buildSite(path.join(FIXTURES, 'override'));
    const html = readPage(out, 'news/second/index.html');
    assert.match(html, /<footer class="site-footer"><p>自定义页脚：测试科技有限公司<\/p><\/footer>/);
    assert.match(html, /<nav class="breadcrumb"/);
  });

  it('prefixes every internal link with the base URL path for a sub-folder deployment', () => {
    const { out } = buildSite(path.join(FIXTURES, 'subfolder'));
    for (const file of listFiles(out).filter((f) => f.endsWith('.html'))) {
      const html = readPage(out, file);
      const links = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
      for (const link of links) {
        if (/^(https?:|tel:|mailto:|#)/.test(link)) continue;
        assert.ok(link.startsWith('/news-center/'), `${file}: ${link}`);
        const target = link.slice('/news-center/'.length);
        const file2 = target === '' || target.endsWith('/') ? `${target}index.html` : target;
        assert.ok(listFiles(out).includes(file2), `${file}: ${link} → ${file2} exists`);
      }
    }
  });
});
