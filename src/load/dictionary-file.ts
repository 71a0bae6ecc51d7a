import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SiteFolders } from '../core/site-folders.ts';
import { type DictionaryEntry, parseDictionary } from '../convert/dictionary.ts';

/** Read content/dictionary.txt if the site has one. */
export function loadDictionary(site: SiteFolders): DictionaryEntry[] {
  const file = path.join(site.contentDir, 'dictionary.txt');
  if (!existsSync(file)) return [];
  return parseDictionary(readFileSync(file, 'utf8'), path.relative(site.root, file));
}
