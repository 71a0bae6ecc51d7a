import './support/english.ts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as OpenCC from 'opencc-js';
import { createOpenccConverter } from '../src/convert/opencc.ts';
import { corpusArticles } from './support/corpus.ts';
import { OPENCC_DIRECTIONS, OPENCC_REFERENCE, openccCases } from './support/opencc-cases.ts';

/**
 * OpenCC's chain through xinwen's own matcher (createOpenccConverter in
 * src/convert/opencc.ts, over src/convert/trie.ts): what converts between two
 * traditional scripts, and what the lattice converter (src/convert/lattice.ts,
 * tested against OpenCC in conversion-quality.test.ts) is built from. These
 * tests hold it to opencc-js: identical output on OpenCC's own test cases,
 * its golden files and the whole benchmark corpus.
 */
const REFERENCE = OPENCC_REFERENCE;
const DIRECTIONS = OPENCC_DIRECTIONS;
const cases = openccCases();

describe('OpenCC test cases: xinwen passes at least as many as opencc-js, in every direction it publishes', () => {
  for (const [name, [from, to]] of Object.entries(DIRECTIONS)) {
    it(name, (t) => {
      const reference = OpenCC.Converter({ from, to });
      const ours = createOpenccConverter(from, to);
      const relevant = cases.filter((testCase) => testCase.expected[name] !== undefined);
      let referencePasses = 0;
      let ourPasses = 0;
      for (const testCase of relevant) {
        const expected = testCase.expected[name]!;
        const mine = ours(testCase.input);
        if (reference(testCase.input) === expected) referencePasses++;
        if (mine === expected) ourPasses++;
        assert.equal(mine, reference(testCase.input), `${testCase.id}: same output as opencc-js`);
      }
      t.diagnostic(`${name}: ${relevant.length} cases, opencc-js passes ${referencePasses}, xinwen passes ${ourPasses}`);
      assert.ok(relevant.length > 0);
      assert.ok(ourPasses >= referencePasses);
    });
  }
});

describe('OpenCC golden files convert to their expected output', () => {
  const input = readFileSync(path.join(REFERENCE, 'us_constitution_zhs.txt'), 'utf8');
  for (const name of ['s2t', 's2tw', 's2hk', 's2twp']) {
    it(name, () => {
      const [from, to] = DIRECTIONS[name]!;
      const expected = readFileSync(path.join(REFERENCE, `us_constitution_zhs.${name}.txt`), 'utf8').split('\n');
      const actual = createOpenccConverter(from, to)(input).split('\n');
      // Every line matches; none differ, so there is nothing to explain.
      const differing = expected.flatMap((line, i) => (line === actual[i] ? [] : [i + 1]));
      assert.deepEqual(differing, []);
      assert.equal(actual.length, expected.length);
    });
  }
});

/** Articles of the benchmark corpus compared: 1,000 by default (about 7 MB); XINWEN_DIFFERENTIAL_ARTICLES=10000 for the whole corpus. */
const CORPUS_ARTICLES = Number(process.env.XINWEN_DIFFERENTIAL_ARTICLES ?? 1_000);

describe(`the benchmark corpus (${CORPUS_ARTICLES} articles) converts exactly as opencc-js converts it`, () => {
  // Simplified text for s2*, and its traditional forms for *2s.
  const simplified = Array.from(corpusArticles({ articles: CORPUS_ARTICLES }), (article) => article.text);
  for (const [name, [from, to]] of Object.entries(DIRECTIONS)) {
    it(name, () => {
      const reference = OpenCC.Converter({ from, to });
      const ours = createOpenccConverter(from, to);
      const toSource = from === 'cn' ? (text: string) => text : createOpenccConverter('cn', from);
      let compared = 0;
      for (let i = 0; i < simplified.length; i += 100) {
        // Batches of 100 articles: one mismatch names its batch without comparing 70 MB at once.
        const batch = toSource(simplified.slice(i, i + 100).join('\n'));
        assert.equal(ours(batch), reference(batch), `${name}: articles ${i + 1}–${i + 100}`);
        compared += batch.length;
      }
      assert.ok(compared >= simplified.length * 700, `${compared} characters compared`);
    });
  }
});
