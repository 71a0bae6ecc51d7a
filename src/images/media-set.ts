import { createHash } from 'node:crypto';
import path from 'node:path';
import type { StaticFile } from '../write/static-files.ts';
import { MEDIA_FOLDER } from './image-record.ts';

/**
 * The photos' renditions a build publishes under media/, kept as one set of
 * names rather than as static files: each name says what the file holds (a
 * content hash), so a build compares the set with the last one instead of
 * stamping, recording and planning 60,000 files one by one (10,000 photos).
 */
export interface MediaSet {
  /** Where the renditions are (the images cache). */
  dir: string;
  /** Their file names, each once, in the order of the photos (sorted by path): the same for the same photos. */
  names: readonly string[];
  /** The names as one string: what a build records, and compares with the next build's. */
  list: string;
}

export function mediaSet(dir: string, names: Iterable<string>): MediaSet {
  const unique = [...new Set(names)];
  return { dir, names: unique, list: unique.join('\n') };
}

/** What the set stands for in a fingerprint: a changed set is a changed source. */
export function mediaKey(media: MediaSet): string {
  return createHash('sha1').update(media.list).digest('hex');
}

/** One rendition as a file to publish. */
function mediaFile(media: MediaSet, name: string): StaticFile {
  return { source: path.join(media.dir, name), file: `${MEDIA_FOLDER}/${name}`, shown: `.cache/images/${name}`, stamp: name };
}

/** Every rendition as a file to publish (a build from nothing, the dev server). */
export function mediaFiles(media: MediaSet): StaticFile[] {
  return media.names.map((name) => mediaFile(media, name));
}

/**
 * The renditions to copy into a tree that holds `before` (the recorded list
 * of the tree the build starts from; undefined: an empty tree), and the files
 * of those it holds that go.
 */
export function planMedia(media: MediaSet, before: string | undefined): { copy: StaticFile[]; remove: string[] } {
  if (before === undefined) return { copy: mediaFiles(media), remove: [] };
  if (before === media.list) return { copy: [], remove: [] };
  const had = new Set(before === '' ? [] : before.split('\n'));
  const copy = media.names.filter((name) => !had.has(name)).map((name) => mediaFile(media, name));
  for (const name of media.names) had.delete(name);
  return { copy, remove: [...had].map((name) => `${MEDIA_FOLDER}/${name}`) };
}
