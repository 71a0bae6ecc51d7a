import { foldPairs } from './fold.ts';
import { gramText, type SearchTokens } from './tokens.ts';

/**
 * xinwen's own search index, made for Chinese: one index for every script
 * tree, in folded text (fold.ts), of character pairs and words (tokens.ts),
 * split into files by a hash of the token so a query downloads only the few
 * files its tokens are in. Documents are numbered in the order given
 * (oldest first), so a list of numbers is also a list by date, and a new
 * article adds a number instead of moving every other (index-patch.ts).
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
export const SEARCH_FORMAT = 2;
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
  return indexFiles(termFiles(docs), docs.length, (v, d) => listings[v]![d]!, prefixes).files;
}

/**
 * The index's files, given the text of its term files (made by termFiles,
 * or patched: index-patch.ts) and each document's listing in each tree.
 * Docs files for which `keep(n)` says the base tree has them as they would
 * be written are only named, not made.
 */
export function indexFiles(
  terms: readonly string[],
  docCount: number,
  listing: (tree: number, doc: number) => SearchListing,
  prefixes: readonly string[],
  keep: (docsFile: number) => boolean = () => false,
): { files: SearchIndexFile[]; kept: string[] } {
  const files: SearchIndexFile[] = [
    { file: 'search/index.json', content: `${JSON.stringify({ format: SEARCH_FORMAT, docs: docCount, shards: terms.length, docsPerFile: DOCS_PER_FILE, fold: foldPairs() })}\n` },
  ];
  const kept: string[] = [];
  for (const [i, content] of terms.entries()) files.push({ file: termFileName(i), content });
  for (const [v, prefix] of prefixes.entries()) {
    for (let n = 0; n * DOCS_PER_FILE < docCount; n++) {
      const file = `${prefix}search/docs/${n}.json`;
      if (keep(n)) {
        kept.push(file);
        continue;
      }
      const rows: string[][] = [];
      for (let d = n * DOCS_PER_FILE; d < Math.min(docCount, (n + 1) * DOCS_PER_FILE); d++) {
        const doc = listing(v, d);
        rows.push([doc.path, doc.title, doc.date, doc.summary]);
      }
      files.push({ file, content: `${JSON.stringify(rows)}\n` });
    }
  }
  return { files, kept };
}

export function termFileName(shard: number): string {
  return `search/terms/${shard}.txt`;
}

/** The text of each term file: every token's line, in the file its hash gives, sorted by token. */
export function termFiles(docs: readonly SearchDoc[]): string[] {
  const lines = termLines(docs);
  let bytes = 0;
  for (const line of lines) bytes += Buffer.byteLength(line);
  const buckets: string[][] = Array.from({ length: termFileCount(bytes) }, () => []);
  for (const line of lines) buckets[termShard(line.slice(0, line.indexOf('\t')), buckets.length)]!.push(line);
  return buckets.map((bucket) => bucket.join(''));
}

/** How many term files lines of this many UTF-8 bytes in all are split into. */
export function termFileCount(bytes: number): number {
  let shards = 1;
  while (shards < MAX_TERM_FILES && bytes / shards > TERM_FILE_BYTES) shards *= 2;
  return shards;
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
  return order.map((id) => termLine(tokens[id]!, all.list(id), title.list(id)));
}

/** A token's line: the documents that have it, and those whose title has it when there are any. */
export function termLine(token: string, all: ArrayLike<number>, titles: ArrayLike<number>): string {
  return `${token}\t${encodeIds(all)}${titles.length ? `\t${encodeIds(titles)}` : ''}\n`;
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
  // Parts joined once: a string grown by += leaves a string behind at every step (80 MB for the index of 10,000 articles).
  const parts: string[] = [];
  let last = -1;
  for (let i = 0; i < ids.length; ) {
    const gap = ids[i]! - last;
    let run = 0;
    while (i + run + 1 < ids.length && ids[i + run + 1] === ids[i + run]! + 1) run++;
    if (i > 0) parts.push(',');
    parts.push(gap < 1296 ? BASE36[gap]! : gap.toString(36));
    if (run > 0) parts.push('+', run < 1296 ? BASE36[run]! : run.toString(36));
    last = ids[i + run]!;
    i += run + 1;
  }
  return parts.join('');
}

/** The numbers encodeIds wrote (search-core.js reads them the same way). */
export function decodeIds(text: string): number[] {
  const ids: number[] = [];
  if (!text) return ids;
  let last = -1;
  for (const item of text.split(',')) {
    const plus = item.indexOf('+');
    last += parseInt(plus < 0 ? item : item.slice(0, plus), 36);
    ids.push(last);
    const run = plus < 0 ? 0 : parseInt(item.slice(plus + 1), 36);
    for (let k = 0; k < run; k++) ids.push(++last);
  }
  return ids;
}
