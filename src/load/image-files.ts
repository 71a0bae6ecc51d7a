import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SiteFolders } from '../core/site-folders.ts';
import { isInside } from '../core/paths.ts';
import { PROCESSED_IMAGE } from '../images/image-record.ts';
import { comparePaths, toSitePath } from './content-files.ts';

/** A photo on disk that xinwen processes. */
export interface ImageFile {
  /** Path from the site root with `/` separators: `public/images/a.jpg`, `content/news/2024-05-01-expo/1.jpg`. */
  file: string;
  /** Absolute path. */
  full: string;
  /** Size and modification time: an unchanged stamp means an unchanged photo (see fingerprint.ts). */
  stamp: string;
  bytes: number;
}

/**
 * Every photo of the site's public/ and content/ folders (JPEG, PNG, WebP,
 * AVIF, TIFF), sorted by path. Hidden entries are skipped, and so is a
 * symbolic link that leads out of the site folder: xinwen reads nothing from
 * outside it (the article and static-file listings report such links).
 */
export function listImageFiles(site: SiteFolders): ImageFile[] {
  const found: ImageFile[] = [];
  const realRoot = realpathSync(site.root);
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(dir);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // missing or unreadable: the other listings say so
    }
    if (seen.has(real) || !isInside(real, realRoot)) return;
    seen.add(real);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const photo = PROCESSED_IMAGE.test(entry.name);
      if (!photo && !entry.isDirectory() && !entry.isSymbolicLink()) continue;
      const full = path.join(dir, entry.name);
      let stat;
      try {
        stat = statSync(full);
        // Only a link can lead out of the site folder (ten thousand photos need no realpath each).
        if (entry.isSymbolicLink() && !isInside(realpathSync(full), realRoot)) continue;
      } catch {
        continue; // a dangling link
      }
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile() && photo) {
        found.push({ file: toSitePath(site.root, full), full, stamp: `${stat.size}\0${stat.mtimeMs}`, bytes: stat.size });
      }
    }
  };
  walk(site.publicDir);
  walk(site.contentDir);
  return found.sort((a, b) => comparePaths(a.file, b.file));
}
