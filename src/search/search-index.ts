import { foldPairs } from './fold.ts';
import { gramText, type SearchTokens } from './tokens.ts';

/**
 * xinwen's own search index, made for Chinese: one index for every script
 * tree, in folded text (fold.ts), of character pairs and words (tokens.ts),
 * split into files by a hash of the token so a query downloads only the few
 * files its tokens are in. Documents are numbered in the order given (the
 * site's, newest first), so a list of numbers is also a list by date.
 *
 *   search/index.json        counts, and the folding table for the query
 *   search/terms/N.txt       `token \t documents [\t documents whose title has it]` lines
 *   PREFIX/search/docs/N.json  per script tree: [address, title, date, summary] of DOCS_PER_FILE documents
 *
 * public/assets/search-core.js reads them; everything here is deterministic.
 */

/** What one article gives the index. */
export interface SearchDoc {
  /** Tokens of its title and body together. */
  all: SearchTokens;
  title: SearchTokens;
}

/** What a result shows of an article, in one tree's script. */
export interface SearchListing {
  path: string;
  title: string;
  date: string;
  summary: string;
}

export interface SearchIndexFile {
  /** Path in the output folder. */
  file: string;
  content: string;
}

/** Index layout version, in index.json; search-core.js refuses another. */
export const SEARCH_FORMAT = 1;
/** Documents per docs file: a page of results needs a few small files. */
export const DOCS_PER_FILE = 8;
/** Aim for term files about this large (UTF-8 bytes), so one query token costs one small download. */
const TERM_FILE_BYTES = 16_000;
const MAX_TERM_FILES = 4096;

/**
 * Every file of the index: the shared part (index.json, terms) and each
 * tree's listings. `listings[v][d]` is document d in tree v, whose folder is `prefixes[v]` ('' or 'zh-hant/').
 */
export function searchIndexFiles(docs: readonly SearchDoc[], listings: readonly (readonly SearchListing[])[], prefixes: readonly string[]): SearchIndexFile[] {
  const lines = termLines(docs);
  let bytes = 0;
  for (const line of lines) bytes += Buffer.byteLength(line);
  let shards = 1;
  while (shards < MAX_TERM_FILES && bytes / shards > TERM_FILE_BYTES) shards *= 2;
  const buckets: string[][] = Array.from({ length: shards }, () => []);
  for (const line of lines) buckets[termShard(line.slice(0, line.indexOf('\t')), shards)]!.push(line);

  const files: SearchIndexFile[] = [
    { file: 'search/index.json', content: `${JSON.stringify({ format: SEARCH_FORMAT, docs: docs.length, shards, docsPerFile: DOCS_PER_FILE, fold: foldPairs() })}\n` },
  ];
  for (const [i, bucket] of buckets.entries()) files.push({ file: `search/terms/${i}.txt`, content: bucket.join('') });
  for (const [v, prefix] of prefixes.entries()) {
    const tree = listings[v]!;
    for (let start = 0; start < tree.length; start += DOCS_PER_FILE) {
      const rows = tree.slice(start, start + DOCS_PER_FILE).map((doc) => [doc.path, doc.title, doc.date, doc.summary]);
      files.push({ file: `${prefix}search/docs/${start / DOCS_PER_FILE}.json`, content: `${JSON.stringify(rows)}\n` });
    }
  }
  return files;
}

/** FNV-1a over the token's UTF-16 units; search-core.js computes the same. */
export function termShard(token: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shards;
}

/**
 * One line per token, sorted by token: which documents have it, and which
 * have it in their title. Lists are gathered in two passes over flat arrays
 * (count, then place), because a large site has tens of millions of entries.
 */
function termLines(docs: readonly SearchDoc[]): string[] {
  const ids = new Map<string, number>();
  const tokens: string[] = [];
  const tokenId = (token: string) => {
    let id = ids.get(token);
    if (id === undefined) {
      ids.set(token, (id = tokens.length));
      tokens.push(token);
    }
    return id;
  };
  const gramIds = new Map<number, number>();
  const gramId = (gram: number) => {
    let id = gramIds.get(gram);
    if (id === undefined) gramIds.set(gram, (id = tokenId(gramText(gram))));
    return id;
  };
  const all = postings(docs.map((doc) => doc.all), gramId, tokenId);
  const title = postings(docs.map((doc) => doc.title), gramId, tokenId);
  const order = tokens.map((_, id) => id).sort((a, b) => (tokens[a]! < tokens[b]! ? -1 : 1));
  return order.map((id) => {
    const titles = title.list(id);
    return `${tokens[id]}\t${encodeIds(all.list(id))}${titles.length ? `\t${encodeIds(titles)}` : ''}\n`;
  });
}

/** For each token id, the documents (ascending) whose tokens include it. */
function postings(perDoc: readonly SearchTokens[], gramId: (gram: number) => number, tokenId: (word: string) => number): { list(id: number): Int32Array } {
  let total = 0;
  for (const tokens of perDoc) total += tokens.grams.length + tokens.words.length;
  const tokenOf = new Int32Array(total);
  let at = 0;
  for (const tokens of perDoc) {
    for (const gram of tokens.grams) tokenOf[at++] = gramId(gram);
    for (const word of tokens.words) tokenOf[at++] = tokenId(word);
  }
  let size = 0;
  for (let i = 0; i < total; i++) size = Math.max(size, tokenOf[i]! + 1);
  const counts = new Int32Array(size + 1);
  for (let i = 0; i < total; i++) counts[tokenOf[i]! + 1]!++;
  for (let id = 0; id < size; id++) counts[id + 1]! += counts[id]!;
  const starts = counts.slice();
  const docsOf = new Int32Array(total);
  at = 0;
  for (const [doc, tokens] of perDoc.entries()) {
    const end = at + tokens.grams.length + tokens.words.length;
    for (; at < end; at++) docsOf[starts[tokenOf[at]!]!++] = doc;
  }
  return { list: (id) => (id < size ? docsOf.subarray(counts[id]!, counts[id + 1]!) : new Int32Array(0)) };
}

const BASE36 = Array.from({ length: 1296 }, (_, n) => n.toString(36));

/**
 * Ascending document numbers as gaps in base 36 (the first from -1), comma
 * separated; `+n` after a gap adds n more documents that follow one by one,
 * so a token in nearly every document costs a few characters.
 */
export function encodeIds(ids: ArrayLike<number>): string {
  let out = '';
  let last = -1;
  for (let i = 0; i < ids.length; ) {
    const gap = ids[i]! - last;
    let run = 0;
    while (i + run + 1 < ids.length && ids[i + run + 1] === ids[i + run]! + 1) run++;
    if (out) out += ',';
    out += gap < 1296 ? BASE36[gap] : gap.toString(36);
    if (run > 0) out += `+${run < 1296 ? BASE36[run] : run.toString(36)}`;
    last = ids[i + run]!;
    i += run + 1;
  }
  return out;
}
