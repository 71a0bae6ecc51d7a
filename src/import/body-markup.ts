import { DomUtils } from 'htmlparser2';
import { unsafeUrlScheme } from '../core/unsafe-url.ts';
import { attribute, collapse, type HtmlElement } from './html-dom.ts';

/**
 * Get the body's markup ready for Markdown: subheadings start at `##`, a
 * short all-bold paragraph is a subheading, lazy-loaded images get their
 * real `src`, relative URLs are made absolute against the page's address,
 * `javascript:` links lose their URL, and only the attributes Markdown and
 * tables need are kept (no `style`, `class` or `onclick`). Returns how many images keep a
 * relative path (their files were not imported).
 */
export function prepareBody(container: HtmlElement, pageUrl: URL | undefined): number {
  const headings = DomUtils.getElementsByTagName((name) => /^h[1-6]$/.test(name), container);
  const top = Math.min(...headings.map((heading) => Number(heading.name[1])));
  for (const heading of headings) heading.name = `h${Math.min(Number(heading.name[1]) - top + 2, 6)}`;
  for (const paragraph of DomUtils.getElementsByTagName('p', container)) {
    const text = collapse(DomUtils.textContent(paragraph));
    const bold = DomUtils.getElementsByTagName((name) => name === 'strong' || name === 'b', paragraph).map((element) => collapse(DomUtils.textContent(element))).join('');
    if (text !== '' && bold.replace(/\s/g, '') === text.replace(/\s/g, '') && [...text].length <= 40 && !/[。！？!?；;：:，,、]$/.test(text.replace(/[”’」』）)》]+$/, ''))) {
      paragraph.name = 'h2';
    }
  }
  let relativeImages = 0;
  for (const image of DomUtils.getElementsByTagName('img', container)) {
    const source = ['data-original', 'data-src', 'data-lazy-src', 'src'].map((name) => attribute(image, name)).find((value) => value && !value.startsWith('data:image/gif'));
    const resolved = source && resolveUrl(source, pageUrl);
    if (!resolved || unsafeUrlScheme(resolved)) {
      DomUtils.removeElement(image);
      continue;
    }
    image.attribs.src = resolved;
    if (!/^(https?:)?\/\//i.test(resolved) && !resolved.startsWith('data:')) relativeImages++;
  }
  for (const link of DomUtils.getElementsByTagName('a', container)) {
    const href = attribute(link, 'href');
    const resolved = href && resolveUrl(href, pageUrl);
    if (!resolved || unsafeUrlScheme(resolved) || resolved.startsWith('#')) delete link.attribs.href;
    else link.attribs.href = resolved;
  }
  // Markdown keeps only addresses, alt texts and titles; tables stay HTML, and keep only their structure.
  for (const element of DomUtils.getElementsByTagName(() => true, container)) {
    for (const name of Object.keys(element.attribs)) if (!KEPT_ATTRIBUTES.has(name)) delete element.attribs[name];
  }
  return relativeImages;
}

const KEPT_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'colspan', 'rowspan', 'start']);

/** `page_files/a.jpg`: a file the browser saved beside the page, not on the old site. */
const SAVED_ASSET = /^(\.\/)?[^/?#]*[._]files\//i;

function resolveUrl(url: string, base: URL | undefined): string {
  const trimmed = url.trim();
  if (!base || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('#') || SAVED_ASSET.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

