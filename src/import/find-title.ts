import { DomUtils } from 'htmlparser2';
import { attribute, collapse, contains, elements, type HtmlElement, type HtmlNode, hasChildren, type TextIndex } from './html-dom.ts';

/**
 * The names a page gives itself outside its text: og:title, `<title>`, and
 * the `title` of the `<text>` wrapper of CleanEval-style captures (no head).
 * Each usually holds the headline with a site or column name before or after
 * it (`标题_栏目_网站`, `网站 » 标题`).
 */
export function headTitles(document: HtmlNode, clean: (text: string) => string): string[] {
  const children = hasChildren(document) ? document.children : [];
  const og = DomUtils.findOne((element) => element.name === 'meta' && attribute(element, 'property') === 'og:title', children);
  const title = DomUtils.getElementsByTagName('title', document, true, 1)[0];
  const wrapper = DomUtils.findOne((element) => element.name === 'text' && attribute(element, 'title') !== undefined, children);
  return [og && attribute(og, 'content'), title && DomUtils.textContent(title), wrapper && attribute(wrapper, 'title')]
    .map((text) => collapse(clean(text ?? '')))
    .filter((text) => text !== '');
}

/** What sits between a headline and the site or column names in a `<title>`. */
const SEPARATOR = /[-_|｜»:：@>·—–]/;
/** Shorter than this, a match is a site or column name, not a headline. */
const MIN_HEADLINE = 6;

const squeeze = (text: string) => text.replace(/[\s\u00a0\u3000]+/g, '');

/**
 * The element that prints the headline the head names: the longest text of
 * the page that a head title holds from its start or after a separator
 * (`网站 - 标题`), so the suffix and prefix CMSes add are left out. Of equal
 * texts, one that is not a link (sidebars list the headline as a link), the
 * heading (a caption may repeat it), the last before the body's first
 * paragraph (a ticker may repeat it above), else the first.
 */
export function elementMatchingHead(document: HtmlNode, index: TextIndex, heads: string[], bodyStart: number): HeadlineMatch | undefined {
  const folded = heads.map(squeeze);
  let best: HtmlElement[] = [];
  let longest = 0;
  const head = DomUtils.getElementsByTagName('head', document, true, 1)[0];
  for (const element of elements(document)) {
    if (element.name === 'text' || (head && contains(head, element)) || DomUtils.getElementsByTagName('title', [element], true, 1).length > 0) continue;
    const raw = index.text(element);
    if (raw.length > 400) continue;
    const text = squeeze(raw);
    const length = [...text].length;
    if (length < MIN_HEADLINE || length < longest || length > 200) continue;
    if (!folded.some((head) => startsSegment(head, text))) continue;
    if (length > longest) {
      best = [];
      longest = length;
    }
    best.push(element);
  }
  // The deepest of nested elements with the same text: the one that holds just the headline.
  const deepest = best.filter((element) => !best.some((other) => other !== element && contains(element, other)));
  const notLinks = deepest.filter((element) => !isInLink(element));
  const pool = notLinks.length > 0 ? notLinks : deepest;
  const before = pool.filter((element) => index.position(element) < bodyStart);
  // A heading over a caption or a teaser that repeats the headline.
  const headings = before.filter((element) => /^h[1-4]$/.test(element.name));
  const element = headings.at(-1) ?? before.at(-1) ?? pool[0];
  if (!element) return undefined;
  // A headline printed in two elements (`<p>主题</p><div>——副题</div>`) that the head holds joined.
  const all = elements(document);
  const next = all.slice(all.indexOf(element) + 1).find((other) => !contains(element, other) && index.text(other) !== '');
  if (next && !contains(next, element) && folded.some((head) => startsSegment(head, squeeze(index.text(element) + index.text(next))))) {
    return { element, next, text: index.text(element) + index.text(next) };
  }
  return { element, text: index.text(element) };
}

/** The headline's element, the element that completes it when it is printed in two, and its text. */
export interface HeadlineMatch {
  element: HtmlElement;
  next?: HtmlElement;
  text: string;
}

function startsSegment(head: string, text: string): boolean {
  for (let at = head.indexOf(text); at !== -1; at = head.indexOf(text, at + 1)) {
    if (at === 0 || SEPARATOR.test(head[at - 1]!)) return true;
  }
  return false;
}

/** A link, inside one, or holding nothing but one. */
function isInLink(element: HtmlElement): boolean {
  for (let up: HtmlNode | null = element; up; up = up.parent) if ((up as HtmlElement).name === 'a') return true;
  return element.children.length === 1 && (element.children[0] as HtmlElement).name === 'a';
}
