import { permalinkPath, permalinkProblem } from '../../model/permalink.ts';
import type { Generator } from './source-site.ts';

/**
 * Old addresses: where each generator published a post, from its permalink
 * setting, so the import can keep them (an alias, or xinwen's own
 * `permalink` setting). Paths are relative to the old site's root (its
 * baseurl / root is left out), as xinwen's aliases are relative to its base.
 */

/** What a post's address is made of. */
export interface PostPlace {
  /** Wall-clock date as written: year, month, day, hour, minute, second. */
  date: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  /** Jekyll :title / Hexo :title (path under _posts, no extension) / Hugo :contentbasename. */
  title: string;
  /** The post's headline (Hugo's :title and :slug fall back on it). */
  headline: string;
  /** Front matter `slug`. */
  slug?: string;
  categories: string[];
  /** Hugo: folders under content/ (the first is the section). */
  sections: string[];
  /** Hugo: language prefix of the URL, e.g. `zh-hans`, when there is one. */
  language?: string;
}

export interface PermalinkSettings {
  /** Jekyll / Hexo: the `permalink` setting; Hugo: `[permalinks]` by section. */
  pattern?: string | Record<string, string>;
  /** Hexo: `default_category`. */
  defaultCategory?: string;
  /** Hexo: `category_map`. */
  categoryMap?: Record<string, string>;
  /** Hugo: `disablePathToLower`. */
  keepCase?: boolean;
  /** Hugo: `uglyURLs`. */
  uglyUrls?: boolean;
}

const two = (value: number) => String(value).padStart(2, '0');

const JEKYLL_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** The path a post had on the old site. `own` is its front matter `permalink` (Jekyll, Hexo) or `url` (Hugo). */
export function oldPath(generator: Generator, post: PostPlace, settings: PermalinkSettings, own?: string): string {
  if (generator === 'jekyll') return sitePath(fill(own ?? jekyllPattern(settings.pattern), jekyllTokens(post)));
  if (generator === 'hexo') return sitePath(fill(own ?? (typeof settings.pattern === 'string' ? settings.pattern : ':year/:month/:day/:title/'), hexoTokens(post, settings)));
  return hugoPath(post, settings, own);
}

function jekyllPattern(pattern: PermalinkSettings['pattern']): string {
  const name = typeof pattern === 'string' ? pattern : 'date';
  return JEKYLL_STYLES[name] ?? name;
}

/** A `:token` the old pattern had and the import cannot fill (Hexo's :id and :hash…), left in a path; undefined when none is. */
export function unfilledToken(path: string): string | undefined {
  return /:([a-z_]+)/i.exec(path)?.[0];
}

/** Replace `:token`s, longest names first (`:month` before `:m…`). */
function fill(pattern: string, tokens: Record<string, string>): string {
  const names = Object.keys(tokens).sort((a, b) => b.length - a.length);
  return pattern.replace(new RegExp(`:(${names.join('|')})`, 'g'), (_, name: string) => tokens[name]!);
}

/** A site path: one leading slash, no empty segments, and a slash at the end unless it names a file. */
function sitePath(path: string): string {
  let result = `/${path}`.replace(/\/{2,}/g, '/');
  if (!/\.[a-z0-9]+$/i.test(result) && !result.endsWith('/')) result += '/';
  return result;
}

/** The date tokens Jekyll and Hexo share (:year, :month, :i_month…). */
function dateTokens(post: PostPlace): Record<string, string> {
  const { year, month, day, hour, minute, second } = post.date;
  return { year: String(year), month: two(month), day: two(day), i_month: String(month), i_day: String(day), hour: two(hour), minute: two(minute), second: two(second) };
}

function jekyllTokens(post: PostPlace): Record<string, string> {
  const { year, month, day } = post.date;
  const title = jekyllSlug(post.slug ?? post.title, true);
  const dayOfYear = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return {
    ...dateTokens(post),
    short_year: two(year % 100),
    y_day: String(dayOfYear).padStart(3, '0'),
    title,
    slug: jekyllSlug(post.slug ?? post.title, false),
    categories: [...new Set(post.categories.map((category) => category.toLowerCase()))].join('/'),
    output_ext: '.html',
  };
}

/** Jekyll's slugify: `pretty` for :title (case kept), `default` for :slug. Letters of every script are kept. */
function jekyllSlug(text: string, pretty: boolean): string {
  const kept = pretty ? /[^\p{L}\p{N}._~!$&'()+,;=@]+/gu : /[^\p{L}\p{N}]+/gu;
  const slug = text.replace(kept, '-').replace(/^-+|-+$/g, '');
  return pretty ? slug : slug.toLowerCase();
}

function hexoTokens(post: PostPlace, settings: PermalinkSettings): Record<string, string> {
  const slugize = (name: string) => (settings.categoryMap?.[name] ?? name).replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'<>,.?/]+/g, '-').replace(/^-+|-+$/g, '');
  const category = post.categories.length > 0 ? post.categories.map(slugize).join('/') : slugize(settings.defaultCategory ?? 'uncategorized');
  return {
    ...dateTokens(post),
    title: post.title,
    post_title: post.title,
    name: post.title.split('/').at(-1)!,
    category,
  };
}

/** Hugo's urlize: spaces to dashes, characters a path cannot hold dropped, lower case unless kept. */
function urlize(text: string, keepCase = false): string {
  const url = text.trim().replace(/\s+/g, '-').replace(/[?#%"<>\\^`{|}]/g, '');
  return keepCase ? url : url.toLowerCase();
}

function hugoPath(post: PostPlace, settings: PermalinkSettings, own?: string): string {
  const prefix = post.language ? `/${post.language.toLowerCase()}` : '';
  const lower = (path: string) => (settings.keepCase ? path : path.toLowerCase());
  if (own !== undefined) return lower(sitePath(`${prefix}/${own}`));
  const section = post.sections[0] ?? '';
  const patterns = typeof settings.pattern === 'object' ? settings.pattern : {};
  const pattern = patterns[section];
  const name = post.slug ?? post.title;
  if (pattern === undefined) {
    const path = [...post.sections, urlize(name, true)].join('/');
    return lower(settings.uglyUrls ? `${prefix}/${path}.html`.replace(/\/{2,}/g, '/') : sitePath(`${prefix}/${path}`));
  }
  const { year, month, day } = post.date;
  const monthName = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
  const slug = post.slug ?? urlize(post.headline);
  const tokens: Record<string, string> = {
    year: String(year),
    month: two(month),
    monthname: monthName,
    day: two(day),
    section,
    sections: post.sections.join('/'),
    title: urlize(post.headline),
    slug,
    filename: post.title,
    contentbasename: post.title,
    slugorfilename: post.slug ?? post.title,
    slugorcontentbasename: post.slug ?? post.title,
  };
  return lower(sitePath(`${prefix}/${fill(pattern, tokens)}`));
}

/** A post's path on xinwen under a `permalink` setting, as the build places it. */
export function xinwenPath(pattern: string, post: { date: PostPlace['date']; slug: string; category?: string }): string {
  return permalinkPath(pattern, { slug: post.slug, yearMonth: { year: post.date.year, month: post.date.month }, day: post.date.day, category: post.category });
}

/**
 * The old permalink pattern in xinwen's tokens, when every part of it has
 * one (:title and :slug are the slug, :categories / :category the column).
 * Undefined when it has a part xinwen cannot make (:output_ext, :hour…).
 */
export function xinwenPattern(generator: Generator, settings: PermalinkSettings, sections: string[]): string | undefined {
  let pattern: string;
  if (generator === 'jekyll') pattern = jekyllPattern(settings.pattern);
  else if (generator === 'hexo') pattern = typeof settings.pattern === 'string' ? settings.pattern : ':year/:month/:day/:title/';
  else {
    const patterns = typeof settings.pattern === 'object' ? settings.pattern : {};
    // One section, its own pattern or Hugo's default /section/name/.
    if (sections.length !== 1) return undefined;
    pattern = patterns[sections[0]!] ?? `/${sections[0]}/:slug/`;
  }
  const mapped = `/${pattern}`
    .replace(/:(title|post_title|name|slugorfilename|slugorcontentbasename|contentbasename|filename)\b/g, ':slug')
    .replace(/:categories\b/g, ':category')
    .replace(/:output_ext\b/g, '.html')
    .replace(/\/{2,}/g, '/');
  return permalinkProblem(mapped) === undefined ? mapped : undefined;
}
