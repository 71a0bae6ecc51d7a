import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { build } from '../src/pipeline/build.ts';
import { startDevServer } from '../src/serve/dev-server.ts';
import { listAttachments } from '../src/load/attachments.ts';
import { siteFolders } from '../src/core/site-folders.ts';
import { buildSite, copyFixture, listFiles, readPage, tempDir, treeHash, xinwen } from './support/site.ts';

/**
 * Files beside an article (content/news/2024-05-01-expo/index.md and its
 * notice.pdf, 报名表.docx, files/展位价目表.xlsx…) are published beside the
 * article's page, in every script tree, and links to them resolve.
 */

const EXPO = 'content/news/2024-05-01-expo';
const FILES = ['notice.pdf', '报名表.docx', 'files/展位价目表.xlsx', 'plan.svg', 'photo.png'];
const TREES = ['', 'zh-hant/'];

/** The relative addresses of a page's article (its body's links and images to files beside it). */
function bodyAddresses(html: string): string[] {
  const body = html.slice(html.indexOf('<article'), html.indexOf('</article>'));
  return [...body.matchAll(/ (?:href|src)="([^"]*)"/g)].map((match) => match[1]!).filter((address) => !/^(#|\/|https?:)/.test(address));
}

/** The output file a link of a page leads to (the page's own file given, in the output). */
function targetOf(pageFile: string, address: string): string {
  const url = new URL(address, new URL(pageFile, 'https://news.example.com/'));
  return decodeURIComponent(url.pathname.slice(1));
}

describe('files of an article folder', () => {
  it('are published beside the page in every script tree, byte for byte, and the body links find them in the same tree', () => {
    const root = copyFixture('attachments');
    // Hidden files and editors' leftovers are not published.
    writeFileSync(path.join(root, EXPO, '.DS_Store'), 'finder');
    writeFileSync(path.join(root, EXPO, 'notice.pdf~'), 'backup');
    writeFileSync(path.join(root, EXPO, '.index.md.swp'), 'swap');
    // A photo no article links to is published in renditions only: its original's metadata (where it was taken) stays home.
    writeFileSync(path.join(root, EXPO, 'unlinked.png'), readFileSync(path.join(root, EXPO, 'photo.png')));
    const { out, result } = buildSite(root);
    assert.doesNotMatch(result.stderr, /warning/, 'no warning (no broken link)');
    for (const tree of TREES) {
      for (const file of FILES) {
        const published = path.join(out, tree, 'news/expo', file);
        assert.ok(existsSync(published), `${tree}news/expo/${file} is published`);
        assert.ok(readFileSync(published).equals(readFileSync(path.join(root, EXPO, file))), `${tree}news/expo/${file} is the source's bytes`);
      }
      const published = listFiles(path.join(out, tree, 'news/expo')).filter((file) => file !== 'index.html');
      assert.deepEqual(published, [...FILES].sort(), `only the folder's files, no index.md, hidden file, backup or unlinked original (${tree || 'simplified'} tree)`);
      // Every link and image of the body leads to a file of the same tree.
      const pageFile = `${tree}news/expo/index.html`;
      const addresses = bodyAddresses(readPage(out, pageFile));
      assert.equal(addresses.length, 5, addresses.join(' '));
      for (const address of addresses) {
        const target = targetOf(pageFile, address);
        assert.ok(target.startsWith(`${tree}news/expo/`) && existsSync(path.join(out, target)), `${address} on ${pageFile} leads to ${target}, which is published`);
      }
      // A link from another article to the file, by its address, is pointed into the reader's tree.
      assert.match(readPage(out, `${tree}news/reminder/index.html`), new RegExp(`href="/${tree}news/expo/notice\\.pdf"`));
    }
    // A linked photo is published as it is (the original, above) as well as in renditions.
    assert.ok(listFiles(path.join(out, 'media')).length > 0);
    // Feeds are read elsewhere: a link beside the article becomes its full address in the feed's tree.
    assert.match(readPage(out, 'zh-hant/feed.xml'), /href="https:\/\/news\.example\.com\/zh-hant\/news\/expo\/notice\.pdf"/);
  });

  it('follow the article where the permalink setting puts it', () => {
    const root = copyFixture('attachments');
    appendFileSync(path.join(root, 'content/site.yaml'), 'permalink: /:year/:month/:slug.html\n');
    writeFileSync(path.join(root, 'content/news/2024-05-02-reminder.md'), readFileSync(path.join(root, 'content/news/2024-05-02-reminder.md'), 'utf8').replace('/news/expo/notice.pdf', '/2024/05/notice.pdf'));
    const { out, result } = buildSite(root);
    assert.doesNotMatch(result.stderr, /warning/);
    for (const tree of TREES) {
      assert.ok(existsSync(path.join(out, tree, '2024/05/expo.html')));
      for (const file of FILES) assert.ok(readFileSync(path.join(out, tree, '2024/05', file)).equals(readFileSync(path.join(root, EXPO, file))), `${tree}2024/05/${file}`);
    }
    assert.equal(existsSync(path.join(out, 'news/expo')), false);
  });

  it("a draft's files are not published (a link to one is broken), unless drafts are built", () => {
    const root = copyFixture('attachments');
    const article = path.join(root, EXPO, 'index.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace('category: 通知公告', 'category: 通知公告\ndraft: true'));
    const { out, result } = buildSite(root);
    assert.equal(existsSync(path.join(out, 'news/expo')), false);
    assert.equal(existsSync(path.join(out, 'zh-hant/news/expo')), false);
    assert.match(result.stderr, /warning in content\/news\/2024-05-02-reminder\.md:7: the link `\/news\/expo\/notice\.pdf` leads to \/news\/expo\/notice\.pdf, which is no page or file of the site/);
    const drafts = buildSite(root, ['--drafts']);
    assert.ok(existsSync(path.join(drafts.out, 'zh-hant/news/expo/notice.pdf')));
  });

  it('a link to a file the folder does not have is a broken link (a warning of build, an error of check) with the file and line', () => {
    const root = copyFixture('attachments');
    const article = path.join(root, EXPO, 'index.md');
    appendFileSync(article, '\n[缺的表格](./files/没有这个表.xlsx)\n');
    const line = readFileSync(article, 'utf8').split('\n').findIndex((text) => text.includes('没有这个表')) + 1;
    const { result } = buildSite(root);
    const warnings = result.stderr.split('\n').filter((text) => text.startsWith('warning'));
    assert.deepEqual(warnings, [
      `warning in ${EXPO}/index.md:${line}: the link \`./files/没有这个表.xlsx\` leads to /news/expo/files/没有这个表.xlsx, which is no page or file of the site: the article's folder has no ${EXPO}/files/没有这个表.xlsx [link/broken]`,
    ]);
    const checked = xinwen(['check', '--root', root]);
    assert.equal(checked.status, 1);
    assert.match(checked.stderr, new RegExp(`error in ${EXPO}/index\\.md:${line}: the link .*没有这个表\\.xlsx`));
  });

  it('refuses a file that would replace the page, and warns of a very large one', () => {
    const root = copyFixture('attachments');
    writeFileSync(path.join(root, EXPO, 'index.html'), '<p>saved from the old site</p>');
    const out = path.join(tempDir(), 'out');
    const refused = xinwen(['build', '--root', root, '--out', out]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, new RegExp(`error in ${EXPO}/index\\.html: this file would be published at /news/expo/index\\.html, where xinwen writes a page, and would replace it`));
    assert.match(refused.stderr, /rename it/);
    assert.equal(existsSync(out), false, 'nothing written');
    assert.match(xinwen(['check', '--root', root]).stderr, /error in .*index\.html: this file would be published at \/news\/expo\/index\.html/);

    rmSync(path.join(root, EXPO, 'index.html'));
    const video = path.join(root, EXPO, 'video.mp4');
    writeFileSync(video, '');
    truncateSync(video, 21 * 1024 * 1024);
    const { out: built, result } = buildSite(root);
    assert.match(result.stderr, new RegExp(`warning in ${EXPO}/video\\.mp4: this attachment is 21\\.0 MB, too large for a web page download`));
    assert.match(result.stderr, /link to it from the article/);
    assert.equal(readFileSync(path.join(built, 'zh-hant/news/expo/video.mp4')).length, 21 * 1024 * 1024, 'still published');
  });

  it('follows a symbolic link only inside the site folder, and a link back up once', () => {
    const root = copyFixture('attachments');
    symlinkSync('.', path.join(root, EXPO, 'again'));
    const site = siteFolders(root);
    const articles = [`${EXPO}/index.md`, 'content/news/2024-05-02-reminder.md'];
    const { attachments, errors } = listAttachments(site, articles);
    assert.deepEqual(errors, []);
    assert.deepEqual(attachments.map((file) => file.name).sort(), [...FILES].sort(), 'each file once');

    const outside = path.join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'not for publishing');
    symlinkSync(outside, path.join(root, EXPO, 'secret.txt'));
    const refused = xinwen(['build', '--root', root, '--out', path.join(tempDir(), 'out')]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, new RegExp(`error in ${EXPO}/secret\\.txt: this symbolic link leads out of the site folder`));
  });

  it('incremental builds equal a cold build: a file changed, added, removed, the article moved', async () => {
    const root = copyFixture('attachments');
    const out = path.join(tempDir(), 'out');
    const cache = path.join(tempDir(), 'cache');
    const folder = path.join(root, EXPO);
    const step = async (what: string) => {
      const result = await build({ root, outDir: out, cacheDir: cache });
      assert.equal(result.upToDate, false, `${what}: built`);
      const cold = path.join(tempDir(), 'cold');
      await build({ root, outDir: cold, cacheDir: false, force: true });
      assert.equal(treeHash(out), treeHash(cold), `after ${what}, the output equals a cold build`);
    };
    await build({ root, outDir: out, cacheDir: cache });
    // First a change alone (planned without a model, from the last build's record), then the others.
    writeFileSync(path.join(folder, 'notice.pdf'), readFileSync(path.join(folder, 'notice.pdf')).toString('latin1').replace('Notice 2024', 'Notice 2025'), 'latin1');
    utimesSync(path.join(folder, 'notice.pdf'), new Date(), new Date(Date.now() + 5000));
    await step('a file changed (same size)');
    assert.match(readFileSync(path.join(out, 'news/expo/notice.pdf'), 'latin1'), /Notice 2025/);
    writeFileSync(path.join(folder, 'files', '日程.txt'), '第一天：开幕\n');
    await step('a file added');
    assert.equal(readFileSync(path.join(out, 'zh-hant/news/expo/files/日程.txt'), 'utf8'), '第一天：开幕\n');
    rmSync(path.join(folder, '报名表.docx'));
    await step('a file removed');
    assert.equal(existsSync(path.join(out, 'zh-hant/news/expo/报名表.docx')), false);
    // The body links to the removed form: build warns of it.
    const index = path.join(folder, 'index.md');
    writeFileSync(index, readFileSync(index, 'utf8').replace('[附件：报名表](报名表.docx)', '报名表已停用。'));
    await step('the link to it removed from the body');
    renameSync(folder, path.join(root, 'content/news/2024-05-01-expo-2024'));
    await step('the article moved (its slug)');
    assert.equal(existsSync(path.join(out, 'news/expo')), false);
    assert.ok(existsSync(path.join(out, 'zh-hant/news/expo-2024/notice.pdf')));
  });

  it('the dev server copies them, and copies them again when they change or the article moves', async () => {
    const root = copyFixture('attachments');
    const folder = path.join(root, EXPO);
    const server = await startDevServer({ root, port: 0, log: () => {} });
    try {
      const get = async (file: string) => {
        const response = await fetch(new URL(encodeURI(file), server.url));
        return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
      };
      for (const tree of TREES) assert.ok((await get(`${tree}news/expo/notice.pdf`)).body.equals(readFileSync(path.join(folder, 'notice.pdf'))));
      let rebuilt = server.nextRebuild();
      writeFileSync(path.join(folder, 'files', '日程.txt'), '第一天：开幕\n');
      assert.ok((await rebuilt).ok);
      assert.equal((await get('zh-hant/news/expo/files/日程.txt')).body.toString(), '第一天：开幕\n');
      rebuilt = server.nextRebuild();
      writeFileSync(path.join(folder, 'files', '日程.txt'), '第一天：开幕式\n');
      assert.ok((await rebuilt).ok);
      assert.equal((await get('news/expo/files/日程.txt')).body.toString(), '第一天：开幕式\n');
      rebuilt = server.nextRebuild();
      mkdirSync(path.join(root, 'content/news/2024-05-01-fair'));
      renameSync(path.join(folder, 'index.md'), path.join(root, 'content/news/2024-05-01-fair/index.md'));
      renameSync(path.join(folder, 'notice.pdf'), path.join(root, 'content/news/2024-05-01-fair/notice.pdf'));
      assert.ok((await rebuilt).ok);
      for (let tries = 0; tries < 50 && (await get('news/fair/notice.pdf')).status !== 200; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await get('zh-hant/news/fair/notice.pdf')).status, 200);
      assert.equal((await get('news/expo/notice.pdf')).status, 404);
    } finally {
      await server.close();
    }
  });
});
