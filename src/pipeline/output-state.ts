import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import type { Warning } from '../core/errors.ts';
import type { CompiledTemplate } from '../render/templates.ts';
import type { SiteText, SiteView } from '../render/view-model.ts';
import type { TreeIdentity } from '../write/output.ts';
import { type ArticleToKeep, KeptArticles, type RecentArticles } from './kept-articles.ts';
import { writeParts } from '../core/raw-arrays.ts';

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
  /** The photos' renditions copied into media/ (MediaSet.list). */
  media: string;
  /** The files of the search index. */
  search: string[];
  /** Its documents' keys (content keys), in index order. */
  searchKeys?: string[];
  /**
   * The articles whose pages differ from the tree this one replaced, when no
   * other page does (undefined otherwise): what a build that starts from the
   * replaced tree (now the spare) must render besides its own edits.
   */
  differs?: string[];
}

/**
 * What builds into one output folder leave for the next: the articles as
 * parsed (kept-articles.ts), the site as the last model made it, and what
 * each of the folder's two trees (the output and its spare) holds. With it,
 * a build renders only the pages whose signature differs from the tree it
 * starts from.
 */
export interface OutputState {
  /** Hash of everything that shapes every page (SourceStamps.siteKey): a state made under another is no state. */
  siteKey: string;
  articles: KeptArticles;
  /** The next list id to give (ids are never given twice). */
  nextListId: number;
  /** The feeds' bodies in every variant's script, by article content key: a build that rewrites the feeds needs no shard for them. */
  feedBodies: Map<string, string[]>;
  /** The templates as compiled, for each variant (see Shard.compiledTemplates), and the settings' texts in every variant's script: a build after a few edits reads, converts and compiles no template. */
  templates: CompiledTemplate[][];
  siteTexts: SiteText[];
  site?: KeptSite;
  output?: TreeRecord;
  spare?: TreeRecord;
}

/** What the last build's model made of the site as a whole: with the articles' kept pages, enough to make any article's page again while only bodies change. */
export interface KeptSite {
  /** The site views and what every page depends on, hashed (the seed of page signatures). */
  siteHash: string;
  sites: SiteView[];
  /** The published articles, newest first (the model's order). */
  order: string[];
  /** The feeds' articles, newest first. */
  latest: string[];
  /** What the model's checks found (broken links, static files over pages). */
  warnings: Warning[];
}

/** A state to write: its articles as the store takes them. */
export type OutputStateToWrite = Omit<OutputState, 'articles' | 'spare'> & {
  articles: readonly ArticleToKeep[];
  /** The spare, or the promise of it while it is being linked. */
  spare: OutputState['spare'] | Promise<OutputState['spare']>;
};

/** First line of a state file; a new layout gets a new number and makes old files misses. */
const MAGIC = 'xinwen-output-state-4';

/** One state and one article store per output folder, named after its path. */
function stateFile(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, `output-${nameOf(outDir)}.bin`);
}

function storeFile(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, `output-${nameOf(outDir)}.articles`);
}

function nameOf(outDir: string): string {
  return createHash('sha1').update(path.resolve(outDir)).digest('hex').slice(0, 20);
}

/**
 * A header naming the layout, the Node version that serialized the payload
 * (v8's format is its own), the output folder and the site key (a state of
 * another is not even read), then a CRC-32 of the payload.
 */
function headerOf(outDir: string, siteKey: string): Buffer {
  return Buffer.from(`${MAGIC}\n${process.version}\n${path.resolve(outDir)}\n${siteKey}\n`);
}

/** The state as written (v8-serialized), without the store: Maps as lists of entries, each tree's page signatures as one string of paths and one array of numbers. */
interface StoredState {
  /** The id of the article store that goes with it, and the entries kept beside that store (see KeptArticles). */
  store: string;
  recent: RecentArticles;
  nextListId: number;
  feedBodies: [string, string[]][];
  templates: CompiledTemplate[][];
  siteTexts: SiteText[];
  site?: KeptSite;
  output?: StoredTree;
  spare?: StoredTree;
}

interface StoredTree extends Omit<TreeRecord, 'pages' | 'statics'> {
  paths: string;
  signatures: Float64Array;
  statics: [string, string][];
}

function storedTree(tree: TreeRecord | undefined): StoredTree | undefined {
  if (!tree) return undefined;
  const { pages, statics, ...rest } = tree;
  return { ...rest, paths: [...pages.keys()].join('\n'), signatures: Float64Array.from(pages.values()), statics: [...statics] };
}

function treeOf(stored: StoredTree | undefined): TreeRecord | undefined {
  if (!stored) return undefined;
  const { paths, signatures, statics, ...rest } = stored;
  const list = paths === '' ? [] : paths.split('\n');
  if (!(signatures instanceof Float64Array) || list.length !== signatures.length || !Array.isArray(statics)) throw new Error('not a tree');
  const pages = new Map<string, number>();
  for (const [i, sitePath] of list.entries()) pages.set(sitePath, signatures[i]!);
  return { ...rest, pages, statics: new Map(statics) };
}

/**
 * The state of the last build into `outDir`, made under `siteKey`. Read back
 * as untrusted: another layout, folder or site key, a checksum that does
 * not match, an article store other than the one written with it, or
 * anything of the wrong shape is no state (a full build).
 */
export function readOutputState(cacheDir: string, outDir: string, siteKey: string): OutputState | undefined {
  let data: Buffer;
  try {
    data = readFileSync(stateFile(cacheDir, outDir));
  } catch {
    return undefined;
  }
  const header = headerOf(outDir, siteKey);
  if (data.length < header.length + 4 || !data.subarray(0, header.length).equals(header)) return undefined;
  const payload = data.subarray(header.length + 4);
  if (zlib.crc32(payload) !== data.readUInt32LE(header.length)) return undefined;
  try {
    const stored = v8.deserialize(payload) as StoredState;
    if (typeof stored !== 'object' || stored === null || typeof stored.store !== 'string') return undefined;
    const articles = KeptArticles.read(storeFile(cacheDir, outDir), siteKey, stored.recent);
    if (!articles || articles.id !== stored.store) return undefined;
    const state: OutputState = {
      siteKey,
      articles,
      nextListId: stored.nextListId,
      feedBodies: new Map(stored.feedBodies),
      templates: stored.templates,
      siteTexts: stored.siteTexts,
      site: stored.site,
      output: treeOf(stored.output),
      spare: treeOf(stored.spare),
    };
    return isState(state) ? state : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keep the state for the next build: the article store first (unless the
 * last one is kept, with the few entries that changed beside it), then the
 * state that names it. Failures only cost the next build its head start.
 */
export async function writeOutputState(cacheDir: string, outDir: string, state: OutputStateToWrite, last?: KeptArticles): Promise<void> {
  const file = stateFile(cacheDir, outDir);
  const store = storeFile(cacheDir, outDir);
  const temps = [`${store}.${process.pid}`, `${file}.${process.pid}`];
  try {
    mkdirSync(cacheDir, { recursive: true });
    const kept = (last ?? KeptArticles.none()).keep(state.siteKey, state.articles);
    if (kept.store) {
      // A state left naming the last store names no store from here on: a failure leaves no state, never a wrong one.
      writeParts(temps[0]!, kept.store.parts);
      renameSync(temps[0]!, store);
    }
    // The spare may still be being linked (by a worker thread): the state names it only once it is there.
    const spare = await state.spare;
    const stored: StoredState = {
      store: kept.store?.id ?? last!.id,
      recent: kept.recent,
      nextListId: state.nextListId,
      feedBodies: [...state.feedBodies],
      templates: state.templates,
      siteTexts: state.siteTexts,
      site: state.site,
      output: storedTree(state.output),
      spare: storedTree(spare),
    };
    const payload = v8.serialize(stored);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32LE(zlib.crc32(payload));
    writeFileSync(temps[1]!, Buffer.concat([headerOf(outDir, state.siteKey), checksum, payload]));
    renameSync(temps[1]!, file);
  } catch {
    for (const temp of temps) rmSync(temp, { force: true });
  }
}

function isState(value: unknown): value is OutputState {
  const state = value as Partial<OutputState> | null;
  if (typeof state !== 'object' || state === null || typeof state.siteKey !== 'string' || typeof state.nextListId !== 'number') return false;
  if (!(state.feedBodies instanceof Map) || !Array.isArray(state.templates) || !Array.isArray(state.siteTexts)) return false;
  if (!state.templates.every((variant) => Array.isArray(variant) && variant.every(isCompiledTemplate))) return false;
  if (!state.siteTexts.every((text) => typeof text?.name === 'string' && Array.isArray(text.nav) && typeof text.ui === 'object')) return false;
  for (const bodies of state.feedBodies.values()) if (!Array.isArray(bodies) || !bodies.every((body) => typeof body === 'string')) return false;
  const site = state.site;
  if (site !== undefined && !isSite(site)) return false;
  return (state.output === undefined || isTree(state.output)) && (state.spare === undefined || isTree(state.spare));
}

function isCompiledTemplate(value: unknown): boolean {
  const template = value as Partial<CompiledTemplate> | null;
  return typeof template?.name === 'string' && typeof template.path === 'string' && typeof template.code === 'string' && typeof template.perSite === 'boolean';
}

function isSite(value: unknown): boolean {
  const site = value as Partial<KeptSite> | null;
  const isFiles = (files: unknown) => Array.isArray(files) && files.every((file) => typeof file === 'string');
  return (
    typeof site === 'object' &&
    site !== null &&
    typeof site.siteHash === 'string' &&
    Array.isArray(site.sites) &&
    isFiles(site.order) &&
    isFiles(site.latest) &&
    Array.isArray(site.warnings)
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
    typeof tree.media === 'string' &&
    typeof tree.feeds === 'string' &&
    typeof tree.sitemap === 'string' &&
    Array.isArray(tree.sitemapFiles) &&
    Array.isArray(tree.search) &&
    (tree.searchKeys === undefined || (Array.isArray(tree.searchKeys) && tree.searchKeys.every((key) => typeof key === 'string'))) &&
    (tree.differs === undefined || (Array.isArray(tree.differs) && tree.differs.every((file) => typeof file === 'string')))
  );
}
