import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createClock } from '../src/core/clock.ts';
import { asXinwenErrors, type XinwenError } from '../src/core/errors.ts';
import { parseArticle, type ParseContext } from '../src/parse/article.ts';
import { ignoredKeySummary } from '../src/parse/foreign-keys.ts';
import { createMarkdownRenderer } from '../src/parse/markdown.ts';

/** Front matter as Jekyll, Hugo and Hexo write it (see migrated-posts.test.ts for whole sites). */
const context: ParseContext = { clock: createClock('Asia/Shanghai'), markdown: createMarkdownRenderer(), defaultAuthor: '网站编辑' };
const parse = (text: string, file = 'content/posts/x.md') => parseArticle({ file, text }, context);

function errorOf(text: string, file?: string): XinwenError {
  try {
    parse(text, file);
  } catch (thrown) {
    return asXinwenErrors(thrown)[0]!;
  }
  assert.fail('expected parseArticle to throw');
}

describe('TOML front matter (+++)', () => {
  test('reads strings, dates, lists, booleans, numbers and tables', () => {
    const { article, warnings } = parse(
      '+++\ntitle = "标题 \\"引号\\""\ndate = 2022-05-17T08:10:05+08:00\ntags = [\n  "甲",  # comment\n  \'乙\',\n]\ndraft = false\nviews = 1_200\n[params]\nx = { a = 1 }\n[[menu.main]]\nname = "m"\n+++\n正文。\n',
    );
    assert.equal(article.title, '标题 "引号"');
    assert.equal(article.time, Date.parse('2022-05-17T00:10:05Z'));
    assert.deepEqual(article.tags, ['甲', '乙']);
    assert.equal(article.views, 1200);
    assert.equal(article.draft, false);
    assert.deepEqual(ignoredKeySummary(warnings).map((warning) => warning.message), ['`menu` appears in 1 article and is ignored', '`params` appears in 1 article and is ignored']);
  });

  test('Hugo’s keys in any case, and its themes’ maps for one text', () => {
    const { article, warnings } = parse(
      '+++\ntitle = "t"\npublishDate = 2022-05-17\nlastMod = 2022-06-01\nShowToc = true\nisCJKLanguage = true\n[cover]\nimage = "https://example.com/a.jpg"\n[author]\nname = "甲"\n+++\n正文。\n',
    );
    assert.equal(article.time, Date.parse('2022-05-16T16:00:00Z'));
    assert.equal(article.updated, Date.parse('2022-05-31T16:00:00Z'));
    assert.equal(article.cover, 'https://example.com/a.jpg');
    assert.equal(article.author, '甲');
    assert.deepEqual(ignoredKeySummary(warnings).map((warning) => warning.message), ['`ShowToc` appears in 1 article and is ignored', '`isCJKLanguage` appears in 1 article and is ignored']);
  });

  test('a mistake is front-matter/toml on its line', () => {
    const error = errorOf('+++\ntitle = "t"\ndate = 2022-05-17\ntags = [甲]\n+++\n正文。\n');
    assert.equal(error.code, 'front-matter/toml');
    assert.equal(error.line, 4);
    assert.match(error.message, /`甲` is no TOML value; put text in quotes/);
    assert.equal(errorOf('+++\ntitle = "t"\ntitle = "u"\n+++\n').line, 3);
    assert.equal(errorOf('+++\ntitle = "t\n+++\nx\n').code, 'front-matter/toml');
    assert.equal(errorOf('+++\ntitle = "t"\n').code, 'front-matter/unclosed');
  });

  test('a wrong value names its line', () => {
    const error = errorOf('+++\ntitle = "t"\ndate = 2022-05-17\ndraft = "no"\n+++\n正文。\n');
    assert.equal(error.code, 'front-matter/invalid');
    assert.equal(error.line, 4);
  });
});

describe('JSON front matter', () => {
  test('is the object at the top; the body follows it', () => {
    const { article } = parse('{\n  "title": "JSON {花括号}",\n  "date": "2022-05-17",\n  "tags": ["甲"]\n}\n正文第一段。\n');
    assert.equal(article.title, 'JSON {花括号}');
    assert.deepEqual(article.tags, ['甲']);
    assert.match(article.bodyHtml, /<p>正文第一段。<\/p>/);
  });

  test('a mistake is front-matter/json; a wrong value names its key’s line', () => {
    assert.equal(errorOf('{\n  "title": "t",\n  "date": 2022\n').code, 'front-matter/json');
    assert.equal(errorOf('{\n  "title": "t"\n  "date": "2022-05-17"\n}\nx\n').code, 'front-matter/json');
    const invalid = errorOf('{\n  "title": "t",\n  "date": "2022-05-17",\n  "views": "many"\n}\nx\n');
    assert.equal(invalid.code, 'front-matter/invalid');
    assert.equal(invalid.line, 4);
  });
});

describe('keys of other generators', () => {
  test('the date comes from the file name when the front matter has none; without either it is required', () => {
    assert.equal(parse('---\ntitle: t\n---\nx\n', 'content/_posts/2016-5-6-a.md').article.time, Date.parse('2016-05-05T16:00:00Z'));
    const missing = errorOf('---\ntitle: t\n---\nx\n');
    assert.equal(missing.code, 'front-matter/missing');
    assert.match(missing.message, /`date` is required/);
  });

  test('lastmod and last_modified_at are `updated`; an update before publication is not shown', () => {
    assert.equal(parse('---\ntitle: t\ndate: 2022-05-17\nlastmod: 2022-06-01\n---\nx\n').article.updated, Date.parse('2022-05-31T16:00:00Z'));
    assert.equal(parse('---\ntitle: t\ndate: 2022-05-17\nlast_modified_at: 2022-05-01\n---\nx\n').article.updated, undefined);
    const bad = errorOf('---\ntitle: t\ndate: 2022-05-17\nlastmod: soon\n---\nx\n');
    assert.equal(bad.code, 'front-matter/bad-date');
    assert.equal(bad.line, 4);
    assert.match(bad.message, /^`lastmod`/);
  });

  test('categories: the first is the column unless `category` names one; a text is split on spaces and /', () => {
    assert.deepEqual(pick(parse('---\ntitle: t\ndate: 2022-05-17\ncategories: news local\ntags: [a]\n---\nx\n').article), { category: 'news', tags: ['a', 'local'] });
    assert.deepEqual(pick(parse('---\ntitle: t\ndate: 2022-05-17\ncategory: 要闻\ncategories: [会议, 征稿]\n---\nx\n').article), { category: '要闻', tags: ['会议', '征稿'] });
  });

  test('description and excerpt are the summary; `summary` wins; <!-- more --> ends the summary', () => {
    assert.equal(parse('---\ntitle: t\ndate: 2022-05-17\ndescription: 描述。\n---\nx\n').article.summary, '描述。');
    assert.equal(parse('---\ntitle: t\ndate: 2022-05-17\nsummary: 摘要。\nexcerpt: 别的。\n---\nx\n').article.summary, '摘要。');
    const more = parse('---\ntitle: t\ndate: 2022-05-17\n---\n第一段。\n\n第二段。\n\n<!--more-->\n\n第三段。\n').article;
    assert.equal(more.summary, '第一段。第二段。');
    assert.doesNotMatch(more.bodyHtml, /more/);
  });

  test('published: false is a draft', () => {
    assert.equal(parse('---\ntitle: t\ndate: 2022-05-17\npublished: false\n---\nx\n').article.draft, true);
    assert.equal(parse('---\ntitle: t\ndate: 2022-05-17\npublished: true\n---\nx\n').article.draft, false);
  });

  test('a typo of one of our keys is still a warning of its own, with the key meant', () => {
    const { warnings } = parse('---\ntitle: t\ndate: 2022-05-17\ncategries: [a]\nlayout: post\n---\nx\n');
    const shown = ignoredKeySummary(warnings);
    assert.deepEqual(shown.map((warning) => [warning.code, warning.line]), [['front-matter/unknown-key', 4], ['front-matter/ignored-keys', undefined]]);
    assert.match(shown[0]!.hint!, /`categories`/);
  });

  test('aliases: a list or one path, `/a/b` as the folder /a/b/; never outside the site', () => {
    const { article } = parse('---\ntitle: t\ndate: 2022-05-17\nredirect_from:\n  - /a/b\n  - /x.html\n---\nx\n');
    assert.deepEqual(article.aliases, [{ path: '/a/b/', line: 5 }, { path: '/x.html', line: 6 }]);
    assert.deepEqual(parse('---\ntitle: t\ndate: 2022-05-17\naliases: /old/\n---\nx\n').article.aliases, [{ path: '/old/', line: 4 }]);
    // A post's own address in Jekyll (`permalink`) or Hugo (`url`) is an old address too; any other value means nothing here.
    assert.deepEqual(parse('---\ntitle: t\ndate: 2022-05-17\naliases: [/a/]\npermalink: /blog/a.html\nurl: /a/\n---\nx\n').article.aliases, [{ path: '/a/', line: 4 }, { path: '/blog/a.html', line: 5 }]);
    const pretty = parse('---\ntitle: t\ndate: 2022-05-17\npermalink: pretty\n---\nx\n');
    assert.equal(pretty.article.aliases, undefined);
    assert.deepEqual(ignoredKeySummary(pretty.warnings).map((warning) => warning.message), ['`permalink` appears in 1 article and is ignored']);
    for (const bad of ['old/', '//evil.example/', '/a/../../b/', '/a/%2E%2E/b/', '/', '/x.php', '/a\\\\b/']) {
      const error = errorOf(`---\ntitle: t\ndate: 2022-05-17\naliases: ["${bad}"]\n---\nx\n`);
      assert.equal(error.code, 'front-matter/bad-alias', bad);
      assert.equal(error.line, 4);
    }
  });
});

describe('headings of the body', () => {
  test('a body with # has every heading moved down a level, h6 staying h6', () => {
    const html = parse('---\ntitle: t\ndate: 2022-05-17\n---\n# 一\n\n## 二\n\n###### 六\n\n甲\n===\n').article.bodyHtml;
    assert.deepEqual(html.match(/<h\d>/g), ['<h2>', '<h3>', '<h6>', '<h2>']);
  });

  test('a body without # keeps its headings', () => {
    assert.deepEqual(parse('---\ntitle: t\ndate: 2022-05-17\n---\n## 二\n\n### 三\n').article.bodyHtml.match(/<h\d>/g), ['<h2>', '<h3>']);
  });
});

function pick(article: { category?: string; tags: string[] }) {
  return { category: article.category, tags: article.tags };
}
