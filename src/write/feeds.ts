import { rewriteUrls } from '../convert/html.ts';
import type { Variant } from '../convert/scripts.ts';
import { FEED_PATHS } from '../model/urls.ts';

/** One article as a feed shows it: text in the feed's script, body with absolute links. */
export interface FeedEntry {
  title: string;
  url: string;
  time: number;
  /** Last update (front matter `updated`), when the article gives one. */
  updated?: number;
  summary: string;
  author: string;
  tags: string[];
  bodyHtml: string;
}

export interface FeedSource {
  siteName: string;
  description: string;
  /** Absolute URL of the variant's home page. */
  home: string;
  /** Absolute URL of the variant's tree, e.g. https://example.com/zh-hant/ */
  root: string;
  copyright: string;
  variant: Variant;
  entries: FeedEntry[];
}

/** Characters XML 1.0 does not allow at all (C0 controls but tab and line ends, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Plain text as XML character data or a double-quoted attribute value. */
function xml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** HTML in a CDATA section; each `]]>` is split across two sections, as XML requires. */
function cdata(html: string): string {
  return `<![CDATA[${html.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Plain text for a field that readers show as HTML (an RSS item's description). */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * RSS 2.0, Atom and JSON Feed for one script tree. Written here rather than
 * with a feed library: every text is escaped for what it is (RSS titles and
 * Atom `type="text"` fields are plain text; an RSS description is HTML), so
 * a title like `</title><script>` stays text in every reader. Deterministic:
 * the feed's time is its newest article's, never now.
 */
export function renderFeeds(source: FeedSource): { file: string; content: string }[] {
  const updated = new Date(source.entries[0]?.time ?? 0);
  const link = (sitePath: string) => source.root + sitePath.slice(1);
  const description = source.description || source.siteName;
  const prefix = source.variant.path.slice(1);
  return [
    { file: `${prefix}${FEED_PATHS.rss.slice(1)}`, content: rss(source, updated, description, link(FEED_PATHS.rss)) },
    { file: `${prefix}${FEED_PATHS.atom.slice(1)}`, content: atom(source, updated, description, link(FEED_PATHS.atom)) },
    { file: `${prefix}${FEED_PATHS.json.slice(1)}`, content: json(source, description, link(FEED_PATHS.json)) },
  ];
}

function rss(source: FeedSource, updated: Date, description: string, self: string): string {
  const items = source.entries.map((entry) =>
    [
      '        <item>',
      `            <title>${xml(entry.title)}</title>`,
      `            <link>${xml(entry.url)}</link>`,
      `            <guid isPermaLink="false">${xml(entry.url)}</guid>`,
      `            <pubDate>${new Date(entry.time).toUTCString()}</pubDate>`,
      `            <description>${cdata(escapeHtml(entry.summary))}</description>`,
      `            <content:encoded>${cdata(entry.bodyHtml)}</content:encoded>`,
      `            <dc:creator>${xml(entry.author)}</dc:creator>`,
      ...entry.tags.map((tag) => `            <category>${xml(tag)}</category>`),
      '        </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '    <channel>',
    `        <title>${xml(source.siteName)}</title>`,
    `        <link>${xml(source.home)}</link>`,
    `        <description>${xml(description)}</description>`,
    `        <lastBuildDate>${updated.toUTCString()}</lastBuildDate>`,
    '        <docs>https://validator.w3.org/feed/docs/rss2.html</docs>',
    '        <generator>xinwen</generator>',
    `        <language>${xml(source.variant.lang)}</language>`,
    `        <copyright>${xml(source.copyright)}</copyright>`,
    `        <atom:link href="${xml(self)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '    </channel>',
    '</rss>',
  ].join('\n');
}

function atom(source: FeedSource, updated: Date, description: string, self: string): string {
  const entries = source.entries.map((entry) =>
    [
      '    <entry>',
      `        <title type="text">${xml(entry.title)}</title>`,
      `        <id>${xml(entry.url)}</id>`,
      `        <link href="${xml(entry.url)}"/>`,
      ...(entry.updated === undefined ? [] : [`        <published>${new Date(entry.time).toISOString()}</published>`]),
      `        <updated>${new Date(entry.updated ?? entry.time).toISOString()}</updated>`,
      `        <summary type="text">${xml(entry.summary)}</summary>`,
      `        <content type="html">${cdata(entry.bodyHtml)}</content>`,
      `        <author>\n            <name>${xml(entry.author)}</name>\n        </author>`,
      ...entry.tags.map((tag) => `        <category term="${xml(tag)}"/>`),
      '    </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `    <id>${xml(source.home)}</id>`,
    `    <title type="text">${xml(source.siteName)}</title>`,
    `    <updated>${updated.toISOString()}</updated>`,
    '    <generator>xinwen</generator>',
    `    <link rel="alternate" href="${xml(source.home)}"/>`,
    `    <link rel="self" href="${xml(self)}"/>`,
    `    <subtitle type="text">${xml(description)}</subtitle>`,
    `    <rights type="text">${xml(source.copyright)}</rights>`,
    ...entries,
    '</feed>',
  ].join('\n');
}

function json(source: FeedSource, description: string, self: string): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1',
    title: source.siteName,
    home_page_url: source.home,
    feed_url: self,
    description,
    items: source.entries.map((entry) => ({
      id: entry.url,
      content_html: entry.bodyHtml,
      url: entry.url,
      title: entry.title,
      summary: entry.summary,
      ...(entry.updated === undefined ? {} : { date_published: new Date(entry.time).toISOString() }),
      date_modified: new Date(entry.updated ?? entry.time).toISOString(),
      author: { name: entry.author },
      tags: entry.tags,
    })),
  };
  return `${JSON.stringify(feed, null, 4)}\n`;
}

/**
 * Feeds are read anywhere: root-relative links in a body become absolute, and
 * so do links relative to the article's page (`page`, its URL), such as a
 * file beside it (`notice.pdf`).
 */
export function absoluteLinks(html: string, origin: string, page?: string): string {
  return rewriteUrls(html, (value) => {
    if (value.startsWith('/')) return value.startsWith('//') ? undefined : origin + value;
    if (page === undefined || value === '' || value.startsWith('#') || value.startsWith('?') || /^[a-z][a-z0-9+.-]*:/i.test(value)) return undefined;
    try {
      return new URL(value, page).href;
    } catch {
      return undefined;
    }
  });
}
