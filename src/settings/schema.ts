import { z } from 'zod';
import { isValidTimeZone } from '../core/clock.ts';
import { nearest } from '../core/suggest.ts';
import { unsafeUrlScheme } from '../core/unsafe-url.ts';
import { LOCALES } from '../convert/opencc.ts';
import { QUOTE_STYLES, type QuoteStyle, SOURCE_SCRIPT_NAMES } from '../convert/scripts.ts';
import { say } from '../core/language.ts';
import { DEFAULT_PERMALINK, permalinkProblem } from '../model/permalink.ts';

/**
 * `content/site.yaml`: every key, its type and its default. The README's
 * settings reference is written from this file; keep them in step.
 */
// Messages are functions: they are made in the user's language when the settings are read, not when this module loads.
/** What a value is, in Chinese and in English. */
type What = readonly [zh: string, en: string];
const text = (what: What) => z.string({ error: () => say(`应该是文字（${what[0]}）`, `must be text (${what[1]})`) }).trim();
const nonEmpty = (what: What) => text(what).min(1, { error: () => say(`不能是空的（${what[0]}）`, `must not be empty (${what[1]})`) });
/** A link: never a javascript:, vbscript:, file: or data: URL, which would run code or be refused. */
const safeUrl = <T extends z.ZodType<string>>(schema: T, what: What) =>
  schema.refine((value) => unsafeUrlScheme(value) === undefined, {
    error: (issue) =>
      say(
        `是 \`${unsafeUrlScheme(String(issue.input))}:\` 开头的网址，xinwen 不会把这种网址放到页面上；请改写成${what[0]}`,
        `is a \`${unsafeUrlScheme(String(issue.input))}:\` URL, which xinwen never puts on a page; use ${what[1]}`,
      ),
  });

const trueOrFalse = () => say('只能是 true 或 false', 'must be true or false');

/** What becomes of raw HTML in Markdown; see parse/markdown.ts. */
const RAW_HTML = ['allow', 'sanitize', 'escape'] as const;
const rawHtml = z.enum(RAW_HTML, {
  error: (issue) => {
    const input = issue.input;
    const guess = typeof input === 'string' ? nearest(input, RAW_HTML) : input === false ? 'escape' : input === true ? 'allow' : undefined;
    return say(`只能是 allow、sanitize 或 escape${guess ? `（是不是想写 \`${guess}\`？）` : ''}`, `must be allow, sanitize or escape${guess ? ` (did you mean \`${guess}\`?)` : ''}`);
  },
});

/** A whole number in [min, max], with one message for every way it can be wrong. */
const wholeNumber = (min: number, max: number) => {
  const error = () => say(`应该是 ${min} 到 ${max} 之间的整数`, `must be a whole number from ${min} to ${max}`);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const NavLink = z.strictObject({
  /** Link text. */
  title: nonEmpty(['链接文字', 'the link text']),
  /** A site path such as `/news/` (the base URL's path is added) or a full https:// URL. */
  url: safeUrl(nonEmpty(['/news/ 这样的路径或完整网址', 'a path like /news/ or a full URL']), ['/news/ 这样的路径或完整的 https:// 网址', 'a path like /news/ or a full https:// URL']),
});

const VariantSchema = z.strictObject({
  /** OpenCC locale of this tree: cn (simplified), tw (Taiwan), hk (Hong Kong), t (OpenCC standard). twp adds Taiwan phrases. */
  opencc: z.enum(LOCALES as [string, ...string[]], { error: () => say(`只能是 ${LOCALES.join('、')} 之一`, `must be one of ${LOCALES.join(', ')}`) }),
  /** BCP 47 tag for lang and hreflang. Default from opencc: zh-Hans, zh-Hant, zh-Hant-HK. */
  lang: nonEmpty(['zh-Hant 这样的语言标签', 'a language tag like zh-Hant'])
    // It fills lang and hreflang attributes: letters, digits and dashes only.
    .regex(/^[a-z]{2,8}(?:-[a-z0-9]{1,8})*$/i, {
      error: () => say('应该是 zh-Hant 或 zh-Hant-HK 这样的语言标签（字母、数字和连字符）', 'must be a language tag like zh-Hant or zh-Hant-HK (letters, digits and dashes)'),
    })
    .optional(),
  /** URL prefix such as /zh-hant/; exactly one variant is at /. */
  path: z
    .string({ error: () => say('应该是 /zh-hant/ 这样的网址路径', 'must be a URL path like /zh-hant/') })
    .regex(/^\/(?:[a-z0-9][a-z0-9._-]*\/)*$/i, {
      error: () => say('应该是 / 或 /zh-hant/ 这样的网址路径（以 / 开头，以 / 结尾）', 'must be a URL path like / or /zh-hant/ (starting and ending with /)'),
    }),
  /** Text of the link that switches to this variant. Default: 简体, 繁體 or 繁體（香港）. */
  label: nonEmpty(['简繁切换链接的文字，例如 繁體', 'the switch link text, e.g. 繁體']).optional(),
  /** `corner` prints quotations as 「」 and 『』 inside them (Taiwan, Hong Kong) instead of “” ‘’; never in code. Default `curly`: as written. */
  quotes: z
    .enum(QUOTE_STYLES as [QuoteStyle, ...QuoteStyle[]], {
      error: () => say('只能是 curly（引号照原样：“”‘’）或 corner（直角引号：「」『』）', 'must be curly (“” ‘’ as written) or corner (「」 『』)'),
    })
    .optional(),
});

export const SettingsSchema = z.strictObject({
  /** Site name, shown in the header and every page title. Required. */
  name: nonEmpty(['网站名称', 'the site name']),
  /** One sentence about the site, for the home page's meta description. Default: empty. */
  description: text(['一句话', 'one sentence']).default(''),
  /** Where the site is deployed, e.g. `https://www.example.com/` or `https://example.com/news/`. Required. */
  base_url: z
    .string({ error: () => say('应该是 https://www.example.com/ 这样的网址', 'must be a URL like https://www.example.com/') })
    .trim()
    // No quotes, angle brackets or spaces: the base URL is written as is into pages, feeds, the sitemap and robots.txt.
    .refine((value) => /^https?:\/\/[^/\s"'<>\\^`{|}]+(\/[^\s"'<>\\^`{|}]*)?$/.test(value) && URL.canParse(value), {
      error: () => say('应该是 https://www.example.com/ 这样的 http(s) 网址，不能有空格、引号或 < >', 'must be an http(s) URL like https://www.example.com/, without spaces, quotes or < >'),
    }),
  /** IANA time zone in which front-matter dates without an offset are read and all dates are shown. */
  timezone: z
    .string({ error: () => say('应该是 Asia/Shanghai 这样的时区名', 'must be a time zone name like Asia/Shanghai') })
    .refine(isValidTimeZone, { error: () => say('不是时区名；请写 Asia/Shanghai 或 Asia/Hong_Kong 这样的时区', 'is not a time zone name; use one like Asia/Shanghai or Asia/Hong_Kong') })
    .default('Asia/Shanghai'),
  /** How dates are shown: tokens YYYY MM M DD D HH H mm m ss s. Default as on legacy CMS pages. */
  date_format: nonEmpty(['YYYY/M/D H:mm:ss 这样的日期格式', 'date tokens like YYYY/M/D H:mm:ss']).default('YYYY/M/D H:mm:ss'),
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
  search: z.boolean({ error: trueOrFalse }).default(true),
  /**
   * Raw HTML in Markdown: `allow` passes it through (editors are trusted), `sanitize` keeps a safe subset
   * (no scripts, event handlers, styles, forms or frames), `escape` shows it as text. In every mode
   * javascript:, vbscript:, file: and data: links are dropped.
   */
  raw_html: rawHtml.default('allow'),
  /** Add every column (栏目) to the navigation after `nav`. */
  nav_columns: z.boolean({ error: trueOrFalse }).default(true),
  /** Author shown when an article has none. */
  default_author: nonEmpty(['作者名', 'an author name']).default('网站编辑'),
  /** 联系我们 block in the sidebar and the footer. All keys optional. */
  contact: z
    .strictObject({
      /** Company or organisation name. Default: the site name. */
      company: text(['单位名称', 'a company name']).optional(),
      /** 服务热线, shown in the footer and sidebar. */
      hotline: text(['电话号码', 'a phone number']).optional(),
      /** 电话, if different from the hotline. */
      phone: text(['电话号码', 'a phone number']).optional(),
      /** 地址. */
      address: text(['地址', 'an address']).optional(),
      /** 邮箱. */
      email: text(['电子邮箱', 'an email address']).optional(),
    })
    .default({}),
  /** Filing numbers shown in the footer, linked to their registries. */
  filings: z
    .strictObject({
      /** ICP filing number as issued, e.g. `鄂ICP备2021000000号-1`. */
      icp: text(['ICP 备案号', 'the ICP filing number']).optional(),
      /** Link for the ICP number. */
      icp_url: safeUrl(text(['网址', 'a URL']), ['备案查询网站的 https:// 网址', 'the registry\'s https:// address']).default('https://beian.miit.gov.cn/'),
      /** 公安 filing number as issued, e.g. `鄂公网安备42130202000000号`. */
      police: text(['公安备案号', 'the 公安 filing number']).optional(),
      /** Link for the 公安 number. Default: the registry's query page for its digits. */
      police_url: safeUrl(text(['网址', 'a URL']), ['备案查询网站的 https:// 网址', 'the registry\'s https:// address']).optional(),
    })
    .default({ icp_url: 'https://beian.miit.gov.cn/' }),
  /** Logo image shown in the header instead of the site name (which stays as text for screen readers): a path in public/ like `/images/logo.png`, or a URL. */
  logo: safeUrl(nonEmpty(['/images/logo.png 这样的路径', 'a path like /images/logo.png']), ['/images/logo.png 这样的路径或 https:// 网址', 'a path like /images/logo.png or an https:// URL']).optional(),
  /** The browser tab's icon: a path in public/ like `/favicon.ico` or `/images/icon.png`. Default: xinwen's own /favicon.ico. */
  favicon: safeUrl(nonEmpty(['/favicon.ico 这样的路径', 'a path like /favicon.ico']), ['/favicon.ico 这样的路径', 'a path like /favicon.ico']).optional(),
  /** The footer's copyright line: `© since–this year owner 版权所有`. Default: `© company 版权所有`, no year. */
  copyright: z
    .strictObject({
      /** Who holds the copyright. Default: `contact.company`. */
      owner: nonEmpty(['单位名称', 'a company name']).optional(),
      /** First year; the line runs from it to the year of the build. */
      since: wholeNumber(1990, 9999).optional(),
    })
    .default({}),
  /** Offer 长辈模式 (large text, high contrast; GB/T 37668 and the 适老化 guideline) with a switch in the header. */
  elder_mode: z.boolean({ error: trueOrFalse }).default(false),
  /** Slides of the home page's 焦点图: the newest `featured: true` articles (0: none). */
  home_slides: wholeNumber(0, 10).default(5),
  /** Items in each column's block on the home page (0: no column blocks). */
  home_column_items: wholeNumber(0, 20).default(6),
  /** The script articles, settings and site templates are written in. Default zh-Hans (simplified). */
  script: z
    .enum(SOURCE_SCRIPT_NAMES as [string, ...string[]], { error: () => say(`只能是 ${SOURCE_SCRIPT_NAMES.join('、')} 之一`, `must be one of ${SOURCE_SCRIPT_NAMES.join(', ')}`) })
    .default('zh-Hans'),
  /** Published trees, the first is the default (x-default). Default: zh-Hans at /, zh-Hant (opencc tw) at /zh-hant/. */
  variants: z
    .array(VariantSchema, { error: () => say('应该是 { opencc, path } 的列表', 'must be a list of { opencc, path }') })
    .min(1, { error: () => say('至少要列出一个版本', 'must list at least one variant') })
    .default([
      { opencc: 'cn', path: '/' },
      { opencc: 'tw', path: '/zh-hant/' },
    ]),
  /**
   * Where articles are published: a site path with tokens :year :month :day :slug (also :title) and :category
   * (the column's slug), ending in `/` or `.html`. Default `/news/:slug/`. A migrated site sets its old shape,
   * e.g. `/:year/:month/:day/:slug/`, and keeps its addresses.
   */
  permalink: z
    .string({ error: () => say('应该是 /:year/:month/:day/:slug/ 这样的网址路径', 'must be a URL path like /:year/:month/:day/:slug/') })
    .trim()
    .superRefine((value, context) => {
      const problem = permalinkProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .default(DEFAULT_PERMALINK),
  /** Header navigation. Default: 首页 and 新闻中心. */
  nav: z.array(NavLink, { error: () => say('应该是 { title, url } 的列表', 'must be a list of { title, url }') }).optional(),
});

export type SettingsInput = z.input<typeof SettingsSchema>;
export type SettingsParsed = z.output<typeof SettingsSchema>;
