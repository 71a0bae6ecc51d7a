import { Tokenizer } from 'htmlparser2';
import type { TextConverter } from './text-converter.ts';

/**
 * Convert the human-readable parts of an HTML fragment: text, and the
 * attributes people read (alt, title, aria-label, placeholder). Never
 * touched: tags, other attributes (href, src, class…), comments, the contents
 * of script, style, code, pre, kbd and samp, and anything inside an element
 * with translate="no". A `-{ … }-` span within one run of text stays as written.
 *
 * Tags are found by htmlparser2's tokenizer (the HTML parser xinwen uses
 * everywhere), with entities left as written; everything it does not change
 * is copied byte for byte.
 */
const READABLE_ATTRIBUTES = new Set(['alt', 'title', 'aria-label', 'placeholder']);
/** Elements whose text is code or data, not prose. */
const KEEP_ELEMENTS = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style']);
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Rewrites the value of an `href` attribute (as written, entities and all); undefined leaves it. */
export type LinkRewrite = (href: string) => string | undefined;

interface Attribute {
  name: string;
  /** Value's range in the source; -1 when the attribute has no value. */
  start: number;
  end: number;
}

export function convertHtml(html: string, converter: TextConverter, rewriteLink?: LinkRewrite): string {
  if (converter.identity && !rewriteLink && !html.includes('-{')) return html;
  let out = '';
  /** Source up to here is in `out`. */
  let copied = 0;
  const replace = (start: number, end: number, text: string) => {
    out += html.slice(copied, start) + text;
    copied = end;
  };

  /** Convert a text run, keeping its `-{ … }-` spans as written: a span opens and closes in the same run. */
  const convertText = (start: number, end: number): string => {
    const run = html.slice(start, end);
    if (!run.includes('-{')) return plain(run);
    let result = '';
    let i = 0;
    for (;;) {
      const open = run.indexOf('-{', i);
      const close = open === -1 ? -1 : run.indexOf('}-', open + 2);
      if (close === -1) return result + plain(run.slice(i));
      result += plain(run.slice(i, open)) + run.slice(open + 2, close);
      i = close + 2;
    }
  };
  const plain = (run: string) => (converter.identity ? run : converter.plain(run));

  walkHtml(html, {
    text(start, end, kept) {
      if (kept) return;
      const converted = convertText(start, end);
      if (converted !== html.slice(start, end)) replace(start, end, converted);
    },
    attribute(name, start, end, kept, readable) {
      const value = html.slice(start, end);
      const changed = readable && !kept && !converter.identity ? converter.text(value) : name === 'href' && rewriteLink ? rewriteLink(value) : undefined;
      if (changed !== undefined && changed !== value) replace(start, end, changed);
    },
  });
  return copied === 0 ? html : out + html.slice(copied);
}

/** What walkHtml reports, in source order, as ranges of the source (entities as written). */
export interface HtmlVisitor {
  /** A whole run of text; `kept`: inside code, pre, kbd, samp, script, style or translate="no". */
  text(start: number, end: number, kept: boolean): void;
  /** An attribute's value (attributes without one are not reported); `readable`: one people read (alt, title…). */
  attribute(name: string, start: number, end: number, kept: boolean, readable: boolean): void;
}

/** Walk an HTML fragment's text runs and attribute values, saying which are prose and which are kept as written. */
export function walkHtml(html: string, visitor: HtmlVisitor): void {
  /**
   * Elements open since entering a region kept as written (code, pre,
   * translate="no"…), innermost last; the region ends when the stack empties.
   */
  const keep: string[] = [];
  /** A run of text not yet reported: the tokenizer may report one run in pieces. */
  let textStart = -1;
  let textEnd = -1;
  const flushText = () => {
    if (textStart === -1) return;
    visitor.text(textStart, textEnd, keep.length > 0);
    textStart = textEnd = -1;
  };

  let tagName = '';
  let attributes: Attribute[] = [];
  let attribute: Attribute | undefined;
  const finishTag = (selfClosing: boolean) => {
    const keepThis =
      KEEP_ELEMENTS.has(tagName) || attributes.some((each) => each.name === 'translate' && html.slice(each.start, each.end).trim().toLowerCase() === 'no');
    for (const { name, start, end } of attributes) {
      if (start !== -1) visitor.attribute(name, start, end, keep.length > 0 || keepThis, READABLE_ATTRIBUTES.has(name));
    }
    if ((keepThis || keep.length > 0) && !VOID_ELEMENTS.has(tagName) && !selfClosing) keep.push(tagName);
  };

  const tokenizer = new Tokenizer(
    { decodeEntities: false },
    {
      ontext(start, end) {
        if (textStart !== -1 && start === textEnd) textEnd = end;
        else {
          flushText();
          textStart = start;
          textEnd = end;
        }
      },
      onopentagname(start, end) {
        flushText();
        tagName = html.slice(start, end).toLowerCase();
        attributes = [];
      },
      onattribname(start, end) {
        attribute = { name: html.slice(start, end).toLowerCase(), start: -1, end: -1 };
      },
      onattribdata(start, end) {
        if (!attribute) return;
        if (attribute.start === -1) attribute.start = start;
        attribute.end = end;
      },
      onattribend() {
        if (attribute) attributes.push(attribute);
        attribute = undefined;
      },
      onopentagend() {
        finishTag(false);
      },
      onselfclosingtag() {
        finishTag(true);
      },
      onclosetag(start, end) {
        flushText();
        const name = html.slice(start, end).toLowerCase();
        const open = keep.lastIndexOf(name);
        if (open !== -1) keep.length = open;
      },
      oncomment: flushText,
      oncdata: flushText,
      ondeclaration: flushText,
      onprocessinginstruction: flushText,
      onattribentity() {},
      ontextentity() {},
      onend: flushText,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
}

/**
 * Rewrite the URL attributes (`href`, `src`, each URL of a `srcset`) of an HTML fragment: `rewrite`
 * gets each value as written and returns its replacement, or undefined to
 * leave it. Everything else is copied byte for byte. (Feeds make a body's
 * site links absolute with it.)
 */
export function rewriteUrls(html: string, rewrite: (value: string) => string | undefined): string {
  let out = '';
  let copied = 0;
  let name = '';
  let start = -1;
  let end = -1;
  const tokenizer = new Tokenizer(
    { decodeEntities: false },
    {
      onattribname(from, to) {
        name = html.slice(from, to).toLowerCase();
        start = end = -1;
      },
      onattribdata(from, to) {
        if (start === -1) start = from;
        end = to;
      },
      onattribend() {
        if ((name !== 'href' && name !== 'src' && name !== 'srcset') || start === -1) return;
        const value = html.slice(start, end);
        // A srcset is a list of `URL width` candidates: each URL is rewritten.
        const changed =
          name === 'srcset'
            ? value
                .split(',')
                .map((candidate) => candidate.replace(/^(\s*)(\S+)/, (_whole, space: string, url: string) => space + (rewrite(url) ?? url)))
                .join(',')
            : rewrite(value);
        if (changed === undefined || changed === value) return;
        out += html.slice(copied, start) + changed;
        copied = end;
      },
      ontext() {},
      onopentagname() {},
      onopentagend() {},
      onselfclosingtag() {},
      onclosetag() {},
      oncomment() {},
      oncdata() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onattribentity() {},
      ontextentity() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return copied === 0 ? html : out + html.slice(copied);
}
