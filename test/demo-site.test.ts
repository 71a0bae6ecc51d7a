import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { between, buildSite, listFiles, PROJECT, readPage, textOf } from './support/site.ts';

describe('the demo site in content/', () => {
  const { out, result } = buildSite(PROJECT);
  const articles = listFiles(out).filter((file) => /^news\/[^/]+\/index\.html$/.test(file) && !file.startsWith('news/page/'));

  it('has the legacy article and at least 20 more', () => {
    assert.ok(articles.length >= 21, `${articles.length} articles`);
    assert.match(result.stdout, new RegExp(`^built ${articles.length} articles`));
  });

  it('publishes the legacy page as a clean article with its real meta line', () => {
    const html = readPage(out, 'news/dangjian-yinling-chengxiang-zhili/index.html');
    assert.match(html, /<h1>全省3\.2万个城市住宅小区物业全覆盖，101个红色美丽村庄迸发活力——党建引领有力 城乡治理有效<\/h1>/);
    assert.equal(
      textOf(between(html, '<p class="article-meta">', '</p>')),
      '作者：网站编辑来源：湖北日报日期：2022/5/17 8:10:05人气：190阅读约 4 分钟',
    );
    const body = between(html, '<div class="article-body">', '</div>');
    assert.doesNotMatch(body, /\((?:de|dì|yī|lǐ|cháng|wèi|nián|dào|hé|hóng|gāo|qù|rú|xué|nèi)\)/, 'no leaked pinyin');
    for (const kept of ['街道(乡镇)', '社区(村)', '楼栋(塆组)']) assert.ok(body.includes(kept), kept);
    for (const word of ['联系', '致富', '标杆', '确认', '内容']) assert.ok(body.includes(word), word);
    assert.equal((body.match(/<h2>/g) ?? []).length, 3, 'three subheadings');
  });

  it('publishes the legacy article in traditional script with the legacy converter’s mistakes fixed', () => {
    const html = readPage(out, 'zh-hant/news/dangjian-yinling-chengxiang-zhili/index.html');
    const body = between(html, '<div class="article-body">', '</div>');
    for (const word of ['聯繫', '致富', '隨州', '標杆', '確認', '內容']) assert.ok(html.includes(word), word);
    assert.doesNotMatch(body, /聯系|緻富|随州|标杆|确認/);
    assert.equal(
      textOf(between(html, '<p class="article-meta">', '</p>')),
      '作者：網站編輯來源：湖北日報日期：2022/5/17 8:10:05人氣：190閱讀約 4 分鐘',
    );
  });

  it('turns Chinese file names into pinyin URLs', () => {
    const names = readdirSync(path.join(PROJECT, 'content', 'news')).filter((name) => /\p{Script=Han}/u.test(name));
    assert.ok(names.length >= 1);
    for (const file of articles) assert.match(file, /^news\/[a-z0-9._-]+\/index\.html$/);
    for (const file of articles) assert.ok(listFiles(out).includes(`zh-hant/${file}`), `zh-hant/${file}`);
  });

  it('shows the company contact and filings from site.yaml', () => {
    const html = readPage(out, 'index.html');
    assert.match(html, /服务热线：<a href="tel:177-8671-3510">177-8671-3510<\/a>/);
    assert.match(html, /湖北省随州市曾都区随州市创新创业基地5楼\(文峰佳苑C区\)/);
    assert.match(html, /鄂ICP备2021012345号-1/);
  });
});
