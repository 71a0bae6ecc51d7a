import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createClock } from '../src/core/clock.ts';
import { asXinwenErrors, type XinwenError } from '../src/core/errors.ts';
import { parseArticle, type ParseContext } from '../src/parse/article.ts';
import { createMarkdownRenderer } from '../src/parse/markdown.ts';

const FILE = 'content/news/2022-05-17-test.md';
const context: ParseContext = {
  clock: createClock('Asia/Shanghai'),
  markdown: createMarkdownRenderer(),
  defaultAuthor: '网站编辑',
};

function parse(text: string) {
  return parseArticle({ file: FILE, text }, context);
}

/** An article with `lines` as its front matter and `body` after it. */
function article(lines: string[], body = '正文。\n') {
  return parse(`---\n${lines.join('\n')}\n---\n${body}`).article;
}

/** A valid title and date followed by `extra` front-matter lines: title is line 2, date line 3, extra from line 4. */
function withExtra(...extra: string[]) {
  return article(['title: 标题', 'date: 2022-05-17', ...extra]);
}

function errorsOf(text: string): XinwenError[] {
  try {
    parse(text);
  } catch (thrown) {
    return asXinwenErrors(thrown);
  }
  assert.fail('expected parseArticle to throw');
}

function onlyError(text: string): XinwenError {
  const errors = errorsOf(text);
  assert.equal(errors.length, 1, errors.map((e) => e.message).join('\n'));
  return errors[0]!;
}

describe('parseArticle fields', () => {
  test('every front-matter field is read', () => {
    const a = article([
      'title: 随州香菇出口欧洲',
      'date: "2022-05-17 08:10:05"',
      'author: 李娜',
      'source: 湖北日报',
      'views: 190',
      'tags: [香菇, 出口]',
      'category: 公司新闻',
      'summary: 一句话摘要',
      'cover: /images/a.jpg',
      'draft: true',
      'slug: mushrooms',
    ]);
    assert.equal(a.file, FILE);
    assert.equal(a.title, '随州香菇出口欧洲');
    assert.equal(a.time, Date.UTC(2022, 4, 17, 0, 10, 5));
    assert.equal(a.author, '李娜');
    assert.equal(a.source, '湖北日报');
    assert.equal(a.views, 190);
    assert.deepEqual(a.tags, ['香菇', '出口']);
    assert.equal(a.category, '公司新闻');
    assert.equal(a.summary, '一句话摘要');
    assert.equal(a.cover, '/images/a.jpg');
    assert.equal(a.draft, true);
    assert.equal(a.slug, 'mushrooms');
  });

  test('the body is rendered to HTML', () => {
    const a = article(['title: t', 'date: 2022-05-17'], '一段**加粗**文字。\n');
    assert.equal(a.bodyHtml, '<p>一段<strong>加粗</strong>文字。</p>\n');
  });

  test('an unquoted date and time means that wall time in Shanghai, not UTC', () => {
    assert.equal(article(['title: t', 'date: 2022-05-17 08:10:05']).time, Date.UTC(2022, 4, 17, 0, 10, 5));
  });

  test('an unquoted bare date is midnight in Shanghai', () => {
    assert.equal(article(['title: t', 'date: 2022-05-17']).time, Date.UTC(2022, 4, 16, 16, 0, 0));
  });

  test('without an author the default author is used', () => {
    assert.equal(withExtra().author, '网站编辑');
  });

  test('optional fields default to none, views to 0 and draft to false', () => {
    const a = withExtra();
    assert.equal(a.views, 0);
    assert.equal(a.draft, false);
    assert.deepEqual(a.tags, []);
    assert.equal(a.source, undefined);
    assert.equal(a.category, undefined);
    assert.equal(a.cover, undefined);
  });

  test('views as quoted digits is accepted', () => {
    assert.equal(withExtra('views: "190"').views, 190);
  });

  test('tags as one string are split on , ， and 、, trimmed and deduplicated', () => {
    assert.deepEqual(withExtra('tags: "党建， 基层治理、党建 ,乡村振兴,"').tags, ['党建', '基层治理', '乡村振兴']);
  });

  test('tags as a list are trimmed and deduplicated, numbers read as text', () => {
    assert.deepEqual(withExtra('tags: [" 党建", 党建, 2022]').tags, ['党建', '2022']);
  });
});

describe('parseArticle summary', () => {
  test('without a summary the start of the body is used', () => {
    assert.equal(article(['title: t', 'date: 2022-05-17'], '第一段。\n\n第二段。\n').summary, '第一段。第二段。');
  });

  test('headings and code blocks are left out of the summary', () => {
    const body = '# 大标题\n\n```\nconst x = 1;\n```\n\n    indented code\n\n正文第一句。\n';
    assert.equal(article(['title: t', 'date: 2022-05-17'], body).summary, '正文第一句。');
  });

  test('a long first paragraph is cut to an excerpt', () => {
    const summary = article(['title: t', 'date: 2022-05-17'], `${'香'.repeat(120)}\n`).summary;
    assert.equal(summary, `${'香'.repeat(80)}……`);
  });
});

describe('parseArticle slug', () => {
  test('without a slug the file name gives one, date removed', () => {
    const a = parseArticle({ file: 'content/news/2024-01-15-随州香菇出口.md', text: '---\ntitle: t\ndate: 2024-01-15\n---\n正文。\n' }, context);
    assert.equal(a.article.slug, 'sui-zhou-xiang-gu-chu-kou');
  });

  test('a Chinese slug in the front matter becomes pinyin', () => {
    assert.equal(withExtra('slug: 香菇出口').slug, 'xiang-gu-chu-kou');
  });

  test('a numeric slug is read as text', () => {
    assert.equal(withExtra('slug: 2022').slug, '2022');
  });

  test('a slug whose pinyin is longer than a folder name may be is cut short (it gave ENAMETOOLONG when written)', () => {
    const slug = withExtra(`slug: ${'随'.repeat(120)}`).slug;
    assert.ok(slug.length <= 200, String(slug.length));
    assert.match(slug, /^sui(-sui)*$/);
  });

  test('a slug that climbs out of the folder is front-matter/unsafe-slug on its line', () => {
    const error = onlyError('---\ntitle: t\ndate: 2022-05-17\nslug: ../x\n---\n');
    assert.equal(error.code, 'front-matter/unsafe-slug');
    assert.equal(error.line, 4);
  });
});

describe('parseArticle front-matter errors', () => {
  test('a missing title is front-matter/missing', () => {
    const error = onlyError('---\ndate: 2022-05-17\n---\n');
    assert.equal(error.code, 'front-matter/missing');
    assert.match(error.message, /`title`/);
  });

  test('a title that is a number is front-matter/invalid on the title line', () => {
    const error = onlyError('---\ndate: 2022-05-17\ntitle: 2022\n---\n');
    assert.equal(error.code, 'front-matter/invalid');
    assert.equal(error.line, 3);
    assert.match(error.hint ?? '', /quotes/);
  });

  test('a title that is a list is front-matter/invalid on the title line', () => {
    const error = onlyError('---\ndate: 2022-05-17\ntitle: [a, b]\n---\n');
    assert.equal(error.code, 'front-matter/invalid');
    assert.equal(error.line, 3);
  });

  test('February 30 is front-matter/bad-date on the date line', () => {
    const error = onlyError('---\ntitle: t\ndate: 2022-02-30\n---\n');
    assert.equal(error.code, 'front-matter/bad-date');
    assert.equal(error.line, 3);
  });

  for (const views of ['-1', '1.5', '190人']) {
    test(`views: ${views} is front-matter/invalid on the views line`, () => {
      const error = onlyError(`---\ntitle: t\ndate: 2022-05-17\nviews: ${views}\n---\n`);
      assert.equal(error.code, 'front-matter/invalid');
      assert.equal(error.line, 4);
    });
  }

  test('a nested tags list is front-matter/invalid', () => {
    const error = onlyError('---\ntitle: t\ndate: 2022-05-17\ntags: [[a, b], c]\n---\n');
    assert.equal(error.code, 'front-matter/invalid');
    assert.equal(error.line, 4);
  });

  test('several invalid fields are reported together', () => {
    const errors = errorsOf('---\ntitle: 2022\ndate: 2022-05-17\nviews: 190人\n---\n');
    assert.deepEqual(errors.map((e) => e.line), [2, 4]);
  });

  test('an unknown key is a warning whose hint suggests the known one', () => {
    const { warnings } = parse('---\ntitel: t\ntitle: t\ndate: 2022-05-17\n---\n正文。\n');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.code, 'front-matter/unknown-key');
    assert.equal(warnings[0]!.line, 2);
    assert.match(warnings[0]!.hint ?? '', /`title`/);
  });
});

describe('parseArticle file structure errors', () => {
  test('a file without front matter is front-matter/missing', () => {
    assert.equal(onlyError('# 标题\n\n正文。\n').code, 'front-matter/missing');
  });

  test('front matter that is never closed is front-matter/unclosed', () => {
    assert.equal(onlyError('---\ntitle: t\ndate: 2022-05-17\n\n正文。\n').code, 'front-matter/unclosed');
  });

  test('broken YAML is yaml/syntax on its line', () => {
    const error = onlyError('---\ntitle: t\nsummary: a: b\ndate: 2022-05-17\n---\n');
    assert.equal(error.code, 'yaml/syntax');
    assert.equal(error.line, 3);
  });

  test('a duplicate key is yaml/syntax on the line of the second key', () => {
    const error = onlyError('---\ntitle: a\ndate: 2022-05-17\ntitle: b\n---\n');
    assert.equal(error.code, 'yaml/syntax');
    assert.equal(error.line, 4);
  });

  test('brackets nested thousands deep are yaml/too-deep on their line, not a stack overflow', () => {
    for (const value of ['['.repeat(20000), `${'{a: '.repeat(20000)}1${'}'.repeat(20000)}`]) {
      const error = onlyError(`---\ntitle: t\ndate: 2022-05-17\ntags: ${value}\n---\n正文。\n`);
      assert.equal(error.code, 'yaml/too-deep');
      assert.equal(error.line, 4);
      assert.doesNotMatch(error.message, /call stack/);
    }
  });

  test('tab indentation is yaml/tab on the tab line', () => {
    const error = onlyError('---\ntitle: t\ndate: 2022-05-17\ntags:\n\t- a\n---\n');
    assert.equal(error.code, 'yaml/tab');
    assert.equal(error.line, 5);
  });

  test('JavaScript front matter is refused and never run', () => {
    const global = globalThis as { PWNED?: unknown };
    const error = onlyError('---js\n{ title: (globalThis.PWNED = 1, "x"), date: "2022-05-17" }\n---\n');
    assert.equal(error.code, 'front-matter/language');
    assert.equal(global.PWNED, undefined);
  });

  test('JavaScript front matter spelled in capitals is refused too', () => {
    const global = globalThis as { PWNED?: unknown };
    assert.equal(onlyError('---JavaScript\n{ title: (globalThis.PWNED = 2, "x") }\n---\n').code, 'front-matter/language');
    assert.equal(global.PWNED, undefined);
  });

  test('JSON front matter is refused, not silently dropped and reported as a missing title', () => {
    const error = onlyError('---json\n{ "title": "x", "date": "2022-05-17" }\n---\n');
    assert.equal(error.code, 'front-matter/language');
  });
});

describe('parseArticle input encoding', () => {
  test('a UTF-8 BOM and CRLF line ends parse fine', () => {
    const a = parse('\uFEFF---\r\ntitle: 标题\r\ndate: 2022-05-17 08:10:05\r\n---\r\n正文。\r\n').article;
    assert.equal(a.title, '标题');
    assert.equal(a.time, Date.UTC(2022, 4, 17, 0, 10, 5));
  });

  test('with a BOM and CRLF, error lines still count from the first line', () => {
    const error = onlyError('\uFEFF---\r\ntitle: t\r\nviews: 1\r\ndate: 2022-02-30\r\n---\r\n');
    assert.equal(error.code, 'front-matter/bad-date');
    assert.equal(error.line, 4);
  });
});

describe('parseArticle links', () => {
  test('a javascript: Markdown link is not emitted as a link', () => {
    const html = article(['title: t', 'date: 2022-05-17'], '[点击](javascript:alert(1))\n').bodyHtml;
    assert.doesNotMatch(html, /href/);
  });

  test('a javascript: autolink is not emitted as a link', () => {
    const html = article(['title: t', 'date: 2022-05-17'], '<javascript:alert(1)>\n').bodyHtml;
    assert.doesNotMatch(html, /href/);
  });

  test('an ordinary link is emitted', () => {
    const html = article(['title: t', 'date: 2022-05-17'], '[新闻](https://example.com/)\n').bodyHtml;
    assert.match(html, /href="https:\/\/example\.com\/"/);
  });
});
