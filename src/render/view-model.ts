import type { Clock } from '../core/clock.ts';
import type { ArticleEntry, PageSpec, SiteModel } from '../model/site-model.ts';
import { pager, type Pager } from '../model/paginate.ts';
import { href, newsListPath, outputFileFor } from '../model/urls.ts';
import type { Settings } from '../settings/settings.ts';

/**
 * What templates see. Templates never get parser tokens, file handles or
 * settings internals: only these plain objects, with every link ready to use
 * (base path included) and every date already formatted.
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

export interface ArticleSummaryView extends Link {
  date: DateView;
  summary: string;
  author: string;
  source: string | null;
  views: number;
}

export interface ArticleView extends ArticleSummaryView {
  tags: string[];
  category: string | null;
  cover: string | null;
  /** Trusted HTML from Markdown; filled in where the article was parsed. */
  bodyHtml: string;
}

export interface SiteView {
  name: string;
  description: string;
  lang: string;
  baseUrl: string;
  home: string;
  news: string;
  stylesheet: string;
  nav: Link[];
  hot: ArticleSummaryView[];
  contact: Settings['contact'];
  filings: { icp: Link | null; police: Link | null };
}

interface PageViewBase {
  /** `<title>` text. */
  title: string;
  /** Site path, used to mark the current nav item. */
  path: string;
  /** Absolute URL. */
  canonical: string;
  description: string;
  breadcrumb: Link[];
}

export type PageView =
  | (PageViewBase & { kind: 'home'; latest: ArticleSummaryView[] })
  | (PageViewBase & { kind: 'news-list'; heading: string; items: ArticleSummaryView[]; pager: Pager })
  | (PageViewBase & { kind: 'article'; article: ArticleView; prev: Link | null; next: Link | null })
  | (PageViewBase & { kind: 'not-found' });

/** A page ready for a renderer: template, view and output file. */
export interface PageJob {
  template: string;
  outputFile: string;
  /** Set on article pages: whose body to fill into `page.article.bodyHtml`. */
  bodyOf?: string;
  page: PageView;
}

const TEMPLATE_FOR: Record<PageSpec['kind'], string> = {
  home: 'index.njk',
  'news-list': 'list.njk',
  article: 'article.njk',
  'not-found': '404.njk',
};

const NEWS_TITLE = '新闻中心';

export class ViewBuilder {
  private readonly summaries = new Map<string, ArticleSummaryView>();

  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  link(sitePath: string): string {
    return href(this.settings.basePath, sitePath);
  }

  site(model: SiteModel): SiteView {
    const { settings } = this;
    const { icp, icpUrl, police, policeUrl } = settings.filings;
    return {
      name: settings.name,
      description: settings.description,
      lang: 'zh-Hans',
      baseUrl: settings.baseUrl,
      home: this.link('/'),
      news: this.link(newsListPath(1)),
      stylesheet: this.link('/assets/xinwen.css'),
      nav: settings.nav.map((item) => ({ title: item.title, href: this.link(item.url) })),
      hot: model.hot.map((article) => this.summary(article)),
      contact: settings.contact,
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
      day: this.clock.format(time, 'YYYY-MM-DD'),
    };
  }

  /** One view per article, shared by every list it appears on. */
  summary(article: ArticleEntry): ArticleSummaryView {
    let view = this.summaries.get(article.path);
    if (!view) {
      view = {
        title: article.title,
        href: this.link(article.path),
        date: this.date(article.time),
        summary: article.summary,
        author: article.author,
        source: article.source ?? null,
        views: article.views,
      };
      this.summaries.set(article.path, view);
    }
    return view;
  }

  page(spec: PageSpec): PageJob {
    const base = {
      path: spec.path,
      canonical: this.settings.baseUrl + spec.path.replace(/^\//, ''),
      description: this.settings.description,
    };
    const home: Link = { title: '首页', href: this.link('/') };
    const news: Link = { title: NEWS_TITLE, href: this.link(newsListPath(1)) };
    const job = (page: PageView, bodyOf?: string): PageJob => ({
      template: TEMPLATE_FOR[spec.kind],
      outputFile: outputFileFor(spec.path),
      bodyOf,
      page,
    });
    switch (spec.kind) {
      case 'home':
        return job({
          ...base,
          kind: 'home',
          title: this.settings.name,
          breadcrumb: [home],
          latest: spec.latest.map((article) => this.summary(article)),
        });
      case 'news-list': {
        const { number, total, items } = spec.page;
        return job({
          ...base,
          kind: 'news-list',
          title: number === 1 ? NEWS_TITLE : `${NEWS_TITLE}（第${number}页）`,
          heading: NEWS_TITLE,
          breadcrumb: [home, news],
          items: items.map((article) => this.summary(article)),
          pager: pager(number, total, (n) => this.link(newsListPath(n))),
        });
      }
      case 'article': {
        const { article, newer, older } = spec;
        const summary = this.summary(article);
        return job(
          {
            ...base,
            kind: 'article',
            title: article.title,
            description: article.summary,
            breadcrumb: [home, news, { title: '正文', href: summary.href }],
            article: {
              ...summary,
              tags: article.tags,
              category: article.category ?? null,
              cover: article.cover ? this.link(article.cover) : null,
              bodyHtml: '',
            },
            prev: newer ? { title: newer.title, href: this.link(newer.path) } : null,
            next: older ? { title: older.title, href: this.link(older.path) } : null,
          },
          article.file,
        );
      }
      case 'not-found':
        return job({ ...base, kind: 'not-found', title: '页面不存在', breadcrumb: [home] });
    }
  }
}
