// npm test: every test file, two at a time, the longest first. In name order (what `node
// --test` does with the files it is given) the browser tests, about three minutes, started
// last and ran alone at the end. `npm test -- test/a.test.ts …` runs only the files named.
import { readdirSync } from 'node:fs';
import { run } from 'node:test';
import { tap } from 'node:test/reporters';

const LONGEST_FIRST = ['quality', 'race', 'crash', 'reader-tools', 'incremental', 'migrated-posts', 'attachments', 'images'];
const rank = (file) => {
  const index = LONGEST_FIRST.indexOf(file.replace(/\.test\.ts$/, ''));
  return index === -1 ? LONGEST_FIRST.length : index;
};

const named = process.argv.slice(2);
const files = named.length > 0
  ? named
  : readdirSync('test')
      .filter((file) => file.endsWith('.test.ts'))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      .map((file) => `test/${file}`);
const tests = run({ files, concurrency: 2 });
tests.on('test:fail', () => {
  process.exitCode = 1;
});
tests.compose(tap).pipe(process.stdout);
