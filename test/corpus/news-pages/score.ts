/**
 * Scores `xinwen import` on the saved news pages of this folder against the
 * hand-written NN-name.expected.yaml next to each page, and prints a table
 * (how pages are imported and fields compared: scoring.ts).
 *
 *   node --import tsx test/corpus/news-pages/score.ts [--why] [NN ...]
 *
 * --why prints, under each page, what the importer gave for every wrong field.
 */
import { corpusPages, FIELDS, fold, plainBody, scorePages } from './scoring.ts';

const why = process.argv.includes('--why');
const only = process.argv.slice(2).filter((arg) => arg !== '--why');
const scores = scorePages(corpusPages(only));
const totals = Object.fromEntries([...FIELDS, 'category'].map((field) => [field, 0])) as Record<(typeof FIELDS)[number] | 'category', number>;
const mark = (ok: boolean) => (ok ? ' ✓ ' : ' ✗ ');
console.log(`${'page'.padEnd(30)}${FIELDS.map((f) => f.slice(0, 6).padEnd(7)).join('')}| categ | all`);
for (const { page, expected, got, result, right } of scores) {
  for (const field of [...FIELDS, 'category'] as const) totals[field] += result[field] ? 1 : 0;
  const note = 'error' in got ? `  (${got.error})` : '';
  console.log(`${page.padEnd(30)}${FIELDS.map((f) => mark(result[f]).padEnd(7)).join('')}|${mark(result.category)}  |${mark(right)}${note}`);
  if (why && !('error' in got)) {
    for (const field of [...FIELDS, 'category'] as const) {
      if (result[field]) continue;
      const body = plainBody(got.body).trim();
      const folded = fold(body);
      const junk = (expected.junk ?? []).filter((each) => folded.includes(fold(each)));
      const have = field === 'body' ? `${body.slice(0, 60)} … ${body.slice(-60)} (first at ${folded.indexOf(fold(expected.body_first))}, junk ${JSON.stringify(junk)})` : got.data[field];
      console.log(`    ${field}: expected ${JSON.stringify(field === 'body' ? [expected.body_first, expected.body_last] : expected[field])}, got ${JSON.stringify(have)}`);
    }
  }
}
const count = scores.length;
const fullyRight = scores.filter((score) => score.right).length;
const percent = (n: number) => `${((100 * n) / count).toFixed(0)}%`;
console.log(`\n${count} pages`);
for (const field of [...FIELDS, 'category'] as const) console.log(`${field.padEnd(9)}${String(totals[field]).padStart(3)}/${count}  ${percent(totals[field])}${field === 'category' ? '  (shown, not counted)' : ''}`);
console.log(`fully right ${fullyRight}/${count}  ${percent(fullyRight)}`);
