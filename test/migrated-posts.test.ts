import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildSite, copyFixture, FIXTURES, listFiles, readPage, tempDir, textOf, treeHash, xinwen } from './support/site.ts';

/**
 * Posts written for Jekyll (date in the file name, categories, description,
 * redirect_from, last_modified_at, `published: false`) and Hugo (a page
 * bundle, TOML and JSON front matter, lastmod, aliases) build unchanged, at
 * the addresses the `permalink` setting gives them (fixture: /:year/:slug/).
 */
describe('posts written for other generators, built end to end', () => {
  const { out, result } = buildSite(path.join(FIXTURES, 'migrated'));
  const jekyll = readPage(out, '2016/confoo-cfp/index.html');

  it('publishes at the permalink: two posts of one slug in different years are no collision', () => {
    for (const tree of ['', 'zh-hant/']) {
      for (const page of ['2016/confoo-cfp/index.html', '2017/confoo-cfp/index.html', '2020/hugo-bundle/index.html', '2021/json-post/index.html']) {
        assert.ok(existsSync(path.join(out, tree + page)), tree + page);
      }
    }
    assert.ok(!existsSync(path.join(out, 'news/confoo-cfp')));
    assert.match(readPage(out, '2017/confoo-cfp/index.html'), /<h1>第二届会议征稿<\/h1>/);
  });

  it('takes the date from a Jekyll file name', () => {
    assert.match(jekyll, /<time datetime="2016-05-16T00:00:00\+08:00">2016\/5\/16 0:00:00<\/time>/);
  });

  it('names a Hugo page bundle after its folder and shows the photo beside it', () => {
    const bundle = readPage(out, '2020/hugo-bundle/index.html');
    assert.match(bundle, /<h1>页面包里的文章<\/h1>/);
    assert.match(bundle, /<img src="\/media\/[0-9a-f]+-40\.jpg"[^>]* alt="一张图"/);
  });

  it('makes the first of `categories` the column and the others tags', () => {
    assert.match(jekyll, /栏目：<a href="\/columns\/hui-yi\/">会议<\/a>/);
    assert.match(jekyll, /<a class="tag" href="\/tags\/zheng-gao\/" rel="tag">征稿<\/a>/);
    // A path (`技术/前端`) is a column and a tag too.
    const json = readPage(out, '2021/json-post/index.html');
    assert.match(json, /栏目：<a href="\/columns\/ji-shu\/">技术<\/a>/);
    assert.match(json, /rel="tag">前端<\/a>/);
  });

  it('shows description, excerpt and the text before <!-- more --> as summaries', () => {
    const list = textOf(readPage(out, 'news/index.html'));
    assert.match(list, /今年的会议开始征稿。/);
    assert.match(list, /JSON 设置的摘要。/);
    assert.match(list, /第二届会议的征稿说明。/);
    assert.doesNotMatch(list, /更多的细节/);
    // The marker itself shows nothing on the page.
    assert.doesNotMatch(readPage(out, '2017/confoo-cfp/index.html'), /&lt;!-- more/);
  });

  it('shows `updated` (last_modified_at, lastmod) as 更新时间 and gives it to the sitemap and the feeds', () => {
    assert.match(jekyll, /更新时间：<time datetime="2016-06-01T09:30:00\+08:00">2016\/6\/1 9:30:00<\/time>/);
    assert.doesNotMatch(readPage(out, '2017/confoo-cfp/index.html'), /更新时间/);
    const sitemap = readPage(out, 'sitemap.xml');
    assert.match(sitemap, /<loc>https:\/\/example\.com\/2016\/confoo-cfp\/<\/loc>\n<lastmod>2016-06-01<\/lastmod>/);
    assert.match(sitemap, /<loc>https:\/\/example\.com\/2020\/hugo-bundle\/<\/loc>\n<lastmod>2020-03-04<\/lastmod>/);
    assert.match(readPage(out, 'atom.xml'), /<link href="https:\/\/example\.com\/2016\/confoo-cfp\/"\/>\n\s*<published>2016-05-15T16:00:00\.000Z<\/published>\n\s*<updated>2016-06-01T01:30:00\.000Z<\/updated>/);
    const json = JSON.parse(readPage(out, 'feed.json')) as { items: { url: string; date_modified: string }[] };
    assert.equal(json.items.find((item) => item.url.endsWith('/2020/hugo-bundle/'))!.date_modified, '2020-03-03T16:00:00.000Z');
  });

  it('points a body’s link to an article at the page in the reader’s script tree', () => {
    assert.match(readPage(out, '2021/json-post/index.html'), /<a href="\/2017\/confoo-cfp\/">第二届会议<\/a>/);
    assert.match(readPage(out, 'zh-hant/2021/json-post/index.html'), /<a href="\/zh-hant\/2017\/confoo-cfp\/">第二屆會議<\/a>/);
  });

  it('reads TOML (+++) and JSON front matter', () => {
    assert.match(readPage(out, '2020/hugo-bundle/index.html'), /rel="tag">页面包<\/a>/);
    assert.match(readPage(out, '2021/json-post/index.html'), /<h1>用 JSON 写设置的文章<\/h1>/);
  });

  it('leaves out `published: false`, Hugo’s _index.md (a section’s list page) and Jekyll’s _drafts/', () => {
    assert.ok(!listFiles(out).some((file) => file.includes('unpublished')));
    assert.match(result.stdout, /^built 4 articles/);
  });

  it('sums up keys that mean nothing to xinwen: one line per key for the whole build', () => {
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('warning:'));
    assert.deepEqual(lines, [
      'warning: `comments` appears in 1 article and is ignored [front-matter/ignored-keys]',
      'warning: `layout` appears in 4 articles and is ignored [front-matter/ignored-keys]',
      'warning: `params` appears in 1 article and is ignored [front-matter/ignored-keys]',
      'warning: `toc` appears in 1 article and is ignored [front-matter/ignored-keys]',
      'warning: `weight` appears in 1 article and is ignored [front-matter/ignored-keys]',
    ]);
  });

  it('moves the body’s # headings down a level: the title is the page’s one <h1>', () => {
    const article = jekyll.slice(jekyll.indexOf('<article'), jekyll.indexOf('</article>'));
    assert.deepEqual(article.match(/<h\d/g), ['<h1', '<h2', '<h3']);
    assert.match(article, /<h2>征稿须知<\/h2>/);
    assert.match(article, /<h3>投稿方式<\/h3>/);
  });

  it('writes a redirect page for every old address, in every script tree', () => {
    const cases: [string, string][] = [
      ['old/confoo-cfp/index.html', '/2016/confoo-cfp/'],
      ['2016/05/16/confoo-cfp.html', '/2016/confoo-cfp/'],
      ['posts/hugo-bundle.html', '/2020/hugo-bundle/'],
      // Hugo's `url`: the post's own address there.
      ['blog/json-post/index.html', '/2021/json-post/'],
    ];
    for (const [file, target] of cases) {
      for (const tree of ['/', '/zh-hant/']) {
        const page = readPage(out, tree.slice(1) + file);
        const to = tree + target.slice(1);
        assert.match(page, new RegExp(`<meta http-equiv="refresh" content="0; url=${to}">`), tree + file);
        assert.match(page, new RegExp(`<link rel="canonical" href="https://example.com${to}">`));
        assert.match(page, /<meta name="robots" content="noindex">/);
      }
    }
    // The traditional tree's redirect is in traditional script.
    assert.match(readPage(out, 'zh-hant/old/confoo-cfp/index.html'), /會議徵稿開始/);
    // A Jekyll `permalink` that is the address the post has now writes no redirect over it.
    assert.match(readPage(out, '2017/confoo-cfp/index.html'), /<h1>第二届会议征稿<\/h1>/);
    // Redirects are no pages of the sitemap.
    assert.doesNotMatch(readPage(out, 'sitemap.xml'), /old\/confoo-cfp/);
  });

  it('builds byte for byte the same again', () => {
    assert.equal(treeHash(buildSite(path.join(FIXTURES, 'migrated'), ['--force']).out), treeHash(out));
  });
});

describe('old addresses and permalinks that cannot be', () => {
  const confoo = 'content/_posts/2016-05-16-confoo-cfp.md';
  const withAlias = (alias: string) => {
    const root = copyFixture('migrated');
    const file = path.join(root, confoo);
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - /old/confoo-cfp/', `  - ${alias}`));
    return xinwen(['build', '--root', root, '--out', path.join(tempDir(), 'out'), '--no-cache']);
  };

  it('refuses an old address that is a page of the site, naming the file and line', () => {
    const taken = withAlias('/2017/confoo-cfp/');
    assert.equal(taken.status, 1);
    assert.match(taken.stderr, /content\/_posts\/2016-05-16-confoo-cfp\.md:8: the old address \/2017\/confoo-cfp\/ is taken by content\/_posts\/2017-08-26-confoo-cfp\.md \[front-matter\/alias-taken\]/);
    const own = withAlias('/tags/');
    assert.match(own.stderr, /:8: the old address \/tags\/ is a page of the site, which a redirect would overwrite \[front-matter\/alias-taken\]/);
  });

  it('refuses an old address outside the output folder or in another script tree', () => {
    assert.match(withAlias('/../../etc/x/').stderr, /:8: `\/\.\.\/\.\.\/etc\/x\/` in `redirect_from` cannot be an old address: it has a `\.` or `\.\.` segment \[front-matter\/bad-alias\]/);
    assert.match(withAlias('/%2e%2e/x/').stderr, /\[front-matter\/bad-alias\]/);
    assert.match(withAlias('https://other.example/x/').stderr, /\[front-matter\/bad-alias\]/);
    assert.match(withAlias('/zh-hant/x/').stderr, /lies in the \/zh-hant\/ tree/);
  });

  it('refuses a permalink without :slug, and an unknown token', () => {
    const root = copyFixture('migrated');
    const settings = path.join(root, 'content/site.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('/:year/:slug/', '/:year/'));
    assert.match(xinwen(['build', '--root', root, '--no-cache']).stderr, /setting `permalink` must contain :slug/);
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('permalink: "/:year/"', 'permalink: "/:year/:name/:slug/"'));
    assert.match(xinwen(['build', '--root', root, '--no-cache']).stderr, /has `:name`, which is no token/);
  });

  it('refuses an article whose address is a page of the site or lies in another script tree', () => {
    const root = copyFixture('migrated');
    const settings = path.join(root, 'content/site.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('/:year/:slug/', '/:slug/'));
    writeFileSync(path.join(root, 'content/news.md'), '---\ntitle: 与列表同名\ndate: 2022-05-17\n---\n正文。\n');
    writeFileSync(path.join(root, 'content/zh-hant.md'), '---\ntitle: 与繁体版同名\ndate: 2022-05-17\n---\n正文。\n');
    // One confoo-cfp is enough here: the two would share /confoo-cfp/.
    rmSync(path.join(root, 'content/_posts/2017-08-26-confoo-cfp.md'));
    const failed = xinwen(['build', '--root', root, '--no-cache']);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /error in content\/news\.md: this article would be published at \/news\/, where the site makes a page of its own \[model\/duplicate-url\]/);
    assert.match(failed.stderr, /error in content\/zh-hant\.md: this article would be published at \/zh-hant\/, where the site makes a page of its own/);
  });

  it('places every article again when the permalink changes, with the cache of the last build', () => {
    const root = copyFixture('migrated');
    const out = path.join(tempDir(), 'out');
    const cache = path.join(tempDir(), 'cache');
    const run = () => xinwen(['build', '--root', root, '--out', out, '--cache-dir', cache]);
    assert.equal(run().status, 0);
    assert.ok(existsSync(path.join(out, '2016/confoo-cfp/index.html')));
    const settings = path.join(root, 'content/site.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('/:year/:slug/', '/:year/:month/:slug.html'));
    const second = run();
    assert.equal(second.status, 0, second.stderr);
    assert.ok(existsSync(path.join(out, '2016/05/confoo-cfp.html')));
    assert.ok(existsSync(path.join(out, 'zh-hant/2017/08/confoo-cfp.html')));
    assert.ok(!existsSync(path.join(out, '2016/confoo-cfp/index.html')), 'the old page is gone');
    // Lists and redirects lead to the new addresses.
    assert.match(readPage(out, 'news/index.html'), /href="\/2016\/05\/confoo-cfp\.html"/);
    assert.match(readPage(out, 'old/confoo-cfp/index.html'), /url=\/2016\/05\/confoo-cfp\.html"/);
    // The same as a build from nothing.
    assert.equal(treeHash(out), treeHash(buildSite(root).out));
  });

  it('moves a redirect when its old address changes, in an incremental build', () => {
    const root = copyFixture('migrated');
    const out = path.join(tempDir(), 'out');
    const cache = path.join(tempDir(), 'cache');
    const run = () => xinwen(['build', '--root', root, '--out', out, '--cache-dir', cache]);
    assert.equal(run().status, 0);
    const file = path.join(root, confoo);
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - /old/confoo-cfp/', '  - /older/confoo-cfp/'));
    const second = run();
    assert.equal(second.status, 0, second.stderr);
    // Only what shows the article's old addresses: its redirects, not every page.
    assert.match(second.stdout, /^built 4 articles, (\d+) pages \((\d+) rendered\)/);
    for (const tree of ['', 'zh-hant/']) {
      assert.ok(existsSync(path.join(out, tree, 'older/confoo-cfp/index.html')));
      assert.ok(!existsSync(path.join(out, tree, 'old/confoo-cfp/index.html')), 'the old redirect is gone');
    }
    assert.equal(treeHash(out), treeHash(buildSite(root).out));
    // A new `updated` reaches the sitemap.
    writeFileSync(file, readFileSync(file, 'utf8').replace('last_modified_at: 2016-06-01 09:30:00', 'last_modified_at: 2016-07-01'));
    assert.equal(run().status, 0);
    assert.match(readPage(out, 'sitemap.xml'), /<loc>https:\/\/example\.com\/2016\/confoo-cfp\/<\/loc>\n<lastmod>2016-07-01<\/lastmod>/);
    assert.equal(treeHash(out), treeHash(buildSite(root).out));
  });
});

