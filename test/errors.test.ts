import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildSite, FIXTURES, treeHash, xinwen } from './support/site.ts';

/**
 * Failure fixtures: test/fixtures/fail-<case>/ is a site with one mistake and
 * expected-error.txt, the lines its error message must contain. Each must
 * exit 1 with that message, print no stack trace, and leave the previous
 * output byte-for-byte as it was.
 */
const cases = readdirSync(FIXTURES)
  .filter((name) => name.startsWith('fail-'))
  .sort();

describe('bad input gives one clear error and leaves the previous output intact', () => {
  it('has failure fixtures to run', () => assert.ok(cases.length >= 10, `${cases.length} cases`));

  for (const name of cases) {
    it(name.slice('fail-'.length), () => {
      const root = path.join(FIXTURES, name);
      const expected = readFileSync(path.join(root, 'expected-error.txt'), 'utf8').trim().split('\n');
      const { out } = buildSite(path.join(FIXTURES, 'basic'));
      const before = treeHash(out);

      const result = xinwen(['build', '--root', root, '--out', out]);
      assert.equal(result.status, 1, result.stderr);
      for (const line of expected) assert.ok(result.stderr.includes(line), `stderr lacks «${line}»:\n${result.stderr}`);
      assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
      assert.equal(result.stdout, '');
      assert.equal(treeHash(out), before, 'previous output unchanged');
      const leftovers = readdirSync(path.dirname(out)).filter((entry) => entry.includes('.xinwen-tmp-'));
      assert.deepEqual(leftovers, [], 'no temporary folder left behind');
    });
  }
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
    assert.match(result.stderr, /warning in content\/site\.yaml: variant zh-Hant uses opencc `twp`: its Taiwan phrase set turns news words into software words \(发布 → 釋出/);
    assert.match(result.stderr, /\[settings\/twp\]/);
    assert.match(readFileSync(path.join(out, 'zh-tw/news/article/index.html'), 'utf8'), /<h1 data-pagefind-meta="title">釋出軟體資訊<\/h1>/);
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
