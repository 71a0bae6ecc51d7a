import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDictionary } from '../src/convert/dictionary.ts';
import type { Locale } from '../src/convert/opencc.ts';
import { latticeConverter } from '../src/convert/lattice.ts';
import { storedTables } from '../src/convert/table-store.ts';
import { createTextConverter } from '../src/convert/text-converter.ts';
import { PROJECT, tempDir } from './support/site.ts';

/**
 * Converters' tables kept in files (src/convert/table-store.ts) convert
 * exactly as tables built in memory: built and kept, loaded whole, or
 * loaded as a base and finished with another dictionary.
 */
const CORPUS = path.join(PROJECT, 'test', 'corpus', 'conversion');
const texts = readdirSync(CORPUS)
  .filter((name) => !name.startsWith('LICENSE'))
  // The start of each file: enough text to meet most of the tables, in a few seconds.
  .map((name) => readFileSync(path.join(CORPUS, name), 'utf8').slice(0, 60_000));
const dictionary = parseDictionary('于先生 于先生\n余华 余華\n干 乾\n联系 聯繫\n');
const PAIRS: [Locale, Locale][] = [
  ['cn', 'tw'],
  ['tw', 'cn'],
  ['cn', 'twp'],
];

describe('kept conversion tables', () => {
  for (const [from, to] of PAIRS) {
    it(`${from} → ${to}: built, loaded and finished anew convert alike`, () => {
      const dir = tempDir();
      const toSource = createTextConverter('cn', from);
      const input = texts.map((text) => toSource.text(text));
      const convert = (converter: ReturnType<typeof createTextConverter>) => input.map((text) => [converter.text(text), JSON.stringify(converter.guesses(text))]);
      const fresh = convert(createTextConverter(from, to, dictionary));
      const store = storedTables(dir, 'generator');
      assert.deepEqual(convert(createTextConverter(from, to, dictionary, store)), fresh, 'built in the store');
      assert.deepEqual(convert(createTextConverter(from, to, dictionary, store)), fresh, 'loaded whole');
      assert.deepEqual(convert(createTextConverter(from, to, [], store)), convert(createTextConverter(from, to)), 'base loaded, finished without a dictionary');
    });
  }

  it('builds again what it cannot read, and keeps the folders of two other versions at most', () => {
    const dir = tempDir();
    const expected = createTextConverter('cn', 'tw').text(texts[0]!);
    for (const version of ['a', 'b', 'c']) storedTables(dir, version)('cn', 'tw', []);
    assert.deepEqual(readdirSync(dir).sort(), ['a', 'b', 'c']);
    for (const file of readdirSync(path.join(dir, 'c'))) writeFileSync(path.join(dir, 'c', file), 'not tables');
    assert.equal(createTextConverter('cn', 'tw', [], storedTables(dir, 'c')).text(texts[0]!), expected);
    storedTables(dir, 'd')('cn', 'tw', []);
    assert.deepEqual(readdirSync(dir).sort(), ['b', 'c', 'd']);
  });
});

describe('the later steps folded into the character table', () => {
  // A seeded generator: the same texts on every run.
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const alphabet = [...'张栋梁林国梁喫茶小铺纯喫茶黄东梁原生发布中断只能系统干扰里面后制周钟·-{}a1 \n，。', '\u2ff0', '\u2ff1', '𠀀', '𫝈', '\ud800', '\udc00', '\uFA6C', '\u0000'];
  const randomTexts = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));

  for (const [from, to] of [...PAIRS, ['cn', 'hk'] as [Locale, Locale]]) {
    it(`${from} → ${to}: converts as the steps one after another`, () => {
      const tables = storedTables(tempDir(), 'generator')(from, to, dictionary.map((entry) => (to === 'cn' ? { source: entry.target, target: entry.source } : entry)))!;
      const folded = latticeConverter(tables);
      const apart = latticeConverter(tables, { foldSteps: false });
      const toSource = createTextConverter('cn', from);
      for (const text of [...texts.map((each) => toSource.text(each)), ...randomTexts]) assert.equal(folded(text), apart(text));
    });
  }
});
