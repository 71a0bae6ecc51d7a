import type { Clock } from '../core/clock.ts';
import { parseArticle } from '../parse/article.ts';
import { createMarkdownRenderer } from '../parse/markdown.ts';
import { slugify } from '../parse/slug.ts';
import type { Settings } from '../settings/settings.ts';
import type { ExtractedPage } from './extracted-page.ts';
import { say } from '../core/language.ts';

/** An article ready to be written: every field already clean, in the site's script. */
export interface ImportedArticle {
  title: string;
  /** `YYYY-MM-DD HH:mm:ss` or `YYYY-MM-DD`. */
  date: string;
  author?: string;
  source?: string;
  views?: number;
  editor?: string;
  tags: string[];
  category?: string;
  /** Set when the page lacked its title or date, so the editor checks it before it is published. */
  draft: boolean;
  body: string;
}

/**
 * The article's fields, with a stand-in for a missing title or date: the
 * article is then a draft, and a warning says what to check.
 */
export function articleFromPage(page: ExtractedPage, file: { fileName: string; mtime: number }, clock: Clock, warnings: string[]): ImportedArticle {
  let draft = false;
  let title = page.title?.trim();
  if (!title) {
    const name = file.fileName.replace(/\.[^.]+$/, '');
    title = /\p{Script=Han}/u.test(name) ? name : firstSentence(page.body);
    warnings.push(say(`没有找到标题：标题暂定为“${title}”，存为草稿`, `no title found: titled “${title}”, saved as a draft`));
    draft = true;
  }
  let date = page.date;
  if (date !== undefined && !clock.parse(date).ok) {
    warnings.push(say(`网页上的日期 ${date} 不是真实存在的日期`, `the page's date ${date} is not a real date`));
    date = undefined;
  }
  if (date === undefined) {
    date = clock.format(file.mtime, 'YYYY-MM-DD HH:mm:ss');
    warnings.push(say(`没有找到日期：日期暂定为 ${date}（文件的修改时间），存为草稿`, `no date found: dated ${date} (the file's time), saved as a draft`));
    draft = true;
  }
  return {
    title,
    date,
    author: page.author,
    source: page.source,
    views: page.views,
    editor: page.editor,
    tags: page.tags,
    category: page.category,
    draft,
    body: page.body,
  };
}

function firstSentence(body: string): string {
  const text = body.replace(/!\[[^\]]*\]\([^)]*\)|[#*_>\\`[\]]|\([^)]*\)/g, '').trim();
  const sentence = /^[^。！？\n]{1,30}/u.exec(text)?.[0] ?? text.slice(0, 30);
  return sentence.trim() || '无标题';
}

/** Characters of slug a long title is cut to, at a word boundary: file names stay readable. */
export const IMPORT_SLUG_LENGTH = 60;

/**
 * Pinyin slug of a title, as `xinwen new` makes it (随州香菇节 →
 * sui-zhou-xiang-gu-jie), cut after the last whole word (by the ICU word
 * breaker) that keeps it within IMPORT_SLUG_LENGTH characters.
 */
export function articleSlug(title: string): string {
  const full = slugify(title);
  if (full.length <= IMPORT_SLUG_LENGTH) return full || 'article';
  let best = '';
  let prefix = '';
  for (const { segment } of new Intl.Segmenter('zh', { granularity: 'word' }).segment(title)) {
    prefix += segment;
    const slug = slugify(prefix);
    if (slug.length > IMPORT_SLUG_LENGTH) break;
    best = slug;
  }
  // A first word longer than the limit (a long run of Latin letters): cut it at a dash, else anywhere.
  if (best === '') {
    const cut = full.slice(0, IMPORT_SLUG_LENGTH + 1);
    const dash = cut.lastIndexOf('-');
    best = (dash > IMPORT_SLUG_LENGTH / 2 ? cut.slice(0, dash) : cut.slice(0, IMPORT_SLUG_LENGTH)).replace(/[-.]+$/, '');
  }
  return best;
}

/** `2022-05-17-<slug>.md`, like `xinwen new`. */
export function articleFileName(article: ImportedArticle, slug: string): string {
  return `${article.date.slice(0, 10)}-${slug}.md`;
}

/**
 * A front-matter value: a text (written quoted), a number, `true`, a list of texts in brackets,
 * or `{ lines }`, a list written an item a line; undefined, false and empty lists are left out.
 */
export type FrontMatterValue = string | number | boolean | readonly string[] | { lines: readonly string[] } | undefined;

/** YAML double-quoted string: safe for any text. */
const quoted = (text: string) => JSON.stringify(text);

/**
 * A Markdown file with front matter in the style of `xinwen new` (texts quoted, lists in
 * brackets), fields in the order given, a blank line, the body. Both importers write with it.
 */
export function renderArticleFile(fields: Record<string, FrontMatterValue>, body: string): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'string') lines.push(`${key}: ${quoted(value)}`);
    else if (typeof value !== 'object') lines.push(`${key}: ${String(value)}`);
    else if ('lines' in value) {
      if (value.lines.length > 0) lines.push(`${key}:`, ...value.lines.map((item) => `  - ${quoted(item)}`));
    } else if (value.length > 0) lines.push(`${key}: [${value.map(quoted).join(', ')}]`);
  }
  lines.push('---', '', body.trim(), '');
  return lines.join('\n');
}

/** The Markdown file of an imported page. */
export function renderArticle(article: ImportedArticle): string {
  const { title, date, author, source, views, editor, tags, category, draft } = article;
  return renderArticleFile({ title, date, author, source, views, editor, tags, category, draft }, article.body);
}

/**
 * A check that parses a written article with the site's own parser, exactly
 * as a build would, and throws the build's XinwenError(s) when it would not
 * build. `file` is the article's path relative to the site root.
 */
export function createArticleValidator(settings: Settings, clock: Clock): (file: string, text: string) => void {
  const context = { clock, markdown: createMarkdownRenderer(settings.basePath, settings.rawHtml), defaultAuthor: settings.defaultAuthor };
  return (file, text) => {
    parseArticle({ file, text }, context);
  };
}
