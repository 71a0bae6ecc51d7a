import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createClock } from '../src/core/clock.ts';
import { readPost } from '../src/import/migrate/read-post.ts';
import { buildSite, copyFixture, listFiles, PROJECT, tempDir, treeHash, xinwen } from './support/site.ts';

/**
 * `xinwen import --from`: real Chinese posts of each generator
 * (test/corpus/migrate, copied unchanged from public repositories; see the
 * SOURCES.md there) imported into a site and built end to end.
 */
const CORPUS = path.join(PROJECT, 'test', 'corpus', 'migrate');
const clock = createClock('Asia/Shanghai');

interface Case {
  generator: 'jekyll' | 'hexo' | 'hugo';
  /** Site folder under test/corpus/migrate. */
  folder: string;
  /** Posts (the Markdown files of the corpus, Hugo's _index.md excepted). */
  posts: number;
  /** Old addresses worked out by hand from each generator's rules and the site's settings. */
  oldPaths: Record<string, string>;
  /** A key the generator's posts carry that means nothing to xinwen. */
  droppedKey: string;
  /** Tags the import must report as removed, with the line they were on. */
  reported: string[];
}

const CASES: Case[] = [
  {
    generator: 'jekyll',
    folder: 'jekyll/huxpro',
    posts: 11,
    // permalink: pretty = /:categories/:year/:month/:day/:title/ (these posts have no categories; :title keeps its case).
    oldPaths: {
      '_posts/2015-03-25-digital-native.markdown': '/2015/03/25/digital-native/',
      '_posts/2016-02-01-React-vs-Angular2.markdown': '/2016/02/01/React-vs-Angular2/',
      '_posts/data_rep/2020-06-19-data-rep-int.md': '/2020/06/19/data-rep-int/',
    },
    droppedKey: 'layout',
    reported: ['{% capture %} cannot be converted and was removed (line 18, 24)'],
  },
  {
    generator: 'hexo',
    folder: 'hexo/icarus',
    posts: 10,
    // permalink: :category/:post_title/, default_category: uncategorized; the old root /hexo-theme-icarus/ is the new base.
    oldPaths: {
      'source/_posts/zh-CN/Getting-Started.md': '/uncategorized/zh-CN/Getting-Started/',
      'source/_posts/zh-CN/Widgets.md': '/Widgets/zh-CN/Widgets/',
      'source/_posts/zh-CN/FAQ.md': '/uncategorized/zh-CN/FAQ/',
    },
    droppedKey: 'providers',
    reported: ['{% tabs %} cannot be converted and was removed (line 34)'],
  },
  {
    generator: 'hugo',
    folder: 'hugo/bootstrap',
    posts: 9,
    // No [permalinks]: /section/…/bundle/, under /zh-hans/ (defaultContentLanguageInSubdir), lower case.
    oldPaths: {
      'content/docs/layouts/docs/index.zh-hans.md': '/zh-hans/docs/layouts/docs/',
      'content/posts/markdown-syntax/index.zh-hans.md': '/zh-hans/posts/markdown-syntax/',
      'content/docs/getting-started/introduction/index.zh-hans.md': '/zh-hans/docs/getting-started/introduction/',
    },
    droppedKey: 'navWeight',
    reported: ['{{< alert >}} cannot be converted and was removed (line 69, 81, 83, 85, 89, 91, 93)'],
  },
  {
    generator: 'hugo',
    folder: 'hugo/jane',
    posts: 2,
    // One language configured (en): zh-cn files are published as the default language, lower case.
    oldPaths: {
      'content/post/Jane-Theme-V3-Major-Update.zh-cn.md': '/post/jane-theme-v3-major-update/',
      'content/post/jane-theme-preview.zh-cn.md': '/post/jane-theme-preview/',
    },
    droppedKey: 'weight',
    reported: [],
  },
];

/** A site to import into (the basic fixture, with its own articles) and a copy of the corpus folder. */
function setUp(folder: string): { site: string; source: string } {
  const site = copyFixture('basic');
  const source = path.join(tempDir(), path.basename(folder));
  cpSync(path.join(CORPUS, folder), source, { recursive: true });
  return { site, source };
}

function migrate(site: string, generator: string, source: string, ...extra: string[]) {
  return xinwen(['import', '--from', generator, source, '--root', site, ...extra]);
}

/** Report rows: page → [result, article]. */
function rows(stdout: string): Map<string, { result: string; article: string }> {
  const found = new Map<string, { result: string; article: string }>();
  for (const line of stdout.split('\n')) {
    const match = /^(\S+\.(?:md|markdown))\s+(imported|replaced|skipped|failed|would import)\s+(\S+)/.exec(line);
    if (match) found.set(match[1]!, { result: match[2]!, article: match[3]! });
  }
  return found;
}

/** An HTML page's text outside code: where the old site showed template syntax as code, so may xinwen. */
function outsideCode(html: string): string {
  return html.replace(/<(pre|code|script|style)\b[\s\S]*?<\/\1>/g, '');
}

/** The date a source post carries: its front matter's, else its file name's. */
function sourceDate(file: string): string {
  const post = readPost(readFileSync(file, 'utf8'), file);
  const value = post.data.date;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  return /(\d{4}-\d{2}-\d{2})-/.exec(path.basename(file))![1]!;
}

for (const each of CASES) {
  describe(`xinwen import --from ${each.generator}: ${each.folder}`, () => {
    const { site, source } = setUp(each.folder);
    const before = treeHash(site);
    const dry = migrate(site, each.generator, source, '--dry-run');
    const afterDry = treeHash(site);
    const first = migrate(site, each.generator, source);
    const afterFirst = treeHash(site);
    const second = migrate(site, each.generator, source);

    it('--dry-run reports every post and writes nothing', () => {
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stdout, /dry run: nothing written/);
      assert.match(dry.stdout, new RegExp(`${each.posts} pages: ${each.posts} would be imported, 0 would be replaced`));
      assert.equal(afterDry, before);
    });

    it('imports every post, reports dropped keys once and unknown tags with their lines', () => {
      assert.equal(first.status, 0, first.stderr);
      const found = rows(first.stdout);
      assert.equal(found.size, each.posts, first.stdout);
      assert.ok([...found.values()].every((row) => row.result === 'imported'), first.stdout);
      const dropped = first.stdout.split('\n').filter((line) => line.includes(`\`${each.droppedKey}\` means nothing to xinwen`));
      assert.equal(dropped.length, 1, first.stdout);
      for (const line of each.reported) assert.ok(first.stdout.includes(line), `${line} not in:\n${first.stdout}`);
    });

    it('a second import writes nothing: every post was imported before', () => {
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, new RegExp(`${each.posts} pages: 0 imported, 0 replaced, ${each.posts} skipped`));
      assert.equal(treeHash(site), afterFirst);
    });

    it('builds with no error, and no page shows Liquid or a shortcode as text', () => {
      const { out, result } = buildSite(site);
      assert.doesNotMatch(result.stderr, /^error/m);
      const pages = listFiles(out).filter((file) => file.endsWith('.html'));
      const literal = pages.filter((file) => /\{%|%\}|\{\{/.test(outsideCode(readFileSync(path.join(out, file), 'utf8'))));
      assert.deepEqual(literal, []);

      const written = rows(first.stdout);
      for (const [page, row] of written) {
        const article = path.join(site, 'content', 'news', row.article);
        const date = readPost(readFileSync(article, 'utf8'), row.article).data.date as string;
        const expected = clock.parse(sourceDate(path.join(source, page)));
        const got = clock.parse(date);
        assert.ok(expected.ok && got.ok, `${page}: ${date}`);
        assert.equal(got.time, expected.time, `${page}: the date ${date} is not the source's ${sourceDate(path.join(source, page))}`);
      }

      // Every old address answers in each script tree: the article itself, or a page that sends the reader to it.
      for (const [page, old] of Object.entries(each.oldPaths)) {
        const row = written.get(page)!;
        const text = readFileSync(path.join(site, 'content', 'news', row.article), 'utf8');
        assert.ok(text.includes(`"${old}"`), `${page}: ${old} is not among the aliases of ${row.article}`);
        for (const tree of ['', '/zh-hant']) {
          const file = path.join(out, `${tree}${old}`, 'index.html');
          assert.ok(existsSync(file), `${tree}${old} answers nothing`);
          assert.match(readFileSync(file, 'utf8'), /http-equiv="refresh"/);
        }
      }
    });
  });
}

describe('xinwen import --from hugo with the old addresses as the permalink setting', () => {
  it('writes no alias where xinwen publishes the post at its old address, and the article answers there', () => {
    const { site, source } = setUp('hugo/jane');
    appendFileSync(path.join(site, 'content', 'site.yaml'), 'permalink: "/post/:slug/"\n');
    const result = migrate(site, 'hugo', source);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /2 post\(s\) keep the same address as on the old site/);
    const found = rows(result.stdout);
    for (const row of found.values()) assert.doesNotMatch(readFileSync(path.join(site, 'content', 'news', row.article), 'utf8'), /aliases/);
    const { out } = buildSite(site);
    const page = readFileSync(path.join(out, 'post', 'jane-theme-v3-major-update', 'index.html'), 'utf8');
    assert.doesNotMatch(page, /http-equiv="refresh"/);
    assert.match(page, /Jane 主题 V3 大版本更新/);
  });

  it('the report names the permalink line that keeps the old addresses', () => {
    const { site, source } = setUp('hugo/jane');
    const result = migrate(site, 'hugo', source, '--dry-run');
    assert.match(result.stdout, /put permalink: "\/post\/:slug\/" in content\/site.yaml .*\(2 of 2 posts get exactly their old address\)/);
  });
});

describe('xinwen import --from: the command line', () => {
  it('refuses a generator it does not know, and a missing folder, saying what to do', () => {
    const site = copyFixture('basic');
    const unknown = xinwen(['import', '--from', 'wordpress', 'x', '--root', site]);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /--from must be one of jekyll, hugo, hexo, not wordpress/);
    const missing = xinwen(['import', '--from', 'hexo', path.join(site, 'no-such-folder'), '--root', site]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /there is no folder/);
  });
});
