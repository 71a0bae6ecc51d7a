import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConversionLint, fileGuesses } from '../src/convert/conversion-lint.ts';
import { parseDictionary } from '../src/convert/dictionary.ts';
import { ScriptConverter } from '../src/convert/script-converter.ts';
import { buildSite, PROJECT, tempDir, xinwen } from './support/site.ts';

/**
 * The conversion lint: a character with several traditional forms, read with
 * no word around it to decide it, is a guess. `check` lists the guesses with
 * the sentence and the fix, most frequent first; a build says how many in one
 * line. The fixture's articles hold 干菇 (dried mushrooms, 乾菇: OpenCC writes
 * 幹菇) four times, once in the title, and 余华 (a name, not 餘) once; the
 * same words in code, inline code and -{ }- are never counted.
 */
const FIXTURE = path.join(PROJECT, 'test', 'fixtures', 'guesses');

const twoScripts = () =>
  new ScriptConverter(
    [
      { lang: 'zh-Hans', locale: 'cn', path: '/', label: '简体', quotes: 'curly' },
      { lang: 'zh-Hant', locale: 'tw', path: '/zh-hant/', label: '繁體', quotes: 'curly' },
    ],
    parseDictionary('干 乾\n'),
  );

describe('conversion lint', () => {
  it('offers the other forms as the variant writes them (麵, not OpenCC\'s 麪)', () => {
    const lint = new ConversionLint(twoScripts());
    lint.add('a.md', '一碗热面', 'cn');
    assert.deepEqual(
      lint.list().map((guess) => [guess.context, guess.chosen, guess.alternatives, guess.fix]),
      [['热面', '面', ['麵'], '热面 熱麵']],
    );
  });

  it('counts lines and offsets as written, even where conversion normalizes a character (U+FA6C)', () => {
    const found = fileGuesses('\uFA6C\uFA6C碗热面\n一碗热面', twoScripts(), 'cn');
    assert.deepEqual(
      found.map(({ line, guess }) => [line, guess.index, guess.source]),
      [
        [1, 4, '面'],
        [2, 3, '面'],
      ],
    );
  });

  it('a character the dictionary lists alone is no guess', () => {
    assert.deepEqual(fileGuesses('干。', twoScripts(), 'cn'), []);
  });

  it('check lists each guess once with how often it occurs, the first place, the sentence and the fix', () => {
    const result = xinwen(['check', '--root', FIXTURE, '--lang', 'zh']);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[0]!, /^转换提示：5 处一对多的字没有词语可依/);
    // Most frequent first: 干菇 (4) before 余华 (1).
    assert.equal(lines[1], '「干菇」中的「干」转换为「幹」，也可能是「乾」「干」「榦」（共 4 处）');
    assert.equal(lines[2], '  content/news/2024-05-01-mushrooms.md:2  干菇价格回升');
    assert.equal(lines[3], '  如需改正：在 content/dictionary.txt 加一行「干菇 乾菇」，或在正文写 -{干}- 保持原字');
    assert.equal(lines[4], '「余华」中的「余」转换为「餘」，也可能是「余」（共 1 处）');
    assert.equal(lines[5], '  content/news/2024-05-01-mushrooms.md:7  今年干菇价格回升，作家余华也来参观。');
    assert.match(result.stdout, /检查了 2 篇文章：0 个错误，0 个警告，5 处转换待确认/);
    const english = xinwen(['check', '--root', FIXTURE]);
    assert.match(english.stdout, /^Conversion guesses: 5 characters/);
    assert.match(english.stdout, /「干」 in 「干菇」 became 「幹」; it may be 「乾」「干」「榦」 \(4 places\)/);
    assert.match(english.stdout, /checked 2 articles: 0 errors, 0 warnings, 5 conversion guesses/);
  });

  it('a build prints one line for all of them, cached or not', () => {
    const first = buildSite(FIXTURE, ['--lang', 'zh']);
    assert.equal(first.result.status, 0, first.result.stderr);
    const summary = /^警告：5 处一对多的字没有词语可依，转换时按默认字形处理（2 篇文章） \[convert\/guesses\]$/m;
    assert.match(first.result.stderr, summary);
    assert.equal(first.result.stderr.match(/处一对多的字/g)!.length, 1, first.result.stderr);
    assert.doesNotMatch(first.result.stderr, /guesses-in-file/);
  });

  it('the dictionary line it suggests settles the guess, and the page shows the right form', () => {
    const root = path.join(tempDir(), 'site');
    cpSync(FIXTURE, root, { recursive: true });
    writeFileSync(path.join(root, 'content', 'dictionary.txt'), '干菇 乾菇\n余华 余華\n');
    const check = xinwen(['check', '--root', root, '--lang', 'zh']);
    assert.equal(check.status, 0, check.stderr);
    assert.doesNotMatch(check.stdout, /转换提示/);
    assert.match(check.stdout, /0 处转换待确认/);
    const { out, result } = buildSite(root, ['--lang', 'zh']);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /一对多/);
    const page = readFileSync(path.join(out, 'zh-hant', 'news', 'mushrooms', 'index.html'), 'utf8');
    assert.match(page, /乾菇價格回升/);
    assert.match(page, /作家余華/);
    // The code block is never converted.
    assert.match(page, /干菇 = 1/);
  });
});

