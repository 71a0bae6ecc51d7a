import { closeSync, fstatSync, openSync, readSync, rmSync, type Stats } from 'node:fs';
import { endianness } from 'node:os';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import { type Warning, XinwenError } from '../core/errors.ts';
import { say } from '../core/language.ts';
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
  /** CRC-32 of each article's page bytes, written in a store: its pages are read one by one, as asked for (0: none). */
  pageChecks?: Uint32Array;
}

/** Entries kept beside the store, in the output state: the articles that differ from the store's (see `KeptArticles.keep`). */
export type RecentArticles = Columns;

/** First line of a store; a new layout gets a new number and makes old files misses. */
const MAGIC = `xinwen-kept-articles-4-${endianness()}`;

/** Beyond this many entries that differ from the store, it is written anew. */
const RECENT_LIMIT = 500;

/**
 * The articles of the last build into an output folder: what a build after a
 * few edits takes as it is. Kept in a store of its own (18 MB for 10,000
 * articles) that a build rewrites only when many entries changed: after a
 * few edits, the entries that differ from the store go beside it ("recent"
 * entries, in the output state, read first). The search tokens of all
 * articles are packed in a few arrays (v8 reads one array of 20,000 typed
 * arrays ten times slower). Pages and search tokens, 18 of the 32 MB at
 * 10,000 articles, stay in the file until asked for: a build after one edit
 * reads a few of each (on a virtual machine, bytes read into fresh memory
 * cost twice, on reading and on first use). Read back as untrusted: a
 * header names the layout, the Node version (v8's format is its own) and the
 * site key, a CRC-32 covers the rest, in which each page and each article's
 * tokens have a CRC-32 of their own, checked as they are read; anything of
 * the wrong shape is no store. A page or tokens found damaged later (the
 * file changed under the build) stop the build with a message, and the
 * store is deleted, so the next build starts afresh.
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
    /** Where the stored pages and search tokens are read from, when they were not read with the rest. */
    private readonly sections?: StoreSections,
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
    const header = headerOf(siteKey);
    let head: { stat: Stats; bytes: Buffer; lengths: Lengths } | undefined;
    try {
      head = readHead(file, header.length);
    } catch {
      return undefined;
    }
    if (!head || !head.bytes.subarray(0, header.length).equals(header)) return undefined;
    const { stat, bytes, lengths } = head;
    // The checksum covers the lengths and the rest; pages and tokens are checked one by one as they are read.
    const checked = bytes.subarray(header.length + 4);
    const checksum = zlib.crc32(checked);
    if (checksum !== bytes.readUInt32LE(header.length)) return undefined;
    const { gramsAt, pagesAt } = sectionsOf(header.length + 4, lengths);
    if (pagesAt + lengths.pages !== stat.size) return undefined;
    try {
      const stored = v8.deserialize(checked.subarray(LENGTHS)) as Columns;
      if (typeof stored !== 'object' || stored === null || typeof stored.search !== 'object' || stored.search === null) return undefined;
      const sections = new StoreSections(file, stat, { at: gramsAt, count: lengths.grams }, { at: pagesAt, length: lengths.pages });
      if (!isColumns(stored, { grams: lengths.grams, pages: lengths.pages }) || !isColumns(recent)) return undefined;
      for (const meta of stored.metas) withOwnTexts(meta);
      const { pageChecks } = stored;
      const gramChecks = stored.search.checks;
      if (!(pageChecks instanceof Uint32Array) || pageChecks.length !== stored.files.length) return undefined;
      if (!(gramChecks instanceof Uint32Array) || gramChecks.length * 2 !== stored.search.ends.length) return undefined;
      const files = new Set(stored.files);
      if (!recent.files.every((each) => files.has(each))) return undefined;
      return new KeptArticles(stored, idOf(checksum, stat.size), recent, sections);
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
    return i === undefined ? new Uint8Array(0) : this.storedPage(i);
  }

  /** The store's page of article number `i`, read from the file if it was not read with the rest. */
  private storedPage(i: number): Uint8Array {
    const { stored, sections } = this;
    if (!sections) return pageBytesAt(stored, i);
    const start = i === 0 ? 0 : stored.pageEnds[i - 1]!;
    return sections.page(start, stored.pageEnds[i]!, stored.pageChecks![i]!, () => stored.pageEnds.forEach((_, k) => sections.checkPage(k === 0 ? 0 : stored.pageEnds[k - 1]!, stored.pageEnds[k]!, stored.pageChecks![k]!)));
  }

  /** Every article's search data, by content key. */
  searchDocs(): Map<string, SearchDoc> {
    this.storedSearch ??= unpackSearch(this.stored.search, this.stored.files.length, this.sections);
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
    return article.samePage === true || Buffer.compare(pageBytes(article.page), this.storedPage(i)) === 0;
  }
}

const NONE = Object.freeze([]) as unknown as Warning[];

/**
 * The bytes of a store of these columns, in parts to write one after the
 * other (joined, they would be a second copy of 30 MB for 10,000 articles),
 * and its id: its two large arrays (the search tokens' pairs and the pages)
 * as they are, after the rest, v8-serialized with a CRC-32 of each page and
 * of each article's tokens; read back, they are read as asked for (StoreSections).
 */
function encode(siteKey: string, columns: Columns): { parts: Uint8Array[]; id: string } {
  const { grams, ends } = columns.search;
  const pageChecks = new Uint32Array(columns.files.length);
  for (let i = 0; i < pageChecks.length; i++) pageChecks[i] = checkOf(pageBytesAt(columns, i));
  const gramChecks = new Uint32Array(ends.length / 2);
  for (let k = 0; k < gramChecks.length; k++) gramChecks[k] = checkOf(gramBytes(grams, k === 0 ? 0 : ends[2 * k - 1]!, ends[2 * k + 1]!));
  const metas = columns.metas.map(withoutOwnTexts);
  const rest = v8.serialize({ ...columns, metas, search: { ...columns.search, grams: new Uint32Array(0), checks: gramChecks }, pages: new Uint8Array(0), pageChecks });
  const lengths = Buffer.alloc(LENGTHS);
  lengths.writeUInt32LE(rest.length, 0);
  lengths.writeUInt32LE(grams.length, 4);
  lengths.writeUInt32LE(columns.pages.length, 8);
  const header = headerOf(siteKey);
  // The pairs start at a multiple of 4 in the file, so a range of them read into a buffer of its own is aligned.
  const { gramsAt, pagesAt } = sectionsOf(header.length + 4, { rest: rest.length, grams: grams.length, pages: columns.pages.length });
  const padding = Buffer.alloc(gramsAt - (header.length + 4 + LENGTHS + rest.length));
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(zlib.crc32(rest, zlib.crc32(lengths)));
  const parts = [header, checksum, lengths, rest, padding, gramBytes(grams, 0, grams.length), columns.pages];
  return { parts, id: idOf(checksum.readUInt32LE(0), pagesAt + columns.pages.length) };
}

/**
 * The fields an article's text in a script holds (ArticleText), in their
 * order. In the script the article is written in, the text is the article's
 * own fields: v8 would write each string again (a third of a store's metas),
 * and reading back makes them again, so a store writes 0 in its place.
 */
const TEXT_FIELDS = ['title', 'summary', 'author', 'source', 'editor', 'tags', 'category'] as const;

function withoutOwnTexts(meta: ArticleMeta): ArticleMeta {
  const texts = meta.texts.map((text) => (isOwnText(meta, text) ? 0 : text));
  return texts.includes(0) ? ({ ...meta, texts } as unknown as ArticleMeta) : meta;
}

function isOwnText(meta: ArticleMeta, text: ArticleMeta['texts'][number]): boolean {
  const keys = Object.keys(text);
  if (keys.length !== TEXT_FIELDS.length || keys.some((key, i) => key !== TEXT_FIELDS[i])) return false;
  const own = meta as unknown as Record<string, unknown>;
  return TEXT_FIELDS.every((field) => (field === 'tags' ? sameList(text.tags, meta.tags) : text[field] === own[field]));
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((each, i) => each === b[i]);

/** The texts `withoutOwnTexts` left out, made again from the article's own fields (a list of their own: a text is never a view of the meta). */
function withOwnTexts(meta: ArticleMeta): void {
  const texts = meta.texts as unknown[];
  for (let k = 0; k < texts.length; k++) {
    if (texts[k] !== 0) continue;
    const { title, summary, author, source, editor, tags, category } = meta as unknown as Record<(typeof TEXT_FIELDS)[number], never>;
    texts[k] = { title, summary, author, source, editor, tags: [...(tags as string[])], category };
  }
}

/** CRC-32 of some bytes (Node 20's crc32 gives 0 for an empty view of an empty ArrayBuffer; 0 is also what an empty page or list is checked against). */
function checkOf(bytes: Uint8Array): number {
  return bytes.length === 0 ? 0 : zlib.crc32(bytes);
}

function gramBytes(grams: Uint32Array, start: number, end: number): Uint8Array {
  return new Uint8Array(grams.buffer, grams.byteOffset + start * 4, (end - start) * 4);
}

/** The store's lengths, after its header and checksum: of the rest (v8-serialized), of the pairs (in pairs), of the pages. */
const LENGTHS = 12;
interface Lengths {
  rest: number;
  grams: number;
  pages: number;
}

/** Where the pairs and the pages start in a store whose lengths start at `lengthsAt`. */
function sectionsOf(lengthsAt: number, lengths: Lengths): { gramsAt: number; pagesAt: number } {
  const restEnd = lengthsAt + LENGTHS + lengths.rest;
  const gramsAt = restEnd + ((4 - (restEnd % 4)) % 4);
  return { gramsAt, pagesAt: gramsAt + lengths.grams * 4 };
}

/** A store's header, checksum, lengths and rest (v8-serialized), and the file's stat; undefined when it is too short to be one. */
function readHead(file: string, headerLength: number): { stat: Stats; bytes: Buffer; lengths: Lengths } | undefined {
  const descriptor = openSync(file, 'r');
  try {
    const stat = fstatSync(descriptor);
    const start = headerLength + 4 + LENGTHS;
    if (stat.size < start) return undefined;
    const first = readAt(descriptor, 0, start);
    const lengths = { rest: first.readUInt32LE(headerLength + 4), grams: first.readUInt32LE(headerLength + 8), pages: first.readUInt32LE(headerLength + 12) };
    if (start + lengths.rest > stat.size) return undefined;
    const bytes = Buffer.allocUnsafeSlow(start + lengths.rest);
    first.copy(bytes);
    readInto(descriptor, bytes, start, start);
    return { stat, bytes, lengths };
  } finally {
    closeSync(descriptor);
  }
}

function readAt(descriptor: number, at: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafeSlow(length);
  readInto(descriptor, bytes, 0, at);
  return bytes;
}

/** Fill `bytes` from `offset` on with the file's bytes from `at` on; a file that ends first is damaged. */
function readInto(descriptor: number, bytes: Uint8Array, offset: number, at: number): void {
  for (let done = offset; done < bytes.length; ) {
    const read = readSync(descriptor, bytes, done, bytes.length - done, at + done - offset);
    if (read === 0) throw new RangeError('the file ends too soon');
    done += read;
  }
}

/**
 * The pairs and the pages of a store, left in its file until asked for. A
 * few ranges are read one by one; past `WHOLE_AFTER` reads (a new store is
 * being written, or the search index made anew), the whole section is read
 * once and every item in it checked.
 */
class StoreSections {
  private grams?: Uint32Array;
  private pages?: Uint8Array;
  private gramReads = 0;
  private pageReads = 0;

  constructor(
    private readonly file: string,
    private readonly stat: Stats,
    private readonly gramSection: { at: number; count: number },
    private readonly pageSection: { at: number; length: number },
  ) {}

  /** Pairs `start` to `end` (in pairs), whose bytes must have the CRC-32 `check`; `checkAll` checks every range of the section. */
  gramRange(start: number, end: number, check: number, checkAll: () => void): Uint32Array {
    if (!this.grams && ++this.gramReads > WHOLE_AFTER) {
      const bytes = this.read(this.gramSection.at, this.gramSection.count * 4);
      this.grams = new Uint32Array(bytes.buffer, bytes.byteOffset, this.gramSection.count);
      checkAll();
    }
    if (this.grams) return this.grams.subarray(start, end);
    const bytes = this.read(this.gramSection.at + start * 4, (end - start) * 4);
    const grams = new Uint32Array(bytes.buffer, bytes.byteOffset, end - start);
    this.expect(checkOf(bytes), check);
    return grams;
  }

  /** For `checkAll`: whether the pairs read whole are right from `start` to `end`. */
  checkGrams(start: number, end: number, check: number): void {
    this.expect(checkOf(gramBytes(this.grams!, start, end)), check);
  }

  /** Page bytes `start` to `end`, which must have the CRC-32 `check`; `checkAll` checks every page. */
  page(start: number, end: number, check: number, checkAll: () => void): Uint8Array {
    if (!this.pages && ++this.pageReads > WHOLE_AFTER) {
      this.pages = this.read(this.pageSection.at, this.pageSection.length);
      checkAll();
    }
    if (this.pages) return this.pages.subarray(start, end);
    const bytes = this.read(this.pageSection.at + start, end - start);
    this.expect(checkOf(bytes), check);
    return bytes;
  }

  /** For `checkAll`: whether the pages read whole are right from `start` to `end`. */
  checkPage(start: number, end: number, check: number): void {
    this.expect(checkOf(this.pages!.subarray(start, end)), check);
  }

  private read(at: number, length: number): Buffer {
    if (length === 0) return Buffer.alloc(0);
    let descriptor: number | undefined;
    try {
      descriptor = openSync(this.file, 'r');
      const now = fstatSync(descriptor);
      if (now.ino !== this.stat.ino || now.dev !== this.stat.dev || now.size !== this.stat.size || now.mtimeMs !== this.stat.mtimeMs) throw new Error('the file changed');
      return readAt(descriptor, at, length);
    } catch (error) {
      throw this.damaged(error);
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }

  private expect(actual: number, check: number): void {
    if (actual !== check) throw this.damaged(new Error('a CRC-32 does not match'));
  }

  /** The build stops; the store goes, so that the next build does not meet it again. */
  private damaged(cause: unknown): XinwenError {
    rmSync(this.file, { force: true });
    return new XinwenError(DAMAGED_STORE, say(`上次构建保存的文章记录 ${this.file} 在构建过程中损坏或被改动，已经删除`, `the article record the last build kept, ${this.file}, was damaged or changed during the build; it has been deleted`), {
      hint: say('输出没有改动。再运行一次构建即可（这一次会从头构建）。', 'The output is unchanged. Run the build again (it will build from scratch this time).'),
      cause,
    });
  }
}

/** The code of that error: a build that meets it builds again without the store (build.ts). */
export const DAMAGED_STORE = 'cache/damaged-store';

/** Ranges of a section read one by one, at most; then it is read whole. */
const WHOLE_AFTER = 64;

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
  /** In a store: a CRC-32 of each article's pairs (its text's and its title's), checked when they are read. */
  checks?: Uint32Array;
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

/** Each article's search data; with `sections`, each article's pairs are read from the store's file when first used. */
function unpackSearch(packed: PackedSearch, count: number, sections?: StoreSections): (SearchDoc | undefined)[] {
  const words = packed.words.split('\u0000');
  const { ends, checks } = packed;
  const wordsOf = (k: number) => (words[k] === '' ? [] : words[k]!.split('\u0001'));
  const checkAll = () => {
    for (let d = 0; d < checks!.length; d++) sections!.checkGrams(d === 0 ? 0 : ends[2 * d - 1]!, ends[2 * d + 1]!, checks![d]!);
  };
  const docs: (SearchDoc | undefined)[] = new Array(count).fill(undefined);
  let d = 0;
  for (let i = 0; i < count; i++) {
    if (packed.present[i] !== 1) continue;
    const start = d === 0 ? 0 : ends[2 * d - 1]!;
    const middle = ends[2 * d]!;
    const end = ends[2 * d + 1]!;
    if (!sections) {
      docs[i] = { all: { grams: packed.grams.subarray(start, middle), words: wordsOf(2 * d) }, title: { grams: packed.grams.subarray(middle, end), words: wordsOf(2 * d + 1) } };
    } else {
      const check = checks![d]!;
      let read: Uint32Array | undefined;
      const both = () => (read ??= sections.gramRange(start, end, check, checkAll));
      docs[i] = { all: lazyTokens(() => both().subarray(0, middle - start), wordsOf(2 * d)), title: lazyTokens(() => both().subarray(middle - start), wordsOf(2 * d + 1)) };
    }
    d++;
  }
  return docs;
}

/** Tokens whose pairs are read when first used: an own, enumerable property, so a copy or v8.serialize reads them too. */
function lazyTokens(grams: () => Uint32Array, words: string[]): SearchTokens {
  const tokens = { words } as SearchTokens;
  Object.defineProperty(tokens, 'grams', {
    enumerable: true,
    configurable: true,
    get() {
      const value = grams();
      Object.defineProperty(tokens, 'grams', { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
  return tokens;
}

/** `inFile`: the lengths of the pairs and the pages, for columns whose pairs and pages are left in the store's file. */
function isColumns(value: unknown, inFile?: { grams: number; pages: number }): value is Columns {
  const columns = value as Partial<Columns> | null;
  if (typeof columns !== 'object' || columns === null) return false;
  const { files, stamps, warnings, metas, search, pages, pageEnds } = columns;
  if (!Array.isArray(files) || !Array.isArray(stamps) || !Array.isArray(warnings) || !Array.isArray(metas)) return false;
  const count = files.length;
  if (stamps.length !== count || metas.length !== count || !(pages instanceof Uint8Array) || !(pageEnds instanceof Float64Array) || pageEnds.length !== count) return false;
  for (let i = 0; i < count; i++) if (!(pageEnds[i]! >= (i === 0 ? 0 : pageEnds[i - 1]!))) return false;
  if ((count > 0 ? pageEnds[count - 1] : 0) !== (inFile?.pages ?? pages.length)) return false;
  if (!isPackedSearch(search, count, inFile?.grams)) return false;
  if (!warnings.every((entry) => Array.isArray(entry) && typeof entry[0] === 'number' && Array.isArray(entry[1]))) return false;
  return files.every((file, i) => typeof file === 'string' && typeof stamps[i] === 'string' && isMeta(metas[i], file));
}

function isPackedSearch(value: unknown, count: number, gramsInFile?: number): value is PackedSearch {
  const packed = value as Partial<PackedSearch> | null;
  if (typeof packed !== 'object' || packed === null) return false;
  const { present, grams, ends, words } = packed;
  if (!(present instanceof Uint8Array) || present.length !== count || !(grams instanceof Uint32Array) || !(ends instanceof Uint32Array) || typeof words !== 'string') return false;
  let withData = 0;
  for (const flag of present) withData += flag;
  if (ends.length !== withData * 2) return false;
  const total = gramsInFile ?? grams.length;
  for (let k = 0; k < ends.length; k++) if (ends[k]! < (k === 0 ? 0 : ends[k - 1]!) || ends[k]! > total) return false;
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
