import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startDevServer } from '../src/serve/dev-server.ts';
import { between, buildSite, copyFixture, FIXTURES, readPage, xinwen } from './support/site.ts';

/**
 * Links between articles: a link to an article's source file is published as
 * a link to its page in each script tree, and every internal link that leads
 * nowhere is reported with its file and line (a warning in build, an error in check).
 */
const FOLLOW_UP = 'content/news/2024-03-20-follow-up.md';

describe('links to articles source files', () => {
  const { out, result } = buildSite(path.join(FIXTURES, 'links'));

  it('point at the article page in each script, fragment kept, written relative or from content/', () => {
    const body = (file: string) => between(readPage(out, file), '<div class="article-body">', '<footer class="article-footer">');
    const hrefs = (file: string) => [...body(file).matchAll(/href="([^"]*api-upgrade[^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(hrefs('news/follow-up/index.html'), ['/news/api-upgrade/', `/news/api-upgrade/${encodeURI('#升级步骤')}`, '/news/api-upgrade/', '../api-upgrade/']);
    assert.deepEqual(hrefs('zh-hant/news/follow-up/index.html'), [
      '/zh-hant/news/api-upgrade/',
      `/zh-hant/news/api-upgrade/${encodeURI('#升级步骤')}`,
      '/zh-hant/news/api-upgrade/',
      '../api-upgrade/',
    ]);
    assert.doesNotMatch(readPage(out, 'news/follow-up/index.html'), /api-upgrade\.md|xinwen-article:/);
  });

  it('feeds carry the same links, absolute', () => {
    assert.match(readPage(out, 'feed.xml'), /href="https:\/\/links\.example\.com\/news\/api-upgrade\/"/);
    assert.match(readPage(out, 'zh-hant/atom.xml'), /href="https:\/\/links\.example\.com\/zh-hant\/news\/api-upgrade\/"/);
  });

  it('build warns about every link that leads nowhere, with file and line', () => {
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning'));
    assert.deepEqual(warnings, [
      `warning in ${FOLLOW_UP}:12: the link \`./no-such.md\` leads to content/news/no-such.md, which is not an article of the site [link/broken]`,
      `warning in ${FOLLOW_UP}:13: the link \`/news/nope/\` leads to /news/nope/, which is no page or file of the site [link/broken]`,
      `warning in ${FOLLOW_UP}:14: the image \`/images/missing.svg\` is not published: no file of public/ has the address /images/missing.svg [link/broken]`,
      `warning in ${FOLLOW_UP}:14: the link \`./2024-03-25-draft.md\` leads to content/news/2024-03-25-draft.md, a draft, which is not published [link/broken]`,
    ]);
  });

  it('check reports them as errors and exits 1', () => {
    const checked = xinwen(['check', '--root', path.join(FIXTURES, 'links')]);
    assert.equal(checked.status, 1);
    assert.match(checked.stderr, /error in content\/news\/2024-03-20-follow-up\.md:12: the link `\.\/no-such\.md` leads to content\/news\/no-such\.md/);
    assert.match(checked.stderr, /checked 3 articles: 4 errors, 0 warnings/);
  });

  it('the dev server points a link at the article page again when that article gets another slug', async () => {
    const root = copyFixture('links');
    const server = await startDevServer({ root, port: 0, log: () => {} });
    try {
      const page = async () => (await fetch(new URL('zh-hant/news/follow-up/', server.url))).text();
      assert.match(await page(), /href="\/zh-hant\/news\/api-upgrade\/"/);
      const target = path.join(root, 'content', 'news', '2024-03-12-api-upgrade.md');
      const rebuilt = server.nextRebuild();
      writeFileSync(target, readFileSync(target, 'utf8').replace('title:', 'slug: api-v2\ntitle:'));
      assert.ok((await rebuilt).ok);
      assert.match(await page(), /href="\/zh-hant\/news\/api-v2\/"/);
    } finally {
      await server.close();
    }
  });
});
