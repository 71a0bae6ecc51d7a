import { DomUtils, ElementType, parseDocument } from 'htmlparser2';

/** Types of htmlparser2's DOM (domhandler), named through htmlparser2 so no other package is imported. */
export type HtmlDocument = ReturnType<typeof parseDocument>;
export type HtmlNode = Parameters<typeof DomUtils.getChildren>[0];
export type HtmlElement = NonNullable<ReturnType<typeof DomUtils.findOne>>;

export type HtmlParent = NonNullable<HtmlNode['parent']>;

export function isElement(node: HtmlNode): node is HtmlElement {
  return node.type === ElementType.Tag || node.type === ElementType.Script || node.type === ElementType.Style;
}

export function isTextNode(node: HtmlNode): node is HtmlNode & { data: string } {
  return node.type === ElementType.Text;
}

export function hasChildren(node: HtmlNode): node is HtmlParent {
  return 'children' in node && Array.isArray(node.children);
}

const BLOCKS = new Set(
  'address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);

export function isBlock(element: HtmlElement): boolean {
  return BLOCKS.has(element.name);
}

/** True when no element under `element` is a block: its text reads as one line. */
export function isLine(element: HtmlElement): boolean {
  return !DomUtils.existsOne(isBlock, element.children);
}

/**
 * Put text that stands between blocks into a `<p>` of its own, as browsers
 * lay it out: `<div><h2>标题</h2>作者：… 日期：…<p>…</p></div>` gets its meta
 * line in a paragraph, so every line of the page is an element.
 */
export function wrapInlineRuns(root: HtmlNode): void {
  for (const element of elements(root)) {
    if (['pre', 'ul', 'ol', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'dl', 'select'].includes(element.name)) continue;
    const children = [...element.children];
    if (!children.some((child) => isElement(child) && isBlock(child))) continue;
    let run: HtmlNode[] = [];
    const flush = () => {
      if (run.some((node) => collapse(DomUtils.textContent(node as Parameters<typeof DomUtils.textContent>[0])) !== '' || (isElement(node) && node.name === 'img'))) {
        const paragraph = newElement('p');
        DomUtils.prepend(run[0] as Parameters<typeof DomUtils.prepend>[0], paragraph);
        for (const node of run) DomUtils.appendChild(paragraph, node as Parameters<typeof DomUtils.appendChild>[1]);
      }
      run = [];
    };
    for (const child of children) {
      if (isElement(child) && isBlock(child)) flush();
      else run.push(child);
    }
    flush();
  }
}

/** A new, empty element (htmlparser2 makes it, so no other DOM package is needed). */
function newElement(name: string): HtmlElement {
  const element = parseDocument(`<${name}></${name}>`).children[0];
  if (!element || !isElement(element)) throw new Error(`cannot create <${name}>`);
  DomUtils.removeElement(element);
  return element;
}

/**
 * Text of nodes with whitespace collapsed, blocks and `<br>` as spaces,
 * remembered per element: the extractor asks for the text of every element
 * several times. Valid until the DOM changes.
 */
export class TextIndex {
  private readonly texts = new Map<HtmlNode, string>();
  private readonly order = new Map<HtmlNode, number>();

  constructor(root: HtmlNode) {
    let next = 0;
    const walk = (node: HtmlNode) => {
      this.order.set(node, next++);
      if (hasChildren(node)) for (const child of node.children) walk(child);
    };
    walk(root);
  }

  text(node: HtmlNode): string {
    let text = this.texts.get(node);
    if (text === undefined) {
      text = collapse(raw(node));
      this.texts.set(node, text);
    }
    return text;
  }

  /** Position in document order (of the DOM as it was when the index was made). */
  position(node: HtmlNode): number {
    return this.order.get(node) ?? -1;
  }
}

function raw(node: HtmlNode): string {
  if (isTextNode(node)) return node.data;
  if (!isElement(node)) return hasChildren(node) ? node.children.map(raw).join('') : '';
  if (node.name === 'br') return ' ';
  const inner = node.children.map(raw).join('');
  return isBlock(node) ? ` ${inner} ` : inner;
}

export function collapse(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** Every element under `root`, in document order. */
export function elements(root: HtmlNode): HtmlElement[] {
  return DomUtils.findAll(() => true, hasChildren(root) ? root.children : []);
}

/**
 * The elements, in document order, whose text passes `test` while none of
 * their descendants' does: the elements that hold just that line.
 */
export function deepestAll(root: HtmlNode, index: TextIndex, test: (text: string) => boolean, maxLength = 300): HtmlElement[] {
  const matches = (element: HtmlElement) => {
    const text = index.text(element);
    return text !== '' && text.length <= maxLength && test(text);
  };
  return elements(root).filter((element) => matches(element) && !DomUtils.existsOne(matches, element.children));
}

/** The first of `deepestAll`. */
export function deepest(root: HtmlNode, index: TextIndex, test: (text: string) => boolean, maxLength = 300): HtmlElement | undefined {
  return deepestAll(root, index, test, maxLength)[0];
}

export function contains(ancestor: HtmlNode, node: HtmlNode): boolean {
  for (let up: HtmlNode | null = node; up; up = up.parent) if (up === ancestor) return true;
  return false;
}

/** Remove `node` and everything before it inside `root`. */
export function removeUpTo(root: HtmlNode, node: HtmlNode): void {
  for (let current: HtmlNode = node; current !== root && current.parent; current = current.parent) {
    while (current.prev) DomUtils.removeElement(current.prev);
  }
  DomUtils.removeElement(node);
}

export function attribute(element: HtmlElement, name: string): string | undefined {
  return DomUtils.getAttributeValue(element, name);
}
