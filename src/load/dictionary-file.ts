import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SiteFolders } from '../core/site-folders.ts';
import { type DictionaryEntry, parseDictionary } from '../convert/dictionary.ts';
import { decodeUtf8, readBytes } from './read-text.ts';

/** Read content/dictionary.txt if the site has one. */
export function loadDictionary(site: SiteFolders): DictionaryEntry[] {
  const file = path.join(site.contentDir, 'dictionary.txt');
  if (!existsSync(file)) return [];
  const shown = path.relative(site.root, file);
  return parseDictionary(decodeUtf8(readBytes(file, shown), shown), shown);
}
