import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import type { Warning } from '../core/errors.ts';
import type { ArticleMeta } from '../model/site-model.ts';
import type { SearchDoc } from '../search/search-index.ts';
import type { SearchTokens } from '../search/tokens.ts';

/** An article page's neighbours and links, by file and site path: with the articles' metas, the page's spec (see body-edits.ts). */
export interface KeptPage {
  newer?: string;
  older?: string;
  related: string[];
  tagPaths: string[];
  columnPath?: string;
  linkPaths: (string | undefined)[];
}

/** One article for the next build to take as it is while its file keeps its stamp. */
export interface ArticleToKeep {
  file: string;
  /** Size and modification time of its file (see fingerprint.ts). */
  stamp: string;
  /** Its parse warnings, printed again by every build. */
  warnings: Warning[];
  /**
   * What the model needs of it, with its list id. A published article's is
   * the model's entry (its meta with its path and reading time): a build of
   * edits of bodies alone takes the entries of all articles as they are.
   */
  meta: ArticleMeta;
  /** What the search index takes of it, when the site has search and the article is published. */
  search?: SearchDoc;
  /** Its page's place among the others, as the last model made it (none for a draft). */
  page?: KeptPage;
  /** True instead of `page`: its page is the one kept for it (read or not). */
  samePage?: boolean;
}

/** Articles as v8 serializes them: columns, search tokens packed, each page on its own (read only when needed). */
interface Columns {
  files: string[];
  stamps: string[];
  /** Parse warnings by article number, for articles that have any. */
  warnings: [number, Warning[]][];
  metas: ArticleMeta[];
  search: PackedSearch;
  /** Each article's page (empty: none; see pageBytes); `pageEnds[i]` is where article i's ends. */
  pages: Uint8Array;
  pageEnds: Float64Array;
}

/** Entries kept beside the store, in the output state: the articles that differ from the store's (see `KeptArticles.keep`). */
export type RecentArticles = Columns;

/** First line of a store; a new layout gets a new number and makes old files misses. */
const MAGIC = `xinwen-kept-articles-3-${endianness()}`;

/** Beyond this many entries that differ from the store, it is written anew. */
const RECENT_LIMIT = 500;

/**
 * The articles of the last build into an output folder: what a build after a
 * few edits takes as it is. Kept in a store of its own (18 MB for 10,000
 * articles) that a build rewrites only when many entries changed: after a
 * few edits, the entries that differ from the store go beside it ("recent"
 * entries, in the output state, read first). Each article's page is read
 * only when asked for; the search tokens of all articles are packed in a few
 * arrays (v8 reads one array of 20,000 typed arrays ten times slower). Read
 * back as untrusted: a header names the layout, the Node version (v8's
 * format is its own) and the site key, a CRC-32 covers the rest, and
 * anything of the wrong shape is no store.
 */
export class KeptArticles {
  private readonly numbers: Map<string, number>;
  private readonly warningsOf: Map<number, Warning[]>;
  private readonly recentOf = new Map<string, number>();
  private readonly recentWarnings: Map<number, Warning[]>;
  private storedSearch?: (SearchDoc | undefined)[];
  private recentSearch?: (SearchDoc | undefined)[];

  private constructor(
    private readonly stored: Columns,
    /** The store's checksum and length: the state that goes with this store names it. */
    readonly id: string,
    private readonly recent: Columns,
  ) {
    this.numbers = new Map(stored.files.map((file, i) => [file, i]));
    this.warningsOf = new Map(stored.warnings);
    recent.files.forEach((file, i) => this.recentOf.set(file, i));
    this.recentWarnings = new Map(recent.warnings);
  }

  /** No store: what a build without a state keeps against (it writes a store of every article). */
  static none(): KeptArticles {
    return new KeptArticles(columnsOf([], []), '', columnsOf([], []));
  }

  /**
   * The store in `file`, made under `siteKey`, with the recent entries kept
   * beside it; undefined when there is none, it is damaged, or a recent
   * entry is not one of its articles.
   */
  static read(file: string, siteKey: string, recent: RecentArticles): KeptArticles | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined;
    }
    const header = headerOf(siteKey);
    if (bytes.length < header.length + 4 || !bytes.subarray(0, header.length).equals(header)) return undefined;
    const payload = bytes.subarray(header.length + 4);
    const checksum = zlib.crc32(payload);
    if (checksum !== bytes.readUInt32LE(header.length)) return undefined;
    try {
      const stored = decode(payload, header.length + 4);
      if (!stored || !isColumns(stored) || !isColumns(recent)) return undefined;
      const files = new Set(stored.files);
      if (!recent.files.every((each) => files.has(each))) return undefined;
      return new KeptArticles(stored, idOf(checksum, payload.length), recent);
    } catch {
      return undefined;
    }
  }

  /**
   * What to write for these articles (in the order of the site's files): the
   * entries that differ from the store, the store being kept, when the files
   * are the store's in its order and few differ; otherwise a new store and
   * no recent entries. An entry is the store's when its meta and search data
   * are the very objects read from it and its page the same.
   */
  keep(siteKey: string, articles: readonly ArticleToKeep[]): { store?: { parts: Uint8Array[]; id: string }; recent: RecentArticles } {
    const { files } = this.stored;
    if (this.id !== '' && articles.length === files.length && articles.every((article, i) => article.file === files[i])) {
      const recent: ArticleToKeep[] = [];
      const recentPages: Uint8Array[] = [];
      for (const [i, article] of articles.entries()) {
        if (this.isStored(i, article)) continue;
        recent.push(article);
        recentPages.push(article.samePage ? this.pageBytes(article.file) : pageBytes(article.page));
        if (recent.length > RECENT_LIMIT) break;
      }
      if (recent.length <= RECENT_LIMIT) return { recent: columnsOf(recent, recentPages) };
    }
    const store = encode(siteKey, columnsOf(articles, articles.map((article) => (article.samePage ? this.pageBytes(article.file) : pageBytes(article.page)))));
    return { store, recent: columnsOf([], []) };
  }

  get size(): number {
    return this.stored.files.length;
  }

  /** The articles' files, in the site's order when the store was written. */
  files(): readonly string[] {
    return this.stored.files;
  }

  has(file: string): boolean {
    return this.numbers.has(file);
  }

  stamp(file: string): string | undefined {
    const r = this.recentOf.get(file);
    if (r !== undefined) return this.recent.stamps[r];
    const i = this.numbers.get(file);
    return i === undefined ? undefined : this.stored.stamps[i];
  }

  warnings(file: string): Warning[] {
    const r = this.recentOf.get(file);
    if (r !== undefined) return this.recentWarnings.get(r) ?? NONE;
    const i = this.numbers.get(file);
    return (i !== undefined && this.warningsOf.get(i)) || NONE;
  }

  /** An article's meta (shared: never change it, but for its list id). */
  meta(file: string): ArticleMeta | undefined {
    const r = this.recentOf.get(file);
    if (r !== undefined) return this.recent.metas[r];
    const i = this.numbers.get(file);
    return i === undefined ? undefined : this.stored.metas[i];
  }

  /** Every article's meta, in the order of `files`. */
  metas(): ArticleMeta[] {
    return this.stored.files.map((file) => this.meta(file)!);
  }

  /** An article's page as the last model placed it (undefined: a draft, or not kept). */
  page(file: string): KeptPage | undefined {
    const bytes = this.pageBytes(file);
    if (bytes.length === 0) return undefined;
    const stored = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as KeptPage;
    if (!isPage(stored)) throw new Error(`the kept page of ${file} is not a page`); // cannot be: the store passed its checksum
    // JSON has no undefined in a list: a link to no page was written as null.
    return { ...stored, linkPaths: stored.linkPaths.map((linkPath) => linkPath ?? undefined) };
  }

  /** An article's page as kept, serialized (empty: none). */
  private pageBytes(file: string): Uint8Array {
    const r = this.recentOf.get(file);
    if (r !== undefined) return pageBytesAt(this.recent, r);
    const i = this.numbers.get(file);
    return i === undefined ? new Uint8Array(0) : pageBytesAt(this.stored, i);
  }

  /** Every article's search data, by content key. */
  searchDocs(): Map<string, SearchDoc> {
    this.storedSearch ??= unpackSearch(this.stored.search, this.stored.files.length);
    this.recentSearch ??= unpackSearch(this.recent.search, this.recent.files.length);
    const docs = new Map<string, SearchDoc>();
    for (const [i, file] of this.stored.files.entries()) {
      const r = this.recentOf.get(file);
      const meta = r === undefined ? this.stored.metas[i]! : this.recent.metas[r]!;
      const doc = r === undefined ? this.storedSearch[i] : this.recentSearch[r];
      if (doc && meta.contentKey) docs.set(meta.contentKey, doc);
    }
    return docs;
  }

  /** Whether an article to keep is the store's own entry number `i`, not a recent one. */
  private isStored(i: number, article: ArticleToKeep): boolean {
    const { stored } = this;
    if (this.recentOf.has(article.file) || article.stamp !== stored.stamps[i] || article.meta !== stored.metas[i]) return false;
    const warnings = this.warningsOf.get(i) ?? NONE;
    if (article.warnings !== warnings && (article.warnings.length > 0 || warnings.length > 0)) return false;
    // Search data read from the store is given back as it was read; without search there is none.
    const search = this.storedSearch?.[i];
    if (article.search !== search) return false;
    return article.samePage === true || Buffer.compare(pageBytes(article.page), pageBytesAt(stored, i)) === 0;
  }
}

const NONE = Object.freeze([]) as unknown as Warning[];

/**
 * The bytes of a store of these columns, in parts to write one after the
 * other (joined, they would be a second copy of 30 MB for 10,000 articles),
 * and its id: its two large arrays (the search tokens' pairs and the pages)
 * as they are, the rest v8-serialized; read back, the arrays are views of
 * the file's bytes, not copies.
 */
function encode(siteKey: string, columns: Columns): { parts: Uint8Array[]; id: string } {
  const { grams } = columns.search;
  const rest = v8.serialize({ ...columns, search: { ...columns.search, grams: new Uint32Array(0) }, pages: new Uint8Array(0) });
  const lengths = Buffer.alloc(12);
  lengths.writeUInt32LE(rest.length, 0);
  lengths.writeUInt32LE(grams.length, 4);
  lengths.writeUInt32LE(columns.pages.length, 8);
  // The pairs start at a multiple of 4 in the file, and so in the buffer it is read into (see decode).
  const padding = Buffer.alloc((4 - ((headerOf(siteKey).length + 4 + lengths.length + rest.length) % 4)) % 4);
  const payload = [lengths, rest, padding, new Uint8Array(grams.buffer, grams.byteOffset, grams.byteLength), columns.pages];
  let crc = 0;
  let length = 0;
  for (const part of payload) {
    // Node 20's crc32 returns 0, not `crc`, for an empty view of an empty ArrayBuffer (no search tokens): the store then never read back.
    if (part.length === 0) continue;
    crc = zlib.crc32(part, crc);
    length += part.length;
  }
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(crc);
  return { parts: [headerOf(siteKey), checksum, ...payload], id: idOf(crc, length) };
}

/** The columns `encode` wrote, from its payload, found at `offset` in the file (undefined: not its layout). */
function decode(payload: Buffer, offset: number): Columns | undefined {
  if (payload.length < 12) return undefined;
  const [restLength, gramCount, pagesLength] = [payload.readUInt32LE(0), payload.readUInt32LE(4), payload.readUInt32LE(8)];
  const restEnd = 12 + restLength;
  const gramsStart = restEnd + ((4 - ((offset + restEnd) % 4)) % 4);
  const pagesStart = gramsStart + gramCount * 4;
  if (pagesStart + pagesLength !== payload.length) return undefined;
  const columns = v8.deserialize(payload.subarray(12, restEnd)) as Columns;
  if (typeof columns !== 'object' || columns === null || typeof columns.search !== 'object' || columns.search === null) return undefined;
  const at = payload.byteOffset + gramsStart;
  // A buffer that does not start where its memory does may leave the pairs unaligned: then they are copied.
  columns.search.grams = at % 4 === 0 ? new Uint32Array(payload.buffer, at, gramCount) : new Uint32Array(payload.buffer.slice(at, at + gramCount * 4));
  columns.pages = payload.subarray(pagesStart);
  return columns;
}

function headerOf(siteKey: string): Buffer {
  return Buffer.from(`${MAGIC}\n${process.version}\n${siteKey}\n`);
}

function idOf(checksum: number, length: number): string {
  return `${checksum}-${length}`;
}

/** Articles as columns (`pages`: their pages' bytes, when made already). */
function columnsOf(articles: readonly ArticleToKeep[], pages: readonly Uint8Array[]): Columns {
  const pageEnds = new Float64Array(articles.length);
  let end = 0;
  pages.forEach((bytes, i) => (pageEnds[i] = end += bytes.length));
  const pageData = new Uint8Array(end);
  pages.forEach((bytes, i) => pageData.set(bytes, i === 0 ? 0 : pageEnds[i - 1]!));
  return {
    files: articles.map((article) => article.file),
    stamps: articles.map((article) => article.stamp),
    warnings: articles.flatMap((article, i) => (article.warnings.length > 0 ? [[i, article.warnings] as [number, Warning[]]] : [])),
    metas: articles.map((article) => article.meta),
    search: packSearch(articles.map((article) => article.search)),
    pages: pageData,
    pageEnds,
  };
}

/**
 * A page as kept: JSON, not v8's format, which writes the same text in one
 * or two bytes a character depending on where the string came from, so the
 * same page would not always give the same bytes to compare.
 */
function pageBytes(page: KeptPage | undefined): Uint8Array {
  return page ? Buffer.from(JSON.stringify(page)) : new Uint8Array(0);
}

function pageBytesAt(columns: Columns, i: number): Uint8Array {
  return columns.pages.subarray(i === 0 ? 0 : columns.pageEnds[i - 1]!, columns.pageEnds[i]!);
}

/**
 * Search data of many articles in a few arrays: every token pair of every
 * article in one, the ends of each article's in another, the words in one
 * string. Unpacked, each article's pairs are a view into the one array:
 * never v8-serialize one (that would write the whole array), pack it again.
 */
interface PackedSearch {
  /** 1 for an article with search data. */
  present: Uint8Array;
  grams: Uint32Array;
  /** Two per article with data: where its text's pairs end, where its title's end. */
  ends: Uint32Array;
  /** Per article with data: its text's words, then its title's, each list joined by \u0001 and ended by \u0000. */
  words: string;
}

function packSearch(docs: readonly (SearchDoc | undefined)[]): PackedSearch {
  const present = new Uint8Array(docs.length);
  let total = 0;
  let count = 0;
  for (const [i, doc] of docs.entries()) {
    if (!doc) continue;
    present[i] = 1;
    count++;
    total += doc.all.grams.length + doc.title.grams.length;
  }
  const grams = new Uint32Array(total);
  const ends = new Uint32Array(count * 2);
  const words: string[] = [];
  let at = 0;
  let k = 0;
  for (const doc of docs) {
    if (!doc) continue;
    for (const tokens of [doc.all, doc.title]) {
      grams.set(tokens.grams, at);
      ends[k++] = at += tokens.grams.length;
      words.push(tokens.words.join('\u0001'));
    }
  }
  return { present, grams, ends, words: words.length > 0 ? `${words.join('\u0000')}\u0000` : '' };
}

function unpackSearch(packed: PackedSearch, count: number): (SearchDoc | undefined)[] {
  const words = packed.words.split('\u0000');
  const docs: (SearchDoc | undefined)[] = new Array(count).fill(undefined);
  let k = 0;
  const tokens = (): SearchTokens => {
    const start = k === 0 ? 0 : packed.ends[k - 1]!;
    const list = words[k]!;
    const end = packed.ends[k++]!;
    return { grams: packed.grams.subarray(start, end), words: list === '' ? [] : list.split('\u0001') };
  };
  for (let i = 0; i < count; i++) {
    if (packed.present[i] !== 1) continue;
    const all = tokens();
    docs[i] = { all, title: tokens() };
  }
  return docs;
}

function isColumns(value: unknown): value is Columns {
  const columns = value as Partial<Columns> | null;
  if (typeof columns !== 'object' || columns === null) return false;
  const { files, stamps, warnings, metas, search, pages, pageEnds } = columns;
  if (!Array.isArray(files) || !Array.isArray(stamps) || !Array.isArray(warnings) || !Array.isArray(metas)) return false;
  const count = files.length;
  if (stamps.length !== count || metas.length !== count || !(pages instanceof Uint8Array) || !(pageEnds instanceof Float64Array) || pageEnds.length !== count) return false;
  if ((count > 0 ? pageEnds[count - 1] : 0) !== pages.length) return false;
  if (!isPackedSearch(search, count)) return false;
  if (!warnings.every((entry) => Array.isArray(entry) && typeof entry[0] === 'number' && Array.isArray(entry[1]))) return false;
  return files.every((file, i) => typeof file === 'string' && typeof stamps[i] === 'string' && isMeta(metas[i], file));
}

function isPackedSearch(value: unknown, count: number): value is PackedSearch {
  const packed = value as Partial<PackedSearch> | null;
  if (typeof packed !== 'object' || packed === null) return false;
  const { present, grams, ends, words } = packed;
  if (!(present instanceof Uint8Array) || present.length !== count || !(grams instanceof Uint32Array) || !(ends instanceof Uint32Array) || typeof words !== 'string') return false;
  let withData = 0;
  for (const flag of present) withData += flag;
  if (ends.length !== withData * 2) return false;
  for (let k = 0; k < ends.length; k++) if (ends[k]! < (k === 0 ? 0 : ends[k - 1]!) || ends[k]! > grams.length) return false;
  // One list of words for each list of pairs, each ended by \u0000.
  let lists = 0;
  for (let at = words.indexOf('\u0000'); at !== -1; at = words.indexOf('\u0000', at + 1)) lists++;
  return lists === ends.length && (words.length === 0 || words.endsWith('\u0000'));
}

function isMeta(value: unknown, file: string): boolean {
  const meta = value as Partial<ArticleMeta> | null;
  return (
    typeof meta === 'object' &&
    meta !== null &&
    meta.file === file &&
    typeof meta.slug === 'string' &&
    typeof meta.listId === 'number' &&
    Array.isArray(meta.texts) &&
    Array.isArray(meta.tags)
  );
}

function isPage(value: unknown): value is KeptPage {
  const page = value as Partial<KeptPage> | null;
  return typeof page === 'object' && page !== null && Array.isArray(page.related) && Array.isArray(page.tagPaths) && Array.isArray(page.linkPaths);
}
