import type { z } from 'zod';
import { type Warning, XinwenError, XinwenErrors } from '../core/errors.ts';
import type { Locale } from '../convert/opencc.ts';
import { defaultLabel, defaultLang, type QuoteStyle, SOURCE_SCRIPTS, type SourceScript, type Variant } from '../convert/scripts.ts';
import { nearest } from '../core/suggest.ts';
import { parseYaml } from '../core/yaml.ts';
import { isReservedName, RESERVED_NAMES } from '../model/urls.ts';
import type { RawHtmlPolicy } from '../parse/markdown.ts';
import { SettingsSchema } from './schema.ts';
import { say } from '../core/language.ts';
import { useZodLanguage } from '../core/zod-language.ts';

export interface NavLink {
  title: string;
  /** Site path (`/news/`) or absolute URL, as written in the settings. */
  url: string;
}

/** Settings after validation and defaults: complete and frozen. */
export interface Settings {
  readonly name: string;
  readonly description: string;
  readonly baseUrl: string;
  /** Path part of the base URL, always starting and ending with `/`. */
  readonly basePath: string;
  readonly timezone: string;
  readonly dateFormat: string;
  readonly pageSize: number;
  readonly hotCount: number;
  readonly relatedCount: number;
  readonly navColumns: boolean;
  readonly search: boolean;
  /** What becomes of raw HTML in Markdown: passed through, sanitized or shown as text. */
  readonly rawHtml: RawHtmlPolicy;
  readonly defaultAuthor: string;
  readonly contact: {
    readonly company: string;
    readonly hotline?: string;
    readonly phone?: string;
    readonly address?: string;
    readonly email?: string;
  };
  readonly filings: {
    readonly icp?: string;
    readonly icpUrl: string;
    readonly police?: string;
    readonly policeUrl?: string;
  };
  readonly nav: readonly NavLink[];
  /** Logo path or URL, as written; none: the site name in text. */
  readonly logo?: string;
  /** The tab icon's path or URL, as written. */
  readonly favicon: string;
  readonly copyright: { readonly owner: string; readonly since?: number };
  /** Offer 长辈模式. */
  readonly elderMode: boolean;
  /** 焦点图 slides and the items of each column's block on the home page. */
  readonly homeSlides: number;
  readonly homeColumnItems: number;
  /** Script of articles, settings and site templates. */
  readonly script: SourceScript;
  /** OpenCC locale `script` is read with. */
  readonly sourceLocale: Locale;
  /** Published trees; the first is the default. */
  readonly variants: readonly Variant[];
  /** Where articles are published, e.g. `/news/:slug/` (see model/permalink.ts). */
  readonly permalink: string;
}

export const SETTINGS_FILE = 'content/site.yaml';

/** Parse and validate the text of site.yaml. Every problem is reported, not just the first. */
export function parseSettings(source: string, file = SETTINGS_FILE): Settings {
  const { data, keyLines } = parseYaml(source, { file, source });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new XinwenError('settings/not-a-map', say('站点设置应该是一行一个 `字段: 值`', 'site settings must be a list of `key: value` lines'), {
      file,
      hint: say('先写 `name: 我的新闻中心` 和 `base_url: https://www.example.com/` 两行。', 'Start with `name: 我的新闻中心` and `base_url: https://www.example.com/`.'),
    });
  }
  useZodLanguage();
  const result = SettingsSchema.safeParse(data);
  if (!result.success) {
    // zod reports all unknown keys of one map in a single issue: split it, one error per key.
    const issues = result.error.issues.flatMap((issue): z.core.$ZodIssue[] =>
      issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, keys: [key] })) : [issue],
    );
    throw new XinwenErrors(issues.map((issue) => settingsError(issue, data, keyLines, file, source)));
  }
  const parsed = result.data;
  const baseUrl = parsed.base_url.endsWith('/') ? parsed.base_url : `${parsed.base_url}/`;
  const basePath = new URL(baseUrl).pathname;
  const police = parsed.filings.police;
  const variants = resolveVariants(parsed.variants, keyLines, file, source);
  return Object.freeze({
    name: parsed.name,
    description: parsed.description,
    baseUrl,
    basePath,
    timezone: parsed.timezone,
    dateFormat: parsed.date_format,
    pageSize: parsed.page_size,
    hotCount: parsed.hot_count,
    relatedCount: parsed.related_count,
    navColumns: parsed.nav_columns,
    search: parsed.search,
    rawHtml: parsed.raw_html,
    defaultAuthor: parsed.default_author,
    contact: Object.freeze({ ...parsed.contact, company: parsed.contact.company || parsed.name }),
    filings: Object.freeze({
      icp: parsed.filings.icp || undefined,
      icpUrl: parsed.filings.icp_url,
      police: police || undefined,
      policeUrl: parsed.filings.police_url || (police ? policeRegistryUrl(police) : undefined),
    }),
    nav: Object.freeze(
      parsed.nav ?? [
        { title: '首页', url: '/' },
        { title: '新闻中心', url: '/news/' },
      ],
    ),
    logo: parsed.logo,
    favicon: parsed.favicon ?? '/favicon.ico',
    copyright: Object.freeze({ owner: parsed.copyright.owner ?? (parsed.contact.company || parsed.name), since: parsed.copyright.since }),
    elderMode: parsed.elder_mode,
    homeSlides: parsed.home_slides,
    homeColumnItems: parsed.home_column_items,
    script: parsed.script as SourceScript,
    sourceLocale: SOURCE_SCRIPTS[parsed.script as SourceScript],
    variants,
    permalink: parsed.permalink,
  });
}

function resolveVariants(
  input: readonly { opencc: string; lang?: string; path: string; label?: string; quotes?: QuoteStyle }[],
  keyLines: Map<string, number>,
  file: string,
  source: string,
): readonly Variant[] {
  const variants = input.map((entry) => {
    const locale = entry.opencc as Locale;
    return Object.freeze({
      lang: entry.lang ?? defaultLang(locale),
      locale,
      path: entry.path.toLowerCase(),
      label: entry.label ?? defaultLabel(locale),
      quotes: entry.quotes ?? 'curly',
    });
  });
  const fail = (message: string, hint: string, at?: Variant) =>
    new XinwenError('settings/invalid', message, {
      file,
      line: (at && keyLines.get(`variants.${variants.indexOf(at)}.path`)) ?? keyLines.get('variants'),
      source,
      hint,
    });
  const roots = variants.filter((variant) => variant.path === '/');
  if (roots.length !== 1) {
    throw fail(
      say('必须有且只有一个版本发布在 `path: /`', 'exactly one variant must be published at `path: /`'),
      say('默认字形的版本写 `path: /`，其他版本各用自己的前缀，例如 /zh-hant/。', 'Give the default script `path: /` and the others their own prefix, e.g. /zh-hant/.'),
    );
  }
  for (const key of ['path', 'lang'] as const) {
    const seen = new Set<string>();
    for (const variant of variants) {
      if (seen.has(variant[key])) {
        throw fail(say(`有两个版本的 ${key} 都是 \`${variant[key]}\``, `two variants have the ${key} \`${variant[key]}\``), say(`每个版本的 ${key} 要各不相同。`, `Each variant needs its own ${key}.`));
      }
      seen.add(variant[key]);
    }
  }
  // A variant's tree lies inside the tree of any variant whose path starts its own (every tree lies in the root's):
  // the first name below that one's path must not be a name the site writes there.
  for (const variant of variants) {
    for (const outer of variants) {
      if (outer === variant || !variant.path.startsWith(outer.path)) continue;
      const name = variant.path.slice(outer.path.length).split('/')[0]!;
      if (isReservedName(name)) {
        throw fail(
          say(
            `版本路径 \`${variant.path}\` 和网站自己的 ${outer.path === '/' ? '' : `${outer.path} `}\`${name}\` 重名：这个版本的页面会把它们覆盖掉`,
            `variant path \`${variant.path}\` clashes with the site's own ${outer.path === '/' ? '' : `${outer.path} `}\`${name}\`: its pages would overwrite them`,
          ),
          say(
            `给它一个自己的前缀，例如 /zh-hant/ 或 /hk/；这些名字网站自己要用：${RESERVED_NAMES.join('、')}、sitemap.xml。`,
            `Use a prefix of its own such as /zh-hant/ or /hk/; these names are the site's: ${RESERVED_NAMES.join(', ')}, sitemap.xml.`,
          ),
          variant,
        );
      }
    }
  }
  return Object.freeze(variants);
}

/** Settings that work but are probably not what the user wants. */
export function settingsWarnings(settings: Settings, file = SETTINGS_FILE): Warning[] {
  return settings.variants
    .filter((variant) => variant.locale === 'twp')
    .map((variant) => ({
      code: 'settings/twp',
      message: say(
        `${variant.lang} 版本用的是 opencc \`twp\`：它的台湾用语表会把新闻用词换成软件行业的说法（项目 → 專案，信息 → 資訊）`,
        `variant ${variant.lang} uses opencc \`twp\`: its Taiwan phrase set turns news words into software words (项目 → 專案, 信息 → 資訊)`,
      ),
      file,
      hint: say(
        '新闻网站请用 `opencc: tw`：它转换字形和台湾的异体字，但不改用词。',
        'Use `opencc: tw` for news: it converts characters and Taiwan variants without rewriting vocabulary.',
      ),
    }));
}

/** The 公安 registry's query page for the digits of a filing number. */
function policeRegistryUrl(number: string): string | undefined {
  const digits = number.match(/\d{10,}/)?.[0];
  return digits ? `https://beian.mps.gov.cn/#/query/webSearch?code=${digits}` : 'https://beian.mps.gov.cn/';
}

function settingsError(
  issue: z.core.$ZodIssue,
  data: object,
  keyLines: Map<string, number>,
  file: string,
  source: string,
): XinwenError {
  const line = lineOf(keyLines, issue.path.map(String));
  if (issue.code === 'unrecognized_keys') {
    const parent = issue.path.map(String);
    const known = knownKeys(parent);
    const key = issue.keys[0]!;
    const suggestion = nearest(key, known);
    const name = [...parent, key].join('.');
    return new XinwenError('settings/unknown-key', say(`站点设置里没有 \`${name}\` 这一项`, `unknown setting \`${name}\``), {
      file,
      line: keyLines.get(name) ?? line,
      source,
      hint: suggestion
        ? say(`是不是想写 \`${[...parent, suggestion].join('.')}\`？`, `Did you mean \`${[...parent, suggestion].join('.')}\`?`)
        : say(`这里可以写的设置有：${known.join('、')}。`, `Known settings here: ${known.join(', ')}.`),
    });
  }
  const name = issue.path.map(String).join('.');
  const missing = issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined;
  const example = SETTING_EXAMPLES[name];
  return new XinwenError(
    missing ? 'settings/missing' : 'settings/invalid',
    missing ? say(`站点设置缺少 \`${name}\`，这一项必须写`, `setting \`${name}\` is required`) : say(`站点设置 \`${name}\` ${issue.message}`, `setting \`${name}\` ${issue.message}`),
    {
      file,
      line,
      source,
      hint: missing
        ? say(`在 ${file} 里加一行 \`${example ?? `${name}: …`}\`；参见 README 里站点设置的说明。`, `Add a line \`${example ?? `${name}: …`}\` to ${file}; see the settings reference in the README.`)
        : example
          ? say(`照这样写：\`${example}\`；参见 README 里站点设置的说明。`, `Write it like \`${example}\`; see the settings reference in the README.`)
          : say('参见 README 里站点设置的说明。', 'See the settings reference in the README.'),
    },
  );
}

/** A correct line for each top-level setting with a simple value, for hints. */
const SETTING_EXAMPLES: Record<string, string> = {
  name: 'name: 随州市新闻中心',
  base_url: 'base_url: https://www.example.com/',
  description: 'description: 随州市政府新闻发布平台',
  timezone: 'timezone: Asia/Shanghai',
  date_format: 'date_format: YYYY/M/D H:mm:ss',
  page_size: 'page_size: 15',
  hot_count: 'hot_count: 8',
  related_count: 'related_count: 5',
  search: 'search: true',
  nav_columns: 'nav_columns: true',
  default_author: 'default_author: 网站编辑',
  script: 'script: zh-Hans',
  logo: 'logo: /images/logo.png',
  favicon: 'favicon: /favicon.ico',
  'copyright.since': 'since: 2022',
  elder_mode: 'elder_mode: true',
  home_slides: 'home_slides: 5',
  home_column_items: 'home_column_items: 6',
  permalink: 'permalink: "/:year/:month/:day/:slug/"',
};

/** Line of the deepest key of `path` that exists in the file. */
function lineOf(keyLines: Map<string, number>, path: string[]): number | undefined {
  for (let end = path.length; end > 0; end--) {
    const line = keyLines.get(path.slice(0, end).join('.'));
    if (line) return line;
  }
  return undefined;
}

function knownKeys(path: string[]): string[] {
  // zod schemas are introspectable: walk to the object at `path` and list its keys.
  let schema: z.ZodType = SettingsSchema;
  for (const part of path) {
    schema = unwrap(schema);
    if ('shape' in schema) schema = (schema.shape as Record<string, z.ZodType>)[part]!;
    else if ('element' in schema) schema = schema.element as z.ZodType;
  }
  schema = unwrap(schema);
  if ('element' in schema) schema = unwrap(schema.element as z.ZodType);
  return 'shape' in schema ? Object.keys(schema.shape as object) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while ('unwrap' in current && typeof current.unwrap === 'function') current = current.unwrap() as z.ZodType;
  return current;
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
