import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { copyFixture, readPage, tempDir, treeHash, xinwen } from './support/site.ts';

interface Stats {
  parsed: number;
  upToDate: boolean;
  articles: number;
}

/** Build `root` into `out` through the CLI and return its statistics. */
function build(root: string, out: string, extra: string[] = []): Stats & { stdout: string } {
  const stats = path.join(tempDir(), 'stats.json');
  const result = xinwen(['build', '--root', root, '--out', out, '--stats', stats, ...extra]);
  assert.equal(result.status, 0, result.stderr);
  return { ...(JSON.parse(readFileSync(stats, 'utf8')) as Stats), stdout: result.stdout };
}

describe('rebuilds reuse the cache and equal a cold build', () => {
  const root = copyFixture('scripts');
  const out = path.join(tempDir(), 'dist');

  it('parses every article on the first build', () => {
    const first = build(root, out);
    assert.equal(first.upToDate, false);
    assert.equal(first.parsed, 2);
  });

  it('does nothing when nothing changed', () => {
    const again = build(root, out);
    assert.equal(again.upToDate, true);
    assert.match(again.stdout, /is up to date: 2 articles, \d+ pages/);
  });

  it('parses and converts only the edited article, and shows the edit in both scripts', () => {
    const file = path.join(root, 'content', 'news', '2022-05-18-traditional-author.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('本文以繁體撰寫', '本文以繁體重新撰寫'));
    const edited = build(root, out);
    assert.equal(edited.upToDate, false);
    assert.equal(edited.parsed, 1);
    assert.match(readPage(out, 'zh-hant/news/traditional-author/index.html'), /本文以繁體重新撰寫/);
    assert.match(readPage(out, 'news/traditional-author/index.html'), /本文以繁体重新撰写/);
  });

  it('--force builds from the sources alone, trusting no cache', () => {
    const forced = build(root, out, ['--force']);
    assert.equal(forced.upToDate, false);
    assert.equal(forced.parsed, 2);
  });

  it('reconverts everything when the dictionary changes', () => {
    const dictionary = path.join(root, 'content', 'dictionary.txt');
    writeFileSync(dictionary, readFileSync(dictionary, 'utf8').replace('余华 余華\n', ''));
    const rebuilt = build(root, out);
    assert.equal(rebuilt.parsed, 2);
    assert.match(readPage(out, 'zh-hant/news/legacy-words/index.html'), /于先生與餘華/);
  });

  it('drops a deleted article from every page', () => {
    rmSync(path.join(root, 'content', 'news', '2022-05-18-traditional-author.md'));
    const rebuilt = build(root, out);
    assert.equal(rebuilt.articles, 1);
    assert.doesNotMatch(readPage(out, 'zh-hant/news/index.html'), /臺灣讀者/);
  });

  it('still builds when the cache is damaged', () => {
    for (const name of ['articles-1-0.bin', 'builds.json']) writeFileSync(path.join(root, '.cache', 'xinwen', name), 'not a cache');
    const rebuilt = build(root, out, ['--force']);
    assert.equal(rebuilt.parsed, 1);
  });

  it('after all these edits, the output equals a cold build of the same files', () => {
    const coldOut = path.join(tempDir(), 'cold');
    rmSync(path.join(root, '.cache'), { recursive: true, force: true });
    const cold = build(root, coldOut);
    assert.equal(cold.parsed, 1);
    assert.equal(treeHash(out), treeHash(coldOut));
  });
});

describe('with two threads, the worker writes its cache and links the spare while this thread writes', () => {
  const root = copyFixture('scripts');
  const out = path.join(tempDir(), 'dist');
  const spare = path.join(path.dirname(out), '.dist.xinwen-spare');

  it('leaves the spare and both threads’ caches after a cold build', () => {
    const first = build(root, out, ['--jobs', '2']);
    assert.equal(first.parsed, 2);
    assert.equal(treeHash(spare), treeHash(out), 'the spare is the output as built');
    const caches = readdirSync(path.join(root, '.cache', 'xinwen')).filter((name) => /^articles-2-\d\.bin$/.test(name));
    assert.deepEqual(caches.sort(), ['articles-2-0.bin', 'articles-2-1.bin']);
  });

  it('is up to date when nothing changed', () => {
    assert.equal(build(root, out, ['--jobs', '2']).upToDate, true);
  });

  it('reads every article back from those caches when the output is gone', () => {
    rmSync(out, { recursive: true });
    const rebuilt = build(root, out, ['--jobs', '2']);
    assert.equal(rebuilt.parsed, 0);
  });

  it('starts an edit from the spare, and the output equals a cold one-thread build', () => {
    const file = path.join(root, 'content', 'news', '2022-05-18-traditional-author.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('本文以繁體撰寫', '本文以繁體再次撰寫'));
    const edited = build(root, out, ['--jobs', '2']);
    assert.equal(edited.parsed, 1);
    const coldOut = path.join(tempDir(), 'cold');
    build(root, coldOut, ['--jobs', '1', '--no-cache']);
    assert.equal(treeHash(out), treeHash(coldOut));
    assert.match(readPage(out, 'zh-hant/news/traditional-author/index.html'), /本文以繁體再次撰寫/);
  });

  it('stops with one clear message when the model fails while the worker builds its copy, and publishes nothing', () => {
    rmSync(out, { recursive: true }); // a build from nothing, so the worker builds its model alongside
    const news = path.join(root, 'content', 'news');
    writeFileSync(path.join(news, 'clash-1.md'), '---\ntitle: 同一个地址\ndate: 2022-05-19\nslug: same\n---\n正文。\n');
    writeFileSync(path.join(news, 'clash-2.md'), '---\ntitle: 同一个地址\ndate: 2022-05-20\nslug: same\n---\n正文。\n');
    const result = xinwen(['build', '--root', root, '--out', out, '--jobs', '2']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /\[model\/duplicate-url\]/);
    assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
    assert.equal(existsSync(out), false, 'nothing published');
  });
});
