import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import type { ArticleMeta } from '../src/model/site-model.ts';
import type { ShardHandle } from '../src/pipeline/pool.ts';
import { SearchDocs } from '../src/pipeline/stages.ts';
import { foldPairs, foldText } from '../src/search/fold.ts';
import { patchTermFiles } from '../src/search/index-patch.ts';
import { decodeIds, encodeIds, type SearchDoc, searchIndexFiles, termFiles } from '../src/search/search-index.ts';
import { articleSearchData, gramText, textTokens } from '../src/search/tokens.ts';
import { corpusRows, isParallel } from './support/conversion-quality.ts';
import { searchCore } from './support/search-node.ts';

/**
 * The search index's parts, held to each other on human-written text: the
 * build (src/search/) and the reader's browser (public/assets/search-core.js)
 * fold and cut text the same way, so whatever a reader types that is in an
 * article finds it, in either script.
 */

const table = new Map<number, number>();
const pairs = foldPairs();
for (let i = 0; i < pairs.length; i += 2) table.set(pairs.charCodeAt(i), pairs.charCodeAt(i + 1));
const tokenTexts = (text: string) => {
  const tokens = textTokens(text);
  return new Set([...[...tokens.grams].map(gramText), ...tokens.words]);
};

describe('folding into one script', () => {
  it('gives a simplified sentence and its human-written Taiwan and Hong Kong forms the same text', () => {
    // Rows of test/corpus/conversion whose two sides are the same sentence in two scripts (Rust book, react.dev, CLDR, Microsoft…).
    for (const region of ['tw', 'hk'] as const) {
      const toSimplified = OpenCC.Converter({ from: region, to: 'cn' });
      const rows = corpusRows(region).filter((row) => row.simplified && isParallel(row.simplified, row.traditional, (char) => toSimplified(char)));
      assert.ok(rows.length > 2000, `${region}: ${rows.length} rows`);
      const differing = rows.filter((row) => foldText(row.simplified) !== foldText(row.traditional));
      assert.deepEqual(differing.slice(0, 5), [], `${region}: ${differing.length} of ${rows.length}`);
    }
  });

  it('folds the legacy page\'s mistakes, variants and full-width letters as their correct forms', () => {
    assert.equal(foldText('聯系 聯繫 联系'), '联系 联系 联系');
    assert.equal(foldText('裏面 裡面 里面'), '里面 里面 里面');
    assert.equal(foldText('ＩＣＰ備案 Icp备案'), 'icp备案 icp备案');
  });

  it('is the same in the browser: search-core.js with the published table folds as the build does', () => {
    for (const row of corpusRows('hk').slice(0, 3000)) assert.equal(searchCore.foldText(table, row.traditional), foldText(row.traditional), row.key);
  });
});

describe('tokens', () => {
  it('any piece of an article a reader types (not cutting a Latin word) is found in it: the query\'s tokens are among the article\'s (Rust book in Taiwan Chinese)', () => {
    const rows = corpusRows('tw').filter((row) => row.source === 'rust-book-tw.tsv');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: rows.length - 1 }), fc.nat(), fc.integer({ min: 2, max: 8 }), (r, at, length) => {
        const text = rows[r]!.traditional;
        const start = at % text.length;
        const query = text.slice(start, start + length);
        // Letters and digits are indexed as whole words: a piece that cuts one (id of ident) is not a query of that word.
        const word = /[\p{L}\p{N}]/u;
        const cjk = /[\p{Script=Han}]/u;
        const cuts = (i: number) => i > 0 && i < text.length && word.test(text[i - 1]!) && word.test(text[i]!) && !cjk.test(text[i - 1]!) && !cjk.test(text[i]!);
        fc.pre(!cuts(start) && !cuts(start + query.length));
        const indexed = tokenTexts(text);
        for (const token of searchCore.queryTokens(searchCore.foldText(table, query))) {
          // A lone character of a query is looked for among single characters, which only titles give.
          if (token.length === 1 && /\p{Script=Han}/u.test(token) && !indexed.has(token)) continue;
          assert.ok(indexed.has(token), `${JSON.stringify(query)} → ${token} not in the article's tokens`);
        }
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it('cuts Chinese into pairs, other letters into small-letter words, and a title also into single characters', () => {
    assert.deepEqual([...tokenTexts('随州市ICP备2021号')].sort(), ['2021', 'icp', '号', '备', '州市', '随州'].sort());
    const data = articleSearchData('隨州新聞', '正文');
    assert.deepEqual([...data.title.grams].map(gramText).sort(), ['州', '州新', '新', '新闻', '闻', '随', '随州'].sort());
    assert.ok([...data.all.grams].map(gramText).includes('正文') && [...data.all.grams].map(gramText).includes('随'));
  });

  it('keeps the title apart from the body: no pair joins the title\'s last character to the body\'s first', () => {
    const all = [...articleSearchData('大洪山团建', '活动结束').all.grams].map(gramText);
    assert.ok(all.includes('团建') && all.includes('活动'));
    assert.ok(!all.includes('建活'), 'a pair across title and body');
  });
});

describe('index files', () => {
  it('document lists survive encoding', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 100_000 }), { maxLength: 300 }), (ids) => {
        const sorted = [...ids].sort((a, b) => a - b);
        assert.deepEqual(searchCore.decodeIds(encodeIds(sorted)), sorted);
        assert.deepEqual(decodeIds(encodeIds(sorted)), sorted, 'the build reads them back as the browser does');
      }),
      { numRuns: 500, seed: 7 },
    );
    assert.equal(encodeIds([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), '1+9', 'a token in every document costs a few characters');
  });

  it('are the same for the same articles, and spread over more term files as the site grows', () => {
    const rows = corpusRows('tw');
    const make = (count: number) => {
      const docs = rows.slice(0, count).map((row) => articleSearchData(row.key, row.traditional));
      const listing = docs.map((_, i) => ({ path: `/news/${i}/`, title: rows[i]!.key, date: '2024-01-01', summary: rows[i]!.traditional.slice(0, 80) }));
      return searchIndexFiles(docs, [listing], ['']);
    };
    assert.deepEqual(make(500), make(500));
    const terms = (count: number) => make(count).filter((file) => file.file.startsWith('search/terms/')).length;
    assert.ok(terms(20_000) > terms(500), `${terms(500)} → ${terms(20_000)}`);
    for (const file of make(20_000).filter((entry) => entry.file.startsWith('search/terms/'))) assert.ok(Buffer.byteLength(file.content) < 64_000, file.file);
  });
});

describe('patching the term files after a few edits', () => {
  it('gives exactly the files a new index would have, or says it cannot', () => {
    // Human-written Taiwan sentences as articles; edits put another sentence (new tokens, lost tokens) in a few places.
    const rows = corpusRows('tw');
    const docOf = (i: number) => articleSearchData(rows[i]!.key, rows[i]!.traditional);
    const count = 2000; // 40 KB of lines in 4 files: far from a change in the number of files
    const before = Array.from({ length: count }, (_, i) => docOf(i));
    const keys = before.map((_, i) => `k${i}`);
    const written = termFiles(before);
    const earlier = new Map(keys.map((key, i) => [key, before[i]!]));
    let patched = 0;
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: count - 1 }), { minLength: 1, maxLength: 6 }), fc.nat({ max: rows.length - count - 1 }), (edited, from) => {
        const docs = [...before];
        const nextKeys = [...keys];
        edited.forEach((id, k) => {
          docs[id] = docOf(count + ((from + k) % (rows.length - count)));
          nextKeys[id] = `edited ${id}`;
        });
        const result = patchTermFiles({ keys, docOf: (key) => earlier.get(key), termFiles: () => [...written] }, nextKeys, docs);
        if (result) {
          patched++;
          assert.deepEqual(result, termFiles(docs));
        }
      }),
      { numRuns: 40, seed: 13 },
    );
    assert.ok(patched >= 35, `patched ${patched} of 40`);
    // New articles are new documents at the end (numbered oldest first).
    const grown = [...before, docOf(count + 1), docOf(count + 2)];
    const grownKeys = [...keys, 'new 1', 'new 2'];
    assert.deepEqual(patchTermFiles({ keys, docOf: (key) => earlier.get(key), termFiles: () => [...written] }, grownKeys, grown), termFiles(grown));
    const noDoc = patchTermFiles({ keys, docOf: () => undefined, termFiles: () => [...written] }, ['other', ...keys.slice(1)], before);
    assert.equal(noDoc, undefined, 'an edited document whose earlier data is unknown');
    assert.equal(patchTermFiles({ keys, docOf: (key) => earlier.get(key), termFiles: () => [...written] }, keys.slice(1), before.slice(1)), undefined, 'one fewer document');
  });
});

describe('the dev server\'s search data', () => {
  it('asks the shards only for articles whose content changed', async () => {
    const asked: string[][] = [];
    const answered = new Map<string, SearchDoc>();
    const shard = {
      call: async (method: string, argument: { files: string[] }) => {
        assert.equal(method, 'searchDocs');
        asked.push(argument.files);
        return argument.files.map((file) => {
          const doc = { all: textTokens(file), title: textTokens(file, true) };
          answered.set(`${file} ${asked.length}`, doc);
          return doc;
        });
      },
    } as unknown as ShardHandle;
    const article = (file: string, contentKey: string) => ({ file, contentKey }) as ArticleMeta;
    const owners = new Map([['a.md', 0], ['b.md', 0], ['c.md', 0]]);
    const docs = new SearchDocs();
    await docs.of([shard], owners, [article('a.md', 'a1'), article('b.md', 'b1'), article('c.md', 'c1')]);
    const second = await docs.of([shard], owners, [article('a.md', 'a1'), article('b.md', 'b2'), article('c.md', 'c1')]);
    assert.deepEqual(asked, [['a.md', 'b.md', 'c.md'], ['b.md']]);
    assert.deepEqual(second, [answered.get('a.md 1'), answered.get('b.md 2'), answered.get('c.md 1')]);
    assert.equal(second[0], answered.get('a.md 1'), 'kept, not asked again');
  });

});
