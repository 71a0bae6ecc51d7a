import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import type { Warning } from '../core/errors.ts';
import type { ArticleText } from '../convert/convert-article.ts';
import type { Locale } from '../convert/opencc.ts';
import type { Article } from '../parse/article.ts';

/**
 * One article as parsed and converted: reused while its file, the settings
 * that shape it, the dictionary and xinwen itself stay the same (all in the key).
 */
export interface CachedArticle {
  meta: Omit<Article, 'bodyHtml'>;
  warnings: Warning[];
  texts: ArticleText[];
  /** Hash of what lists show of the article: changes when anything but its body does. */
  listKey: string;
  /** Body HTML in the article's own script. */
  html: string;
  from: Locale;
  /** Body in each variant's script, filled in as pages are rendered. */
  bodies: (string | undefined)[];
}

/** Entries per frame of the cache file: serializing a frame at a time keeps memory flat. */
const FRAME_ENTRIES = 256;

/**
 * A shard's cache file: every article it parsed in the last build, so a
 * rebuild parses and converts only what changed. One file per shard, because
 * one large file costs far less than thousands of small ones; inside, frames
 * of a few hundred entries (4-byte length, then v8-serialized, deflated).
 */
export class ArticleCache {
  constructor(private readonly file: string | undefined) {}

  load(): Map<string, CachedArticle> {
    const entries = new Map<string, CachedArticle>();
    if (!this.file || !existsSync(this.file)) return entries;
    try {
      const data = readFileSync(this.file);
      for (let offset = 0; offset < data.length; ) {
        const length = data.readUInt32LE(offset);
        const frame = v8.deserialize(zlib.inflateRawSync(data.subarray(offset + 4, offset + 4 + length))) as [string, CachedArticle][];
        for (const [key, entry] of frame) entries.set(key, entry);
        offset += 4 + length;
      }
      return entries;
    } catch {
      return new Map(); // a damaged cache only costs a full parse
    }
  }

  save(entries: Map<string, CachedArticle>): void {
    if (!this.file) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}`;
      const descriptor = openSync(temp, 'w');
      try {
        const all = [...entries];
        for (let start = 0; start < all.length; start += FRAME_ENTRIES) {
          const frame = zlib.deflateRawSync(v8.serialize(all.slice(start, start + FRAME_ENTRIES)), { level: 1 });
          const length = Buffer.alloc(4);
          length.writeUInt32LE(frame.length);
          writeSync(descriptor, length);
          writeSync(descriptor, frame);
        }
      } finally {
        closeSync(descriptor);
      }
      renameSync(temp, this.file);
    } catch {
      // A read-only site folder still builds; it just never reuses work.
    }
  }
}
