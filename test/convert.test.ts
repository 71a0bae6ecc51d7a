import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asXinwenErrors } from '../src/core/errors.ts';
import { parseDictionary } from '../src/convert/dictionary.ts';
import { convertHtml } from '../src/convert/html.ts';
import { convertTemplate } from '../src/convert/template.ts';
import { createTextConverter } from '../src/convert/text-converter.ts';

const toTraditional = createTextConverter('cn', 'tw');
const toSimplified = createTextConverter('tw', 'cn');

describe('phrase-level conversion fixes what the legacy character converter got wrong', () => {
  const cases: [string, string][] = [
    ['联系', '聯繫'],
    ['致富', '致富'],
    ['随州', '隨州'],
    ['标杆', '標杆'],
    ['确认', '確認'],
    ['内容', '內容'],
    ['发展村级集体经济', '發展村級集體經濟'],
  ];
  for (const [simplified, traditional] of cases) {
    it(`${simplified} → ${traditional}`, () => assert.equal(toTraditional.text(simplified), traditional));
  }
  it('never writes 聯系 or 緻富', () => {
    const text = toTraditional.text('形成紧密联系的利益共同体，近年来从青年农民、致富能手中发展党员');
    assert.doesNotMatch(text, /聯系|緻富/);
    assert.match(text, /緊密聯繫/);
  });
  it('converts back: 聯繫 → 联系, 隨州 → 随州', () => {
    assert.equal(toSimplified.text('聯繫我們，隨州市'), '联系我们，随州市');
  });
  it('Hong Kong forms for hk', () => {
    assert.equal(createTextConverter('cn', 'hk').text('联系 着'), '聯繫 着');
  });
});

describe('custom dictionary', () => {
  const dictionary = parseDictionary(
    ['# names OpenCC gets wrong', '于先生 于先生', '余华 余華', '姓范 姓范', '', '于氏集团 于氏集團  # a company name'].join('\n'),
  );
  const withNames = createTextConverter('cn', 'tw', dictionary);

  it('OpenCC alone gets these names wrong', () => {
    assert.equal(toTraditional.text('于先生、余华、姓范、于氏集团'), '於先生、餘華、姓範、於氏集團');
  });
  it('the dictionary wins over OpenCC for surnames and a company name', () => {
    assert.equal(withNames.text('于先生、余华、他姓范、于氏集团发布新闻'), '于先生、余華、他姓范、于氏集團發佈新聞');
  });
  it('is read right to left towards simplified', () => {
    const back = createTextConverter('tw', 'cn', dictionary);
    assert.equal(back.text('余華與于先生'), '余华与于先生');
  });
  it('does nothing when no conversion happens', () => {
    assert.equal(createTextConverter('cn', 'cn', dictionary).text('于先生'), '于先生');
  });
  it('reports a malformed line with its number', () => {
    const errors = asXinwenErrors((() => {
      try {
        parseDictionary('余华 余華\n\n于先生\n');
      } catch (error) {
        return error;
      }
      return new Error('no error');
    })());
    assert.equal(errors[0]!.code, 'dictionary/malformed');
    assert.equal(errors[0]!.line, 3);
    assert.equal(errors[0]!.file, 'content/dictionary.txt');
  });
  it('reports a word defined twice', () => {
    assert.throws(() => parseDictionary('余华 余華\n余华 餘華\n'), (error: { code: string; line: number }) => error.code === 'dictionary/duplicate' && error.line === 2);
  });
});

describe('no-convert spans -{ … }-', () => {
  it('keep their text as written and drop the markers', () => {
    assert.equal(toTraditional.text('发布-{发布}-发布'), '發佈发布發佈');
  });
  it('drop the markers in the source script too', () => {
    assert.equal(createTextConverter('cn', 'cn').text('品牌-{后}-来'), '品牌后来');
  });
  it('an unclosed marker is plain text', () => {
    assert.equal(toTraditional.text('-{联系'), '-{聯繫');
  });
});

describe('HTML conversion touches only what people read', () => {
  const html = (input: string) => convertHtml(input, toTraditional);

  it('converts text, alt, title and aria-label', () => {
    assert.equal(
      html('<p title="联系" aria-label="联系">联系<img alt="联系我们" src="/联系.png"></p>'),
      '<p title="聯繫" aria-label="聯繫">聯繫<img alt="聯繫我們" src="/联系.png"></p>',
    );
  });
  it('leaves URLs, classes, ids and data attributes', () => {
    const input = '<a href="/news/联系/" class="联系" id="联系" data-x="联系">联系</a>';
    assert.equal(html(input), '<a href="/news/联系/" class="联系" id="联系" data-x="联系">聯繫</a>');
  });
  it('leaves code, pre, script and style', () => {
    const input = '<p>发布<code>发布</code></p><pre><code>// 发布\n</code></pre><script>var s = "发布 <b>";</script><style>p::after{content:"发布"}</style>发布';
    assert.equal(
      html(input),
      '<p>發佈<code>发布</code></p><pre><code>// 发布\n</code></pre><script>var s = "发布 <b>";</script><style>p::after{content:"发布"}</style>發佈',
    );
  });
  it('leaves anything inside translate="no", nested too', () => {
    assert.equal(
      html('<div translate="no">发布<div>发布</div>发布</div>发布'),
      '<div translate="no">发布<div>发布</div>发布</div>發佈',
    );
  });
  it('keeps -{ … }- spans across tags', () => {
    assert.equal(html('<p>发布 -{发布<b>发布</b>}- 发布</p>'), '<p>發佈 发布<b>发布</b> 發佈</p>');
  });
  it('leaves comments alone', () => {
    assert.equal(html('<!-- 发布 -->发布'), '<!-- 发布 -->發佈');
  });
});

describe('template conversion', () => {
  it('converts the words of a template but never a Nunjucks tag', () => {
    const source = '<p>上一篇：{% if page.prev %}<a href="{{ page.prev.href }}" title="上一篇">{{ page.prev.title | default("没有了") }}</a>{% else %}没有了{% endif %}</p>{# 注释 #}';
    assert.equal(
      convertTemplate(source, toTraditional),
      '<p>上一篇：{% if page.prev %}<a href="{{ page.prev.href }}" title="上一篇">{{ page.prev.title | default("没有了") }}</a>{% else %}沒有了{% endif %}</p>{# 注释 #}',
    );
  });
});
