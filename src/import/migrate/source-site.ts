import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { XinwenError } from '../../core/errors.ts';
import { say } from '../../core/language.ts';
import { parseToml } from '../../parse/toml.ts';
import type { PermalinkSettings } from './permalinks.ts';

export const GENERATORS = ['jekyll', 'hugo', 'hexo'] as const;
export type Generator = (typeof GENERATORS)[number];

/** The folder given to `import --from`: a whole site, or only its posts. */
export interface SourceSite {
  generator: Generator;
  folder: string;
  /** The config file read, shown in the report; undefined for a posts folder. */
  configFile?: string;
  permalinks: PermalinkSettings;
  /** The old site's address (scheme and host, and its base path), for files left behind. */
  url?: string;
  /** Folder whose files are the old site's root (`/img/a.png`): Jekyll's site, Hexo's source/, Hugo's static/. */
  staticDir?: string;
  /** Hexo: dates in file names are not part of :title unless new_post_name puts them there. */
  hexoDatedNames?: boolean;
  /** Hugo: languages (lower case), the default one, and whether it too has a /lang/ prefix. */
  languages: string[];
  defaultLanguage?: string;
  defaultLanguageInSubdir?: boolean;
}

/** One post found: its file, and for a Hugo bundle or a Hexo asset folder, the files beside it. */
export interface SourceFile {
  full: string;
  /** Path under the folder given, for the report. */
  shown: string;
  /** Path under the posts folder (Jekyll _posts, Hexo _posts, Hugo content/), no extension. */
  relative: string;
  draft: boolean;
  /** Folder whose other files go with the post into its article folder. */
  assetDir?: string;
  /** Jekyll: categories from the folders above its _posts (`news/_posts/` → news). */
  categories?: string[];
  /** Hugo: the file's language suffix (`index.zh-hans.md`). */
  language?: string;
}

const MARKDOWN = /\.(md|markdown|mkd|mkdn|mdown)$/i;

function readConfig(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  try {
    const data = file.endsWith('.toml') ? parseToml(text).data : file.endsWith('.json') ? JSON.parse(text) : parseYamlText(text, { schema: 'core' });
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch (error) {
    throw new XinwenError('migrate/config', say(`读不出原网站的设置文件：${(error as Error).message.split('\n')[0]}`, `cannot read the old site's settings: ${(error as Error).message.split('\n')[0]}`), {
      file,
      hint: say('改正这个文件（用原来的生成器检查），或者只导入文章所在的文件夹。', 'Fix the file (check it with its own generator), or import only the folder of posts.'),
    });
  }
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** Find what the folder is, and read the old site's settings when it is a whole site. */
export function openSourceSite(generator: Generator, folder: string): SourceSite {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new XinwenError('migrate/no-folder', say(`找不到文件夹 ${folder}`, `there is no folder ${folder}`), {
      hint: say('写出原网站的文件夹（或者它放文章的文件夹），例如 npm run import -- --from jekyll ../old-blog', 'Name the old site’s folder (or its folder of posts), e.g. npm run import -- --from jekyll ../old-blog'),
    });
  }
  const site: SourceSite = { generator, folder, permalinks: {}, languages: [] };
  if (generator === 'jekyll') {
    const config = path.join(folder, '_config.yml');
    if (existsSync(config)) {
      const data = readConfig(config);
      site.configFile = config;
      site.permalinks.pattern = text(data.permalink);
      site.url = joinUrl(text(data.url), text(data.baseurl));
      site.staticDir = folder;
    }
  } else if (generator === 'hexo') {
    const config = path.join(folder, '_config.yml');
    if (existsSync(config)) {
      const data = readConfig(config);
      site.configFile = config;
      site.permalinks.pattern = text(data.permalink);
      site.permalinks.defaultCategory = text(data.default_category);
      if (data.category_map && typeof data.category_map === 'object') site.permalinks.categoryMap = data.category_map as Record<string, string>;
      site.url = text(data.url);
      site.staticDir = path.join(folder, 'source');
      site.hexoDatedNames = /:year/.test(text(data.new_post_name) ?? '');
    }
  } else {
    const data = hugoConfig(folder, site);
    if (site.configFile) {
      if (data.permalinks && typeof data.permalinks === 'object') {
        // Hugo ≥ 0.120 nests them by kind: [permalinks.page].
        const permalinks = data.permalinks as Record<string, unknown>;
        const pages = (permalinks.page && typeof permalinks.page === 'object' ? permalinks.page : permalinks) as Record<string, unknown>;
        site.permalinks.pattern = Object.fromEntries(Object.entries(pages).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
      }
      site.permalinks.keepCase = data.disablePathToLower === true;
      site.permalinks.uglyUrls = data.uglyURLs === true;
      site.url = text(data.baseURL);
      site.staticDir = path.join(folder, 'static');
      site.defaultLanguage = text(data.defaultContentLanguage)?.toLowerCase() ?? 'en';
      site.defaultLanguageInSubdir = data.defaultContentLanguageInSubdir === true;
      if (data.languages && typeof data.languages === 'object') site.languages = Object.keys(data.languages).map((name) => name.toLowerCase());
    }
  }
  return site;
}

/** Hugo's settings: hugo.* or config.* at the top, else config/_default/, whose files each hold one key (languages.toml…). */
function hugoConfig(folder: string, site: SourceSite): Record<string, unknown> {
  const names = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];
  const top = names.map((name) => path.join(folder, name)).find((file) => existsSync(file));
  let data: Record<string, unknown> = {};
  if (top) {
    site.configFile = top;
    data = readConfig(top);
  }
  const defaults = path.join(folder, 'config', '_default');
  if (existsSync(defaults)) {
    for (const name of readdirSync(defaults).sort()) {
      const match = /^(\w+)\.(toml|ya?ml|json)$/.exec(name);
      if (!match) continue;
      const file = path.join(defaults, name);
      site.configFile ??= file;
      const part = readConfig(file);
      data = match[1] === 'hugo' || match[1] === 'config' ? { ...part, ...data } : { ...data, [match[1]!]: part };
    }
  }
  return data;
}

function joinUrl(url?: string, base?: string): string | undefined {
  if (!url) return undefined;
  return `${url.replace(/\/+$/, '')}/${(base ?? '').replace(/^\/+|\/+$/g, '')}`.replace(/\/+$/, '') + '/';
}

/** Every Markdown file under a folder, sorted, as paths relative to it. */
function markdownUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => MARKDOWN.test(file) && !file.split('/').some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
}

/** What was left out, one count per reason, for the report. */
export interface SkippedFiles {
  /** Hugo's list pages (_index.md). */
  sections: number;
  /** Hugo pages at the top of content/ (about, contact…): pages of the site, not posts. */
  topPages: string[];
  /** Files in a language other than Chinese, or a second Chinese version of one post. */
  otherLanguages: string[];
}

/** The posts of a source site (drafts folders included, marked as drafts). */
export function listPosts(site: SourceSite): { posts: SourceFile[]; skipped: SkippedFiles } {
  const skipped: SkippedFiles = { sections: 0, topPages: [], otherLanguages: [] };
  const shown = (full: string) => path.relative(site.folder, full).split(path.sep).join('/') || path.basename(full);
  const simple = (dir: string, draft: boolean): SourceFile[] =>
    markdownUnder(dir).map((file) => {
      const full = path.join(dir, file);
      const relative = file.replace(MARKDOWN, '');
      const assetDir = path.join(dir, relative);
      return { full, shown: shown(full), relative, draft, assetDir: existsSync(assetDir) && statSync(assetDir).isDirectory() ? assetDir : undefined };
    });
  const { folder } = site;
  if (site.generator === 'jekyll') {
    const postFolders = jekyllPostFolders(folder);
    if (postFolders.length > 0) {
      // Posts of `news/_posts/` are in the category news (Jekyll's categories from folders).
      const posts = postFolders.flatMap((dir) => {
        const categories = path.relative(folder, path.dirname(dir)).split(path.sep).filter(Boolean);
        return simple(dir, false).map((post) => ({ ...post, categories }));
      });
      return { posts: [...posts, ...simple(path.join(folder, '_drafts'), true)], skipped };
    }
    return { posts: simple(folder, false).map((post) => ({ ...post, assetDir: undefined })), skipped };
  }
  if (site.generator === 'hexo') {
    const source = existsSync(path.join(folder, 'source', '_posts')) ? path.join(folder, 'source') : undefined;
    if (source) return { posts: [...simple(path.join(source, '_posts'), false), ...simple(path.join(source, '_drafts'), true)], skipped };
    return { posts: simple(folder, false), skipped };
  }
  return { posts: hugoPosts(site, skipped, shown), skipped };
}

/** Jekyll's `_posts` folders: the site's own, and those of folders in it (not of its output or its tools). */
function jekyllPostFolders(folder: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name === '_posts') found.push(path.join(dir, entry.name));
      else if (depth < 4 && !/^[._]|^(node_modules|vendor)$/.test(entry.name)) visit(path.join(dir, entry.name), depth + 1);
    }
  };
  visit(folder, 0);
  return found.sort();
}

const LANGUAGE_SUFFIX = /^(.*?)\.([a-z]{2,3}(?:-[a-z0-9]+)*)$/i;

function hugoPosts(site: SourceSite, skipped: SkippedFiles, shown: (full: string) => string): SourceFile[] {
  const content = existsSync(path.join(site.folder, 'content')) ? path.join(site.folder, 'content') : site.folder;
  // A folder of posts given on its own is its section: its path under a content/ folder, else its name.
  const under = content === site.folder && !site.configFile ? sectionOf(site.folder) : '';
  const files = markdownUnder(content);
  const bundles = new Set(files.filter((file) => /(^|\/)index(\.[\w-]+)?\.\w+$/.test(file)).map((file) => path.posix.dirname(file)).filter((dir) => dir !== '.'));
  const units = new Map<string, SourceFile[]>();
  for (const file of files) {
    const name = path.posix.basename(file).replace(MARKDOWN, '');
    const dir = path.posix.dirname(file);
    if (/^_index\b/.test(name)) {
      skipped.sections++;
      continue;
    }
    // A Markdown file inside a leaf bundle, other than its index, is one of the bundle's files.
    if (!(bundles.has(dir) && /^index\b/.test(name)) && insideBundle(dir, bundles)) continue;
    const suffix = LANGUAGE_SUFFIX.exec(name);
    const language = suffix && (site.languages.includes(suffix[2]!.toLowerCase()) || /^zh\b/i.test(suffix[2]!)) ? suffix[2]!.toLowerCase() : undefined;
    const base = language ? suffix![1]! : name;
    const isBundle = base === 'index';
    const relative = [under, isBundle ? dir : path.posix.join(dir, base)].filter((part) => part && part !== '.').join('/');
    const full = path.join(content, file);
    if (!relative.includes('/')) {
      skipped.topPages.push(shown(full));
      continue;
    }
    const unit = { full, shown: shown(full), relative, draft: false, language, assetDir: isBundle ? path.dirname(full) : undefined };
    units.set(relative, [...(units.get(relative) ?? []), unit]);
  }
  const posts: SourceFile[] = [];
  for (const versions of units.values()) {
    // Of a multilingual post, the Chinese version (simplified first); a post only in other languages stays behind.
    const rank = (file: SourceFile) => {
      const language = file.language ?? site.defaultLanguage ?? 'zh';
      if (/^zh(-(hans|cn|sg))?$/.test(language)) return 0;
      if (/^zh\b/.test(language)) return 1;
      return site.languages.length > 1 || file.language ? 3 : 2;
    };
    const sorted = [...versions].sort((a, b) => rank(a) - rank(b));
    const chosen = sorted[0]!;
    if (rank(chosen) === 3) {
      skipped.otherLanguages.push(...versions.map((file) => file.shown));
      continue;
    }
    posts.push(chosen);
    skipped.otherLanguages.push(...sorted.slice(1).map((file) => file.shown));
  }
  return posts.sort((a, b) => a.shown.localeCompare(b.shown));
}

/** Whether a folder is a leaf bundle or inside one (its own folders and their parents are looked up, not every bundle). */
function insideBundle(dir: string, bundles: Set<string>): boolean {
  for (let at = dir; at !== '.' && at !== ''; at = path.posix.dirname(at)) if (bundles.has(at)) return true;
  return false;
}

function sectionOf(folder: string): string {
  const parts = path.resolve(folder).split(path.sep);
  const content = parts.lastIndexOf('content');
  return content === -1 ? parts.at(-1)! : parts.slice(content + 1).join('/');
}

/** Files of a post's own folder (a Hugo bundle, a Hexo asset folder), Markdown excepted, relative to it. */
export function assetFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => !MARKDOWN.test(file) && !file.split('/').some((part) => part.startsWith('.')) && statSync(path.join(dir, file)).isFile())
    .sort();
}
