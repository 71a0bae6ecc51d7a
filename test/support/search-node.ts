import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isInside } from '../../src/core/paths.ts';
import { PROJECT } from './site.ts';

/** search-core.js: the search page's own code without its page, what a reader's browser runs. */
export interface SearchCore {
  foldText(table: Map<number, number>, text: string): string;
  queryTokens(folded: string): string[];
  decodeIds(text: string | undefined): number[];
  createSearch(options: { indexUrl: string; docsUrl: string; fetchText(url: string): Promise<string> }): {
    fold(text: string): Promise<string>;
    find(query: string): Promise<{ tokens: string[]; ids: number[] }>;
    listings(ids: number[]): Promise<SearchHit[]>;
  };
}

export const searchCore = (await import(path.join(PROJECT, 'public', 'assets', 'search-core.js'))) as SearchCore;

export interface SearchHit {
  id: number;
  path: string;
  title: string;
  date: string;
  summary: string;
}

/**
 * Search a built site from Node with the search page's code (search-core.js),
 * its files read from the output folder as a static host would serve them.
 * `tree` is a variant's prefix ('' or 'zh-hant/'); `bytes` counts what a
 * reader's browser would download for the query (search files only).
 */
export async function searchSite(out: string, tree: string, query: string, limit = 10): Promise<{ total: number; hits: SearchHit[]; bytes: number; tokens: string[] }> {
  let bytes = 0;
  const search = searchCore.createSearch({
    indexUrl: '/search/index.json',
    docsUrl: `/${tree}search/docs/`,
    fetchText: async (url: string) => {
      const file = path.join(out, url);
      if (!isInside(file, out)) throw new Error(`outside the output: ${url}`);
      const text = readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(text);
      return text;
    },
  });
  const { tokens, ids } = await search.find(query);
  const hits = await search.listings(ids.slice(0, limit));
  return { total: ids.length, hits, bytes, tokens };
}
