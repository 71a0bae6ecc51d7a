import path from 'node:path';
import type { MarkdownIt } from 'markdown-it';

/**
 * A link or image of an article that stays inside the site, as written, with
 * its line: the model resolves it and reports it when it leads nowhere.
 */
export interface ArticleLink {
  /** The address as written (percent-decoded, without the base URL's path), for messages. */
  written: string;
  /** 1-based line of the article's file. */
  line: number;
  /** An image's `src` rather than a link's `href`. */
  image: boolean;
  /** A link to an article's source file: that file (`content/news/x.md`) and what follows its name (`#part`). */
  source?: { file: string; rest: string };
  /** Otherwise the address in the site: absolute (`/news/x/`), or relative to the article's own page (`../x/`). */
  sitePath?: string;
}

/** The href a link to an article's source file gets in the body until the page is rendered (see render-page.ts). */
export const ARTICLE_LINK_PREFIX = 'xinwen-article:';

/** What the link rule needs to know of the article being parsed, and where it leaves what it found. */
export interface LinkEnv {
  /** The article's site-relative file (`content/news/a.md`). */
  file: string;
  /** File line on which the Markdown body starts. */
  bodyLine: number;
  /** Found links, in order; a source link's marker is its index here. */
  links: ArticleLink[];
}

/**
 * A markdown-it core rule: find the links and images of a body that stay in
 * the site. A link to an article's source file (`[见](./2024-03-12-api.md)`
 * or `/news/2024-03-12-api.md`, from content/) gets a marker instead of its
 * address, which the page's real address replaces when the page is rendered
 * in each script.
 */
export function collectLinks(md: MarkdownIt, basePath: string): void {
  md.core.ruler.push('xinwen_links', (state) => {
    const env = state.env as Partial<LinkEnv>;
    if (!env.links || env.file === undefined) return;
    const lines = state.src.split('\n');
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      let searchFrom = block.map?.[0] ?? 0;
      for (const token of block.children) {
        const attribute = token.type === 'link_open' ? 'href' : token.type === 'image' ? 'src' : undefined;
        const address = attribute ? token.attrGet(attribute) : null;
        if (typeof address !== 'string' || address === '') continue;
        // A photo xinwen processes is checked by the image rules (images.ts): missing, it is an error.
        if ((token.meta as { imageFile?: string } | null)?.imageFile !== undefined) continue;
        const link = classify(address, env.file, basePath);
        if (!link) continue;
        // The exact line: the first line of the block, from the last link's, that holds the address as written.
        const end = block.map?.[1] ?? lines.length;
        let at = searchFrom;
        while (at < end - 1 && !lines[at]!.includes(link.written.replace(/^\/+/, '')) && !lines[at]!.includes(address)) at++;
        if (at >= end) at = searchFrom;
        searchFrom = at;
        const found: ArticleLink = { ...link, line: (env.bodyLine ?? 1) + at, image: token.type === 'image' };
        if (found.source && !found.image) token.attrSet('href', `${ARTICLE_LINK_PREFIX}${env.links.length}`);
        env.links.push(found);
      }
    }
  });
}

/** What a link's address means, or undefined when it leads out of the site (or is only a fragment). */
function classify(address: string, file: string, basePath: string): Omit<ArticleLink, 'line' | 'image'> | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(address) || address.startsWith('//') || address.startsWith('#') || address.startsWith('?')) return undefined;
  let written = decode(address);
  const absolute = written.startsWith('/');
  if (absolute && written.startsWith(basePath)) written = `/${written.slice(basePath.length)}`;
  const cut = written.search(/[?#]/);
  const pathPart = cut === -1 ? written : written.slice(0, cut);
  const rest = cut === -1 ? '' : written.slice(cut);
  if (/\.md$/i.test(pathPart)) {
    // From content/ when absolute, else from the article's own folder.
    const from = absolute ? 'content' : path.posix.dirname(file);
    return { written, source: { file: path.posix.normalize(path.posix.join(from, pathPart)), rest } };
  }
  return { written, sitePath: pathPart };
}

function decode(address: string): string {
  try {
    return decodeURI(address);
  } catch {
    return address;
  }
}

/** Replace the markers of source links in a body with the pages' addresses (`hrefs[n]` for marker n). */
export function fillArticleLinks(html: string, hrefs: readonly string[]): string {
  if (hrefs.length === 0 || !html.includes(ARTICLE_LINK_PREFIX)) return html;
  return html.replace(/href="xinwen-article:(\d+)"/g, (whole, index: string) => {
    const href = hrefs[Number(index)];
    return href === undefined ? whole : `href="${href.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`;
  });
}
