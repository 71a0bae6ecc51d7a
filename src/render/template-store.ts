import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { forgetOtherVersions, newestFirst } from '../core/version-folders.ts';

/**
 * A template as compiled once, with what checking it found (templates.ts,
 * `lint`): enough to use it again without reading nunjucks' parser or
 * compiler at all.
 */
export interface StoredTemplate {
  /** nunjucks' compiler output: the body of a function returning the template's render functions. */
  code: string;
  /** Rendered once per site view (site-fragments.ts). */
  perSite: boolean;
  /** The templates it names by a literal (extends, include, import), where it names them. */
  references: { name: string; line: number; column: number }[];
}

export interface TemplateStore {
  /** The key of a template's text (as converted for its script) at a path. */
  keyOf(file: string, source: string): string;
  get(key: string): StoredTemplate | undefined;
  put(key: string, template: StoredTemplate): void;
}

/**
 * Compiling the default templates takes a build about a tenth of a second in
 * each script, and so does compiling them again for the state kept for the
 * next build. Compiled code depends only on xinwen itself (`generator`: its
 * nunjucks, filters and options) and on the template's text, so it is kept
 * under `dir` by a hash of both, a folder per version of xinwen, as the
 * conversion tables are (convert/table-store.ts): a site whose templates did
 * not change, or another site with the same ones, compiles none. A file that
 * cannot be read is compiled again; one that cannot be written (a read-only
 * install) is compiled in every build, as without a store.
 */
export function storedTemplates(dir: string, generator: string): TemplateStore {
  const folder = path.join(dir, generator);
  return {
    keyOf: (file, source) => createHash('sha1').update(generator).update('\0').update(file).update('\0').update(source).digest('hex'),
    get(key) {
      try {
        const stored = JSON.parse(readFileSync(path.join(folder, `${key}.json`), 'utf8')) as Partial<StoredTemplate>;
        return typeof stored.code === 'string' && typeof stored.perSite === 'boolean' && Array.isArray(stored.references) ? (stored as StoredTemplate) : undefined;
      } catch {
        return undefined;
      }
    },
    put(key, template) {
      try {
        mkdirSync(folder, { recursive: true });
        forgetOld(dir, folder);
        // Whole or not at all: a build starting meanwhile reads no file or the whole file.
        const file = path.join(folder, `${key}.json`);
        const temp = `${file}.tmp-${process.pid}-${threadId}`;
        writeFileSync(temp, JSON.stringify(template));
        renameSync(temp, file);
      } catch {
        // Not kept: the next build compiles it again.
      }
    },
  };
}

/** Templates kept per version of xinwen: beyond, the older half goes (templates edited many times in `dev`). */
const KEPT_TEMPLATES = 1000;

function forgetOld(dir: string, folder: string): void {
  forgetOtherVersions(dir, folder);
  const names = readdirSync(folder);
  if (names.length < KEPT_TEMPLATES) return;
  for (const old of newestFirst(folder, (name) => name.endsWith('.json')).slice(KEPT_TEMPLATES / 2)) rmSync(path.join(folder, old), { force: true });
}
