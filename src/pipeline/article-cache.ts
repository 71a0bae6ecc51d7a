import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import type { Warning } from '../core/errors.ts';
import type { ArticleText } from '../convert/convert-article.ts';
import type { Locale } from '../convert/opencc.ts';
import type { SourceFile } from '../load/content-files.ts';
import type { Article } from '../parse/article.ts';
import type { ArticleSearchData } from '../search/tokens.ts';

/**
 * One article as parsed and converted: reused while its file, the settings
 * that shape it, the dictionary and xinwen itself stay the same (all in the key).
 */
export interface CachedArticle {
  meta: Omit<Article, 'bodyHtml'>;
  warnings: Warning[];
  /** Body HTML in the article's own script. */
  html: string;
  /** The script the article is read in. */
  from: Locale;
  /** Its readable fields in each variant's script; undefined until converted. */
  texts?: ArticleText[];
  /** Hash of what lists show of the article: changes when anything but its body does. */
  listKey?: string;
  /** Body in each variant's script, where converted and kept. */
  bodies: (string | undefined)[];
  /** What the search index takes of it, when the site has search. */
  search?: ArticleSearchData;
}

/** Key of an article's cache entry: everything that shapes it (`cacheKey`), its path and its text. */
export function articleKey(cacheKey: string, source: SourceFile): string {
  return createHash('sha1').update(cacheKey).update(source.file).update('\0').update(source.text).digest('hex');
}

/** Entries per frame of the cache file: serializing a frame at a time keeps memory flat. */
const FRAME_ENTRIES = 256;

/** First bytes of a cache file; a new layout gets a new number and makes old files misses. */
const MAGIC = Buffer.from('xinwen-articles-3\n');

/**
 * Frames are compressed with brotli at quality 1: on 1,000 articles' entries
 * it takes 60 % of the time of deflate at level 1 for a smaller file (6.7×
 * against 5.7×); it reads back a little slower (58 against 38 ms), but a
 * cold build writes every entry and a rebuild reads only when the site key changed.
 */
const compress = (bytes: Buffer) => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });

/**
 * A shard's cache file: every article it parsed in the last build, so a
 * rebuild parses and converts only what changed. One file per shard, because
 * one large file costs far less than thousands of small ones. It is read
 * back as untrusted: a header names its layout and the key of everything
 * that shaped it, and each frame of a few hundred entries carries its length
 * and a CRC-32 of its bytes (then v8-serialized entries, compressed). Any
 * damage, a foreign key or a frame that fails its check, is a miss for the
 * entries it held, never a different site.
 */
export class ArticleCache {
  constructor(
    private readonly file: string | undefined,
    /** Hash of everything besides an article's own text that shapes its entry. */
    private readonly key: string,
  ) {}

  load(): Map<string, CachedArticle> {
    const entries = new Map<string, CachedArticle>();
    if (!this.file || !existsSync(this.file)) return entries;
    let data: Buffer;
    try {
      data = readFileSync(this.file);
    } catch {
      return entries;
    }
    const header = this.header();
    if (data.length < header.length || !data.subarray(0, header.length).equals(header)) return entries;
    for (let offset = header.length; offset + 8 <= data.length; ) {
      const length = data.readUInt32LE(offset);
      const checksum = data.readUInt32LE(offset + 4);
      const start = offset + 8;
      if (start + length > data.length) break; // cut short: the rest is a miss
      offset = start + length;
      const frame = data.subarray(start, start + length);
      if (zlib.crc32(frame) !== checksum) continue; // damaged: its entries are misses
      try {
        for (const item of v8.deserialize(zlib.brotliDecompressSync(frame)) as unknown[]) {
          if (isEntry(item)) entries.set(item[0], item[1]);
        }
      } catch {
        // Passed its check yet unreadable (written by another Node version): a miss.
      }
    }
    return entries;
  }

  save(entries: Map<string, CachedArticle>): void {
    if (!this.file) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}`;
      const descriptor = openSync(temp, 'w');
      try {
        writeSync(descriptor, this.header());
        const all = [...entries];
        for (let start = 0; start < all.length; start += FRAME_ENTRIES) {
          const frame = compress(v8.serialize(all.slice(start, start + FRAME_ENTRIES)));
          const prefix = Buffer.alloc(8);
          prefix.writeUInt32LE(frame.length, 0);
          prefix.writeUInt32LE(zlib.crc32(frame), 4);
          writeSync(descriptor, prefix);
          writeSync(descriptor, frame);
        }
      } finally {
        closeSync(descriptor);
      }
      renameSync(temp, this.file);
    } catch {
      // A read-only or full disk still builds; it just never reuses work.
    }
  }

  private header(): Buffer {
    return Buffer.concat([MAGIC, Buffer.from(`${this.key}\n`)]);
  }
}

/** A `[key, entry]` pair as `save` writes it. */
function isEntry(item: unknown): item is [string, CachedArticle] {
  if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string') return false;
  const entry = item[1] as Partial<CachedArticle> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.html === 'string' &&
    typeof entry.meta === 'object' &&
    entry.meta !== null &&
    typeof entry.meta.file === 'string' &&
    Array.isArray(entry.bodies) &&
    Array.isArray(entry.warnings)
  );
}
