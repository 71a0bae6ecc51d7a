import { say } from '../core/language.ts';
import { slugify } from '../parse/slug.ts';

/**
 * The `permalink` setting: where an article is published, as a site path
 * with tokens. A site moved from Jekyll, Hugo or Hexo sets the shape its
 * old addresses had, and keeps them.
 */

/** Where articles are published unless the settings say otherwise: xinwen's own shape. */
export const DEFAULT_PERMALINK = '/news/:slug/';

const TOKENS = ['year', 'month', 'day', 'slug', 'title', 'category'] as const;

/** What an article's permalink is made of. */
export interface PermalinkFields {
  slug: string;
  yearMonth: { year: number; month: number };
  day?: number;
  category?: string;
}

/** Why a permalink setting cannot be used, or undefined when it can. */
export function permalinkProblem(permalink: string): string | undefined {
  if (!permalink.startsWith('/')) return say('要以 / 开头', 'must start with /');
  if (!permalink.endsWith('/') && !permalink.endsWith('.html')) return say('要以 / 或 .html 结尾', 'must end with / or .html');
  const unknown = [...permalink.matchAll(/:([A-Za-z_]+)/g)].map((match) => match[1]!).find((name) => !(TOKENS as readonly string[]).includes(name));
  if (unknown) return say(`里面的 \`:${unknown}\` 不认识；可以用 :year :month :day :slug :category`, `has \`:${unknown}\`, which is no token; use :year :month :day :slug :category`);
  if (!/:(slug|title)\b/.test(permalink)) return say('要有 :slug，否则几篇文章会发布到同一个地址', 'must contain :slug, or articles would share one address');
  const literal = permalink.replace(/:[A-Za-z_]+/g, 'x');
  if (/[^A-Za-z0-9/._-]/.test(literal)) return say('除了 :year 这样的记号，只能有字母、数字和 / . _ -', 'may have only letters, digits and / . _ - besides tokens like :year');
  if (literal.split('/').some((part) => part === '.' || part === '..')) return say('不能有 `.` 或 `..` 这样的一段', 'must have no `.` or `..` segment');
  return undefined;
}

/** An article's site path under a permalink; the column's slug for `:category` (an article without a column leaves that segment out). */
export function permalinkPath(permalink: string, article: PermalinkFields): string {
  const values: Record<string, string> = {
    year: String(article.yearMonth.year),
    month: String(article.yearMonth.month).padStart(2, '0'),
    day: String(article.day ?? 1).padStart(2, '0'),
    slug: article.slug,
    title: article.slug,
  };
  // The column's slug only where the permalink shows it: spelling Chinese in pinyin loads pinyin-pro's dictionary (0.1 s).
  const valueOf = (name: string) => (name !== 'category' ? values[name]! : article.category === undefined ? '' : slugify(article.category));
  return permalink.replace(/:([a-z]+)/g, (_, name: string) => valueOf(name)).replace(/\/{2,}/g, '/');
}

/**
 * A matcher for the site paths the permalink publishes articles under, for
 * links into a script tree (urls.ts `isPagePath`): its literal start
 * (`posts/`), or a year (`2016/`) for one that starts with `:year`.
 */
export function permalinkRoot(permalink: string): (relative: string) => boolean {
  const first = permalink.slice(1).split('/')[0]!;
  if (first === ':year') return (relative) => /^\d{4}\//.test(relative);
  if (!first.includes(':') && permalink.slice(1).includes('/')) return (relative) => relative.startsWith(`${first}/`);
  return () => false;
}
