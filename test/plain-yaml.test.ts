import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readPlainYaml } from '../src/core/plain-yaml.ts';
import { parseYamlDocument } from '../src/core/yaml.ts';
import { FUZZ_RUNS, FUZZ_SEED } from './support/fuzz.ts';

/**
 * The front-matter shortcut (core/plain-yaml.ts) reads exactly what the
 * `yaml` package reads, or declines: the same data, the same key lines.
 */

/** What the `yaml` package makes of `text`, or the error's message. */
function byDocument(text: string): unknown {
  try {
    return parseYamlDocument(text, { file: 'a.md', lineOffset: 3 });
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

function assertSame(text: string): boolean {
  const plain = readPlainYaml(text, 3);
  if (plain === undefined) return false;
  assert.deepStrictEqual(plain, byDocument(text), JSON.stringify(text));
  return true;
}

describe('plain front matter', () => {
  test('the forms articles use are read by the shortcut, as the yaml package reads them', () => {
    const read = [
      '\ntitle: "广水市保障人才招聘计划（1）"\ndate: "2015-01-01 00:04:11"\nauthor: 网站编辑\nsource: 转载\nviews: 2804\ntags: [标签佲10, 标签倫15, 标签偵17]\ncategory: 媒体报道',
      '\ntitle: 党建引领有力 城乡治理有效\ndate: 2022/5/17 8:10:05\nviews: 190\ntags: [党建引领, 基层治理]\n',
      "\ntitle: 'single quoted'\n\n# a comment line\ncover: https://example.com/a.jpg\nviews: 007\ntags: []\nslug: a:b",
      '\ntitle: 2022-05-17 08:10:05\nviews: -5\nsummary: 1.2.3\ntags: [a , b,c ]',
    ].filter(assertSame);
    assert.equal(read.length, 4);
  });

  test('anything else is left to the yaml package', () => {
    const declined = [
      '\ntitle: a # comment',
      '\ntitle: x\ntitle: y',
      '\ntitle:',
      '\ntags:\n  - a',
      '\ndraft: true',
      '\nviews: 1.5',
      '\nviews: 0x1F',
      '\ntitle: "a\\"b"',
      '\ntitle: "a',
      '\ntitle: *alias',
      '\ntitle: - a',
      '\ntitle: a: b',
      '\ntags: [a, [b]]',
      '\ntags: [a,]',
      '\ntags: ["a, b"]',
      '\ntitle: a\tb',
      '\n title: a',
      '\nnull: a',
      '\ntitle: ~',
      '\ntitle: .inf',
      '\ntitle: a\u2028b',
    ];
    for (const text of declined) assert.equal(readPlainYaml(text, 0), undefined, JSON.stringify(text));
  });

  test('random front matter: the shortcut agrees with the yaml package whenever it answers', () => {
    const piece = fc.constantFrom(
      'a', 'Z', '新', '闻', '0', '1', '9', ' ', '  ', ':', ': ', '#', ' #', '-', '- ', '.', '+', 'e', 'x', 'o', '"', "'", '[', ']', ',', ', ',
      '\\', '~', '!', '&', '*', '/', '\t', '{', '}', '|', '>', '%', '@', '`', '?', '\u3000', '\u0085', '\u2028', 'true', 'null', 'No', '.inf', '0x', '0o7',
    );
    const value = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    const key = fc.constantFrom('title', 'tags', 'views', 'a_b', 'x1', 'true', 'Null', 'title', '_x', '1a');
    const line = fc.oneof(
      fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
      fc.tuple(key, fc.array(value, { maxLength: 3 })).map(([k, items]) => `${k}: [${items.join(',')}]`),
      fc.constantFrom('', '# note', '  ', 'title:'),
    );
    const document = fc.array(line, { maxLength: 5 }).map((lines) => `\n${lines.join('\n')}`);
    fc.assert(
      fc.property(document, (text) => {
        assertSame(text);
      }),
      { numRuns: FUZZ_RUNS || 3000, seed: FUZZ_SEED },
    );
  });
});
