import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { excerpt, SUMMARY_LENGTH } from '../src/parse/excerpt.ts';
import { createMarkdownRenderer } from '../src/parse/markdown.ts';

const HAN = '随州市香菇产业发展良好';

function han(count: number): string {
  return Array.from({ length: count }, (_, i) => HAN[i % HAN.length]).join('');
}

function codePoints(text: string): number {
  return Array.from(text).length;
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

test('short text is returned as it is', () => {
  assert.equal(excerpt('随州香菇出口欧洲。'), '随州香菇出口欧洲。');
});

test('runs of white space between Latin words collapse to one space', () => {
  assert.equal(excerpt('  Suizhou   mushrooms\n\nreach Europe  '), 'Suizhou mushrooms reach Europe');
});

test('a summary starts at a character, not at a stray stop or comma', () => {
  assert.equal(excerpt('。 大洪山风景区距随州城区不远。'), '大洪山风景区距随州城区不远。');
  assert.equal(excerpt('. 一年一度的寻根节在随州举行。'), '一年一度的寻根节在随州举行。');
  assert.equal(excerpt('“开学礼”送到了。'), '“开学礼”送到了。');
});

test('paragraphs of Chinese joined by a line break meet without a space', () => {
  assert.equal(excerpt('第一段。\n第二段。'), '第一段。第二段。');
});

test('long text is cut after the last sentence end in the first 80 characters', () => {
  const text = `${han(40)}。${han(30)}！${han(50)}`;
  assert.equal(excerpt(text), `${han(40)}。${han(30)}！`);
});

test('a question mark also ends a sentence', () => {
  const text = `${han(50)}？${han(60)}`;
  assert.equal(excerpt(text), `${han(50)}？`);
});

test('a sentence end too early in the text is not used; the cut gets an ellipsis instead', () => {
  const text = `${han(10)}。${han(100)}`;
  const result = excerpt(text);
  assert.ok(result.endsWith('……'));
  assert.equal(codePoints(result), SUMMARY_LENGTH + 2);
});

test('without a sentence end the first 80 characters get the Chinese ellipsis ……', () => {
  assert.equal(excerpt(han(100)), `${han(80)}……`);
});

test('a Latin word across the limit is left out, not cut in half', () => {
  assert.equal(excerpt(`${han(75)} internationalization`), `${han(75)}……`);
});

test('a number across the limit is left out, not cut in half', () => {
  assert.equal(excerpt(`${han(77)}20220517${han(10)}`), `${han(77)}……`);
});

test('a word ending exactly at the limit is kept whole', () => {
  // 75 + ' news' is exactly 80 characters.
  assert.equal(excerpt(`${han(75)} news ${han(10)}`), `${han(75)} news……`);
});

test('emoji count as one character each and are never split', () => {
  const result = excerpt('🎉'.repeat(100));
  assert.equal(result, `${'🎉'.repeat(80)}……`);
  assert.equal(hasLoneSurrogate(result), false);
});

test('CJK Extension B characters (𠀀) are never split', () => {
  const result = excerpt('𠀀'.repeat(200));
  assert.equal(result, `${'𠀀'.repeat(80)}……`);
  assert.equal(hasLoneSurrogate(result), false);
});

test('no surrogate pair is split when white space pushes the text past the quick prefix', () => {
  // 301 spaces + 50 𠀀: the first 320 UTF-16 units end inside a surrogate pair.
  const result = excerpt(`${' '.repeat(301)}${'𠀀'.repeat(50)}`);
  assert.equal(hasLoneSurrogate(result), false);
});

describe('a summary never ends on a section label', () => {
  const markdown = createMarkdownRenderer();
  /** The summary of a Markdown body (front matter, if any, left out), as an article without `summary:` gets it. */
  const summaryOf = (file: string) => excerpt(markdown.render(readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '')).text);

  it('the demo\'s holiday notices end on their lead-in, not on 一、放假时间。', () => {
    for (const [file, lead] of [
      ['content/news/2022-01-20-spring-festival-holiday-2022.md', '现将2022年春节放假安排通知如下。'],
      ['content/news/2023-09-01-公司通知.md', '现将2023年中秋节、国庆节放假安排通知如下。'],
    ] as const) {
      const summary = summaryOf(file);
      assert.ok(summary.endsWith(lead), `${file}: ${summary}`);
    }
  });

  it('a State Council notice (real text) ends on 通知如下。, before its first item', () => {
    const summary = summaryOf('test/corpus/notices/guobanfa-mingdian-2015-18.md');
    assert.equal(summary, '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：经国务院批准，现将元旦、春节放假调休日期的具体安排通知如下。');
  });

  it('a notice whose lead-in is longer than a summary is cut inside it with ……', () => {
    const summary = summaryOf('test/corpus/notices/guoban-2013-jiejiari.md');
    assert.ok(summary.endsWith('……') && !summary.includes('一、'), summary);
  });

  it('the legacy page\'s article keeps its quotes closed', () => {
    const summary = summaryOf('test/fixtures/import/legacy-news-page.expected.md');
    assert.equal(summary, '5月16日，省委“喜迎党代会 荆楚谱新篇”系列新闻发布会首场在汉举行。');
  });

  const filler = '根据上级有关文件精神，结合我单位工作实际，经研究决定，现将有关事项通知如下';
  for (const label of ['一、', '二、', '（一）', '(三)', '1.', '2、', '第一条', '第三章', '①']) {
    it(`…如下。${label}放假时间。 is cut before ${label}`, () => {
      assert.equal(excerpt(`${filler}。${label}放假时间。${han(60)}。`), `${filler}。`);
    });
  }

  it('a label cut at the limit is left out, with ……', () => {
    // No sentence end in the later part: the cut lands on the label of a heading after a colon.
    const text = `${han(70)}，具体如下：二、服务安排春节期间${han(40)}`;
    assert.equal(excerpt(text), `${han(70)}，具体如下……`);
  });

  it('a list item with content is kept when there is no lead-in to end on', () => {
    const text = `一、${han(20)}，${han(5)}。二、${han(20)}，${han(5)}。三、${han(40)}`;
    assert.equal(excerpt(text), `一、${han(20)}，${han(5)}。二、${han(20)}，${han(5)}。`);
  });

  it('a number with a decimal point is no label', () => {
    const text = `${filler}。1.5亿元用于乡村振兴。${han(60)}`;
    assert.equal(excerpt(text), `${filler}。1.5亿元用于乡村振兴。`);
  });

  it('a sentence end inside a quotation is not used: the quotation is kept closed', () => {
    const text = `${han(30)}说：“${han(20)}。${han(20)}。”${han(40)}`;
    assert.equal(excerpt(text), `${han(30)}说：“${han(20)}。${han(20)}。”`);
  });
});
