import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import type { Warning } from '../core/errors.ts';
import type { ArticleMeta } from '../model/site-model.ts';
import type { TreeIdentity } from '../write/output.ts';
import type { SearchDoc } from '../search/search-index.ts';

/** An article as the last build had it, taken as it is while its file keeps its stamp. */
export interface KeptArticle {
  /** Size and modification time of its file (see fingerprint.ts). */
  stamp: string;
  /** What the model needs of it, with its list id. */
  meta: ArticleMeta;
  /** Its parse warnings, printed again by every build. */
  warnings: Warning[];
  /** What the search index takes of it, when the site has search and the article is published. */
  search?: SearchDoc;
}

/** What one tree (the output folder, or its spare) holds, as the build that wrote it recorded. */
export interface TreeRecord {
  /** The tree's identity: a tree someone else wrote or changed has another. */
  identity: TreeIdentity;
  /** Signature of each page by site path; one covers the page in every script (page-signature.ts). */
  pages: Map<string, number>;
  /** What the feeds were written from. */
  feeds: string;
  /** What the sitemap was written from, and its files. */
  sitemap: string;
  sitemapFiles: string[];
  /** Each static file copied, by its path in the output, with its stamp. */
  statics: Map<string, string>;
  /** The files of the search index. */
  search: string[];
  /** Its documents' keys (content keys), in index order. */
  searchKeys?: string[];
}

/**
 * What builds into one output folder leave for the next: the articles as
 * parsed, and what each of the folder's two trees (the output and its spare)
 * holds. With it, a build renders only the pages whose signature differs
 * from the tree it starts from.
 */
export interface OutputState {
  /** Hash of everything that shapes every page (SourceStamps.siteKey): a state made under another is no state. */
  siteKey: string;
  articles: Map<string, KeptArticle>;
  /** The next list id to give (ids are never given twice). */
  nextListId: number;
  /** The feeds' bodies in every variant's script, by article content key: a build that rewrites the feeds needs no shard for them. */
  feedBodies: Map<string, string[]>;
  output?: TreeRecord;
  spare?: TreeRecord;
}

/** First line of a state file; a new layout gets a new number and makes old files misses. */
const MAGIC = 'xinwen-output-state-1';

/** One file per output folder, named after its path. */
function stateFile(cacheDir: string, outDir: string): string {
  const name = createHash('sha1').update(path.resolve(outDir)).digest('hex').slice(0, 20);
  return path.join(cacheDir, `output-${name}.bin`);
}

/**
 * A header naming the layout, the Node version that serialized it (v8's
 * format is its own) and the output folder, then a CRC-32 of the payload.
 */
function headerOf(outDir: string): Buffer {
  return Buffer.from(`${MAGIC}\n${process.version}\n${path.resolve(outDir)}\n`);
}

/**
 * The state of the last build into `outDir`, made under `siteKey`. Read back
 * as untrusted: another layout, Node version or folder, a checksum that does
 * not match, or anything of the wrong shape is no state (a full build).
 */
export function readOutputState(cacheDir: string, outDir: string, siteKey: string): OutputState | undefined {
  let data: Buffer;
  try {
    data = readFileSync(stateFile(cacheDir, outDir));
  } catch {
    return undefined;
  }
  const header = headerOf(outDir);
  if (data.length < header.length + 4 || !data.subarray(0, header.length).equals(header)) return undefined;
  const payload = data.subarray(header.length + 4);
  if (zlib.crc32(payload) !== data.readUInt32LE(header.length)) return undefined;
  try {
    const state = v8.deserialize(payload) as unknown;
    return isState(state) && state.siteKey === siteKey ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Keep the state for the next build; failures only cost it its head start. */
export function writeOutputState(cacheDir: string, outDir: string, state: OutputState): void {
  const file = stateFile(cacheDir, outDir);
  const temp = `${file}.${process.pid}`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const payload = v8.serialize(state);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32LE(zlib.crc32(payload));
    writeFileSync(temp, Buffer.concat([headerOf(outDir), checksum, payload]));
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Forget the state (a build that cannot keep one: the next must not trust an older one). */
export function forgetOutputState(cacheDir: string, outDir: string): void {
  rmSync(stateFile(cacheDir, outDir), { force: true });
}

function isState(value: unknown): value is OutputState {
  const state = value as Partial<OutputState> | null;
  if (typeof state !== 'object' || state === null || typeof state.siteKey !== 'string' || typeof state.nextListId !== 'number') return false;
  if (!(state.articles instanceof Map) || !(state.feedBodies instanceof Map)) return false;
  for (const bodies of state.feedBodies.values()) if (!Array.isArray(bodies) || !bodies.every((body) => typeof body === 'string')) return false;
  for (const [file, kept] of state.articles) if (!isKept(file, kept)) return false;
  return (state.output === undefined || isTree(state.output)) && (state.spare === undefined || isTree(state.spare));
}

function isKept(file: unknown, value: unknown): boolean {
  const kept = value as Partial<KeptArticle> | null;
  const meta = kept?.meta;
  return (
    typeof file === 'string' &&
    typeof kept?.stamp === 'string' &&
    Array.isArray(kept.warnings) &&
    typeof meta === 'object' &&
    meta !== null &&
    meta.file === file &&
    typeof meta.slug === 'string' &&
    typeof meta.listId === 'number' &&
    Array.isArray(meta.texts) &&
    Array.isArray(meta.tags)
  );
}

function isTree(value: unknown): boolean {
  const tree = value as Partial<TreeRecord> | null;
  return (
    typeof tree === 'object' &&
    tree !== null &&
    typeof tree.identity?.ino === 'number' &&
    typeof tree.identity.mtimeMs === 'number' &&
    tree.pages instanceof Map &&
    tree.statics instanceof Map &&
    typeof tree.feeds === 'string' &&
    typeof tree.sitemap === 'string' &&
    Array.isArray(tree.sitemapFiles) &&
    Array.isArray(tree.search) &&
    (tree.searchKeys === undefined || (Array.isArray(tree.searchKeys) && tree.searchKeys.every((key) => typeof key === 'string')))
  );
}
