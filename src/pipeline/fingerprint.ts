import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SiteFolders } from '../core/site-folders.ts';
import type { StaticFile } from '../write/static-files.ts';
import { type MediaSet, mediaKey } from '../images/media-set.ts';
import type { Attachment } from '../load/attachments.ts';

/** Everything a build reads, summed up: what changed since a build is told by comparing these. */
export interface SourceStamps {
  /**
   * Hash of what shapes every page: xinwen itself, the options, settings,
   * dictionary and templates. When it changes, any page may change.
   */
  siteKey: string;
  /** Each article file's stamp (size and modification time), by its path from the site root. */
  articles: Map<string, string>;
  /** Each static file's stamp (its source, size and modification time), by its path in the output. */
  statics: Map<string, string>;
  /** All of the above in one hash: when it equals the one recorded for the output folder, the output is already what a build would write. */
  fingerprint: string;
}

/**
 * Stamp everything a build reads. Articles, templates and static files count
 * by path, size and modification time (as make and rsync do); settings and
 * the dictionary by content. `--force` rebuilds regardless.
 */
export function sourceStamps(input: {
  generator: string;
  site: SiteFolders;
  articleFiles: readonly string[];
  staticFiles: readonly StaticFile[];
  /** Files of article folders, stamped as they were listed. */
  attachments?: readonly Attachment[];
  /** The photos' renditions: one line, as their names say what they hold. */
  media: MediaSet;
  /** Stamps taken already, by absolute path (the photos'): a file is not looked at twice. */
  known?: ReadonlyMap<string, string>;
  options: object;
}): SourceStamps {
  const site = createHash('sha1');
  site.update(`${input.generator}\n${JSON.stringify(input.options)}\n`);
  for (const name of ['site.yaml', 'dictionary.txt']) {
    const file = path.join(input.site.contentDir, name);
    site.update(`${name}\n`);
    if (existsSync(file)) site.update(readFileSync(file));
  }
  for (const dir of input.site.templateDirs) {
    site.update(`dir ${dir}\n`);
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    for (const file of files) {
      const stamp = stampOf(path.join(dir, file));
      if (stamp !== undefined) site.update(`${file}\0${stamp}\n`);
    }
  }
  const siteKey = site.digest('hex');

  // One string hashed at once: ten thousand small updates cost more than the stats.
  const lines = [siteKey];
  const articles = new Map<string, string>();
  const root = input.site.root + path.sep;
  for (const file of input.articleFiles) {
    const stamp = stampOf(root + file) ?? '';
    articles.set(file, stamp);
    lines.push(`${file}\0${stamp}`);
  }
  const statics = new Map<string, string>();
  for (const file of input.staticFiles) {
    const stamp = file.stamp ?? `${file.source}\0${input.known?.get(file.source) ?? stampOf(file.source) ?? ''}`;
    statics.set(file.file, stamp);
    lines.push(`static ${file.file}\0${stamp}`);
  }
  // Where an article folder's files are published, the model says: here they count by their own path.
  for (const file of input.attachments ?? []) {
    lines.push(`attachment ${file.file}\0${file.stamp}`);
  }
  lines.push(`media ${mediaKey(input.media)}`);
  return { siteKey, articles, statics, fingerprint: createHash('sha1').update(lines.join('\n')).digest('hex') };
}

/** Size and modification time of a file; undefined for a folder; `unreadable` for a dangling link (the build decides what it means). */
function stampOf(full: string): string | undefined {
  try {
    const stat = statSync(full);
    return stat.isFile() ? `${stat.size}\0${stat.mtimeMs}` : undefined;
  } catch {
    return 'unreadable';
  }
}
