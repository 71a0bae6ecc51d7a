import './support/english.ts';
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
    it(`${simplified} → ${traditional} → ${simplified}`, () => {
      assert.equal(toTraditional.text(simplified), traditional);
      assert.equal(toSimplified.text(traditional), simplified);
    });
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
    assert.equal(withNames.text('于先生、余华、他姓范、于氏集团发布新闻'), '于先生、余華、他姓范、于氏集團發布新聞');
  });
  it('competes inside the segmentation, so it never damages the words around it', () => {
    // Replaced in the raw text first (xinwen before this), 余华 took 其余华人 apart and 于先生 关于先生们.
    assert.equal(withNames.text('其余华人都来了'), '其餘華人都來了');
    assert.equal(withNames.text('关于先生们的安排'), '關於先生們的安排');
    assert.equal(withNames.text('姓范的人不多，这是示范区'), '姓范的人不多，這是示範區');
    assert.equal(createTextConverter('tw', 'cn', dictionary).text('其餘華人'), '其余华人');
  });
  it('read right to left, entries written with Taiwan forms (為, 眾) still match', () => {
    const regional = parseDictionary('甲为 乙為\n众生相 眾生像\n');
    assert.equal(createTextConverter('tw', 'cn', regional).text('乙為，眾生像'), '甲为，众生相');
  });
  it('an entry of one character applies wherever it stands', () => {
    const single = createTextConverter('cn', 'tw', parseDictionary('干 乾\n余 余\n'));
    assert.equal(single.text('干。余先生说'), '乾。余先生說');
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
    assert.equal(toTraditional.text('头发-{头发}-头发'), '頭髮头发頭髮');
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
    const input = '<p>头发<code>头发</code></p><pre><code>// 头发\n</code></pre><script>var s = "头发 <b>";</script><style>p::after{content:"头发"}</style>头发';
    assert.equal(
      html(input),
      '<p>頭髮<code>头发</code></p><pre><code>// 头发\n</code></pre><script>var s = "头发 <b>";</script><style>p::after{content:"头发"}</style>頭髮',
    );
  });
  it('leaves anything inside translate="no", nested too', () => {
    assert.equal(
      html('<div translate="no">头发<div>头发</div>头发</div>头发'),
      '<div translate="no">头发<div>头发</div>头发</div>頭髮',
    );
  });
  it('takes only translate="no" for translate="no": not data-translate, not a title that says it', () => {
    assert.equal(
      html('<p data-translate="no">头发</p><p title="translate=no">头发</p><p translate="yes">头发</p>'),
      '<p data-translate="no">頭髮</p><p title="translate=no">頭髮</p><p translate="yes">頭髮</p>',
    );
  });
  it('keeps a -{ … }- span within one run of text', () => {
    assert.equal(html('<p>头发 -{头发}- 头发</p>'), '<p>頭髮 头发 頭髮</p>');
  });
  it('never lets a -{ in one paragraph be closed by a }- in a later code block', () => {
    // Markers across tags would leave the rest of the article unconverted.
    assert.equal(
      html('<p>写法 -{ 示例</p><pre><code>a }- b</code></pre><p>头发</p>'),
      '<p>寫法 -{ 示例</p><pre><code>a }- b</code></pre><p>頭髮</p>',
    );
    assert.equal(html('<p>头发 -{头发<b>头发</b>}- 头发</p>'), '<p>頭髮 -{頭髮<b>頭髮</b>}- 頭髮</p>');
  });
  it('leaves comments alone', () => {
    assert.equal(html('<!-- 头发 -->头发'), '<!-- 头发 -->頭髮');
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
