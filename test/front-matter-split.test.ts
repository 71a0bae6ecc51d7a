import './support/english.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import matter from 'gray-matter';
import { parseYaml } from '../src/core/yaml.ts';
import { splitFrontMatter } from '../src/parse/front-matter.ts';
import { FUZZ_RUNS, FUZZ_SEED } from './support/fuzz.ts';

/** What every earlier build read: gray-matter's split, its block read by xinwen's YAML parser. */
function byGrayMatter(text: string): { data: unknown; body: string } {
  let data: unknown = {};
  const engines = {
    yaml: (input: string) => {
      data = parseYaml(input, { file: 'a.md', source: text }).data;
      return {};
    },
  };
  const result = matter(text, { engines: engines as never, excerpt: false });
  return { data, body: result.content };
}

test('front matter and body are cut where gray-matter cut them', () => {
  const line = fc.constantFrom('---', '--- ', '---yaml', '---YML  ', 'title: a', '# note', '', '  ', 'views: 3', '正文', '--', 'a---', '----x', '\r');
  const text = fc.array(line, { minLength: 1, maxLength: 7 }).map((lines) => ['---', ...lines].join('\n'));
  fc.assert(
    fc.property(text, (input) => {
      let ours: { data: unknown; body: string } | undefined;
      try {
        const split = splitFrontMatter(input, 'a.md');
        ours = { data: split.frontMatter.data, body: split.body };
      } catch {
        return; // refused (no closing line, a bad delimiter, bad YAML): gray-matter is never asked
      }
      assert.deepStrictEqual(ours, byGrayMatter(input), JSON.stringify(input));
    }),
    { numRuns: FUZZ_RUNS || 2000, seed: FUZZ_SEED },
  );
});
