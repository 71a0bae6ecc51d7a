import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { between, buildSite, FIXTURES, listFiles, readPage, textOf } from './support/site.ts';

describe('both scripts: the scripts fixture site', () => {
  const { out } = buildSite(path.join(FIXTURES, 'scripts'));
  const files = listFiles(out);
  const pages = files.filter((file) => file.endsWith('.html'));
  const simplified = pages.filter((file) => !file.startsWith('zh-hant/'));
  const traditional = pages.filter((file) => file.startsWith('zh-hant/'));
  const legacy = readPage(out, 'zh-hant/news/legacy-words/index.html');
  const body = between(legacy, '<div class="article-body">', '</div>');

  it('publishes every page in both scripts at the same URL under its prefix', () => {
    assert.ok(simplified.length >= 5);
    assert.deepEqual(
      traditional.map((file) => file.slice('zh-hant/'.length)),
      simplified,
    );
  });

  it('marks each tree with its lang and links every page to both versions and x-default', () => {
    for (const file of simplified) {
      const url = (prefix: string) => `https://scripts.example.com/${prefix}${file.replace(/index\.html$/, '')}`;
      const hans = readPage(out, file);
      const hant = readPage(out, `zh-hant/${file}`);
      assert.match(hans, /<html lang="zh-Hans">/);
      assert.match(hant, /<html lang="zh-Hant">/);
      for (const html of [hans, hant]) {
        assert.ok(html.includes(`<link rel="alternate" hreflang="zh-Hans" href="${url('')}">`), file);
        assert.ok(html.includes(`<link rel="alternate" hreflang="zh-Hant" href="${url('zh-hant/')}">`), file);
        assert.ok(html.includes(`<link rel="alternate" hreflang="x-default" href="${url('')}">`), file);
      }
    }
  });

  it('has a visible switch that leads to the same page in the other script', () => {
    const hans = readPage(out, 'news/legacy-words/index.html');
    assert.match(hans, /<span class="current" lang="zh-Hans" aria-current="true">简体<\/span>/);
    assert.match(hans, /<a href="\/zh-hant\/news\/legacy-words\/" hreflang="zh-Hant" lang="zh-Hant">繁體<\/a>/);
    assert.match(legacy, /<a href="\/news\/legacy-words\/" hreflang="zh-Hans" lang="zh-Hans">简体<\/a>/);
    assert.match(legacy, /<span class="current" lang="zh-Hant" aria-current="true">繁體<\/span>/);
  });

  it('fixes every word the legacy converter got wrong', () => {
    for (const word of ['緊密聯繫', '致富能手', '隨州', '標杆', '確認', '內容']) assert.ok(body.includes(word), word);
    assert.doesNotMatch(legacy, /聯系|緻富|随州|标杆|确認/);
  });

  it('converts title, summary, author, source, tags, category, settings text and the templates’ words', () => {
    assert.match(legacy, /<h1>聯繫群眾 致富能手 隨州標杆<\/h1>/);
    assert.equal(textOf(between(legacy, '<p class="article-meta">', '</p>')), '作者：網站編輯來源：湖北日報日期：2022/5/17 8:10:05人氣：190閱讀約 1 分鐘');
    assert.match(legacy, /<p class="article-tags">標籤：<a class="tag" href="\/zh-hant\/tags\/lian-xi-qun-zhong\/" rel="tag">聯繫群眾<\/a><a class="tag" href="\/zh-hant\/tags\/ji-ceng-zhi-li\/" rel="tag">基層治理<\/a><\/p>/);
    assert.match(legacy, /<title>聯繫群眾 致富能手 隨州標杆 - 隨州市于氏集團新聞中心<\/title>/);
    assert.match(legacy, /<meta name="description" content="形成緊密聯繫的利益共同體/);
    assert.match(legacy, /公司地址：湖北省隨州市曾都區創新創業基地5樓/);
    assert.match(legacy, /<h2>熱門文章<\/h2>/);
    assert.match(legacy, /<span class="label">下一篇：<\/span><span>沒有了<\/span>/);
    assert.equal(textOf(between(legacy, '<nav class="breadcrumb"', '</nav>')), '您所在的位置： 首頁 新聞中心 媒體報道 正文');
    const list = readPage(out, 'zh-hant/news/index.html');
    assert.match(list, /<h1 class="section-title">新聞中心<\/h1>/);
  });

  it('applies the custom dictionary to names OpenCC gets wrong', () => {
    assert.match(body, /隨州市于氏集團的于先生與余華一同出席，他姓范的同事也在場。/);
  });

  it('converts alt and title attributes but never URLs, code, translate="no" or -{ }- spans', () => {
    assert.match(body, /<a href="https:\/\/example\.com\/%E8%81%94%E7%B3%BB\/" title="聯繫方式">聯繫我們<\/a>/);
    assert.match(body, /<img src="\/images\/contact\.svg" alt="聯繫我們的圖片" title="聯繫方式">/);
    assert.match(body, /<code>const 发布 = &quot;联系&quot;;<\/code>/);
    assert.match(body, /<pre><code class="language-js">\/\/ 联系我们：发布\nconst 联系 = '确认';\n<\/code><\/pre>/);
    assert.match(body, /<span translate="no">联系（此处不转换）<\/span>/);
    assert.match(body, /品牌名 联系 也保持原樣/);
    assert.doesNotMatch(readPage(out, 'news/legacy-words/index.html'), /-\{|\}-/, 'markers are removed in the source script too');
  });

  it('never converts filing numbers', () => {
    for (const file of ['zh-hant/index.html', 'zh-hant/404.html']) {
      const html = readPage(out, file);
      assert.match(html, />鄂ICP备2021012345号-1<\/a>/, file);
      assert.match(html, />鄂公网安备42130302000123号<\/a>/, file);
    }
  });

  it('converts an article written in traditional script the other way', () => {
    const hans = readPage(out, 'news/traditional-author/index.html');
    assert.match(hans, /<h1>台湾读者联系随州<\/h1>/);
    assert.match(hans, /本文以繁体撰写：读者联系随州市，确认内容。/);
    assert.match(hans, /作者：网站编辑/);
    const hant = readPage(out, 'zh-hant/news/traditional-author/index.html');
    assert.match(hant, /<h1>臺灣讀者聯繫隨州<\/h1>/);
    assert.match(hant, /本文以繁體撰寫：讀者聯繫隨州市，確認內容。/);
  });

  it('keeps every page link of a traditional page inside the traditional tree, article bodies included', () => {
    for (const file of traditional) {
      const html = readPage(out, file);
      for (const [, link] of html.matchAll(/<a href="(\/[^"]*)"(?![^>]*hreflang)/g)) {
        if (link!.startsWith('/images/')) continue; // static files are shared by both trees
        assert.ok(link!.startsWith('/zh-hant/'), `${file}: ${link}`);
      }
    }
    const hant = readPage(out, 'zh-hant/news/traditional-author/index.html');
    assert.match(hant, /另見<a href="\/zh-hant\/news\/legacy-words\/">聯繫群眾<\/a>與<a href="\/images\/contact\.svg">示意圖<\/a>/);
    const hans = readPage(out, 'news/traditional-author/index.html');
    assert.match(hans, /另见<a href="\/news\/legacy-words\/">联系群众<\/a>与<a href="\/images\/contact\.svg">示意图<\/a>/);
  });
});
