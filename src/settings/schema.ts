import { z } from 'zod';
import { isValidTimeZone } from '../core/clock.ts';
import { nearest } from '../core/suggest.ts';
import { unsafeUrlScheme } from '../core/unsafe-url.ts';
import { LOCALES } from '../convert/opencc.ts';
import { QUOTE_STYLES, type QuoteStyle, SOURCE_SCRIPT_NAMES } from '../convert/scripts.ts';
import { say } from '../core/language.ts';

/**
 * `content/site.yaml`: every key, its type and its default. The README's
 * settings reference is written from this file; keep them in step.
 */
const text = (what: string) => z.string({ error: `must be text (${what})` }).trim();
const nonEmpty = (what: string) => text(what).min(1, { error: `must not be empty (${what})` });
/** A link: never a javascript:, vbscript:, file: or data: URL, which would run code or be refused. */
const safeUrl = <T extends z.ZodType<string>>(schema: T, what: string) =>
  schema.refine((value) => unsafeUrlScheme(value) === undefined, {
    error: (issue) => `is a \`${unsafeUrlScheme(String(issue.input))}:\` URL, which xinwen never puts on a page; use ${what}`,
  });

/** What becomes of raw HTML in Markdown; see parse/markdown.ts. */
const RAW_HTML = ['allow', 'sanitize', 'escape'] as const;
const rawHtml = z.enum(RAW_HTML, {
  error: (issue) => {
    const input = issue.input;
    const guess = typeof input === 'string' ? nearest(input, RAW_HTML) : input === false ? 'escape' : input === true ? 'allow' : undefined;
    return `must be allow, sanitize or escape${guess ? ` (did you mean \`${guess}\`?)` : ''}`;
  },
});

/** A whole number in [min, max], with one message for every way it can be wrong. */
const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const NavLink = z.strictObject({
  /** Link text. */
  title: nonEmpty('the link text'),
  /** A site path such as `/news/` (the base URL's path is added) or a full https:// URL. */
  url: safeUrl(nonEmpty('a path like /news/ or a full URL'), 'a path like /news/ or a full https:// URL'),
});

const VariantSchema = z.strictObject({
  /** OpenCC locale of this tree: cn (simplified), tw (Taiwan), hk (Hong Kong), t (OpenCC standard). twp adds Taiwan phrases. */
  opencc: z.enum(LOCALES as [string, ...string[]], { error: `must be one of ${LOCALES.join(', ')}` }),
  /** BCP 47 tag for lang and hreflang. Default from opencc: zh-Hans, zh-Hant, zh-Hant-HK. */
  lang: nonEmpty('a language tag like zh-Hant')
    // It fills lang and hreflang attributes: letters, digits and dashes only.
    .regex(/^[a-z]{2,8}(?:-[a-z0-9]{1,8})*$/i, { error: 'must be a language tag like zh-Hant or zh-Hant-HK (letters, digits and dashes)' })
    .optional(),
  /** URL prefix such as /zh-hant/; exactly one variant is at /. */
  path: z
    .string({ error: 'must be a URL path like /zh-hant/' })
    .regex(/^\/(?:[a-z0-9][a-z0-9._-]*\/)*$/i, { error: 'must be a URL path like / or /zh-hant/ (starting and ending with /)' }),
  /** Text of the link that switches to this variant. Default: 简体, 繁體 or 繁體（香港）. */
  label: nonEmpty('the switch link text, e.g. 繁體').optional(),
  /** `corner` prints quotations as 「」 and 『』 inside them (Taiwan, Hong Kong) instead of “” ‘’; never in code. Default `curly`: as written. */
  quotes: z
    .enum(QUOTE_STYLES as [QuoteStyle, ...QuoteStyle[]], {
      error: () => say('只能是 curly（引号照原样：“”‘’）或 corner（直角引号：「」『』）', 'must be curly (“” ‘’ as written) or corner (「」 『』)'),
    })
    .optional(),
});

export const SettingsSchema = z.strictObject({
  /** Site name, shown in the header and every page title. Required. */
  name: nonEmpty('the site name'),
  /** One sentence about the site, for the home page's meta description. Default: empty. */
  description: text('one sentence').default(''),
  /** Where the site is deployed, e.g. `https://www.example.com/` or `https://example.com/news/`. Required. */
  base_url: z
    .string({ error: 'must be a URL like https://www.example.com/' })
    .trim()
    // No quotes, angle brackets or spaces: the base URL is written as is into pages, feeds, the sitemap and robots.txt.
    .refine((value) => /^https?:\/\/[^/\s"'<>\\^`{|}]+(\/[^\s"'<>\\^`{|}]*)?$/.test(value) && URL.canParse(value), {
      error: 'must be an http(s) URL like https://www.example.com/, without spaces, quotes or < >',
    }),
  /** IANA time zone in which front-matter dates without an offset are read and all dates are shown. */
  timezone: z
    .string({ error: 'must be a time zone name like Asia/Shanghai' })
    .refine(isValidTimeZone, { error: 'is not a time zone name; use one like Asia/Shanghai or Asia/Hong_Kong' })
    .default('Asia/Shanghai'),
  /** How dates are shown: tokens YYYY MM M DD D HH H mm m ss s. Default as on legacy CMS pages. */
  date_format: nonEmpty('date tokens like YYYY/M/D H:mm:ss').default('YYYY/M/D H:mm:ss'),
  /** Articles per list page. */
  page_size: wholeNumber(1, 200)
    .default(15),
  /** How many articles the sidebar's 热门文章 list shows. */
  hot_count: wholeNumber(0, 50)
    .default(8),
  /** How many articles a detail page's 相关新闻 list shows. */
  related_count: wholeNumber(0, 20)
    .default(5),
  /** Build the search page and its index (one for every script tree). */
  search: z.boolean({ error: 'must be true or false' }).default(true),
  /**
   * Raw HTML in Markdown: `allow` passes it through (editors are trusted), `sanitize` keeps a safe subset
   * (no scripts, event handlers, styles, forms or frames), `escape` shows it as text. In every mode
   * javascript:, vbscript:, file: and data: links are dropped.
   */
  raw_html: rawHtml.default('allow'),
  /** Add every column (栏目) to the navigation after `nav`. */
  nav_columns: z.boolean({ error: 'must be true or false' }).default(true),
  /** Author shown when an article has none. */
  default_author: nonEmpty('an author name').default('网站编辑'),
  /** 联系我们 block in the sidebar and the footer. All keys optional. */
  contact: z
    .strictObject({
      /** Company or organisation name. Default: the site name. */
      company: text('a company name').optional(),
      /** 服务热线, shown in the footer and sidebar. */
      hotline: text('a phone number').optional(),
      /** 电话, if different from the hotline. */
      phone: text('a phone number').optional(),
      /** 地址. */
      address: text('an address').optional(),
      /** 邮箱. */
      email: text('an email address').optional(),
    })
    .default({}),
  /** Filing numbers shown in the footer, linked to their registries. */
  filings: z
    .strictObject({
      /** ICP filing number as issued, e.g. `鄂ICP备2021000000号-1`. */
      icp: text('the ICP filing number').optional(),
      /** Link for the ICP number. */
      icp_url: safeUrl(text('a URL'), 'the registry\'s https:// address').default('https://beian.miit.gov.cn/'),
      /** 公安 filing number as issued, e.g. `鄂公网安备42130202000000号`. */
      police: text('the 公安 filing number').optional(),
      /** Link for the 公安 number. Default: the registry's query page for its digits. */
      police_url: safeUrl(text('a URL'), 'the registry\'s https:// address').optional(),
    })
    .default({ icp_url: 'https://beian.miit.gov.cn/' }),
  /** Logo image shown in the header instead of the site name (which stays as text for screen readers): a path in public/ like `/images/logo.png`, or a URL. */
  logo: safeUrl(nonEmpty('a path like /images/logo.png'), 'a path like /images/logo.png or an https:// URL').optional(),
  /** The browser tab's icon: a path in public/ like `/favicon.ico` or `/images/icon.png`. Default: xinwen's own /favicon.ico. */
  favicon: safeUrl(nonEmpty('a path like /favicon.ico'), 'a path like /favicon.ico').optional(),
  /** The footer's copyright line: `© since–this year owner 版权所有`. Default: `© company 版权所有`, no year. */
  copyright: z
    .strictObject({
      /** Who holds the copyright. Default: `contact.company`. */
      owner: nonEmpty('a company name').optional(),
      /** First year; the line runs from it to the year of the build. */
      since: wholeNumber(1990, 9999).optional(),
    })
    .default({}),
  /** Offer 长辈模式 (large text, high contrast; GB/T 37668 and the 适老化 guideline) with a switch in the header. */
  elder_mode: z.boolean({ error: 'must be true or false' }).default(false),
  /** Slides of the home page's 焦点图: the newest `featured: true` articles (0: none). */
  home_slides: wholeNumber(0, 10).default(5),
  /** Items in each column's block on the home page (0: no column blocks). */
  home_column_items: wholeNumber(0, 20).default(6),
  /** The script articles, settings and site templates are written in. Default zh-Hans (simplified). */
  script: z
    .enum(SOURCE_SCRIPT_NAMES as [string, ...string[]], { error: `must be one of ${SOURCE_SCRIPT_NAMES.join(', ')}` })
    .default('zh-Hans'),
  /** Published trees, the first is the default (x-default). Default: zh-Hans at /, zh-Hant (opencc tw) at /zh-hant/. */
  variants: z
    .array(VariantSchema, { error: 'must be a list of { opencc, path }' })
    .min(1, { error: 'must list at least one variant' })
    .default([
      { opencc: 'cn', path: '/' },
      { opencc: 'tw', path: '/zh-hant/' },
    ]),
  /** Header navigation. Default: 首页 and 新闻中心. */
  nav: z.array(NavLink, { error: 'must be a list of { title, url }' }).optional(),
});

export type SettingsInput = z.input<typeof SettingsSchema>;
export type SettingsParsed = z.output<typeof SettingsSchema>;
