import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { asXinwenErrors } from '../src/core/errors.ts';
import { cornerQuotesHtml, cornerQuotesText } from '../src/convert/corner-quotes.ts';
import { ScriptConverter } from '../src/convert/script-converter.ts';
import { parseSettings } from '../src/settings/settings.ts';
import { between, buildSite, FIXTURES, listFiles, readPage } from './support/site.ts';

describe('corner quotes in plain text', () => {
  it('turns “” into 「」 and the ‘’ inside into 『』', () => {
    assert.equal(cornerQuotesText('他说：“‘一网通办’让群众少跑腿。”'), '他说：「『一网通办』让群众少跑腿。」');
  });

  it('goes by depth, not by the mark: ‘’ alone is 「」, “” inside “” is 『』, a third level 「」 again', () => {
    assert.equal(cornerQuotesText('所谓‘智慧社区’'), '所谓「智慧社区」');
    assert.equal(cornerQuotesText('“甲“乙“丙”乙”甲”'), '「甲『乙「丙」乙』甲」');
  });

  it('leaves quotes that do not pair as written, and never makes a lone 「', () => {
    assert.equal(cornerQuotesText('摘要在引号里被截断：“没有结束……'), '摘要在引号里被截断：“没有结束……');
    assert.equal(cornerQuotesText('多余的后引号”在这里'), '多余的后引号”在这里');
    assert.equal(cornerQuotesText('“外层‘内层没有关”'), '「外层‘内层没有关」');
    assert.equal(cornerQuotesText('“好”和“坏'), '「好」和“坏');
  });

  it('keeps an apostrophe: ’ closes only a ‘ right before it', () => {
    assert.equal(cornerQuotesText('“It’s fine”'), '「It’s fine」');
  });

  it('only pairs change, everything else stays, and the brackets always nest (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('“', '”', '‘', '’', '字', '。') });
    fc.assert(
      fc.property(text, (input) => {
        const output = cornerQuotesText(input);
        assert.equal(output.length, input.length);
        const back = { '「': '“‘', '」': '”’', '『': '“‘', '』': '”’' } as Record<string, string>;
        const open: string[] = [];
        for (let i = 0; i < input.length; i++) {
          const char = output[i]!;
          if (!back[char]) {
            assert.equal(char, input[i]);
            continue;
          }
          assert.ok(back[char]!.includes(input[i]!), `${input} → ${output}`);
          if (char === '「' || char === '『') open.push(char);
          else assert.equal(open.pop(), char === '」' ? '「' : '『', `${input} → ${output}`);
        }
        assert.deepEqual(open, [], `${input} → ${output}: a bracket left open`);
      }),
    );
  });
});

describe('corner quotes in HTML', () => {
  it('pairs quotes across elements, and pairs a readable attribute on its own', () => {
    assert.equal(cornerQuotesHtml('<p>提出“<strong>数字政府</strong>”目标</p>'), '<p>提出「<strong>数字政府</strong>」目标</p>');
    assert.equal(cornerQuotesHtml('<p>“<img alt="图为“现场”" title="“开学礼”">”</p>'), '<p>「<img alt="图为「现场」" title="「开学礼」">」</p>');
  });

  it('never touches code, pre, kbd, samp, translate="no", URLs or other attributes', () => {
    const kept = [
      '<code>"“不改”"</code>',
      '<pre><code>“不改”</code></pre>',
      '<kbd>“不改”</kbd>',
      '<samp>‘不改’</samp>',
      '<span translate="no">“不改”</span>',
      '<a href="/search/?q=“不改”" data-note="“不改”">文字</a>',
    ];
    for (const html of kept) assert.equal(cornerQuotesHtml(html), html);
  });

  it('a template gets them in its words, never in a Nunjucks tag', () => {
    const variants = [{ lang: 'zh-Hant', locale: 'tw', path: '/', label: '繁體', quotes: 'corner' }] as const;
    const converter = new ScriptConverter(variants, []);
    const template = '<p>“热门”{{ "“不改”" }}<code>“不改”</code></p>';
    assert.equal(converter.convert('template', template, 'cn', 0), '<p>「熱門」{{ "“不改”" }}<code>“不改”</code></p>');
  });
});

describe('the option: `quotes` per variant in site.yaml', () => {
  const base = 'name: 随州新闻中心\nbase_url: https://www.example.com/\nvariants:\n  - { opencc: cn, path: / }\n';

  it('is off by default', () => {
    assert.deepEqual(
      parseSettings(`${base}  - { opencc: tw, path: /zh-hant/ }\n`).variants.map((variant) => variant.quotes),
      ['curly', 'curly'],
    );
  });

  it('names both values when it has another', () => {
    let message = '';
    try {
      parseSettings(`${base}  - { opencc: tw, path: /zh-hant/, quotes: square }\n`);
    } catch (thrown) {
      message = asXinwenErrors(thrown).map((error) => `${error.message} ${error.line}`).join('\n');
    }
    assert.match(message, /quotes/);
    assert.match(message, /curly/);
    assert.match(message, /corner/);
    assert.match(message, / 5$/, 'on the line of the variant');
  });
});

describe('the quotes fixture site: Taiwan tree with corner quotes, Hong Kong with the default', () => {
  const { out } = buildSite(path.join(FIXTURES, 'quotes'));
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
  const article = (prefix: string) => readPage(out, `${prefix}news/yi-wang-tong-ban/index.html`);
  const body = (prefix: string) => between(article(prefix), '<div class="article-body">', '</div>');

  it('prints the body\'s quotations as 「」 and 『』 in the Taiwan tree', () => {
    const html = body('zh-hant/');
    assert.ok(html.includes('會上說：「『一網通辦』讓群眾少跑腿，『掌上辦』讓辦事更方便。」'), html);
    assert.ok(html.includes('「<strong>數字政府</strong>」'), html);
    assert.ok(html.includes('alt="圖為「開學禮」現場" title="圖為「開學禮」現場"'), html);
    assert.ok(html.includes('<a href="https://example.com/?q=“链接”">「鏈接文字」</a>'), html);
  });

  it('leaves code, translate="no", attributes, URLs and unpaired quotes as written', () => {
    const html = body('zh-hant/');
    for (const kept of ['<code>print(&quot;“不要改”&quot;)</code>', '&quot;“代码块里的引号”和‘单引号’&quot;', 'data-note="“属性不改”"', '“标了不翻译”', '後引號”留在這裡', 'It’s fine', '只有開引號：“沒有結束']) {
      assert.ok(html.includes(kept), kept);
    }
  });

  it('does the same to the title, summary, the site\'s name and description, lists, feeds and search results', () => {
    const title = '董事長：「『一網通辦』要讓群眾少跑腿」';
    const lead = '會上說：「『一網通辦』讓群眾少跑腿，『掌上辦』讓辦事更方便。」';
    const page = article('zh-hant/');
    assert.ok(page.includes(`<h1>${title}</h1>`));
    assert.ok(page.includes(`<title>${title} - 隨州「數字政府」新聞中心</title>`));
    assert.match(page, new RegExp(`<meta name="description" content="[^"]*${lead}`));
    assert.ok(readPage(out, 'zh-hant/news/index.html').includes(title));
    for (const feed of ['zh-hant/feed.xml', 'zh-hant/atom.xml', 'zh-hant/feed.json']) {
      const text = read(feed);
      assert.ok(text.includes(title) && text.includes(lead) && text.includes('隨州「數字政府」新聞中心'), feed);
      assert.ok(text.includes('“代码块里的引号”和‘单引号’'), `${feed}: the code block as written`);
    }
    const [listing] = JSON.parse(read('zh-hant/search/docs/0.json')) as string[][];
    assert.equal(listing![1], title);
    assert.ok(listing![3]!.includes(lead));
  });

  it('leaves the trees without the option as written', () => {
    assert.ok(article('').includes('<h1>董事长：“‘一网通办’要让群众少跑腿”</h1>'));
    assert.ok(article('zh-hk/').includes('<h1>董事長：“‘一網通辦’要讓羣眾少跑腿”</h1>'));
    for (const file of listFiles(out).filter((file) => !file.startsWith('zh-hant/'))) {
      if (/\.(html|xml|json)$/.test(file)) assert.doesNotMatch(read(file), /[「」『』]/, file);
    }
  });

  it('opens no corner bracket it does not close, in any file of the Taiwan tree', () => {
    for (const file of listFiles(out).filter((file) => file.startsWith('zh-hant/') && /\.(html|xml|json)$/.test(file))) {
      const text = read(file);
      assert.equal(text.split('「').length, text.split('」').length, file);
      assert.equal(text.split('『').length, text.split('』').length, file);
    }
  });
});
