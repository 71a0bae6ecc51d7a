import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

export interface SearchHit {
  url: string;
  title: string;
  date?: string;
  excerpt: string;
}

/**
 * Search a built Pagefind index from Node: pagefind.js is the browser bundle,
 * so file: URLs are served to it through a fetch that reads from disk.
 */
export async function searchIndex(bundleDir: string, query: string): Promise<SearchHit[]> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith('file:')) return realFetch(input, init);
    return new Response(await readFile(fileURLToPath(url.split('?')[0]!)));
  }) as typeof fetch;
  try {
    // A query string makes each call a fresh module, so indexes of different trees never mix.
    const bundle = `${pathToFileURL(path.join(bundleDir, 'pagefind.js')).href}?${encodeURIComponent(bundleDir)}`;
    const pagefind = (await import(bundle)) as {
      options(options: object): Promise<void>;
      search(query: string): Promise<{ results: { data(): Promise<{ url: string; excerpt: string; meta: Record<string, string> }> }[] }>;
    };
    await pagefind.options({ basePath: pathToFileURL(`${bundleDir}/`).href, baseUrl: '/' });
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.map((result) => result.data()));
    return data.map((item) => ({ url: item.url, title: item.meta.title ?? '', date: item.meta.date, excerpt: item.excerpt }));
  } finally {
    globalThis.fetch = realFetch;
  }
}

/** One page as Pagefind stored it: its URL, its text (words split by zero-width spaces in CJK) and its meta. */
export interface StoredFragment {
  url: string;
  content: string;
  meta: Record<string, string>;
}

/** Every page stored in a built index, decoded from its `fragment/*.pf_fragment` files (gzip, a signature, JSON). */
export function readFragments(bundleDir: string): StoredFragment[] {
  const dir = path.join(bundleDir, 'fragment');
  return readdirSync(dir)
    .sort()
    .map((file) => {
      const bytes = gunzipSync(readFileSync(path.join(dir, file)));
      const signature = 'pagefind_dcd';
      if (bytes.subarray(0, signature.length).toString() !== signature) throw new Error(`${file} is not a Pagefind fragment`);
      return JSON.parse(bytes.subarray(signature.length).toString('utf8')) as StoredFragment;
    });
}
