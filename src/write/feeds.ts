import { Feed } from 'feed';
import type { Variant } from '../convert/scripts.ts';
import { FEED_PATHS } from '../model/urls.ts';

/** One article as a feed shows it: text in the feed's script, body with absolute links. */
export interface FeedEntry {
  title: string;
  url: string;
  time: number;
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

/**
 * RSS 2.0, Atom and JSON Feed for one script tree, made with the `feed`
 * package. Deterministic: the feed's time is its newest article's, never now.
 */
export function renderFeeds(source: FeedSource): { file: string; content: string }[] {
  const updated = new Date(source.entries[0]?.time ?? 0);
  const link = (sitePath: string) => source.root + sitePath.slice(1);
  const feed = new Feed({
    id: source.home,
    title: source.siteName,
    description: source.description || source.siteName,
    link: source.home,
    language: source.variant.lang,
    updated,
    generator: 'xinwen',
    copyright: source.copyright,
    feedLinks: { rss: link(FEED_PATHS.rss), atom: link(FEED_PATHS.atom), json: link(FEED_PATHS.json) },
  });
  for (const entry of source.entries) {
    feed.addItem({
      id: entry.url,
      link: entry.url,
      title: entry.title,
      date: new Date(entry.time),
      description: entry.summary,
      content: entry.bodyHtml,
      author: [{ name: entry.author }],
      category: entry.tags.map((name) => ({ name })),
    });
  }
  const prefix = source.variant.path.slice(1);
  return [
    { file: `${prefix}${FEED_PATHS.rss.slice(1)}`, content: feed.rss2() },
    { file: `${prefix}${FEED_PATHS.atom.slice(1)}`, content: feed.atom1() },
    { file: `${prefix}${FEED_PATHS.json.slice(1)}`, content: `${feed.json1()}\n` },
  ];
}

/** Feeds are read anywhere: root-relative links in a body become absolute. */
export function absoluteLinks(html: string, origin: string): string {
  return html.replace(/(\s(?:href|src)=")(\/(?!\/)[^"]*)"/g, (_, attribute: string, path: string) => `${attribute}${origin}${path}"`);
}
