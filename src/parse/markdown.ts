import { createRequire } from 'node:module';
import type { Parser as HtmlParser } from 'htmlparser2';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type SanitizeHtml from 'sanitize-html';
import { unsafeUrlScheme } from '../core/unsafe-url.ts';
import type { ImageRecord } from '../images/image-record.ts';
import { type ImageEnv, type ImageUse, type MissingImage, renderImages } from './images.ts';
import { type ArticleLink, collectLinks, type LinkEnv } from './links.ts';

// htmlparser2 and sanitize-html take about 0.1 s to load: only a site that needs them loads them.
const requireLazily = createRequire(import.meta.url);

export interface RenderedMarkdown {
  html: string;
  /** Plain text of the body's paragraphs, for summaries and reading time. */
  text: string;
  /** Plain text of everything the body shows as text (headings, paragraphs, lists, tables), for search. */
  searchText: string;
  /** Links and images that stay inside the site (links to articles' source files carry a marker in `html`). */
  links: ArticleLink[];
  /** The site's photos the body shows, and those it names whose file is missing. */
  images: ImageUse[];
  missingImages: MissingImage[];
}

/** Where a body comes from, for its links: the article's file, and the file line its body starts on. */
export interface BodySource {
  file: string;
  bodyLine: number;
  /** The site's photos by path from the site root (process-images.ts); without them, photos stay plain `<img>`s. */
  images?: ReadonlyMap<string, ImageRecord>;
  /** Load the body's first photo at once (false when the article's cover comes first). */
  eagerFirst?: boolean;
}

export interface MarkdownRenderer {
  render(markdown: string, source?: BodySource): RenderedMarkdown;
}

/**
 * What becomes of raw HTML written in Markdown (the `raw_html` setting):
 * `allow` passes it through (editors are trusted), `sanitize` keeps a safe
 * subset of tags and attributes, `escape` shows it as text.
 */
export type RawHtmlPolicy = 'allow' | 'sanitize' | 'escape';

/**
 * The one place markdown-it is configured. markdown-it itself refuses
 * javascript:, vbscript:, file: and non-image data: links; raw HTML gets the
 * same rule in every policy (see `unsafeUrlScheme`), so such a link is never
 * emitted. Site-absolute links (`/images/a.png`) get the base URL's path, so
 * a site deployed in a sub-folder keeps working; raw HTML is left as written.
 */
export function createMarkdownRenderer(basePath = '/', rawHtml: RawHtmlPolicy = 'allow'): MarkdownRenderer {
  const md = new MarkdownIt({ html: rawHtml !== 'escape', linkify: true, typographer: false });
  if (basePath !== '/') {
    const normalize = md.normalizeLink.bind(md);
    md.normalizeLink = (url) => normalize(url.startsWith('/') && !url.startsWith('//') ? basePath + url.slice(1) : url);
  }
  renderImages(md, basePath);
  collectLinks(md, basePath);
  md.core.ruler.push('shift_headings', (state) => shiftHeadings(state.tokens));
  const sanitize = rawHtml === 'sanitize' ? createSanitizer() : undefined;
  let Parser: typeof HtmlParser | undefined;
  return {
    render(markdown, source) {
      const env: Partial<LinkEnv & ImageEnv> = source ? { ...source, eagerFirst: source.eagerFirst ?? true, links: [], uses: [], missing: [] } : {};
      const tokens = md.parse(markdown, env);
      let html = md.renderer.render(tokens, md.options, env);
      if (sanitize) html = sanitize(html);
      // The whole body, not each raw HTML token: a tag may start in one token and end in the next.
      else if (rawHtml === 'allow' && hasRawHtml(tokens)) {
        Parser ??= (requireLazily('htmlparser2') as typeof import('htmlparser2')).Parser;
        html = withoutUnsafeUrls(html, Parser);
      }
      return { html, text: paragraphText(tokens), searchText: inlineText(tokens), links: env.links ?? [], images: env.uses ?? [], missingImages: env.missing ?? [] };
    },
  };
}

/**
 * The article's title is its page's one `<h1>`: a body that uses `#` (as
 * posts written for Jekyll or Hugo do) has every heading moved down a level,
 * `#` to h2 and so on, h6 staying h6.
 */
function shiftHeadings(tokens: Token[]): void {
  if (!tokens.some((token) => token.type === 'heading_open' && token.tag === 'h1')) return;
  for (const token of tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
  }
}

function hasRawHtml(tokens: Token[]): boolean {
  return tokens.some((token) => token.type === 'html_block' || (token.children?.some((child) => child.type === 'html_inline') ?? false));
}

/** Attributes whose value a browser follows or loads as a URL (sanitize-html's list). */
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'ping', 'longdesc', 'usemap', 'codebase', 'classid', 'archive', 'profile', 'manifest', 'itemid', 'dynsrc', 'lowsrc']);
/** Attributes holding a comma-separated list of `URL width` candidates. */
const SRCSET_ATTRIBUTES = new Set(['srcset', 'imagesrcset']);

function isUnsafeAttribute(name: string, value: string, attributes: Record<string, string>): boolean {
  if (URL_ATTRIBUTES.has(name)) return unsafeUrlScheme(value) !== undefined;
  if (SRCSET_ATTRIBUTES.has(name)) return value.split(',').some((candidate) => unsafeUrlScheme(candidate.trim().split(/\s+/)[0] ?? '') !== undefined);
  // <meta http-equiv="refresh" content="0; url=javascript:…">
  if (name === 'content' && attributes['http-equiv']?.trim().toLowerCase() === 'refresh') {
    return unsafeUrlScheme(value.replace(/^[\s\d.]*[;,]?\s*(?:url\s*=\s*)?['"]?/i, '')) !== undefined;
  }
  return false;
}

/**
 * Raw HTML as written, except that a URL attribute with a `javascript:` (or
 * vbscript:, file:, data:) value is dropped: `<a href="javascript:…">x</a>`
 * becomes `<a>x</a>`. Tags are found with htmlparser2, which decodes
 * entities as a browser does (`&#106;avascript:`); only tags that lose an
 * attribute are rewritten, everything else stays byte for byte. A tag left
 * open at the end would take in the page's own markup that follows the body
 * (`<a href="javascript:…"` + `</div>`), so its `<` is shown as text.
 */
function withoutUnsafeUrls(html: string, Parser: typeof HtmlParser): string {
  let out = '';
  let copied = 0;
  /** Start of an open tag whose `>` has not come yet. */
  let pending: number | undefined;
  const parser: HtmlParser = new Parser({
    onopentagname() {
      pending = parser.startIndex;
    },
    onopentag(name, attributes) {
      pending = undefined;
      const entries = Object.entries(attributes);
      if (!entries.some(([attribute, value]) => isUnsafeAttribute(attribute, value, attributes))) return;
      const kept = entries.filter(([attribute, value]) => !isUnsafeAttribute(attribute, value, attributes));
      const end = parser.endIndex + 1;
      const selfClosing = html[end - 2] === '/' ? ' /' : '';
      out += html.slice(copied, parser.startIndex);
      out += `<${name}${kept.map(([attribute, value]) => ` ${attribute}="${value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`).join('')}${selfClosing}>`;
      copied = end;
    },
  });
  parser.end(html);
  if (pending !== undefined && pending >= copied) {
    out += `${html.slice(copied, pending)}&lt;`;
    copied = pending + 1;
  }
  return copied === 0 ? html : out + html.slice(copied);
}

/**
 * `raw_html: sanitize`: what Markdown produces plus the usual article markup
 * (figures, tables, images, ruby, details), with a few harmless attributes.
 * Scripts, styles, forms, frames, event handlers and javascript: URLs go; so
 * do unknown tags, whose text is kept.
 */
function createSanitizer(): (html: string) => string {
  const sanitizeHtml = requireLazily('sanitize-html') as typeof SanitizeHtml;
  const options: SanitizeHtml.IOptions = {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 'ins', 'details', 'summary', 'picture', 'source'],
    allowedAttributes: {
      '*': ['title', 'lang', 'dir', 'translate', 'class'],
      a: ['href', 'name'],
      img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading', 'decoding', 'style'],
      source: ['srcset', 'media', 'type', 'sizes'],
      th: ['style', 'colspan', 'rowspan', 'scope'],
      td: ['style', 'colspan', 'rowspan'],
      ol: ['start', 'reversed', 'type'],
      li: ['value'],
      time: ['datetime'],
      details: ['open'],
    },
    // markdown-it aligns table columns with `style="text-align:…"`.
    allowedStyles: { img: { 'max-width': [/^min\(100%,[\d.]+vh\)$/] }, th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
    // <source> is a void element: without this, sanitize-html writes a stray </source>.
    selfClosing: [...sanitizeHtml.defaults.selfClosing, 'source'],
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'], source: ['http', 'https', 'data'] },
    allowProtocolRelative: true,
    // The same rule as in the other policies, on top of the scheme lists above (e.g. no data:text/html images).
    transformTags: {
      '*': (tagName, attribs) => ({
        tagName,
        attribs: Object.fromEntries(Object.entries(attribs).filter(([name, value]) => !isUnsafeAttribute(name, value, attribs))),
      }),
    },
  };
  return (html) => sanitizeHtml(html, options);
}

/** Text of every inline run (headings, paragraphs, list items, table cells) and of code blocks, a line each. */
function inlineText(tokens: Token[]): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === 'fence' || token.type === 'code_block') parts.push(token.content);
    else if (token.type === 'inline' && token.children) {
      for (const child of token.children) {
        if (child.type === 'text' || child.type === 'code_inline') parts.push(child.content);
        else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
        else if (child.type === 'image') parts.push(child.content);
      }
      parts.push('\n');
    }
  }
  return parts.join('');
}

/** Text of paragraphs only: headings, code and raw HTML do not make good summaries. */
function paragraphText(tokens: Token[]): string {
  const parts: string[] = [];
  let inParagraph = false;
  for (const token of tokens) {
    if (token.type === 'paragraph_open') inParagraph = true;
    else if (token.type === 'paragraph_close') inParagraph = false;
    else if (inParagraph && token.type === 'inline' && token.children) {
      let text = '';
      for (const child of token.children) {
        if (child.type === 'text' || child.type === 'code_inline') text += child.content;
        else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
      }
      if (text.trim()) parts.push(text.trim());
    }
  }
  return parts.join('\n');
}
