import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { createClock } from '../src/core/clock.ts';
import { articleSlug } from '../src/import/article-writer.ts';
import { decodePage } from '../src/import/decode.ts';
import { extractHtml } from '../src/import/extract-html.ts';
import { parseArticle } from '../src/parse/article.ts';
import { createMarkdownRenderer } from '../src/parse/markdown.ts';
import { buildSite, copyFixture, FIXTURES, PROJECT, readPage, tempDir, textOf, treeHash, xinwen } from './support/site.ts';

const IMPORT = path.join(FIXTURES, 'import');
// A copy of ../shared/reference/legacy-news-page.txt, so the tests run from a fresh clone.
const REFERENCE = path.join(IMPORT, 'legacy-news-page.txt');
const SHARED_REFERENCE = path.join(PROJECT, '..', 'shared', 'reference', 'legacy-news-page.txt');
const PAGES = path.join(IMPORT, 'pages');
const REFERENCE_FILE = '2022-05-17-quan-sheng-3.2-wan-ge-cheng-shi-zhu-zhai-xiao-qu-wu-ye-quan.md';
const REFERENCE_SLUG = REFERENCE_FILE.slice('2022-05-17-'.length, -'.md'.length);
const COMPANY_FILE = '2022-06-01-yi-lian-ke-ji-zhu-li-sui-zhou-xiang-gu-chu-kou-dian-shang.md';

/** Files under the site's content/news, relative and sorted. */
function newsFiles(site: string): string[] {
  return readdirSync(path.join(site, 'content', 'news'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .sort();
}

function importInto(site: string, ...args: string[]) {
  return xinwen(['import', '--root', site, ...args]);
}

/** Parse an article with the project's own parser, as a build would. */
function parsed(site: string, file: string) {
  const text = readFileSync(path.join(site, 'content', 'news', file), 'utf8');
  return parseArticle(
    { file: `content/news/${file}`, text },
    { clock: createClock('Asia/Shanghai'), markdown: createMarkdownRenderer(), defaultAuthor: '网站编辑' },
  );
}

/** The report's table row of a page. */
function row(stdout: string, page: string): string {
  const line = stdout.split('\n').find((each) => each.startsWith(page));
  assert.ok(line, `no report row for ${page} in:\n${stdout}`);
  return line;
}

describe('xinwen import: the reference page of the legacy CMS', () => {
  it('the fixture is an exact copy of the shared reference page', { skip: !existsSync(SHARED_REFERENCE) && 'no ../shared/reference here' }, () => {
    assert.deepEqual(readFileSync(REFERENCE), readFileSync(SHARED_REFERENCE));
  });

  it('becomes the hand-checked article: simplified, no pinyin, ## subheadings, source from the trailing 来源 line', () => {
    const site = copyFixture('basic');
    const before = newsFiles(site);
    const result = importInto(site, REFERENCE);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.deepEqual(newsFiles(site), [...before, REFERENCE_FILE].sort());
    assert.equal(
      readFileSync(path.join(site, 'content', 'news', REFERENCE_FILE), 'utf8'),
      readFileSync(path.join(IMPORT, 'legacy-news-page.expected.md'), 'utf8'),
    );
    const { article, warnings } = parsed(site, REFERENCE_FILE);
    assert.deepEqual(warnings, []);
    assert.equal(article.title, '全省3.2万个城市住宅小区物业全覆盖，101个红色美丽村庄迸发活力——党建引领有力 城乡治理有效');
    assert.equal(article.author, '网站编辑');
    assert.equal(article.source, '湖北日报');
    assert.equal(article.views, 190);
    assert.deepEqual(article.tags, []);
    assert.equal(article.category, undefined);
    assert.equal(createClock('Asia/Shanghai').format(article.time, 'YYYY-MM-DD HH:mm:ss'), '2022-05-17 08:10:05');
    assert.equal(article.slug, REFERENCE_SLUG);
    assert.ok(REFERENCE_SLUG.length <= 60, REFERENCE_SLUG);
    // The report: one row with the fields found, the script it was in, characters changed, pinyin removed.
    const line = row(result.stdout, 'test/fixtures/import/legacy-news-page.txt');
    assert.match(line, /\bimported\b/);
    assert.match(line, /title date author source views\s/);
    assert.match(line, /UTF-8\s+mixed\s+\d+\s+103\s+80$/);
    assert.ok(Number(/mixed\s+(\d+)/.exec(line)![1]) > 500, line);
    assert.match(result.stdout, /^1 page: 1 imported, 0 replaced, 0 skipped \(imported before\), 0 failed$/m);
  });

  it('keeps real parenthesised text and removes every leaked reading', () => {
    const site = copyFixture('basic');
    assert.equal(importInto(site, REFERENCE).status, 0);
    const text = readFileSync(path.join(site, 'content', 'news', REFERENCE_FILE), 'utf8');
    assert.doesNotMatch(text, /\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)/u);
    for (const kept of ['街道(乡镇)', '社区(村)', '楼栋(塆组)', '村(社区)']) assert.ok(text.includes(kept), kept);
    for (const word of ['联系', '致富', '标杆', '确认', '学历', '一公里']) assert.ok(text.includes(word), word);
    for (const wrong of ['聯', '緻', '确認', '隨', '(de)', '(dì)']) assert.ok(!text.includes(wrong), wrong);
  });

  it('the imported article builds into both scripts', () => {
    const site = copyFixture('basic');
    assert.equal(importInto(site, REFERENCE).status, 0);
    const { out } = buildSite(site);
    const simplified = readPage(out, `news/${REFERENCE_SLUG}/index.html`);
    const traditional = readPage(out, `zh-hant/news/${REFERENCE_SLUG}/index.html`);
    assert.ok(textOf(simplified).includes('形成紧密联系的利益共同体'));
    assert.ok(textOf(simplified).includes('湖北日报'));
    assert.ok(!simplified.includes('聯'));
    assert.ok(textOf(traditional).includes('形成緊密聯繫的利益共同體'));
    assert.ok(textOf(traditional).includes('湖北日報'));
    assert.ok(!traditional.includes('聯系'));
    assert.ok(textOf(traditional).includes('致富能手'));
    assert.match(simplified, /<h2[^>]*>推动“服务一平台、治理一张网、执法一队伍”<\/h2>/);
  });
});

describe('xinwen import: HTML pages as saved from a browser', () => {
  const expected = readFileSync(path.join(PAGES, 'company-news.expected.md'), 'utf8');
  const cases: [string, RegExp][] = [
    ['company-news.utf8.html', /\sUTF-8\s+simplified\s+0\s/],
    ['company-news.gbk.html', /\sGBK\s+simplified\s+0\s/],
    ['company-news.gbk-no-charset.html', /\sGBK \(sniffed\)\s+simplified\s+0\s/],
    ['company-news.gbk-labelled-utf8.html', /\sGBK \(sniffed\)\s+simplified\s+0\s/],
    ['company-news.big5.html', /\sBig5\s+traditional\s+[1-9]\d*\s/],
    ['company-news.big5-no-charset.html', /\sBig5 \(sniffed\)\s+traditional\s+[1-9]\d*\s/],
  ];

  it('the encoded fixtures really are in their encodings', () => {
    for (const [name] of cases) {
      assert.equal(isUtf8(readFileSync(path.join(PAGES, name))), name === 'company-news.utf8.html', name);
    }
  });

  for (const [name, columns] of cases) {
    it(`${name} becomes the hand-checked article, in simplified script`, () => {
      const site = copyFixture('basic');
      const result = importInto(site, path.join(PAGES, name));
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(path.join(site, 'content', 'news', COMPANY_FILE), 'utf8'), expected);
      const line = row(result.stdout, `test/fixtures/import/pages/${name}`);
      assert.match(line, /\bimported\s+2022-06-01-/);
      assert.match(line, /title date author source views tags category\s/);
      assert.match(line, columns);
      // 的(de) twice and 一(yī) in the text, 的(de) in the breadcrumb, 地(dì) three times in the sidebar.
      assert.match(line, /\s6\s+\d+$/);
      if (name === 'company-news.gbk-labelled-utf8.html') {
        assert.match(result.stdout, /company-news\.gbk-labelled-utf8\.html: the page says charset=utf-8, but it is GBK: read as GBK/);
      }
    });
  }

  it('the article passes the site’s validation with its tags and column, and builds', () => {
    const site = copyFixture('basic');
    assert.equal(importInto(site, path.join(PAGES, 'company-news.gbk.html')).status, 0);
    const { article, warnings } = parsed(site, COMPANY_FILE);
    assert.deepEqual(warnings, []);
    assert.deepEqual(article.tags, ['香菇', '电商', '乡村振兴']);
    assert.equal(article.category, '公司新闻');
    assert.equal(article.source, '随州日报');
    assert.equal(article.views, 356);
    // Navigation, breadcrumb, sidebar, contact block, tools, 上一篇, related news and footer are gone.
    for (const chrome of ['关于我们', '您所在的位置', '行业动态', '177-8671-3510', '文峰佳苑', '打印', '上一篇', '相关新闻', 'ICP', '公网安备', '版权所有', '统计代码']) {
      assert.ok(!article.bodyHtml.includes(chrome), chrome);
    }
    const { out } = buildSite(site);
    const slug = COMPANY_FILE.slice(11, -3);
    assert.ok(textOf(readPage(out, `zh-hant/news/${slug}/index.html`)).includes('億聯科技助力隨州香菇出口'));
    assert.match(readPage(out, `news/${slug}/index.html`), /<img src="http:\/\/www\.yilian-tech\.com\/uploads\/2022\/06\/xianggu\.jpg" alt="随州香菇">/);
  });

  it('writes the site’s own script: a traditional site gets a traditional article', () => {
    const site = copyFixture('basic');
    appendFileSync(path.join(site, 'content', 'site.yaml'), 'script: zh-Hant\n');
    const result = importInto(site, path.join(PAGES, 'company-news.utf8.html'));
    assert.equal(result.status, 0, result.stderr);
    const text = readFileSync(path.join(site, 'content', 'news', COMPANY_FILE), 'utf8');
    assert.match(text, /^title: "億聯科技助力隨州香菇出口 電商平臺訂單同比增長三成"$/m);
    assert.match(text, /^tags: \["香菇", "電商", "鄉村振興"\]$/m);
    assert.ok(text.includes('街道(鄉鎮)'));
    assert.match(row(result.stdout, 'test/fixtures/import/pages/company-news.utf8.html'), /\ssimplified\s+[1-9]\d*\s+6\s+\d+$/);
  });
});

describe('xinwen import: leaked pinyin through the command', () => {
  it('removes readings and keeps parenthesised words, in the title, the meta line and the body', () => {
    const site = copyFixture('basic');
    const page = path.join(tempDir(), 'pinyin.txt');
    writeFileSync(
      page,
      [
        '您所在的(de)位置:首頁 > 新聞中心 > 公司新聞 > 正文',
        '管理(lǐ)處長(zhǎng)走訪社區(村)',
        '作者:網站編輯 來源:本站 日期:2023-3-8 9:05 人氣:12',
        '副處長(cháng)一(yī)行到文峰社區(文峰佳苑C區)走訪,為(wèi)居民解決問題。',
        '樓棟(塆組)長(zhǎng)和(hé)網格員也參加了(le)活動。公司(AI)實驗室、蘋果(Apple)和(hé)北京(Beijing)照常。',
        '標簽: 社區 走訪',
      ].join('\n'),
    );
    const result = importInto(site, page);
    assert.equal(result.status, 0, result.stderr);
    const file = newsFiles(site).find((name) => name.startsWith('2023-03-08-'))!;
    const { article } = parsed(site, file);
    assert.equal(article.title, '管理处长走访社区(村)');
    assert.equal(article.category, '公司新闻');
    assert.deepEqual(article.tags, ['社区', '走访']);
    const body = readFileSync(path.join(site, 'content', 'news', file), 'utf8').split('---\n')[2]!;
    assert.equal(
      body.trim(),
      '副处长一行到文峰社区(文峰佳苑C区)走访，为居民解决问题。\n\n楼栋(塆组)长和网格员也参加了活动。公司(AI)实验室、苹果(Apple)和北京(Beijing)照常。',
    );
    // 的(de) in the breadcrumb; 理(lǐ), 長(zhǎng) in the title; 長(cháng), 一(yī), 為(wèi), 長(zhǎng), 和(hé) twice, 了(le) in the text.
    assert.match(row(result.stdout, path.relative(PROJECT, page)), /\s10\s+\d+$/);
  });
});

describe('xinwen import: running it again, dry runs, folders and failures', () => {
  it('importing the same page twice skips it; --force replaces it; nothing else changes', () => {
    const site = copyFixture('basic');
    assert.equal(importInto(site, REFERENCE).status, 0);
    const imported = path.join(site, 'content', 'news', REFERENCE_FILE);
    const first = treeHash(site);

    const again = importInto(site, REFERENCE);
    assert.equal(again.status, 0, again.stderr);
    assert.match(row(again.stdout, 'test/fixtures/import/legacy-news-page.txt'), /\sskipped\s+2022-05-17-quan-sheng/);
    assert.match(again.stdout, /imported before \(same slug and date\): skipped; --force replaces it/);
    assert.equal(treeHash(site), first);

    appendFileSync(imported, '\n编辑后加的一段。\n');
    const forced = importInto(site, REFERENCE, '--force');
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(row(forced.stdout, 'test/fixtures/import/legacy-news-page.txt'), /\sreplaced\s/);
    assert.equal(treeHash(site), first);
  });

  it('an article the editor moved into a sub-folder is still found by its slug', () => {
    const site = copyFixture('basic');
    assert.equal(importInto(site, REFERENCE).status, 0);
    mkdirSync(path.join(site, 'content', 'news', '2022'), { recursive: true });
    renameSync(path.join(site, 'content', 'news', REFERENCE_FILE), path.join(site, 'content', 'news', '2022', REFERENCE_FILE));
    const before = treeHash(site);
    const result = importInto(site, REFERENCE);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\sskipped\s/);
    assert.equal(treeHash(site), before);
  });

  it('another article whose title gives the same slug gets its own slug', () => {
    const site = copyFixture('basic');
    const later = path.join(tempDir(), 'later.txt');
    writeFileSync(later, readFileSync(REFERENCE, 'utf8').replace('日期:2022/5/17 8:10:05', '日期:2023/5/17 8:10:05'));
    const result = importInto(site, REFERENCE, later);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(newsFiles(site).includes(REFERENCE_FILE));
    assert.ok(newsFiles(site).includes(`2023-05-17-${REFERENCE_SLUG}-2.md`), newsFiles(site).join('\n'));
    buildSite(site); // no URL collision
  });

  it('--dry-run reports and writes nothing', () => {
    const site = copyFixture('basic');
    const before = treeHash(site);
    const result = importInto(site, REFERENCE, path.join(PAGES, 'company-news.big5.html'), '--dry-run');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^import into .*content\/news \(dry run: nothing written\)$/m);
    assert.match(row(result.stdout, 'test/fixtures/import/legacy-news-page.txt'), /\swould import\s+2022-05-17-quan-sheng/);
    assert.match(result.stdout, /^2 pages: 2 would be imported, 0 would be replaced, 0 skipped \(imported before\), 0 failed$/m);
    assert.equal(treeHash(site), before);
  });

  it('--out chooses the folder', () => {
    const site = copyFixture('basic');
    const result = importInto(site, REFERENCE, '--out', path.join(site, 'content', 'archive'));
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(path.join(site, 'content', 'archive', REFERENCE_FILE)));
  });

  it('a folder: every page in it is imported, the bad ones are reported and give exit 1', () => {
    const site = copyFixture('basic');
    const folder = path.join(tempDir(), 'saved');
    mkdirSync(path.join(folder, '2022', 'company-news_files'), { recursive: true });
    copyFileSync(REFERENCE, path.join(folder, 'legacy.txt'));
    copyFileSync(path.join(PAGES, 'company-news.gbk.html'), path.join(folder, '2022', 'company-news.html'));
    // What a browser saves beside a page: its frames and scripts, not pages to import.
    writeFileSync(path.join(folder, '2022', 'company-news_files', 'ad.html'), '<html><body>广告</body></html>');
    writeFileSync(path.join(folder, '2022', 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    // A list page (titles and dates, no article), and binary data saved as .html.
    writeFileSync(
      path.join(folder, 'list.html'),
      '<html><head><meta charset="utf-8"><title>新闻中心</title></head><body><ul><li><a href="/1.html">随州香菇节开幕</a> 2022-05-20</li><li><a href="/2.html">电商培训班在曾都区举办</a> 2022-05-12</li></ul></body></html>',
    );
    writeFileSync(path.join(folder, 'broken.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const before = newsFiles(site);

    const result = importInto(site, folder);
    assert.equal(result.status, 1);
    assert.deepEqual(newsFiles(site), [...before, COMPANY_FILE, REFERENCE_FILE].sort());
    const shown = path.relative(PROJECT, folder);
    assert.match(row(result.stdout, `${shown}/2022/company-news.html`), /\simported\s/);
    assert.match(row(result.stdout, `${shown}/legacy.txt`), /\simported\s/);
    assert.match(row(result.stdout, `${shown}/list.html`), /\sfailed\s+-/);
    assert.match(row(result.stdout, `${shown}/broken.html`), /\sfailed\s+-/);
    assert.ok(!result.stdout.includes('ad.html') && !result.stdout.includes('photo.jpg'));
    assert.match(result.stdout, /^4 pages: 2 imported, 0 replaced, 0 skipped \(imported before\), 2 failed$/m);
    assert.match(result.stderr, new RegExp(`^error in ${shown}/broken\\.html: the file is not a web page or text: it holds binary data \\[import/binary\\]$`, 'm'));
    assert.match(result.stderr, new RegExp(`^error in ${shown}/list\\.html: no article text found on the page \\[import/no-body\\]$`, 'm'));
    assert.match(result.stderr, /^hint: /m);
    assert.ok(!/\n\s+at /.test(result.stderr), 'no stack traces');
  });

  it('a page without a meta line is imported as a draft, with warnings saying what is missing', () => {
    const site = copyFixture('basic');
    const page = path.join(tempDir(), '随州香菇节开幕.txt');
    writeFileSync(page, '随州香菇节开幕\n\n第十届随州香菇节今天在曾都区开幕，来自全国各地的客商参加了开幕式。\n\n活动将持续三天。\n');
    const result = importInto(site, page);
    assert.equal(result.status, 0, result.stderr);
    const shown = path.relative(PROJECT, page);
    assert.match(row(result.stdout, shown), /\simported\s+\d{4}-\d\d-\d\d-sui-zhou-xiang-gu-jie-kai-mu\.md\s+title\s+UTF-8/);
    assert.match(result.stdout, new RegExp(`^  ${shown}: no meta line \\(作者 / 来源 / 日期 / 人气\\) found$`, 'm'));
    assert.match(result.stdout, new RegExp(`^  ${shown}: no date found: dated \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(the file's time\\), saved as a draft$`, 'm'));
    const file = newsFiles(site).find((name) => name.endsWith('-sui-zhou-xiang-gu-jie-kai-mu.md'))!;
    const { article } = parsed(site, file);
    assert.equal(article.draft, true);
    assert.equal(article.title, '随州香菇节开幕');
  });

  it('refuses to write an article that would not build, and says why', () => {
    const site = copyFixture('basic');
    const page = path.join(tempDir(), 'long-title.txt');
    writeFileSync(page, `${'很长的标题'.repeat(50)}\n作者:张三 日期:2022-05-17\n正文第一段，内容完整。\n`);
    const before = treeHash(site);
    const result = importInto(site, page);
    assert.equal(result.status, 1);
    assert.equal(treeHash(site), before);
    assert.match(result.stderr, /^error in .*long-title\.txt: the article made from the page would not build: `title` .*\[import\/invalid-article\]$/m);
  });

  it('usage errors: no page named, no site, a path that does not exist', () => {
    const site = copyFixture('basic');
    const none = importInto(site);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /name the saved pages to import \[import\/no-input\]/);
    const noSite = importInto(tempDir(), REFERENCE);
    assert.equal(noSite.status, 1);
    assert.match(noSite.stderr, /has no content\/ folder \[site\/no-content\]/);
    const missing = importInto(site, 'no-such-page.html', REFERENCE);
    assert.equal(missing.status, 1);
    assert.ok(newsFiles(site).includes(REFERENCE_FILE));
    assert.match(missing.stderr, /^error in no-such-page\.html: no such file or folder \[import\/missing\]$/m);
  });
});

describe('import, page by page: layouts of other legacy CMSes', () => {
  it('a table layout in GB2312: title cell, meta cell with a script in it, text separated by <br>, breadcrumb with >>', () => {
    const html = [
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>市政府召开常务会议_政务动态</title></head><body>',
      '<table><tr><td class="nav"><a href="/">网站首页</a> | <a href="/zwdt/">政务动态</a></td></tr></table>',
      '<table><tr><td width="200" class="left"><table><tr><td>热点新闻</td></tr><tr><td><a href="1.html">关于做好春季森林防火工作的通知</a></td></tr></table></td>',
      '<td><table><tr><td>当前位置：<a href="/">首页</a> &gt;&gt; <a href="/zwdt/">政务动态</a> &gt;&gt; 正文</td></tr>',
      '<tr><td align="center" class="biaoti"><strong>市政府召开第十二次常务会议</strong></td></tr>',
      '<tr><td align="center">发布时间：2015-3-2 10:20　浏览次数：<script>document.write(1)</script>1234　来源：市政府办公室</td></tr>',
      '<tr><td id="zoom"><font size="3">　　3月2日上午，市长主持召开市政府第十二次常务会议，研究部署近期重点工作。<br>',
      '　　会议要求各地各部门高度重视，严格落实责任。<br><br>　　会议还研究了其他事项。</font></td></tr>',
      '<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table></td></tr></table>',
      '<table><tr><td>主办：某某市人民政府办公室　版权所有　鄂ICP备05000000号</td></tr></table></body></html>',
    ].join('\n');
    const decoded = decodePage(iconv.encode(html, 'gb2312'), 'page.html');
    assert.equal(decoded.encoding, 'gb18030');
    assert.equal(decoded.by, 'label');
    const page = extractHtml(decoded.text);
    assert.deepEqual(
      { title: page.title, date: page.date, views: page.views, source: page.source, category: page.category, tags: page.tags },
      { title: '市政府召开第十二次常务会议', date: '2015-03-02 10:20:00', views: 1234, source: '市政府办公室', category: '政务动态', tags: [] },
    );
    assert.equal(
      page.body,
      '3月2日上午，市长主持召开市政府第十二次常务会议，研究部署近期重点工作。\n\n会议要求各地各部门高度重视，严格落实责任。\n\n会议还研究了其他事项。',
    );
  });

  it('a meta line written as bare text between the title and the paragraphs, and a trailing 来源 and 关键词', () => {
    const page = extractHtml(
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body><nav><a href="/">首页</a></nav><article class="post">' +
        '<h2>我公司通过质量管理体系认证</h2>作者：admin &nbsp; 发布时间：2019年8月5日 &nbsp; 点击：88次' +
        '<p>近日，我公司通过ISO9001:2015质量管理体系认证审核，并获得认证证书。</p><h2>认证过程</h2><ol><li>提交申请材料，</li><li>现场审核。</li></ol>' +
        '<p>来源：企业管理部</p><p>关键词：认证,质量</p></article><aside><h3>热门文章</h3><ul><li><a href="/1">热门一，二三四五</a></li></ul></aside></body></html>',
    );
    assert.equal(page.title, '我公司通过质量管理体系认证');
    assert.deepEqual([page.author, page.date, page.views, page.source], ['admin', '2019-08-05', 88, '企业管理部']);
    assert.deepEqual(page.tags, ['认证', '质量']);
    assert.equal(page.body, '近日，我公司通过ISO9001:2015质量管理体系认证审核，并获得认证证书。\n\n## 认证过程\n\n1. 提交申请材料，\n2. 现场审核。');
  });

  it('a meta line under the article does not take the text with it', () => {
    const page = extractHtml(
      '<html><head><meta charset="utf-8"></head><body><div class="main"><h2 class="tit">底部信息新闻</h2><div class="con">' +
        '<p>第一段正文内容，讲述了一件重要的事情。这件事情对公司发展意义重大。</p><p>第二段正文内容，继续讲述，并作出总结。</p>' +
        '<p class="info">发布时间：2021-04-05 12:00　浏览次数：77　来源：本站</p></div></div></body></html>',
    );
    assert.deepEqual([page.title, page.date, page.views, page.source], ['底部信息新闻', '2021-04-05 12:00:00', 77, '本站']);
    assert.equal(page.body, '第一段正文内容，讲述了一件重要的事情。这件事情对公司发展意义重大。\n\n第二段正文内容，继续讲述，并作出总结。');
  });

  it('text that looks like markup stays text; scripts, styles, event handlers and javascript: links go', () => {
    const page = extractHtml(
      '<html><head><meta charset="utf-8"></head><body><h1>代码示例新闻</h1><div>作者：甲 日期：2020-1-2</div><div class="content">' +
        '<p>页面上写着&lt;script&gt;alert(1)&lt;/script&gt;这样的文字，请注意安全，不要执行。</p>' +
        '<table style="width:100%" onclick="evil()"><tr><td class="x" colspan="2">甲，乙</td></tr></table>' +
        '<p><img src="1_files/pic.jpg" alt="图" onerror="evil()"> 图片说明，看这里。</p><p><a href="javascript:x()">脚本</a>和<a href="#top">返回</a>。</p>' +
        '<script>evil()</script><style>p{}</style></div></body></html>',
    );
    assert.equal(
      page.body,
      '页面上写着\\<script>alert(1)\\</script>这样的文字，请注意安全，不要执行。\n\n<table><tbody><tr><td colspan="2">甲，乙</td></tr></tbody></table>\n\n![图](1_files/pic.jpg) 图片说明，看这里。\n\n脚本和返回。',
    );
    assert.deepEqual(page.warnings, ['1 image with a relative path: copy the files into public/ and correct the paths']);
  });

  it('a long title gives a slug of at most 60 characters, cut after a whole word', () => {
    const slug = articleSlug('全省3.2万个城市住宅小区物业全覆盖，101个红色美丽村庄迸发活力——党建引领有力 城乡治理有效');
    assert.equal(slug, 'quan-sheng-3.2-wan-ge-cheng-shi-zhu-zhai-xiao-qu-wu-ye-quan');
    assert.equal(articleSlug('随州香菇节开幕'), 'sui-zhou-xiang-gu-jie-kai-mu');
    assert.ok(articleSlug('a'.repeat(100)).length <= 60);
  });
});
