import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusPages, FIELDS, scorePages } from './corpus/news-pages/scoring.ts';

/** Share of corpus pages whose title, date, author, source, views and body must all be right (issue 15). */
const BAR = 0.85;

describe('xinwen import: the corpus of saved news pages (test/corpus/news-pages)', () => {
  it(`gets at least ${BAR * 100}% of the pages fully right`, () => {
    const scores = scorePages(corpusPages());
    assert.ok(scores.length >= 40, `only ${scores.length} pages in the corpus`);
    const wrong = scores.filter((score) => !score.right);
    const share = (scores.length - wrong.length) / scores.length;
    const lines = wrong.map(({ page, result, got }) => `  ${page}: ${'error' in got ? got.error : FIELDS.filter((field) => !result[field]).join(', ')}`);
    assert.ok(
      share >= BAR,
      `${scores.length - wrong.length} of ${scores.length} pages fully right (${(share * 100).toFixed(0)}%, the bar is ${BAR * 100}%); wrong fields:\n${lines.join('\n')}\n` +
        'node --import tsx test/corpus/news-pages/score.ts --why NN shows what the importer gave.',
    );
  });
});
