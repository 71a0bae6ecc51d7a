import { z } from 'zod';
import { SOURCE_SCRIPT_NAMES } from '../convert/scripts.ts';
import { unsafeUrlScheme } from '../core/unsafe-url.ts';

/**
 * Front matter of an article: every key, its type and default. The README's
 * front-matter reference is written from this file; keep them in step.
 * Dates are checked separately (they need the site's time zone).
 */
const text = z.string({ error: 'must be text; put it in quotes if it looks like a number or a date' }).trim();

/** Tags: a YAML list, or one string split on , ， and 、. Numbers are read as text. */
const tagList = z.unknown().transform((value, context): string[] => {
  let tags: unknown[];
  if (typeof value === 'string') tags = value.split(/[,，、]/);
  else if (Array.isArray(value)) tags = value;
  else {
    context.addIssue({ code: 'custom', message: 'must be a list like [党建, 基层治理] or one text like "党建，基层治理"' });
    return z.NEVER;
  }
  const bad = tags.findIndex((tag) => typeof tag !== 'string' && typeof tag !== 'number');
  if (bad !== -1) {
    const tag = tags[bad];
    const message =
      tag !== null && typeof tag === 'object'
        ? `must be a list of words, not a nested list: item ${bad + 1} is ${Array.isArray(tag) ? 'a list' : 'a `key: value` map'}`
        : `must be a list of words: item ${bad + 1} is ${tag === null ? 'empty' : `\`${String(tag)}\`; put it in quotes`}`;
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
  return [...new Set(tags.map((tag) => String(tag).trim()).filter(Boolean))];
});

/** Longest headline, in characters: a longer "title" is almost always the text pasted into the wrong field. */
export const MAX_TITLE_LENGTH = 200;

/** 人气: a whole number; `"190"` is accepted, `190人` is not. */
const views = z
  .union([z.number(), z.string().regex(/^\s*\d+\s*$/).transform(Number)], {
    error: 'must be a whole number of views, like 190 (no units such as 人 or 次)',
  })
  .pipe(
    z
      .number()
      .int({ error: 'must be a whole number of views, like 190' })
      .min(0, { error: 'must be 0 or more' })
      .max(Number.MAX_SAFE_INTEGER, { error: 'is too large' }),
  );

export const FrontMatterSchema = z.object({
  /** Headline. Required. */
  title: text
    .min(1, { error: 'must not be empty' })
    .refine((value) => [...value].length <= MAX_TITLE_LENGTH, {
      error: (issue) => `is ${[...String(issue.input)].length} characters long; a headline may have at most ${MAX_TITLE_LENGTH}`,
    }),
  /** Publication time; see `ACCEPTED_DATE_FORMS`. Required. */
  date: z.string({ error: 'must be a date like 2022-05-17 08:10:05; put it in quotes' }),
  /** 作者. Default: the `default_author` setting. */
  author: text.optional(),
  /** 来源, e.g. 湖北日报 or 转载. Default: none (the meta line leaves it out). */
  source: text.optional(),
  /** 人气. Default 0. */
  views: views.default(0),
  /** 标签. Default: none. */
  tags: tagList.default([]),
  /** 栏目. Default: none. */
  category: text.optional(),
  /** Summary for list pages. Default: the body's first sentence(s), about 80 characters. */
  summary: text.optional(),
  /** Cover image path or URL; never a javascript:, vbscript:, file: or (non-image) data: URL. */
  cover: text
    .refine((value) => unsafeUrlScheme(value) === undefined, {
      error: (issue) => `is a \`${unsafeUrlScheme(String(issue.input))}:\` URL, which xinwen never puts on a page; use a path like /images/a.jpg or an https:// URL`,
    })
    .optional(),
  /** 置顶: listed before every other article, with a badge. */
  pinned: z.boolean({ error: 'must be true or false' }).default(false),
  /** 推荐: listed after pinned articles and before the rest, with a badge. */
  featured: z.boolean({ error: 'must be true or false' }).default(false),
  /** A draft is built only with `--drafts`. */
  draft: z.boolean({ error: 'must be true or false' }).default(false),
  /** Script this article is written in, when it differs from the site's `script`: zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK. */
  script: z.enum(SOURCE_SCRIPT_NAMES as [string, ...string[]], { error: `must be one of ${SOURCE_SCRIPT_NAMES.join(', ')}` }).optional(),
  /** URL segment. Default: the file name without a leading date; Chinese becomes pinyin. */
  slug: z.union([text, z.number().transform(String)], { error: 'must be text' }).optional(),
});

export type FrontMatter = z.output<typeof FrontMatterSchema>;
export const FRONT_MATTER_KEYS = Object.keys(FrontMatterSchema.shape);
