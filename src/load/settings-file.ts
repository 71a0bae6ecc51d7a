import { existsSync } from 'node:fs';
import path from 'node:path';
import { XinwenError } from '../core/errors.ts';
import type { SiteFolders } from '../core/site-folders.ts';
import { parseSettings, type Settings } from '../settings/settings.ts';
import { decodeUtf8, readBytes } from './read-text.ts';
import { say } from '../core/language.ts';

/** Read and validate content/site.yaml. */
export function loadSettings(site: SiteFolders): Settings {
  const file = path.join(site.contentDir, 'site.yaml');
  const shown = path.relative(site.root, file);
  if (!existsSync(site.contentDir)) {
    throw new XinwenError('site/no-content', say(`${site.root} 里没有 content/ 文件夹`, `${site.root} has no content/ folder`), {
      hint: say(
        '用 --root 指向站点文件夹，也就是里面有 content/site.yaml、content/ 里放着 Markdown 文章的那个文件夹；要新建一个网站，运行 npm run init -- 文件夹名。',
        'Point --root at a site folder: one with content/site.yaml and Markdown articles in content/. To start a new site, run npm run init -- FOLDER.',
      ),
    });
  }
  if (!existsSync(file)) {
    throw new XinwenError('settings/missing-file', say(`找不到站点设置文件 ${shown}`, `${shown} does not exist`), {
      file: shown,
      hint: say(
        '新建这个文件，至少写上 `name: 我的新闻中心` 和 `base_url: https://www.example.com/` 两行；或者运行 npm run init -- 新文件夹名，新建一个带注释设置文件的网站。',
        'Create it with at least `name: 我的新闻中心` and `base_url: https://www.example.com/`, or run npm run init -- NEW-FOLDER for a new site with a commented settings file.',
      ),
    });
  }
  const source = decodeUtf8(readBytes(file, shown), shown).replace(/^\uFEFF/, '');
  return parseSettings(source, shown);
}
