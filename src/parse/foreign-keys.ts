import type { Warning } from '../core/errors.ts';
import { say } from '../core/language.ts';
import { nearest } from '../core/suggest.ts';
import { FRONT_MATTER_KEYS } from './article-schema.ts';

/**
 * Front matter written for Jekyll, Hugo or Hexo: their names for our keys
 * are read as ours, and their keys that mean nothing to xinwen are left out,
 * to be summed up once per key for the whole build (not once per file). A
 * key close to one of ours is still taken for a typo and named.
 */

/** Other generators' names for our keys (in lower case): read as the key they stand for, when that key is not given itself. */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  lastmod: 'updated',
  publishdate: 'date',
  last_modified_at: 'updated',
  redirect_from: 'aliases',
  description: 'summary',
  excerpt: 'summary',
};

/** A post's own address in other generators (Jekyll `permalink`, Hugo `url`): an old address of it here, when it is a site path. */
export const OWN_ADDRESS_KEYS: readonly string[] = ['permalink', 'url'];

/** Keys of other generators and themes (layouts, comments, switches; in lower case) never taken for a typo of one of ours. */
export const FOREIGN_KEYS: readonly string[] = [
  'layout', 'lang', 'language', 'comments', 'comment', 'toc', 'toc_label', 'toc_sticky', 'author_profile', 'share', 'mathjax', 'math', 'katex',
  'type', 'weight', 'permalink', 'url', 'id', 'keywords', 'image', 'images', 'header', 'sidebar', 'classes', 'excerpt_separator', 'read_time',
  'related', 'sitemap', 'menu', 'series', 'subtitle', 'hidden', 'disqus', 'thumbnail', 'photos', 'banner', 'show_date', 'modified', 'expirydate',
  'author_url', 'authors', 'identifier', 'highlight', 'markup', 'outputs', 'resources', 'translationkey', 'iscjklanguage', 'headless',
  'sticky', 'top', 'mermaid', 'copyright', 'reward', 'donate', 'feature', 'featured_image', 'og_image', 'render_with_liquid', 'robots', 'noindex',
  'linktitle', 'showtoc', 'tocopen', 'hidemeta', 'showreadingtime', 'showbreadcrumbs', 'showpostnavlinks', 'showwordcount', 'disableshare', 'searchhidden',
];

/** A key ignored in one file; its `message` is the key. The build prints `ignoredKeySummary` instead. */
export const IGNORED_KEY = 'front-matter/ignored-key';

export interface ForeignKeys {
  /** The front matter with our names only. */
  fields: Record<string, unknown>;
  /** The name each of our keys was written as, where it was another generator's (`updated` → `lastmod`). */
  writtenAs: Map<string, string>;
  /** The keys of OWN_ADDRESS_KEYS whose value is a site path, with that path. */
  ownAddresses: { key: string; path: string }[];
  warnings: Warning[];
}

/** Read front matter's keys as ours; `keyLines` gets our names too, on the lines written. */
export function readForeignKeys(data: Record<string, unknown>, keyLines: Map<string, number>, at: (key: string) => Pick<Warning, 'file' | 'line' | 'source'>): ForeignKeys {
  const fields: Record<string, unknown> = { ...data };
  const writtenAs = new Map<string, string>();
  // Hugo reads keys in any case (`lastMod`, `publishDate`): so do we, for its names.
  const aliasOf = (key: string) => (FRONT_MATTER_KEYS.includes(key) ? undefined : KEY_ALIASES[key.toLowerCase()]);
  for (const key of Object.keys(data)) {
    const ours = aliasOf(key);
    if (ours === undefined) continue;
    if (!(ours in fields)) {
      fields[ours] = fields[key];
      writtenAs.set(ours, key);
      if (keyLines.has(key)) keyLines.set(ours, keyLines.get(key)!);
    }
    delete fields[key];
  }
  // Themes' maps for what is one text here: Hugo PaperMod's `cover: { image }`, an `author: { name }`.
  for (const [key, inner] of [['cover', 'image'], ['author', 'name']] as const) {
    const value = fields[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as Record<string, unknown>)[inner] === 'string') {
      fields[key] = (value as Record<string, unknown>)[inner];
    }
  }
  const known = [...FRONT_MATTER_KEYS, ...Object.keys(KEY_ALIASES)];
  const ownAddresses = OWN_ADDRESS_KEYS.filter((key) => typeof fields[key] === 'string' && (fields[key] as string).startsWith('/')).map((key) => ({ key, path: fields[key] as string }));
  const warnings: Warning[] = [];
  for (const key of Object.keys(data)) {
    if (FRONT_MATTER_KEYS.includes(key) || aliasOf(key) !== undefined) continue;
    delete fields[key];
    if (ownAddresses.some((own) => own.key === key)) continue;
    const suggestion = FOREIGN_KEYS.includes(key.toLowerCase()) ? undefined : nearest(key, known);
    if (!suggestion) warnings.push({ code: IGNORED_KEY, message: key, ...at(key) });
    else {
      warnings.push({
        code: 'front-matter/unknown-key',
        message: say(`文章开头的设置里有不认识的字段 \`${key}\`，已忽略`, `unknown front-matter key \`${key}\` is ignored`),
        ...at(key),
        hint: say(`是不是想写 \`${suggestion}\`？`, `Did you mean \`${suggestion}\`?`),
      });
    }
  }
  return { fields, writtenAs, ownAddresses, warnings };
}

/** One line per ignored key for the whole build, in place of one per file; the other warnings as they were. */
export function ignoredKeySummary(warnings: readonly Warning[]): Warning[] {
  const counts = new Map<string, number>();
  const others: Warning[] = [];
  for (const warning of warnings) {
    if (warning.code === IGNORED_KEY) counts.set(warning.message, (counts.get(warning.message) ?? 0) + 1);
    else others.push(warning);
  }
  const summary = [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]): Warning => ({
      code: 'front-matter/ignored-keys',
      message: say(`\`${key}\` 出现在 ${count} 篇文章里，已忽略`, `\`${key}\` appears in ${count} article${count === 1 ? '' : 's'} and is ignored`),
      hint: say('xinwen 用不到这个字段（它属于别的网站生成器或主题），可以删掉。', 'xinwen has no use for this key (it belongs to another generator or theme); it can be deleted.'),
    }));
  return [...others, ...summary];
}
