import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { XinwenError } from '../core/errors.ts';
import type { Variant } from '../convert/scripts.ts';

/**
 * Search: one Pagefind index per script tree, from that tree's article pages
 * (their `data-pagefind-body`), written to `<prefix>pagefind/`. Pagefind
 * indexes on one core, so each thread builds a different tree's index (the
 * pagefind package starts one indexing process per thread).
 */
export async function writeSearchIndexes(tempDir: string, variants: readonly Variant[]): Promise<void> {
  try {
    for (const variant of variants) {
      const prefix = variant.path.slice(1);
      const { index, errors } = await pagefind.createIndex({ forceLanguage: variant.lang.toLowerCase() });
      if (!index) throw new Error(errors.join('; '));
      const added = await index.addDirectory({ path: tempDir, glob: `${prefix}news/*/index.html` });
      if (added.errors.length > 0) throw new Error(added.errors.join('; '));
      const written = await index.writeFiles({ outputPath: path.join(tempDir, prefix, 'pagefind') });
      if (written.errors.length > 0) throw new Error(written.errors.join('; '));
      await index.deleteIndex();
    }
  } catch (error) {
    throw new XinwenError('search/index', `the search index could not be written: ${(error as Error).message}`, {
      hint: 'Reinstall dependencies (npm ci): the search index is made by the pagefind package. Or set `search: false` in content/site.yaml.',
      cause: error,
    });
  } finally {
    await pagefind.close();
  }
}

/** The search page converts a reader's query into its script with opencc-js's browser builds, copied next to the site's assets. */
export function copySearchConverters(tempDir: string): void {
  const umd = path.dirname(createRequire(import.meta.url).resolve('opencc-js'));
  const target = path.join(tempDir, 'assets', 'opencc');
  mkdirSync(target, { recursive: true });
  for (const file of ['cn2t.js', 't2cn.js']) copyFileSync(path.join(umd, file), path.join(target, file));
  copyFileSync(path.join(umd, '..', '..', 'LICENSE'), path.join(target, 'LICENSE.txt'));
}
