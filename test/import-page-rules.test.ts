import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractHtml } from '../src/import/extract-html.ts';
import { columnFromBreadcrumb, parseMetaLine } from '../src/import/page-patterns.ts';

/** A saved page: `<title>`, then `top` (navigation, breadcrumb, headline, meta lines), the text in a content block that begins with `before` and ends with `after`. */
function page(title: string, top: string, after = '', before = ''): string {
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${top}` +
    `<div class="content">${before}<p>第一段正文，讲的是一件重要的事情，有逗号和句号。</p><p>第二段正文，继续讲这件事情的经过，也有逗号。</p>` +
    `<p>第三段正文，说明事情的结果，到此结束。</p>${after}</div><div class="footer">版权所有 某某网</div></body></html>`
  );
}

const TEXT = '第一段正文，讲的是一件重要的事情，有逗号和句号。\n\n第二段正文，继续讲这件事情的经过，也有逗号。\n\n第三段正文，说明事情的结果，到此结束。';

describe('import, page rules (issue 15): unlabelled meta lines', () => {
  const cases: [string, { date?: string; author?: string; source?: string; views?: number }][] = [
    ['2020-06-05 20:35', { date: '2020-06-05 20:35:00' }],
    ['中国网 2019-11-25 10:37:31', { date: '2019-11-25 10:37:31', source: '中国网' }],
    ['李光斗 / 2015-07-03 11:31:09', { date: '2015-07-03 11:31:09', author: '李光斗' }],
    ['发表于2014-08-24 21:30| 1164次阅读| 来源CSDN| 作者魏星', { date: '2014-08-24 21:30:00', views: 1164, source: 'CSDN', author: '魏星' }],
    ['http://www.sina.net 2005年03月21日 11:21 《理财周刊》', { date: '2005-03-21 11:21:00', source: '理财周刊' }],
    ['2024年5月20日週一 下午2:05', { date: '2024-05-20 14:05:00' }],
    ['发表时间： 06/02/2022 - 13:48', { date: '2022-02-06 13:48:00' }],
  ];
  for (const [line, expected] of cases) {
    it(`a line of its own under the headline: ${line}`, () => {
      const extracted = extractHtml(page('市政府召开常务会议-纪检', `<h1>市政府召开常务会议</h1><div class="info">${line}</div>`));
      assert.deepEqual({ date: extracted.date, author: extracted.author, source: extracted.source, views: extracted.views }, { date: undefined, author: undefined, source: undefined, views: undefined, ...expected });
      assert.equal(extracted.body, TEXT);
    });
  }

  it('names on lines of their own beside the date: the publication is the source, the person the author', () => {
    const extracted = extractHtml(page('救生筏寻获时破损 - 某某电子报', '<h1>救生筏寻获时破损</h1><div><span>中广</span></div><div><span>温兰魁</span></div><div>2013年06月29日 18:24</div><div>分享</div>'));
    assert.deepEqual([extracted.source, extracted.author, extracted.date], ['中广', '温兰魁', '2013-06-29 18:24:00']);
  });

  it('责任编辑 and 编辑 are never the author; 来源于 needs no colon', () => {
    assert.deepEqual(parseMetaLine('来源：巴彦淖尔日报 编辑：苏亮'), { source: '巴彦淖尔日报' });
    assert.deepEqual(parseMetaLine('本文来源于国家统计局　2024-05-11 09:36:26'), { source: '国家统计局', date: '2024-05-11 09:36:26' });
    assert.equal(parseMetaLine('作者：责任编辑：肖春芳 来源：网易科学人')?.author, undefined);
    // Font-size controls are not an author; a name that starts like one is.
    assert.deepEqual(parseMetaLine('作者：大 中 小 来源：本站'), { source: '本站' });
    assert.deepEqual(parseMetaLine('作者：中新网 来源：本站'), { author: '中新网', source: '本站' });
    const extracted = extractHtml(page('标题文字标题', '<h1>标题文字标题</h1><p>2022-02-13 07:48 来源：新华日报</p>', '<p>（责任编辑：魏喆）</p>'));
    assert.equal(extracted.author, undefined);
  });

  it('views printed by a script are absent, not guessed; views in brackets or with 次 are read; a site counter is not the article’s', () => {
    const script = extractHtml(page('标题文字标题', '<h1>标题文字标题</h1><p>时间：2020-01-02 点击：<script src="/e/public/ViewClick/?classid=2&id=3&addclick=1"></script>次</p>'));
    assert.equal(script.views, undefined);
    assert.equal(script.date, '2020-01-02');
    assert.equal(parseMetaLine('人氣(453) 轉寄 (0) 引用 (2)')?.views, 453);
    assert.equal(parseMetaLine('(本文发表于首页批评与建议, 已被阅读178次)')?.views, 178);
    assert.equal(parseMetaLine('本日人氣：613 累積人氣：100000'), undefined);
  });
});

describe('import, page rules (issue 15): the title', () => {
  it('is the headline the <title> names, not the breadcrumb, a share button, a subtitle or the suffix', () => {
    const top =
      '<div class="title">首页 - 新闻动态</div><div class="share"><span class="title">分享</span></div>' +
      '<h2>市纪委召开全会部署今年工作</h2><h3 class="subtitle">强调要一以贯之全面从严治党</h3><p>2021-02-03 09:00</p>';
    assert.equal(extractHtml(page('市纪委召开全会部署今年工作-纪检', top)).title, '市纪委召开全会部署今年工作');
    assert.equal(extractHtml(page('某某市政府网 » 市纪委召开全会部署今年工作', top)).title, '市纪委召开全会部署今年工作');
  });

  it('a headline printed in two elements is whole when the <title> holds it whole', () => {
    const top = '<p class="t">为现代化建设凝聚强大智慧和力量<div>——热烈祝贺市政协会议开幕</div></p><p>2022-02-11 09:52</p>';
    assert.equal(extractHtml(page('为现代化建设凝聚强大智慧和力量——热烈祝贺市政协会议开幕_某某市人民政府网', top)).title, '为现代化建设凝聚强大智慧和力量——热烈祝贺市政协会议开幕');
  });
});

describe('import, page rules (issue 15): junk around and inside the text', () => {
  it('ad images, 【纠错】, +1, share links, related news, next-page tables, **** and credit lines go; bylines give the author', () => {
    const extracted = extractHtml(
      page(
        '标题文字标题',
        '<h1>标题文字标题</h1><p>2020-02-19 20:29:58 来源：半月谈</p>',
        '<p>本报记者 王建宏 张文攀</p><p>图集</p><p>+1</p><p>【纠错】责任编辑：焦鹏</p><p>****</p>' +
          '<p><a href="http://share.example.com/weibo">微博</a> <a href="http://share.example.com/qq">QQ空间</a> <a href="http://share.example.com/wx">微信</a></p>' +
          '<table><tr><td><a href="p1.html">[1]</a> <a href="p2.html">[2]</a> <a href="p2.html">下一页</a></td></tr></table>' +
          '<p>相关新闻：</p><ul><li><a href="/x">另一条新闻的标题</a></li></ul>',
        '<p><a href="http://ad.example.com/click?adid=3"><img src="http://img.example.com/ad/banner.gif"></a></p><div class="ad_box"><p>广告位招租，欢迎来电，电话一二三四。</p></div>' +
          '<p>展开全文</p>',
      ),
    );
    assert.equal(extracted.body, TEXT);
    assert.equal(extracted.source, '半月谈');
    assert.equal(extracted.author, '王建宏 张文攀');
  });

  it('a byline, an editor and a print reference under the text: the byline is the author, the rest goes', () => {
    const extracted = extractHtml(
      page(
        '标题文字标题',
        '<h1>标题文字标题</h1><p>2022-02-13 09:57</p>',
        '<p>《光明日报》（ 2022年02月13日 02版）</p><p>□ 本报记者 王乐文  方  敏</p><p>(责编：萧潇、张妍)</p><p>*分享让更多人看到*</p>',
      ),
    );
    assert.equal(extracted.body, TEXT);
    assert.equal(extracted.author, '王乐文 方敏');
  });
});

describe('import, page rules (issue 15): the standfirst', () => {
  it('printed between the headline and the text block, it opens the text; printed twice, it is not repeated', () => {
    const lede = '<p class="t-content__chapo">导语：这是一段导语，用两句话概括全文的内容。</p>';
    assert.equal(extractHtml(page('标题文字标题', `<h1>标题文字标题</h1><p>2022-02-06 13:48</p>${lede}`)).body, `导语：这是一段导语，用两句话概括全文的内容。\n\n${TEXT}`);
    const summary = '<div class="summary">第一段正文，讲的是一件重要的事情，有逗号和句号。</div>';
    assert.equal(extractHtml(page('标题文字标题', `<h1>标题文字标题</h1><p>2022-02-06 13:48</p>${summary}`)).body, TEXT);
  });
});

describe('import, page rules (issue 15): the category', () => {
  it('is the column above a special topic, never an issue number', () => {
    assert.equal(columnFromBreadcrumb('搜狐首页 > 搜狐财经 > 产经新闻 > 聚焦SK-Ⅱ事件 > 聚焦SK-II'), '产经新闻');
    assert.equal(columnFromBreadcrumb('首页 > 理论学习 > 2007年第23号'), '理论学习');
    assert.equal(columnFromBreadcrumb('首页 > 企业服务 > 商贸 > 点击财富专题 > 正文'), '商贸');
  });
});
