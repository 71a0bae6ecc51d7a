import { existsSync } from 'node:fs';
import path from 'node:path';
import { XinwenError } from '../core/errors.ts';
import type { SiteFolders } from '../core/site-folders.ts';
import { parseSettings, type Settings } from '../settings/settings.ts';
import { decodeUtf8, readBytes } from './read-text.ts';

/** Read and validate content/site.yaml. */
export function loadSettings(site: SiteFolders): Settings {
  const file = path.join(site.contentDir, 'site.yaml');
  const shown = path.relative(site.root, file);
  if (!existsSync(site.contentDir)) {
    throw new XinwenError('site/no-content', `${site.root} has no content/ folder`, {
      hint: 'Point --root at a site folder: one with content/site.yaml and Markdown articles in content/.',
    });
  }
  if (!existsSync(file)) {
    throw new XinwenError('settings/missing-file', `${shown} does not exist`, {
      file: shown,
      hint: 'Create it with at least `name: 我的新闻中心` and `base_url: https://www.example.com/`.',
    });
  }
  const source = decodeUtf8(readBytes(file, shown), shown).replace(/^\uFEFF/, '');
  return parseSettings(source, shown);
}
