import { z } from 'zod';
import { SOURCE_SCRIPT_NAMES } from '../convert/scripts.ts';
import { unsafeUrlScheme } from '../core/unsafe-url.ts';
import { say } from '../core/language.ts';

/**
 * Front matter of an article: every key, its type and default. The README's
 * front-matter reference is written from this file; keep them in step.
 * Dates are checked separately (they need the site's time zone).
 */
// Messages are functions: they are made in the user's language when a value is checked, not when this module loads.
const text = z.string({ error: () => say('应该是文字；如果它看起来像数字或日期，请加上引号', 'must be text; put it in quotes if it looks like a number or a date') }).trim();

/** Tags: a YAML list, or one string split on , ， and 、. Numbers are read as text. */
const tagList = z.unknown().transform((value, context): string[] => {
  let tags: unknown[];
  if (typeof value === 'string') tags = value.split(/[,，、]/);
  else if (Array.isArray(value)) tags = value;
  else {
    context.addIssue({
      code: 'custom',
      message: say('应该是 [党建, 基层治理] 这样的列表，或者 "党建，基层治理" 这样的一段文字', 'must be a list like [党建, 基层治理] or one text like "党建，基层治理"'),
    });
    return z.NEVER;
  }
  const bad = tags.findIndex((tag) => typeof tag !== 'string' && typeof tag !== 'number');
  if (bad !== -1) {
    const tag = tags[bad];
    const message =
      tag !== null && typeof tag === 'object'
        ? say(
            `应该是词语的列表，列表里不能再套列表：第 ${bad + 1} 项是${Array.isArray(tag) ? '一个列表' : '一组 `字段: 值`'}`,
            `must be a list of words, not a nested list: item ${bad + 1} is ${Array.isArray(tag) ? 'a list' : 'a `key: value` map'}`,
          )
        : say(
            `应该是词语的列表：第 ${bad + 1} 项${tag === null ? '是空的' : `是 \`${String(tag)}\`，请给它加上引号`}`,
            `must be a list of words: item ${bad + 1} is ${tag === null ? 'empty' : `\`${String(tag)}\`; put it in quotes`}`,
          );
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  return [...new Set(tags.map((tag) => String(tag).trim()).filter(Boolean))];
});

const trueOrFalse = () => say('只能是 true 或 false', 'must be true or false');

/** Longest headline, in characters: a longer "title" is almost always the text pasted into the wrong field. */
export const MAX_TITLE_LENGTH = 200;

/** 人气: a whole number; `"190"` is accepted, `190人` is not. */
const views = z
  .union([z.number(), z.string().regex(/^\s*\d+\s*$/).transform(Number)], {
    error: () => say('应该是一个整数，例如 190（不要带“人”“次”这样的单位）', 'must be a whole number of views, like 190 (no units such as 人 or 次)'),
  })
  .pipe(
    z
      .number()
      .int({ error: () => say('应该是整数，例如 190', 'must be a whole number of views, like 190') })
      .min(0, { error: () => say('不能小于 0', 'must be 0 or more') })
      .max(Number.MAX_SAFE_INTEGER, { error: () => say('太大了', 'is too large') }),
  );

const dateText = z.string({ error: () => say('应该是 2022-05-17 08:10:05 这样的日期，并加上引号', 'must be a date like 2022-05-17 08:10:05; put it in quotes') });

/** One text or a list of texts, for `categories`: a text is split on spaces, commas and `/`. */
const categoryList = z.unknown().transform((value, context): string[] => {
  const items = typeof value === 'string' ? value.split(/[\s,，、/]+/) : Array.isArray(value) ? value : undefined;
  if (!items || items.some((item) => typeof item !== 'string' && typeof item !== 'number')) {
    context.addIssue({ code: 'custom', message: say('应该是 [新闻, 本地] 这样的列表，或者 "新闻/本地" 这样的一段文字', 'must be a list like [新闻, 本地] or one text like "新闻/本地"') });
    return z.NEVER;
  }
  return [...new Set(items.map((item) => String(item).trim()).filter(Boolean))];
});

/** Old site paths: a list, or one path. Checked further (inside the site, no `..`) in article.ts. */
const aliasList = z.unknown().transform((value, context): string[] => {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!items || items.some((item) => typeof item !== 'string')) {
    context.addIssue({ code: 'custom', message: say('应该是 [/2016/05/16/old-name/] 这样的网址路径列表', 'must be a list of site paths like [/2016/05/16/old-name/]') });
    return z.NEVER;
  }
  return (items as string[]).map((item) => item.trim()).filter(Boolean);
});

export const FrontMatterSchema = z.object({
  /** Headline. Required. */
  title: text
    .min(1, { error: () => say('不能是空的', 'must not be empty') })
    .refine((value) => [...value].length <= MAX_TITLE_LENGTH, {
      error: (issue) =>
        say(
          `有 ${[...String(issue.input)].length} 个字，标题最多 ${MAX_TITLE_LENGTH} 个字`,
          `is ${[...String(issue.input)].length} characters long; a headline may have at most ${MAX_TITLE_LENGTH}`,
        ),
    }),
  /** Publication time; see `ACCEPTED_DATE_FORMS`. Required, unless the file name starts with the date (`2016-05-16-confoo.md`, as Jekyll and Hexo name posts). */
  date: dateText.optional(),
  /** Last update (更新时间), shown on the article's page and given to feeds and the sitemap. Also read as `lastmod` and `last_modified_at`. */
  updated: dateText.optional(),
  /** 作者. Default: the `default_author` setting. */
  author: text.optional(),
  /** 来源, e.g. 湖北日报 or 转载. Default: none (the meta line leaves it out). */
  source: text.optional(),
  /** 责任编辑, shown under the article as news pages print it. Default: none. */
  editor: text.optional(),
  /** 人气. Default 0. */
  views: views.default(0),
  /** 标签. Default: none. */
  tags: tagList.default([]),
  /** 栏目. Default: none. */
  category: text.optional(),
  /**
   * Jekyll's and Hexo's categories: the first is the column (unless `category` is given), the others become tags.
   * A list, or one text split on spaces, commas and `/` (`news/local` is a path: column news, tag local).
   */
  categories: categoryList.optional(),
  /** Old addresses of the article (`/2016/05/16/confoo-cfp/`, `/posts/x.html`): each becomes a page that sends the reader on. Also read as `redirect_from`. */
  aliases: aliasList.optional(),
  /** Summary for list pages. Default: the body's first sentence(s), about 80 characters. */
  summary: text.optional(),
  /** Cover image path or URL; never a javascript:, vbscript:, file: or (non-image) data: URL. */
  cover: text
    .refine((value) => unsafeUrlScheme(value) === undefined, {
      error: (issue) =>
        say(
          `是 \`${unsafeUrlScheme(String(issue.input))}:\` 开头的网址，xinwen 不会把这种网址放到页面上；请写 /images/a.jpg 这样的路径或 https:// 网址`,
          `is a \`${unsafeUrlScheme(String(issue.input))}:\` URL, which xinwen never puts on a page; use a path like /images/a.jpg or an https:// URL`,
        ),
    })
    .optional(),
  /** 置顶: listed before every other article, with a badge. */
  pinned: z.boolean({ error: trueOrFalse }).default(false),
  /** 推荐: listed after pinned articles and before the rest, with a badge. */
  featured: z.boolean({ error: trueOrFalse }).default(false),
  /** A draft is built only with `--drafts`. */
  draft: z.boolean({ error: trueOrFalse }).default(false),
  /** Jekyll's `published: false`: a draft. */
  published: z.boolean({ error: trueOrFalse }).optional(),
  /** Script this article is written in, when it differs from the site's `script`: zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK. */
  script: z.enum(SOURCE_SCRIPT_NAMES as [string, ...string[]], { error: () => say(`只能是 ${SOURCE_SCRIPT_NAMES.join('、')} 之一`, `must be one of ${SOURCE_SCRIPT_NAMES.join(', ')}`) }).optional(),
  /** URL segment. Default: the file name without a leading date; Chinese becomes pinyin. */
  slug: z.union([text, z.number().transform(String)], { error: () => say('应该是文字', 'must be text') }).optional(),
});

export type FrontMatter = z.output<typeof FrontMatterSchema>;
export const FRONT_MATTER_KEYS = Object.keys(FrontMatterSchema.shape);
