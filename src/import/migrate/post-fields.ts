import type { Clock } from '../../core/clock.ts';
import { say } from '../../core/language.ts';
import { dateText } from './read-post.ts';
import type { Generator } from './source-site.ts';

/**
 * Front matter of Jekyll, Hugo and Hexo posts in xinwen's words. Keys that
 * mean something here are read (under each generator's names); the rest
 * are dropped, and the report counts them once per key.
 */
export interface PostFields {
  title?: string;
  /** `YYYY-MM-DD HH:mm:ss` or `YYYY-MM-DD`, in the site's zone. */
  date?: string;
  updated?: string;
  author?: string;
  tags: string[];
  category?: string;
  summary?: string;
  draft: boolean;
  slug?: string;
  /** The post's own permalink (Jekyll, Hexo) or url (Hugo). */
  permalink?: string;
  /** 置顶 (Hugo themes' `pinned`, Hexo's `sticky` / `top`) and 推荐 (`featured`). */
  pinned: boolean;
  featured: boolean;
  /** Old addresses the post already had (Hugo aliases, Jekyll redirect_from). */
  aliases: string[];
  /** Cover photo as written: a URL or a file of the post's folder. */
  cover?: string;
  categories: string[];
}

/** Keys read, by what they become; every other key is dropped. */
const READ = new Set([
  'title', 'date', 'publishdate', 'pubdate', 'updated', 'lastmod', 'last_modified_at', 'modified', 'date_modified',
  'author', 'authors', 'tags', 'tag', 'categories', 'category', 'description', 'excerpt', 'summary',
  'draft', 'published', 'slug', 'permalink', 'url', 'aliases', 'redirect_from',
  'cover', 'image', 'thumbnail', 'featured_image', 'featuredimage', 'header-img', 'pinned', 'featured', 'sticky', 'top',
]);

/** Front-matter keys that xinwen drops, for the report. */
export function droppedKeys(data: Record<string, unknown>): string[] {
  return Object.keys(data).filter((key) => !READ.has(key.toLowerCase()));
}

const text = (value: unknown): string | undefined => {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** A list, or one text: Jekyll splits a text of categories or tags on spaces, Hexo and Hugo keep it whole. */
function list(value: unknown, generator: Generator): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => (Array.isArray(item) ? item : [item])).map(text).filter((item): item is string => item !== undefined);
  const one = text(value);
  if (one === undefined) return [];
  return generator === 'jekyll' ? one.split(/\s+/) : [one];
}

/** A date of the front matter as xinwen writes it: wall time in the site's zone (an offset is honoured), seconds kept. */
export function normalizeDate(value: unknown, clock: Clock): string | undefined {
  const written = dateText(value);
  if (written === undefined) return undefined;
  const parsed = clock.parse(written);
  if (!parsed.ok) return undefined;
  // A date with no time stays a date: xinwen shows it without one.
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(written)) return clock.format(parsed.time, 'YYYY-MM-DD');
  return clock.format(parsed.time, 'YYYY-MM-DD HH:mm:ss');
}

export function readFields(data: Record<string, unknown>, generator: Generator, clock: Clock, warnings: string[]): PostFields {
  const get = (...keys: string[]) => {
    for (const key of keys) {
      const found = Object.keys(data).find((name) => name.toLowerCase() === key);
      if (found !== undefined && data[found] !== undefined && data[found] !== null) return data[found];
    }
    return undefined;
  };
  const dateOf = (keys: string[]) => {
    const value = get(...keys);
    if (value === undefined) return undefined;
    const date = normalizeDate(value, clock);
    if (date === undefined) warnings.push(say(`\`${keys[0]}\` 的值 ${String(dateText(value) ?? value)} 不是日期，没有用`, `\`${keys[0]}\` ${String(dateText(value) ?? value)} is not a date; not used`));
    return date;
  };
  const categories = list(get('categories', 'category'), generator);
  const authors = get('author', 'authors');
  const author = typeof authors === 'object' && !Array.isArray(authors) && authors !== null ? text((authors as Record<string, unknown>).name) : list(authors, 'hugo').join('、') || undefined;
  // The first category is the column; the others are kept as tags.
  const tags = [...new Set([...categories.slice(1), ...list(get('tags', 'tag'), generator)])];
  return {
    title: text(get('title')),
    date: dateOf(['date', 'publishdate', 'pubdate']),
    updated: dateOf(['updated', 'lastmod', 'last_modified_at', 'modified', 'date_modified']),
    author,
    tags,
    category: categories[0],
    categories,
    summary: text(get('description', 'excerpt', 'summary')),
    draft: get('draft') === true || get('published') === false,
    pinned: get('pinned') === true || get('top') === true || (typeof get('sticky') === 'number' && (get('sticky') as number) > 0) || get('sticky') === true,
    featured: get('featured') === true,
    slug: text(get('slug')),
    permalink: text(get(generator === 'hugo' ? 'url' : 'permalink')),
    aliases: list(get('aliases', 'redirect_from'), 'hugo'),
    cover: text(get('cover', 'image', 'featured_image', 'featuredimage', 'thumbnail', 'header-img')),
  };
}
