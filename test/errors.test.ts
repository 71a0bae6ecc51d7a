import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildSite, FIXTURES, readPage, tempDir, textOf, treeHash, xinwen, xinwenInProcess } from './support/site.ts';

/**
 * Failure fixtures: test/fixtures/fail-<case>/ is a site with one mistake and
 * expected-error.txt, the lines its error message must contain. Each must
 * exit 1 with that message, print no stack trace, and leave the previous
 * output byte-for-byte as it was.
 */
const cases = readdirSync(FIXTURES)
  .filter((name) => name.startsWith('fail-'))
  .sort();

/** A good build made once, copied before each failing build, to check that a failed build leaves it alone. */
let good: { out: string; hash: string } | undefined;
function previousOutput(): { out: string; before: string } {
  if (!good) {
    const { out } = buildSite(path.join(FIXTURES, 'basic'));
    good = { out, hash: treeHash(out) };
  }
  const out = path.join(tempDir(), 'out');
  cpSync(good.out, out, { recursive: true });
  return { out, before: good.hash };
}

/**
 * Build `root` over a previous good output and check the failure: exit 1,
 * every expected line, nothing written. The command runs in this process
 * (the CLI's own `main`): starting a process per case adds nothing here.
 */
async function assertBuildFails(root: string, expected: readonly string[]): Promise<string> {
  const { out, before } = previousOutput();
  const result = await xinwenInProcess(['build', '--root', root, '--out', out, '--cache-dir', path.join(tempDir(), 'cache')]);
  assert.equal(result.status, 1, result.stderr);
  for (const line of expected) assert.ok(result.stderr.includes(line), `stderr lacks «${line}»:\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.doesNotMatch(result.stderr, /internal error/, 'a known mistake, not a bug');
  assert.equal(result.stdout, '');
  assert.equal(treeHash(out), before, 'previous output unchanged');
  const leftovers = readdirSync(path.dirname(out)).filter((entry) => entry.includes('.xinwen-tmp-'));
  assert.deepEqual(leftovers, [], 'no temporary folder left behind');
  return result.stderr;
}

const SETTINGS = 'name: 失败用例\nbase_url: https://fail.example.com/\n';
const ARTICLE = '---\ntitle: 正常的文章\ndate: 2022-05-17\n---\n正文。\n';

/** A site in a temporary folder: content/site.yaml plus `files` (paths under content/). */
function siteWith(files: Record<string, string | Buffer>): string {
  const root = path.join(tempDir(), 'site');
  for (const [file, text] of Object.entries({ 'site.yaml': SETTINGS, ...files })) {
    const full = path.join(root, 'content', file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return root;
}

const isRoot = process.getuid?.() === 0;

describe('bad input gives one clear error and leaves the previous output intact', () => {
  it('has failure fixtures to run', () => assert.ok(cases.length >= 30, `${cases.length} cases`));

  for (const name of cases) {
    it(name.slice('fail-'.length), async () => {
      const root = path.join(FIXTURES, name);
      const expected = readFileSync(path.join(root, 'expected-error.txt'), 'utf8').trim().split('\n');
      await assertBuildFails(root, expected);
    });
  }
});

describe('bad input that cannot live in git, made at test time', () => {
  it('an unreadable article', async (t) => {
    if (!isRoot) {
      const root = siteWith({ 'article.md': ARTICLE, 'secret.md': ARTICLE });
      chmodSync(path.join(root, 'content', 'secret.md'), 0o000);
      await assertBuildFails(root, [
        'error in content/secret.md: cannot read the file (EACCES) [load/unreadable]',
        'hint: Give your user read permission on it (chmod a+r).',
      ]);
      return;
    }
    // Root reads any file whatever its mode: make the read itself fail instead.
    if (!existsSync('/proc/self/mem')) {
      t.skip('running as root, which can read a chmod 000 file, and there is no /proc/self/mem to make a read fail');
      return;
    }
    // A link to /proc/self/mem would fail its read (EIO), but it leads out of the site folder and is refused before.
    const root = siteWith({ 'article.md': ARTICLE });
    symlinkSync('/proc/self/mem', path.join(root, 'content', 'secret.md'));
    await assertBuildFails(root, ['error in content/secret.md: this symbolic link leads out of the site folder', '[load/link-outside]']);
  });

  it('an unreadable folder in content/', async (t) => {
    if (isRoot) {
      t.skip('running as root, which can list a chmod 000 folder');
      return;
    }
    const root = siteWith({ 'article.md': ARTICLE, 'news/a.md': ARTICLE });
    chmodSync(path.join(root, 'content', 'news'), 0o000);
    try {
      await assertBuildFails(root, ['error in content/news/: cannot read the folder (EACCES) [load/unreadable]', 'hint: Give your user read and search permission']);
    } finally {
      chmodSync(path.join(root, 'content', 'news'), 0o755);
    }
  });

  it('a symbolic link that loops is an error naming the link', { timeout: 60_000 }, async () => {
    const root = siteWith({ 'article.md': ARTICLE });
    symlinkSync('loop.md', path.join(root, 'content', 'loop.md'));
    await assertBuildFails(root, [
      'error in content/loop.md: this symbolic link leads back to itself, so it points at nothing [load/symlink-loop]',
      'hint: Delete the link, or point it at a real file or folder',
    ]);
    // Two links that point at each other.
    const pair = siteWith({ 'article.md': ARTICLE });
    symlinkSync('b', path.join(pair, 'content', 'a'));
    symlinkSync('a', path.join(pair, 'content', 'b'));
    await assertBuildFails(pair, ['error in content/a: this symbolic link leads back to itself', '[load/symlink-loop]']);
  });

  it('a link from inside content/ back up to it is followed once, not forever', { timeout: 60_000 }, () => {
    const root = siteWith({ 'news/a.md': ARTICLE });
    symlinkSync('..', path.join(root, 'content', 'news', 'up'));
    symlinkSync(path.join(root, 'content'), path.join(root, 'content', 'news', 'again'));
    const { out } = buildSite(root);
    assert.ok(existsSync(path.join(out, 'news', 'a', 'index.html')));
    const check = xinwen(['check', '--root', root]);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /^checked 1 articles: 0 errors/);
  });

  it('a 10 MB article fails at once with its size and the fix', { timeout: 120_000 }, async (t) => {
    const paragraph = `${'随州市香菇产业持续发展，带动农民增收致富。'.repeat(20)}\n\n`;
    const body = paragraph.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(paragraph)));
    const root = siteWith({ 'article.md': ARTICLE, 'huge.md': `---\ntitle: 很长的文章\ndate: 2022-05-17\n---\n${body}` });
    const started = performance.now();
    await assertBuildFails(root, [
      'error in content/huge.md: the file is 10 MB; an article may be at most 5 MB [load/too-large]',
      'hint: Look for pasted data or an image embedded as a data: URL',
    ]);
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`10 MB article: failed in ${seconds.toFixed(2)} s (including a previous build of the basic fixture)`);
    assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
  });

  it('two files differing only in case (A.md and a.md) are one URL', async (t) => {
    const root = siteWith({ 'A.md': ARTICLE, 'a.md': ARTICLE.replace('2022-05-17', '2022-05-18') });
    if (readdirSync(path.join(root, 'content')).length < 3) {
      t.skip('this file system does not tell A.md from a.md');
      return;
    }
    await assertBuildFails(root, ['content/A.md and content/a.md would both be published at /news/a/', '[model/duplicate-url]']);
  });
});

describe('harmless input just works', () => {
  // The dictionary of ok-bom and ok-crlf (with a BOM or CRLF itself) keeps 于先生; without one OpenCC writes 於先生.
  for (const [name, title, siteName, traditional] of [
    ['ok-bom', '带字节序标记的文章', '字节序测试', '于先生'],
    ['ok-crlf', 'Windows换行的文章', '换行测试', '于先生'],
    ['ok-no-templates', '没有模板文件夹的网站', '无模板测试', '於先生'],
  ] as const) {
    it(name.slice('ok-'.length), () => {
      const { out, result } = buildSite(path.join(FIXTURES, name));
      assert.equal(result.stderr.match(/warning|error/g), null, result.stderr);
      const page = readPage(out, 'news/article/index.html');
      assert.ok(!page.includes('\r'), 'no carriage return reaches a page');
      assert.ok(!page.includes('\uFEFF'), 'no byte-order mark reaches a page');
      assert.match(page, new RegExp(`<title>${title} - ${siteName}</title>`));
      assert.match(page, /<h1>[^<]+<\/h1>/);
      assert.match(textOf(page), new RegExp(`您所在的位置： 首页 新闻中心 正文 ${title} 作者：网站编辑日期：2022/5/17 8:10:05人气：190`));
      // Two source lines make one paragraph; the tags and the views were read.
      assert.match(page, /<p>于先生表示，联系群众是基层治理的根本。\s*第二行仍是同一段。<\/p>/);
      assert.match(page, /href="\/tags\/dang-jian\/"/);
      assert.match(readPage(out, 'zh-hant/news/article/index.html'), new RegExp(`<p>${traditional}表示，聯繫群眾是基層治理的根本。`));
    });
  }
});

describe('xinwen check', () => {
  it('reports every bad article, the dictionary, the settings and a template in one run', () => {
    const root = path.join(tempDir(), 'site');
    const bad = [
      'bad-date',
      'bad-delimiter',
      'broken-yaml',
      'duplicate-key',
      'empty-file',
      'fraction-views',
      'front-matter-only',
      'impossible-date',
      'js-front-matter',
      'long-title',
      'missing-title',
      'negative-views',
      'nested-tags',
      'no-front-matter',
      'not-utf8',
      'title-list',
      'title-number',
      'unclosed-front-matter',
      'unsafe-slug',
      'views-with-unit',
      'yaml-tab',
    ];
    mkdirSync(path.join(root, 'content', 'news'), { recursive: true });
    mkdirSync(path.join(root, 'templates'), { recursive: true });
    for (const name of bad) copyFileSync(path.join(FIXTURES, `fail-${name}`, 'content', 'article.md'), path.join(root, 'content', 'news', `${name}.md`));
    copyFileSync(path.join(FIXTURES, 'fail-duplicate-url', 'content', 'article.md'), path.join(root, 'content', 'news', 'same-1.md'));
    copyFileSync(path.join(FIXTURES, 'fail-duplicate-url', 'content', 'other.md'), path.join(root, 'content', 'news', 'same-2.md'));
    writeFileSync(path.join(root, 'content', 'news', 'good.md'), ARTICLE);
    writeFileSync(path.join(root, 'content', 'site.yaml'), `${SETTINGS}page_sise: 5\n`);
    copyFileSync(path.join(FIXTURES, 'fail-dictionary', 'content', 'dictionary.txt'), path.join(root, 'content', 'dictionary.txt'));
    copyFileSync(path.join(FIXTURES, 'fail-template-unknown-filter', 'templates', 'article.njk'), path.join(root, 'templates', 'article.njk'));

    const result = xinwen(['check', '--root', root]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, '');
    assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
    assert.doesNotMatch(result.stderr, /internal error/);
    const reported = [...result.stderr.matchAll(/^error in (\S+?)(?::\d+)*: .* \[([\w/-]+)\]$/gm)].map((match) => `${match[1]} ${match[2]}`);
    const expected = [
      'content/site.yaml settings/unknown-key',
      'content/dictionary.txt dictionary/malformed',
      'templates/article.njk template/unknown-filter',
      'content/news/same-2.md model/duplicate-url',
      ...bad.map((name) => `content/news/${name}.md`),
    ];
    for (const entry of expected) {
      assert.ok(reported.some((line) => line.startsWith(entry)), `check did not report ${entry}:\n${result.stderr}`);
    }
    assert.ok(!reported.some((line) => line.startsWith('content/news/good.md')), 'the good article has no error');
    assert.equal(reported.length, expected.length, reported.join('\n'));
    assert.match(result.stderr, new RegExp(`^checked ${bad.length + 3} articles: ${expected.length} errors, \\d+ warnings, \\d+ conversion guesses$`, 'm'));
  });
});

describe('unsafe output folders are refused', () => {
  const root = path.join(FIXTURES, 'basic');
  for (const [label, out] of [
    ['the site folder itself', root],
    ['the content folder', path.join(root, 'content')],
    ['a folder inside content/', path.join(root, 'content', 'news')],
    ['a parent of the site folder', path.dirname(root)],
    ['the file-system root', '/'],
  ] as const) {
    it(label, () => {
      const result = xinwen(['build', '--root', root, '--out', out]);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /refusing to (write|replace)/);
      assert.match(result.stderr, /\[output\/(unsafe|not-ours)\]/);
    });
  }

  it('a folder with files xinwen did not write', () => {
    const result = xinwen(['build', '--root', root, '--out', path.join(FIXTURES, 'override')]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /refusing to replace .* it holds files that xinwen did not write \[output\/not-ours\]/);
  });
});

describe('warnings', () => {
  it('warns that opencc twp rewrites news words, and still builds', () => {
    const { out, result } = buildSite(path.join(FIXTURES, 'warn-twp'));
    assert.match(result.stderr, /warning in content\/site\.yaml: variant zh-Hant uses opencc `twp`: its Taiwan phrase set turns news words into software words \(项目 → 專案/);
    assert.match(result.stderr, /\[settings\/twp\]/);
    assert.match(readFileSync(path.join(out, 'zh-tw/news/article/index.html'), 'utf8'), /<h1>發布軟體專案資訊<\/h1>/);
  });
});

describe('command line', () => {
  it('rejects an unknown command and an unknown option with a hint', () => {
    const command = xinwen(['buidl']);
    assert.equal(command.status, 1);
    assert.match(command.stderr, /unknown command `buidl`/);
    const option = xinwen(['build', '--rot', '.']);
    assert.equal(option.status, 1);
    assert.match(option.stderr, /Unknown option '--rot'/);
    assert.match(option.stderr, /xinwen --help/);
  });

  it('says where a folder without content/ went wrong', () => {
    const result = xinwen(['build', '--root', path.join(FIXTURES, 'no-such-site')]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /has no content\/ folder \[site\/no-content\]/);
  });
});
