import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { XinwenError } from '../core/errors.ts';
import type { Variant } from '../convert/scripts.ts';
import { writeOutputFile } from './output.ts';

/**
 * Search: one Pagefind index per script tree, from that tree's article pages
 * (their `data-pagefind-body`), written to `<prefix>pagefind/`. Pagefind
 * indexes on one core, so each thread builds a different tree's index (the
 * pagefind package starts one indexing process per thread). Pagefind hands
 * the index over in memory and xinwen writes it, so a full disk is xinwen's
 * ordinary error, not a crash of the indexer.
 */
export async function writeSearchIndexes(tempDir: string, variants: readonly Variant[]): Promise<void> {
  await failWhenIndexerStops();
  try {
    for (const variant of variants) {
      const prefix = variant.path.slice(1);
      const { index, errors } = await pagefind.createIndex({ forceLanguage: variant.lang.toLowerCase() });
      if (!index) throw new Error(errors.join('; '));
      const added = await index.addDirectory({ path: tempDir, glob: `${prefix}news/*/index.html` });
      if (added.errors.length > 0) throw new Error(added.errors.join('; '));
      const { files, errors: failed } = await index.getFiles();
      if (failed.length > 0) throw new Error(failed.join('; '));
      for (const file of files) writeOutputFile(tempDir, path.join(prefix, 'pagefind', file.path), file.content);
      await index.deleteIndex();
    }
  } catch (error) {
    if (error instanceof XinwenError) throw error;
    const system = (error as NodeJS.ErrnoException).code;
    if (typeof system === 'string') throw error; // a disk fault of ours: reported as such
    throw new XinwenError('search/index', `the search index could not be made: ${(error as Error).message ?? String(error)}`, {
      hint: 'Reinstall dependencies (npm ci): the search index is made by the pagefind package. Or set `search: false` in content/site.yaml.',
      cause: error,
    });
  } finally {
    await pagefind.close();
  }
}

let watching: Promise<void> | undefined;

/**
 * The pagefind package talks to its indexing process and waits for answers;
 * if that process dies (a panic, a kill), nothing answers and the build would
 * wait forever (or Node would quit with exit code 13). Its service is taught,
 * once per thread, to treat the end of the process as the end of every
 * pending call, and to stop without printing a stack trace.
 */
function failWhenIndexerStops(): Promise<void> {
  watching ??= (async () => {
    // The package exports only its entry (for `import`); its service module sits beside it.
    const service = new URL('service.js', import.meta.resolve('pagefind'));
    const { PagefindService } = (await import(service.href)) as { PagefindService: { prototype: PagefindServiceShape } };
    const proto = PagefindService.prototype;
    const close = proto.close;
    proto.close = function () {
      close.call(this, null);
    };
    const send = proto.sendMessage;
    proto.sendMessage = function (message, callback) {
      const backend = this.backend;
      if (backend && !watched.has(backend)) {
        watched.add(backend);
        backend.on('exit', () => {
          if (this.backend === backend) this.close(null);
        });
      }
      return send.call(this, message, callback);
    };
  })();
  return watching;
}

const watched = new WeakSet<object>();

interface PagefindServiceShape {
  backend: { on(event: 'exit', listener: () => void): void } | null;
  close(this: PagefindServiceShape, error: unknown): void;
  sendMessage(this: PagefindServiceShape, message: unknown, callback: unknown): unknown;
}

/** The search page converts a reader's query into its script with opencc-js's browser builds, copied next to the site's assets. */
export function copySearchConverters(tempDir: string): void {
  const umd = path.dirname(createRequire(import.meta.url).resolve('opencc-js'));
  const target = path.join(tempDir, 'assets', 'opencc');
  mkdirSync(target, { recursive: true });
  for (const file of ['cn2t.js', 't2cn.js']) copyFileSync(path.join(umd, file), path.join(target, file));
  copyFileSync(path.join(umd, '..', '..', 'LICENSE'), path.join(target, 'LICENSE.txt'));
}
