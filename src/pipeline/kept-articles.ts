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
  /** In a store, each article's meta is v8-serialized on its own, read when first used (LazyMetas): these say how to find and check it. */
  stored?: StoredMetas;
}

/** What a store keeps of its metas beside their bytes. */
interface StoredMetas {
  /** Each article's content key: what the search data is found by, without reading its meta. */
  keys: (string | undefined)[];
  /** Each article's photos with their hashes (its meta's `images`), which every build checks (changedArticles). */
  images: (ArticleMeta['images'] | undefined)[];
  /** The lists of field names the metas have (their own keys, in order), and which each article's has. */
  shapes: string[][];
  shapeOf: Uint16Array;
  /** Where each meta's bytes end, and their CRC-32. */
  ends: Float64Array;
  checks: Uint32Array;
}

/** Entries kept beside the store, in the output state: the articles that differ from the store's (see `KeptArticles.keep`). */
export type RecentArticles = Columns;

/** First line of a store; a new layout gets a new number and makes old files misses. */
const MAGIC = `xinwen-kept-articles-5-${endianness()}`;

/** Beyond this many entries that differ from the store, it is written anew. */
const RECENT_LIMIT = 500;

/**
 * The articles of the last build into an output folder: what a build after a
 * few edits takes as it is. Kept in a store of its own (18 MB for 10,000
 * articles) that a build rewrites only when many entries changed: after a
 * few edits, the entries that differ from the store go beside it ("recent"
 * entries, in the output state, read first). The search tokens of all
 * articles are packed in a few arrays (v8 reads one array of 20,000 typed
 * arrays ten times slower). Metas, pages and search tokens, nearly all of
 * the 30 MB at 10,000 articles, stay in the file until asked for: a build
 * after one edit reads a few of each. Making every meta would take a third of
 * that build (on a virtual machine, fresh memory costs as much again on
 * first use, and v8 copies new objects twice before they settle), so each
 * meta is made when one of its fields is first read (LazyMetas). Read back
 * as untrusted: a header names the layout, the Node version (v8's format is
 * its own) and the site key, a CRC-32 covers the rest, in which each meta,
 * page and article's tokens have a CRC-32 of their own, checked as they are
 * read; anything of the wrong shape is no store. One found damaged later
 * (the file changed under the build) deletes the store, and the build
 * starts again without it (build.ts).
 */
export class KeptArticles {
  private readonly numbers: Map<string, number>;
  private readonly warningsOf: Map<number, Warning[]>;
  private readonly recentOf = new Map<string, number>();
  private readonly recentWarnings: Map<number, Warning[]>;
  private storedSearch?: (SearchDoc | undefined)[];
  private recentSearch?: (SearchDoc | undefined)[];
  /** The store's metas, each made when first used (none without a store file). */
  private readonly lazy?: LazyMetas;

  private constructor(
    private readonly stored: Columns,
    /** The store's checksum and length: the state that goes with this store names it. */
    readonly id: string,
    private readonly recent: Columns,
    /** Where the stored metas, pages and search tokens are read from. */
    private readonly sections?: StoreSections,
  ) {
    if (sections && stored.stored) this.lazy = new LazyMetas(stored.files, stored.stored, sections);
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
    const { gramsAt, pagesAt, metasAt } = sectionsOf(header.length + 4, lengths);
    if (metasAt + lengths.metas !== stat.size) return undefined;
    try {
      const stored = v8.deserialize(checked.subarray(LENGTHS)) as Columns;
      if (typeof stored !== 'object' || stored === null || typeof stored.search !== 'object' || stored.search === null) return undefined;
      const sections = new StoreSections(file, stat, { at: gramsAt, length: lengths.grams * 4 }, { at: pagesAt, length: lengths.pages }, { at: metasAt, length: lengths.metas });
      if (!isColumns(stored, lengths) || !isColumns(recent)) return undefined;
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
    const store = encode(
      siteKey,
      columnsOf(articles, articles.map((article) => (article.samePage ? this.pageBytes(article.file) : pageBytes(article.page)))),
      // A meta of this store never made is written as it was read.
      (meta) => this.lazy?.unmadeBytes(meta),
    );
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
    return i === undefined ? undefined : this.storedMeta(i);
  }

  private storedMeta(i: number): ArticleMeta {
    return this.lazy ? this.lazy.get(i) : this.stored.metas[i]!;
  }

  /** An article's photos with their hashes, as its meta has them (read without its meta). */
  images(file: string): ArticleMeta['images'] {
    const r = this.recentOf.get(file);
    const i = this.numbers.get(file);
    if (r !== undefined || i === undefined || !this.stored.stored) return this.meta(file)?.images;
    return this.stored.stored.images[i];
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
    return sections ? sections.pages.item(i, stored.pageEnds, stored.pageChecks!) : pageBytesAt(stored, i);
  }

  /** Every article's search data, by content key. */
  searchDocs(): Map<string, SearchDoc> {
    this.storedSearch ??= unpackSearch(this.stored.search, this.stored.files.length, this.sections);
    this.recentSearch ??= unpackSearch(this.recent.search, this.recent.files.length);
    const docs = new Map<string, SearchDoc>();
    for (const [i, file] of this.stored.files.entries()) {
      const r = this.recentOf.get(file);
      const key = r === undefined ? (this.stored.stored?.keys[i] ?? this.stored.metas[i]?.contentKey) : this.recent.metas[r]!.contentKey;
      const doc = r === undefined ? this.storedSearch[i] : this.recentSearch[r];
      if (doc && key) docs.set(key, doc);
    }
    return docs;
  }

  /** Whether an article to keep is the store's own entry number `i`, not a recent one. */
  private isStored(i: number, article: ArticleToKeep): boolean {
    const { stored } = this;
    const storedMeta = this.lazy ? this.lazy.made(i) : stored.metas[i];
    if (this.recentOf.has(article.file) || article.stamp !== stored.stamps[i] || article.meta !== storedMeta) return false;
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
 * and its id: the rest v8-serialized, then the search tokens' pairs as they
 * are, the pages, and each meta v8-serialized on its own, each of them with
 * its CRC-32 in the rest; read back, they are read as asked for
 * (StoreSections). `unmade` gives the bytes of a meta read from the store
 * being replaced and never made: they are written as they are.
 */
function encode(siteKey: string, columns: Columns, unmade: (meta: ArticleMeta) => Uint8Array | undefined): { parts: Uint8Array[]; id: string } {
  const { grams, ends } = columns.search;
  const pageChecks = new Uint32Array(columns.files.length);
  for (let i = 0; i < pageChecks.length; i++) pageChecks[i] = checkOf(pageBytesAt(columns, i));
  const gramChecks = new Uint32Array(ends.length / 2);
  for (let k = 0; k < gramChecks.length; k++) gramChecks[k] = checkOf(gramBytes(grams, k === 0 ? 0 : ends[2 * k - 1]!, ends[2 * k + 1]!));
  const metaBytes = columns.metas.map((meta) => unmade(meta) ?? v8.serialize(withoutOwnTexts(meta)));
  const shapes = new Map<string, number>();
  const shapeOf = new Uint16Array(columns.metas.length);
  const metaEnds = new Float64Array(columns.metas.length);
  let metasLength = 0;
  columns.metas.forEach((meta, i) => {
    const shape = Object.keys(meta).join('\n');
    if (!shapes.has(shape)) shapes.set(shape, shapes.size);
    shapeOf[i] = shapes.get(shape)!;
    metaEnds[i] = metasLength += metaBytes[i]!.length;
  });
  const stored: StoredMetas = {
    keys: columns.metas.map((meta) => meta.contentKey),
    images: columns.metas.map((meta) => meta.images),
    shapes: [...shapes.keys()].map((shape) => shape.split('\n')),
    shapeOf,
    ends: metaEnds,
    checks: Uint32Array.from(metaBytes, checkOf),
  };
  const rest = v8.serialize({ ...columns, metas: [], search: { ...columns.search, grams: new Uint32Array(0), checks: gramChecks }, pages: new Uint8Array(0), pageChecks, stored });
  const lengths = Buffer.alloc(LENGTHS);
  const sizes: Lengths = { rest: rest.length, grams: grams.length, pages: columns.pages.length, metas: metasLength };
  lengths.writeUInt32LE(sizes.rest, 0);
  lengths.writeUInt32LE(sizes.grams, 4);
  lengths.writeUInt32LE(sizes.pages, 8);
  lengths.writeUInt32LE(sizes.metas, 12);
  const header = headerOf(siteKey);
  // The pairs start at a multiple of 4 in the file, so a range of them read into a buffer of its own is aligned.
  const { gramsAt, metasAt } = sectionsOf(header.length + 4, sizes);
  const padding = Buffer.alloc(gramsAt - (header.length + 4 + LENGTHS + rest.length));
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(zlib.crc32(rest, zlib.crc32(lengths)));
  const parts = [header, checksum, lengths, rest, padding, gramBytes(grams, 0, grams.length), columns.pages, ...metaBytes];
  return { parts, id: idOf(checksum.readUInt32LE(0), metasAt + metasLength) };
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

/** The store's lengths, after its header and checksum: of the rest (v8-serialized), of the pairs (in pairs), of the pages, of the metas. */
const LENGTHS = 16;
interface Lengths {
  rest: number;
  grams: number;
  pages: number;
  metas: number;
}

/** Where the pairs, the pages and the metas start in a store whose lengths start at `lengthsAt`. */
function sectionsOf(lengthsAt: number, lengths: Lengths): { gramsAt: number; pagesAt: number; metasAt: number } {
  const restEnd = lengthsAt + LENGTHS + lengths.rest;
  const gramsAt = restEnd + ((4 - (restEnd % 4)) % 4);
  const pagesAt = gramsAt + lengths.grams * 4;
  return { gramsAt, pagesAt, metasAt: pagesAt + lengths.pages };
}

/** A store's header, checksum, lengths and rest (v8-serialized), and the file's stat; undefined when it is too short to be one. */
function readHead(file: string, headerLength: number): { stat: Stats; bytes: Buffer; lengths: Lengths } | undefined {
  const descriptor = openSync(file, 'r');
  try {
    const stat = fstatSync(descriptor);
    const start = headerLength + 4 + LENGTHS;
    if (stat.size < start) return undefined;
    const first = readAt(descriptor, 0, start);
    const at = headerLength + 4;
    const lengths = { rest: first.readUInt32LE(at), grams: first.readUInt32LE(at + 4), pages: first.readUInt32LE(at + 8), metas: first.readUInt32LE(at + 12) };
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
 * The parts of a store left in its file until asked for: the search tokens'
 * pairs, the pages and the metas. The file is the one read at first (same
 * inode, size and time), or it is damaged.
 */
class StoreSections {
  readonly grams: Section;
  readonly pages: Section;
  readonly metas: Section;

  constructor(
    private readonly file: string,
    private readonly stat: Stats,
    grams: { at: number; length: number },
    pages: { at: number; length: number },
    metas: { at: number; length: number },
  ) {
    const read = (at: number, length: number) => this.read(at, length);
    const damaged = (cause: unknown) => this.damaged(cause);
    this.grams = new Section(grams.at, grams.length, read, damaged);
    this.pages = new Section(pages.at, pages.length, read, damaged);
    this.metas = new Section(metas.at, metas.length, read, damaged);
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

  /** The build stops and starts again without the store (build.ts); the store goes, so that no build meets it again. */
  private damaged(cause: unknown): XinwenError {
    rmSync(this.file, { force: true });
    return new XinwenError(DAMAGED_STORE, say(`上次构建保存的文章记录 ${this.file} 在构建过程中损坏或被改动，已经删除`, `the article record the last build kept, ${this.file}, was damaged or changed during the build; it has been deleted`), {
      hint: say('输出没有改动。再运行一次构建即可（这一次会从头构建）。', 'The output is unchanged. Run the build again (it will build from scratch this time).'),
      cause,
    });
  }
}

/**
 * One part of a store in its file: items one after the other, item `i`
 * ending at `ends[i]` and checked by `checks[i]`. A few items are read one
 * by one; past `WHOLE_AFTER` reads (a new store is being written, a model
 * made, the search index made anew), the whole part is read once and every
 * item in it checked.
 */
class Section {
  private whole?: Buffer;
  private reads = 0;

  constructor(
    private readonly at: number,
    private readonly length: number,
    private readonly read: (at: number, length: number) => Buffer,
    private readonly damaged: (cause: unknown) => XinwenError,
  ) {}

  /** The bytes of item `i`, in a buffer that starts at a multiple of 8 in memory plus the item's start (so pairs are aligned). */
  item(i: number, ends: ArrayLike<number>, checks: ArrayLike<number>, unit = 1): Uint8Array {
    const start = (i === 0 ? 0 : ends[i - 1]!) * unit;
    const end = ends[i]! * unit;
    if (!this.whole && ++this.reads > WHOLE_AFTER) {
      const whole = this.read(this.at, this.length);
      for (let k = 0; k < checks.length; k++) this.expect(whole.subarray((k === 0 ? 0 : ends[k - 1]!) * unit, ends[k]! * unit), checks[k]!);
      this.whole = whole;
    }
    if (this.whole) return this.whole.subarray(start, end);
    const bytes = this.read(this.at + start, end - start);
    this.expect(bytes, checks[i]!);
    return bytes;
  }

  private expect(bytes: Uint8Array, check: number): void {
    if (checkOf(bytes) !== check) throw this.damaged(new Error('a CRC-32 does not match'));
  }

  /** The error that stops the build, for an item found wrong after its check passed. */
  damagedBy(cause: unknown): XinwenError {
    return this.damaged(cause);
  }
}

/**
 * The metas of a store, each read when one of its fields is first read: an
 * object with the meta's own fields, in their order, as accessors (its file
 * and content key as values) that read and check its bytes once, then
 * answer from what was read. Copies, spreads, `in`, JSON and v8 (worker
 * messages) see a plain meta. Each is made once, so it stays the very object
 * read from the store: what `isStored` knows a kept entry by. (Turning the
 * accessors into values would cost five times the read itself.)
 */
class LazyMetas {
  private readonly objects: (ArticleMeta | undefined)[];
  /** Metas made as objects, with their numbers. */
  private readonly numbers = new WeakMap<object, number>();
  /** What was read of each meta read so far. */
  private readonly values = new WeakMap<object, Record<string, unknown>>();
  private readonly accessors = new Map<string, PropertyDescriptor>();

  constructor(
    private readonly files: readonly string[],
    private readonly stored: StoredMetas,
    private readonly sections: StoreSections,
  ) {
    this.objects = new Array<ArticleMeta | undefined>(files.length);
  }

  /** Meta number `i`. */
  get(i: number): ArticleMeta {
    let meta = this.objects[i];
    if (!meta) {
      const object: Record<string, unknown> = {};
      for (const field of this.stored.shapes[this.stored.shapeOf[i]!]!) {
        if (field === 'file') object.file = this.files[i];
        else if (field === 'contentKey') object.contentKey = this.stored.keys[i];
        else Object.defineProperty(object, field, this.accessor(field));
      }
      meta = object as unknown as ArticleMeta;
      this.objects[i] = meta;
      this.numbers.set(meta, i);
    }
    return meta;
  }

  /** Meta number `i` if it was made (a meta never made cannot be an entry to keep). */
  made(i: number): ArticleMeta | undefined {
    return this.objects[i];
  }

  /** The bytes of `meta` as the store has them, if it is one of its metas whose fields were never read. */
  unmadeBytes(meta: ArticleMeta): Uint8Array | undefined {
    const i = this.numbers.get(meta);
    return i === undefined || this.values.has(meta) ? undefined : this.bytes(i);
  }

  private bytes(i: number): Uint8Array {
    return this.sections.metas.item(i, this.stored.ends, this.stored.checks);
  }

  private accessor(field: string): PropertyDescriptor {
    let descriptor = this.accessors.get(field);
    if (!descriptor) {
      const metas = this;
      descriptor = {
        enumerable: true,
        configurable: true,
        get(this: object) {
          return (metas.values.get(this) ?? metas.read(this))[field];
        },
        set(this: object, value: unknown) {
          (metas.values.get(this) ?? metas.read(this))[field] = value;
        },
      };
      this.accessors.set(field, descriptor);
    }
    return descriptor;
  }

  /** Read a meta's values from the store. */
  private read(object: object): Record<string, unknown> {
    const i = this.numbers.get(object)!;
    const bytes = this.bytes(i);
    let decoded: Record<string, unknown>;
    try {
      decoded = v8.deserialize(bytes) as Record<string, unknown>;
    } catch (error) {
      throw this.sections.metas.damagedBy(error);
    }
    const shape = this.stored.shapes[this.stored.shapeOf[i]!]!;
    const fields = Object.keys(decoded ?? {});
    if (!isMeta(decoded, this.files[i]!) || decoded.contentKey !== this.stored.keys[i] || fields.length !== shape.length || fields.some((field, k) => field !== shape[k])) {
      throw this.sections.metas.damagedBy(new Error(`meta ${i} is not the one named`));
    }
    withOwnTexts(decoded as unknown as ArticleMeta);
    this.values.set(object, decoded);
    return decoded;
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
  // Each article's pairs (its text's and its title's) are one item of the store's pairs.
  const docEnds = sections ? Uint32Array.from({ length: ends.length / 2 }, (_, k) => ends[2 * k + 1]!) : undefined;
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
      const doc = d;
      let read: Uint32Array | undefined;
      const both = () => {
        if (read) return read;
        const bytes = sections.grams.item(doc, docEnds!, checks!, 4);
        return (read = new Uint32Array(bytes.buffer, bytes.byteOffset, end - start));
      };
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
/** `inFile`: the lengths of a store's parts left in its file (its metas are there, not in the columns). */
function isColumns(value: unknown, inFile?: Lengths): value is Columns {
  const columns = value as Partial<Columns> | null;
  if (typeof columns !== 'object' || columns === null) return false;
  const { files, stamps, warnings, metas, search, pages, pageEnds } = columns;
  if (!Array.isArray(files) || !Array.isArray(stamps) || !Array.isArray(warnings) || !Array.isArray(metas)) return false;
  const count = files.length;
  if (stamps.length !== count || metas.length !== (inFile ? 0 : count) || !(pages instanceof Uint8Array) || !isEnds(pageEnds, count, inFile?.pages ?? pages.length)) return false;
  if (!isPackedSearch(search, count, inFile?.grams)) return false;
  if (inFile && !isStoredMetas(columns.stored, count, inFile.metas)) return false;
  if (!warnings.every((entry) => Array.isArray(entry) && typeof entry[0] === 'number' && Array.isArray(entry[1]))) return false;
  return files.every((file, i) => typeof file === 'string' && typeof stamps[i] === 'string' && (inFile !== undefined || isMeta(metas[i], file)));
}

/** Where `count` items end, one after the other, the last at `total`. */
function isEnds(ends: unknown, count: number, total: number): ends is Float64Array {
  if (!(ends instanceof Float64Array) || ends.length !== count) return false;
  for (let i = 0; i < count; i++) if (!(ends[i]! >= (i === 0 ? 0 : ends[i - 1]!))) return false;
  return (count > 0 ? ends[count - 1] : 0) === total;
}

function isStoredMetas(value: unknown, count: number, total: number): value is StoredMetas {
  const stored = value as Partial<StoredMetas> | null;
  if (typeof stored !== 'object' || stored === null) return false;
  const { keys, shapes, shapeOf, ends, checks } = stored;
  if (!Array.isArray(keys) || keys.length !== count || !keys.every((key) => key === undefined || typeof key === 'string')) return false;
  if (!Array.isArray(stored.images) || stored.images.length !== count || !stored.images.every((uses) => uses === undefined || Array.isArray(uses))) return false;
  if (!Array.isArray(shapes) || !shapes.every((shape) => Array.isArray(shape) && shape.includes('file') && shape.every((field) => typeof field === 'string'))) return false;
  if (!(shapeOf instanceof Uint16Array) || shapeOf.length !== count || shapeOf.some((shape) => shape >= shapes.length)) return false;
  return isEnds(ends, count, total) && checks instanceof Uint32Array && checks.length === count;
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
