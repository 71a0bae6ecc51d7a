import type { Clock } from '../core/clock.ts';
import type { Locale } from '../convert/opencc.ts';
import type { Variant } from '../convert/scripts.ts';
import { type ArticleEntry, type ArticlePage, type ArticleTerm, listKeyOf, type PageSpec, type SiteModel } from '../model/site-model.ts';
import { pager, type Pager } from '../model/paginate.ts';
import {
  ARCHIVE_PATH,
  columnPath,
  FEED_PATHS,
  href,
  newsListPath,
  outputFileFor,
  SEARCH_PATH,
  TAG_INDEX_PATH,
  tagPath,
} from '../model/urls.ts';
import type { Settings } from '../settings/settings.ts';
import { imageView } from '../images/image-record.ts';
import { qrCodeSvg } from './qr-code.ts';

/**
 * What templates see. Templates never get parser tokens, file handles or
 * settings internals: only these plain objects, with every link ready to use
 * (base path and script prefix included), every date formatted and every
 * text already in the page's script.
 */
export interface Link {
  title: string;
  href: string;
}

export interface DateView {
  /** As the site's `date_format` says, e.g. `2022/5/17 8:10:05`. */
  text: string;
  /** ISO 8601 with offset, for `<time datetime>`. */
  iso: string;
  /** Date only, `2022-05-17`, for compact lists. */
  day: string;
}

/**
 * A photo as templates show it (templates/partials/picture.njk): `src` and
 * `srcset` in the fallback format (JPEG, or PNG for transparency), `sources`
 * in modern formats (`image/webp`), `width` and `height` of the largest
 * rendition, so the page keeps the photo's place while it loads. A cover
 * that is not one of the site's photos (another site's URL, an SVG) has no
 * `srcset` or `sources`, and a width and height of 0.
 */
export interface ImageView {
  src: string;
  width: number;
  height: number;
  alt: string;
  srcset: string;
  sources: { type: string; srcset: string }[];
}

export interface ArticleSummaryView extends Link {
  date: DateView;
  /** 更新时间 (front matter `updated`), null when the article gives none. */
  updated: DateView | null;
  /** The article's cover (alt: its title), for list thumbnails and 焦点图; null without one. */
  cover: ImageView | null;
  summary: string;
  author: string;
  source: string | null;
  /** 责任编辑, null when the article names none. */
  editor: string | null;
  views: number;
  /** 置顶 and 推荐 badges. */
  pinned: boolean;
  featured: boolean;
}

export interface ArticleView extends ArticleSummaryView {
  tags: Link[];
  /** 栏目. */
  category: Link | null;
  /** Show `cover` above the body: false when the body shows the same photo (lists still show it). */
  showCover: boolean;
  /** Minutes, at about 400 characters a minute. */
  readingMinutes: number;
  /** 相关新闻. */
  related: ArticleSummaryView[];
  /** Trusted HTML from Markdown, in the page's script; filled in where the article was parsed. */
  bodyHtml: string;
}

export interface TermView extends Link {
  count: number;
}

export interface ArchiveYearView {
  year: number;
  months: (TermView & { month: number })[];
}

/** A column's block on the home page: its name, its page and its latest articles. */
export interface ColumnBlockView extends Link {
  items: ArticleSummaryView[];
}

/** 分享: the page's address and its QR code, made at build time (trusted SVG). */
export interface ShareView {
  url: string;
  qrSvg: string;
}

/** The same page in one script: for hreflang links and the script switch. */
export interface Alternate {
  lang: string;
  label: string;
  /** Link within the site (base path included). */
  href: string;
  /** Absolute URL, for hreflang. */
  url: string;
  current: boolean;
}

export interface SiteView {
  name: string;
  description: string;
  lang: string;
  baseUrl: string;
  home: string;
  news: string;
  stylesheet: string;
  /** The theme's script (menu button, 字号, 打印, 长辈模式, 返回顶部), shared by all variants. */
  script: string;
  /** The logo's address, or null: the header shows the site name in text. */
  logo: string | null;
  favicon: string;
  /** `© 2022–2026 某某公司 版权所有`. */
  copyright: string;
  /** Offer the 长辈模式 switch. */
  elderMode: boolean;
  nav: Link[];
  /** Feeds of this script tree. */
  feeds: { rss: string; atom: string; json: string };
  /** Link to the search page, or null when the site has no search. */
  search: string | null;
  /** The search page's script (shared by all variants). */
  searchScript: string;
  /** The site's base path, for scripts that build links. */
  basePath: string;
  tags: string;
  archive: string;
  hot: ArticleSummaryView[];
  contact: Settings['contact'];
  /** Filing numbers as issued: never converted. */
  filings: { icp: Link | null; police: Link | null };
}

interface PageViewBase {
  /** `<title>` text. */
  title: string;
  /** Site path in this variant, e.g. `/zh-hant/news/`. */
  path: string;
  /** Absolute URL. */
  canonical: string;
  description: string;
  breadcrumb: Link[];
  /** This page in every variant, in the settings' order. */
  alternates: Alternate[];
  /** Absolute URL of the default variant's page, for hreflang="x-default". */
  defaultUrl: string;
}

/** Every paginated list of articles: the news center, a tag, a column, a month. */
type ListKind = 'news-list' | 'tag' | 'column' | 'archive-month';

export type PageView =
  | (PageViewBase & { kind: 'home'; latest: ArticleSummaryView[]; slides: ArticleSummaryView[]; columns: ColumnBlockView[] })
  | (PageViewBase & { kind: ListKind; heading: string; items: ArticleSummaryView[]; pager: Pager })
  | (PageViewBase & { kind: 'article'; article: ArticleView; prev: Link | null; next: Link | null; share: ShareView })
  | (PageViewBase & { kind: 'tag-index'; heading: string; tags: TermView[] })
  | (PageViewBase & { kind: 'archive-index'; heading: string; years: ArchiveYearView[] })
  | (PageViewBase & { kind: 'search'; heading: string; index: string; docs: string })
  | (PageViewBase & { kind: 'redirect'; target: string })
  | (PageViewBase & { kind: 'not-found' });

/** A page ready for a renderer: template, view, variant and output file. */
export interface PageJob {
  template: string;
  /** Index into the settings' variants. */
  variant: number;
  outputFile: string;
  /** Set on article pages: whose body to fill into `page.article.bodyHtml`. */
  bodyOf?: string;
  /** Set on article pages whose body links to other articles: the address of each such link, by its number. */
  links?: string[];
  page: PageView;
}

/** The template that renders each kind of page. */
export const TEMPLATE_FOR: Record<PageSpec['kind'], string> = {
  home: 'index.njk',
  'news-list': 'list.njk',
  tag: 'list.njk',
  column: 'list.njk',
  'archive-month': 'list.njk',
  article: 'article.njk',
  'tag-index': 'tags.njk',
  'archive-index': 'archive.njk',
  search: 'search.njk',
  redirect: 'redirect.njk',
  'not-found': '404.njk',
};

/** Every template a site needs; compiled before anything is written. */
export const PAGE_TEMPLATES = [...new Set(Object.values(TEMPLATE_FOR))];

/** Words the generator itself puts on pages (templates hold the rest), in simplified script. */
export const UI_WORDS = {
  home: '首页',
  news: '新闻中心',
  body: '正文',
  notFound: '页面不存在',
  page: '第{n}页',
  tags: '标签',
  tag: '标签：{name}',
  archive: '新闻归档',
  month: '{y}年{m}月',
  search: '站内搜索',
  qrLabel: '本文二维码',
} as const;
export type UiWords = { [K in keyof typeof UI_WORDS]: string };

/** Settings text shown on pages, in one variant's script. Filing numbers are not text to convert. */
export interface SiteText {
  name: string;
  description: string;
  company: string;
  address?: string;
  nav: string[];
  /** The footer's line `© 2022–2026 某某公司 版权所有`. */
  copyright: string;
  ui: UiWords;
}

/**
 * The settings' texts (written in the site's script) and the generator's own words (simplified) in one variant's script.
 * `year` is the build's (see buildTime), where the copyright's years end.
 */
export function siteTextOf(settings: Settings, convert: (text: string, from: Locale) => string, year: number): SiteText {
  const own = (text: string) => convert(text, settings.sourceLocale);
  const { owner, since } = settings.copyright;
  const years = since === undefined ? '' : since < year ? `${since}–${year} ` : `${since} `;
  return {
    name: own(settings.name),
    description: own(settings.description),
    company: own(settings.contact.company),
    address: settings.contact.address === undefined ? undefined : own(settings.contact.address),
    nav: settings.nav.map((item) => own(item.title)),
    copyright: `© ${years}${own(owner)} ${convert('版权所有', 'cn')}`,
    ui: Object.fromEntries(Object.entries(UI_WORDS).map(([key, word]) => [key, convert(word, 'cn')])) as UiWords,
  };
}

/** Builds the views of one variant. */
export class ViewBuilder {
  /**
   * Each article's summary, made once. Keyed by what it shows (the dev server
   * keeps a builder across models, and most articles stay the same).
   */
  private readonly summaries = new Map<string, ArticleSummaryView>();
  private readonly variant: Variant;

  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
    private readonly variantIndex: number,
    private readonly text: SiteText,
  ) {
    this.variant = settings.variants[variantIndex]!;
  }

  /** A site path (`/news/`) in the given variant (`/zh-hant/news/`). */
  private inVariant(sitePath: string, variant: Variant = this.variant): string {
    return variant.path + sitePath.replace(/^\//, '');
  }

  /**
   * Link to a page of this variant (or, `inVariant` false, to a file all variants share); a full URL (a `nav`
   * entry may be one) is left as it is.
   */
  link(sitePath: string, inVariant = true): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(sitePath) || sitePath.startsWith('//')) return sitePath;
    return href(this.settings.basePath, inVariant ? this.inVariant(sitePath) : sitePath);
  }

  site(model: SiteModel): SiteView {
    const { settings, text } = this;
    const { icp, icpUrl, police, policeUrl } = settings.filings;
    return {
      name: text.name,
      description: text.description,
      lang: this.variant.lang,
      baseUrl: settings.baseUrl,
      home: this.link('/'),
      news: this.link(newsListPath(1)),
      // Static files are shared by all variants.
      stylesheet: href(settings.basePath, '/assets/xinwen.css'),
      script: href(settings.basePath, '/assets/xinwen.js'),
      logo: settings.logo === undefined ? null : this.link(settings.logo, false),
      favicon: this.link(settings.favicon, false),
      copyright: text.copyright,
      elderMode: settings.elderMode,
      nav: [
        ...settings.nav.map((item, i) => ({ title: text.nav[i]!, href: this.link(item.url) })),
        ...(settings.navColumns ? model.columns.map((column) => ({ title: this.columnName(column), href: this.link(columnPath(column.slug)) })) : []),
      ],
      feeds: { rss: this.link(FEED_PATHS.rss), atom: this.link(FEED_PATHS.atom), json: this.link(FEED_PATHS.json) },
      search: settings.search ? this.link(SEARCH_PATH) : null,
      searchScript: href(settings.basePath, '/assets/search.js'),
      basePath: settings.basePath,
      tags: this.link(TAG_INDEX_PATH),
      archive: this.link(ARCHIVE_PATH),
      hot: model.hot.map((article) => this.summary(article)),
      contact: { ...settings.contact, company: text.company, address: text.address },
      filings: {
        icp: icp ? { title: icp, href: icpUrl } : null,
        police: police && policeUrl ? { title: police, href: policeUrl } : null,
      },
    };
  }

  date(time: number): DateView {
    return {
      text: this.clock.format(time, this.settings.dateFormat),
      iso: this.clock.iso(time),
      day: this.day(time),
    };
  }

  /** The day of `time` in the site's time zone, `2022-05-17`. */
  day(time: number): string {
    return this.clock.format(time, 'YYYY-MM-DD');
  }

  /** One view per article, shared by every list it appears on. */
  summary(article: ArticleEntry): ArticleSummaryView {
    const key = listKeyOf(article);
    let view = this.summaries.get(key);
    if (!view) {
      const text = article.texts[this.variantIndex]!;
      view = {
        title: text.title,
        href: this.link(article.path),
        date: this.date(article.time),
        updated: article.updated === undefined ? null : this.date(article.updated),
        summary: text.summary,
        author: text.author,
        source: text.source ?? null,
        editor: text.editor ?? null,
        views: article.views,
        pinned: article.pinned,
        featured: article.featured,
        cover: this.cover(article, text.title),
      };
      this.summaries.set(key, view);
    }
    return view;
  }

  /** An article's cover as a photo view: its renditions when it is one of the site's photos. */
  private cover(article: ArticleEntry, title: string): ImageView | null {
    if (article.coverImage) return imageView(article.coverImage, this.settings.basePath, title);
    if (!article.cover) return null;
    return { src: href(this.settings.basePath, article.cover), width: 0, height: 0, alt: title, srcset: '', sources: [] };
  }

  /** A column's name in this script (from any of its articles: they share it). */
  private columnName(term: ArticleTerm): string {
    return term.items[0]!.texts[this.variantIndex]!.category ?? term.name;
  }

  /** A tag's name in this script. */
  private tagName(term: ArticleTerm): string {
    const article = term.items[0]!;
    return article.texts[this.variantIndex]!.tags[article.tags.indexOf(term.name)] ?? term.name;
  }

  /**
   * The addresses of an article's links to other articles' source files, made
   * by `link` from their site paths (a page's own links, or absolute ones for
   * feeds); a link that leads nowhere keeps its address as written.
   */
  articleLinks(spec: ArticlePage, link: (sitePath: string) => string): string[] | undefined {
    if (spec.linkPaths.length === 0) return undefined;
    return spec.article.links.map((each, i) => {
      const target = spec.linkPaths[i];
      if (target !== undefined) return link(target);
      return encodeURI(each.written.startsWith('/') ? href(this.settings.basePath, each.written) : each.written);
    });
  }

  private alternates(sitePath: string): Alternate[] {
    return this.settings.variants.map((variant) => {
      const path = this.inVariant(sitePath, variant);
      return {
        lang: variant.lang,
        label: variant.label,
        href: href(this.settings.basePath, path),
        url: this.settings.baseUrl + path.slice(1),
        current: variant === this.variant,
      };
    });
  }

  page(spec: PageSpec): PageJob {
    const { ui } = this.text;
    const path = this.inVariant(spec.path);
    const alternates = this.alternates(spec.path);
    const base = {
      path,
      canonical: this.settings.baseUrl + path.slice(1),
      description: this.text.description,
      alternates,
      defaultUrl: alternates[0]!.url,
    };
    const home: Link = { title: ui.home, href: this.link('/') };
    const news: Link = { title: ui.news, href: this.link(newsListPath(1)) };
    const job = (page: PageView, bodyOf?: string, links?: string[]): PageJob => ({
      template: TEMPLATE_FOR[spec.kind],
      variant: this.variantIndex,
      outputFile: outputFileFor(path),
      bodyOf,
      links,
      page,
    });
    const list = (heading: string, items: ArticleEntry[], number: number, total: number, pathOf: (n: number) => string, crumbs: Link[]) =>
      job({
        ...base,
        kind: spec.kind as ListKind,
        title: number === 1 ? heading : `${heading}（${ui.page.replace('{n}', String(number))}）`,
        heading,
        breadcrumb: crumbs,
        items: items.map((article) => this.summary(article)),
        pager: pager(number, total, (n) => this.link(pathOf(n))),
      });
    switch (spec.kind) {
      case 'home':
        return job({
          ...base,
          kind: 'home',
          title: this.text.name,
          breadcrumb: [home],
          latest: spec.latest.map((article) => this.summary(article)),
          slides: spec.slides.map((article) => this.summary(article)),
          columns: spec.columns.map(({ term, items }) => ({
            title: this.columnName(term),
            href: this.link(columnPath(term.slug)),
            items: items.map((article) => this.summary(article)),
          })),
        });
      case 'news-list': {
        const { number, total, items } = spec.page;
        return list(ui.news, items, number, total, newsListPath, [home, news]);
      }
      case 'tag': {
        const { number, total, items } = spec.page;
        const heading = ui.tag.replace('{name}', this.tagName(spec.term));
        return list(heading, items, number, total, spec.pathOf, [home, news, { title: ui.tags, href: this.link(TAG_INDEX_PATH) }, { title: heading, href: this.link(spec.pathOf(1)) }]);
      }
      case 'column': {
        const { number, total, items } = spec.page;
        const heading = this.columnName(spec.term);
        return list(heading, items, number, total, spec.pathOf, [home, news, { title: heading, href: this.link(spec.pathOf(1)) }]);
      }
      case 'archive-month': {
        const { number, total, items } = spec.page;
        const heading = ui.month.replace('{y}', String(spec.month.year)).replace('{m}', String(spec.month.month));
        const archive: Link = { title: ui.archive, href: this.link(ARCHIVE_PATH) };
        return list(heading, items, number, total, spec.pathOf, [home, news, archive, { title: heading, href: this.link(spec.pathOf(1)) }]);
      }
      case 'article': {
        const { article, newer, older, tagPaths, columnPath: articleColumn, related } = spec;
        const summary = this.summary(article);
        const text = article.texts[this.variantIndex]!;
        const column: Link | null =
          articleColumn && text.category !== undefined ? { title: text.category, href: this.link(articleColumn) } : null;
        return job(
          {
            ...base,
            kind: 'article',
            title: summary.title,
            description: summary.summary,
            breadcrumb: [home, news, ...(column ? [column] : []), { title: ui.body, href: summary.href }],
            article: {
              ...summary,
              tags: text.tags.map((name, i) => ({ title: name, href: this.link(tagPaths[i]!) })),
              category: column,
              showCover: summary.cover !== null && !article.coverInBody,
              readingMinutes: article.readingMinutes,
              related: related.map((other) => this.summary(other)),
              bodyHtml: '',
            },
            prev: newer ? { title: newer.texts[this.variantIndex]!.title, href: this.link(newer.path) } : null,
            next: older ? { title: older.texts[this.variantIndex]!.title, href: this.link(older.path) } : null,
            share: { url: base.canonical, qrSvg: qrCodeSvg(base.canonical, ui.qrLabel) },
          },
          article.file,
          this.articleLinks(spec, (sitePath) => this.link(sitePath)),
        );
      }
      case 'tag-index':
        return job({
          ...base,
          kind: 'tag-index',
          title: ui.tags,
          heading: ui.tags,
          breadcrumb: [home, news, { title: ui.tags, href: this.link(TAG_INDEX_PATH) }],
          tags: spec.tags.map((term) => ({ title: this.tagName(term), href: this.link(tagPath(term.slug)), count: term.items.length })),
        });
      case 'archive-index': {
        const years: ArchiveYearView[] = [];
        for (const month of spec.months) {
          if (years.at(-1)?.year !== month.year) years.push({ year: month.year, months: [] });
          years.at(-1)!.months.push({
            title: ui.month.replace('{y}', String(month.year)).replace('{m}', String(month.month)),
            href: this.link(month.path),
            count: month.count,
            month: month.month,
          });
        }
        return job({ ...base, kind: 'archive-index', title: ui.archive, heading: ui.archive, breadcrumb: [home, news, { title: ui.archive, href: this.link(ARCHIVE_PATH) }], years });
      }
      case 'search':
        return job({
          ...base,
          kind: 'search',
          title: ui.search,
          heading: ui.search,
          breadcrumb: [home, { title: ui.search, href: this.link(SEARCH_PATH) }],
          // One index for every tree (the reader may type either script); each tree lists its results in its own.
          index: href(this.settings.basePath, `${SEARCH_PATH}index.json`),
          docs: this.link(`${SEARCH_PATH}docs/`),
        });
      case 'redirect': {
        // The article's page in this tree; search engines are told it is the one to index.
        const target = this.inVariant(spec.article.path);
        return job({ ...base, kind: 'redirect', title: spec.article.texts[this.variantIndex]!.title, canonical: this.settings.baseUrl + target.slice(1), breadcrumb: [home], target: this.link(spec.article.path) });
      }
      case 'not-found':
        return job({ ...base, kind: 'not-found', title: ui.notFound, breadcrumb: [home] });
    }
  }
}
