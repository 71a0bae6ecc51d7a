import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClock } from '../core/clock.ts';
import { XinwenError } from '../core/errors.ts';
import { siteFolders } from '../core/site-folders.ts';
import { loadSettings } from '../load/settings-file.ts';
import { slugify } from '../parse/slug.ts';
import { say } from '../core/language.ts';

export interface NewArticleOptions {
  root: string;
  title: string;
  category?: string;
  /** Folder under content/, default news. */
  folder?: string;
  /** Now, in epoch milliseconds (tests pass a fixed time). */
  now?: number;
}

/** YAML double-quoted string: safe for any title. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

/**
 * Create content/news/YYYY-MM-DD-<pinyin-slug>.md with a front-matter
 * scaffold, dated now in the site's time zone. Never overwrites a file.
 */
export function createArticle(options: NewArticleOptions): string {
  const title = options.title.trim();
  if (!title) {
    throw new XinwenError('new/no-title', say('新文章需要一个标题', 'the new article needs a title'), { hint: say('这样运行：npm run new -- "标题"', 'Run: npm run new -- "标题"') });
  }
  const site = siteFolders(options.root);
  const settings = loadSettings(site);
  const clock = createClock(settings.timezone);
  const now = options.now ?? Date.now();
  const slug = slugify(title) || 'article';
  const folder = path.join(site.contentDir, options.folder ?? 'news');
  const file = path.join(folder, `${clock.format(now, 'YYYY-MM-DD')}-${slug}.md`);
  const shown = path.relative(process.cwd(), file);
  if (existsSync(file)) {
    throw new XinwenError('new/exists', say(`${shown} 已经存在`, `${shown} already exists`), {
      hint: say('换一个标题，或者直接编辑已有的那个文件。', 'Choose another title, or edit the existing file.'),
    });
  }
  const lines = [
    '---',
    `title: ${quoted(title)}`,
    `date: "${clock.format(now, 'YYYY-MM-DD HH:mm:ss')}"`,
    `author: ${quoted(settings.defaultAuthor)}`,
    'source: "本站原创"',
    'views: 0',
    'tags: []',
    ...(options.category ? [`category: ${quoted(options.category)}`] : []),
    '---',
    '',
    '在这里写正文。第一段的前几句会成为列表页的摘要。',
    '',
  ];
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, lines.join('\n'), { flag: 'wx' });
  return file;
}
