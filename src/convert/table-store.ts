import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { forgetOtherVersions, newestFirst } from '../core/version-folders.ts';
import { packWithArrays, unpackWithArrays, writeParts } from '../core/raw-arrays.ts';
import { buildLatticeBase, type CustomWord, finishLattice, type LatticeBase, type LatticeTables } from './lattice.ts';
import type { Locale } from './opencc.ts';
import { type PackedStrings, type PackedTrie, packStrings, packTrie, type TrieData, unpackStrings, unpackTrie } from './trie.ts';

/** Gives the tables of a pair's lattice converter with the site's words in it, or undefined for a pair that has none (between traditional scripts). */
export type TableSource = (from: Locale, to: Locale, custom: readonly CustomWord[]) => LatticeTables | undefined;

/**
 * A lattice converter's tables (lattice.ts) take about half a second to
 * build, and every build thread needs them; loaded from a file they take a
 * few hundredths. They depend on nothing but xinwen itself (its generator
 * id: OpenCC's dictionaries, the word list, xinwen's phrases and code) and
 * the site's own words, so they are kept under `dir` (their typed arrays
 * as they are in memory, read back without a copy: raw-arrays.ts), a folder per version
 * of xinwen: each pair's base (before the site's words), built once, and
 * its finished tables for the last few dictionaries it was finished with.
 * A file that cannot be read is made again; one that cannot be written (a
 * read-only install) is made in every build, as without a store.
 */
export function storedTables(dir: string, generator: string): TableSource {
  const folder = path.join(dir, generator);
  return (from, to, custom) => {
    if (from === to || (from !== 'cn' && to !== 'cn')) return undefined;
    const dictionary = createHash('sha1').update(JSON.stringify(custom)).digest('hex').slice(0, 16);
    const tablesFile = path.join(folder, `${from}-${to}-${dictionary}.bin`);
    const stored = readFile<PackedTables>(tablesFile, from, to);
    if (stored) return unpackTables(stored);
    const baseFile = path.join(folder, `${from}-${to}.bin`);
    const packedBase = readFile<PackedBase>(baseFile, from, to);
    let base = packedBase && unpackBase(packedBase);
    if (!base) {
      base = buildLatticeBase(from, to)!;
      // Written before it is finished: finishing takes over a base's arrays.
      writeFile(dir, folder, baseFile, packBase(base));
    }
    const tables = finishLattice(base, custom);
    writeFile(dir, folder, tablesFile, packTables(tables));
    forgetOldTables(folder, `${from}-${to}-`, tablesFile);
    return tables;
  };
}

/** At most this many finished tables are kept per pair (a few sites, or a dictionary being edited). */
const KEPT_TABLES = 4;

function readFile<T extends { from: Locale; to: Locale }>(file: string, from: Locale, to: Locale): T | undefined {
  try {
    const data = unpackWithArrays(readFileSync(file)) as T | undefined;
    return data?.from === from && data.to === to ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeFile(dir: string, folder: string, file: string, data: PackedBase | PackedTables): void {
  try {
    mkdirSync(folder, { recursive: true });
    forgetOtherVersions(dir, folder);
    // Whole or not at all: a build starting meanwhile in another process or thread reads no file or the whole file.
    const temp = `${file}.tmp-${process.pid}-${threadId}`;
    writeParts(temp, packWithArrays(data));
    renameSync(temp, file);
  } catch {
    // Not kept: the next build makes it again.
  }
}

function forgetOldTables(folder: string, prefix: string, kept: string): void {
  try {
    const others = newestFirst(folder, (name) => name.startsWith(prefix) && name.endsWith('.bin') && name !== path.basename(kept));
    for (const old of others.slice(KEPT_TABLES - 1)) rmSync(path.join(folder, old), { force: true });
  } catch {
    // Kept a while longer.
  }
}

// In files, every list of replacements is packed into one text (see PackedStrings): loading takes a third of the time.
type PackedChain = Record<keyof LatticeBase['chain'], PackedTrie[]>;
type PackedBase = Omit<LatticeBase, 'chain' | 'single' | 'words'> & { chain: PackedChain; single: PackedStrings; words: Omit<LatticeBase['words'], 'trie'> & { trie: PackedTrie } };
type PackedTables = Omit<LatticeTables, 'chain' | 'single' | 'trie' | 'triggers'> & { chain: PackedChain; single: PackedStrings; trie: PackedTrie; triggers: PackedTrie };

const mapChain = <A, B>(chain: Record<keyof LatticeBase['chain'], A[]>, map: (trie: A) => B) => ({
  normalization: chain.normalization.map(map),
  before: chain.before.map(map),
  after: chain.after.map(map),
});

function packBase(base: LatticeBase): PackedBase {
  return { ...base, chain: mapChain<TrieData, PackedTrie>(base.chain, packTrie), single: packStrings(base.single), words: { ...base.words, trie: packTrie(base.words.trie) } };
}

function unpackBase(base: PackedBase): LatticeBase {
  return {
    ...base,
    chain: mapChain<PackedTrie, TrieData>(base.chain, unpackTrie),
    single: unpackStrings(base.single) as (string | undefined)[],
    words: { ...base.words, trie: unpackTrie(base.words.trie) },
  };
}

function packTables(tables: LatticeTables): PackedTables {
  return { ...tables, chain: mapChain<TrieData, PackedTrie>(tables.chain, packTrie), single: packStrings(tables.single), trie: packTrie(tables.trie), triggers: packTrie(tables.triggers) };
}

function unpackTables(tables: PackedTables): LatticeTables {
  return {
    ...tables,
    chain: mapChain<PackedTrie, TrieData>(tables.chain, unpackTrie),
    single: unpackStrings(tables.single) as (string | undefined)[],
    trie: unpackTrie(tables.trie),
    triggers: unpackTrie(tables.triggers),
  };
}
