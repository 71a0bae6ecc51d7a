import { DomUtils } from 'htmlparser2';
import { attribute, collapse, elements, type HtmlElement, type HtmlNode, isElement, isTextNode, type TextIndex } from './html-dom.ts';

const GOOD_NAME = /article|content|detail|zoom|text|entry|post|body|news_?con|neirong|zhengwen|wenzhang|main/i;
const BAD_NAME = /side|aside|nav|menu|foot|header|comment|share|related|recommend|hot|banner|contact|crumb|bread|links?\b|list|sitemap|copyright|logo/i;
const PROSE_BLOCKS = new Set(['p', 'pre', 'blockquote']);
const TEXT_HOLDERS = new Set(['div', 'td', 'section', 'article', 'center', 'font', 'span', 'main']);

/**
 * The element that holds the article: each paragraph scores by its length
 * and punctuation for its parent and, halved, its grandparent; the best
 * score, less the share of link text, with a nudge for names like
 * `content` or `sidebar`, wins (the idea of Readability).
 */
export function bodyContainer(document: HtmlNode, index: TextIndex): HtmlElement | undefined {
  const scores = new Map<HtmlElement, number>();
  const add = (element: HtmlNode | null | undefined, score: number) => {
    if (element && isElement(element)) scores.set(element, (scores.get(element) ?? 0) + score);
  };
  for (const element of elements(document)) {
    const prose = PROSE_BLOCKS.has(element.name);
    if (!prose && !TEXT_HOLDERS.has(element.name)) continue;
    const text = prose ? index.text(element) : ownText(element);
    const length = [...text.replace(/\s/g, '')].length;
    if (length < 10) continue;
    const score = 1 + (text.match(/[，,。；、！？]/g)?.length ?? 0) + Math.min(Math.floor(length / 100), 3);
    if (!prose) add(element, score);
    add(element.parent, score);
    add(element.parent?.parent, score / 2);
  }
  let best: HtmlElement | undefined;
  let bestScore = 0;
  for (const [element, score] of scores) {
    const names = `${attribute(element, 'class') ?? ''} ${attribute(element, 'id') ?? ''}`;
    const weighted = score * (1 - linkDensity(element, index)) + (GOOD_NAME.test(names) ? 5 : 0) - (BAD_NAME.test(names) ? 10 : 0);
    if (weighted > bestScore) {
      best = element;
      bestScore = weighted;
    }
  }
  // Text split over sibling blocks of the same kind (`<div class="box_2">` twice, a picture between): take them all.
  const parent = best?.parent;
  if (best && parent && isElement(parent)) {
    const kind = (element: HtmlElement) => `${element.name}.${attribute(element, 'class') ?? ''}`;
    const twins = parent.children.filter((child): child is HtmlElement => isElement(child) && child !== best && kind(child) === kind(best) && (scores.get(child) ?? 0) >= 3);
    if (twins.length > 0) return parent;
  }
  return best;
}

/** Text of an element outside its block children: `<div>段落一<br>段落二</div>`. */
function ownText(element: HtmlElement): string {
  const parts: string[] = [];
  for (const child of element.children) {
    if (isTextNode(child)) parts.push(child.data);
    else if (isElement(child) && !['div', 'p', 'table', 'ul', 'ol', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'dl'].includes(child.name)) {
      parts.push(DomUtils.textContent(child));
    }
  }
  return collapse(parts.join(''));
}

function linkDensity(element: HtmlElement, index: TextIndex): number {
  const total = index.text(element).length;
  if (total === 0) return 1;
  const linked = DomUtils.getElementsByTagName('a', element).reduce((sum, link) => sum + index.text(link).length, 0);
  return Math.min(linked / total, 1);
}

