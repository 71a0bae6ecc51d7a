import type { TextConverter } from './text-converter.ts';

/**
 * Convert the human-readable parts of an HTML fragment: text, and the
 * attributes people read (alt, title, aria-label, placeholder). Never
 * touched: tags, other attributes (href, src, class…), comments, the contents
 * of script, style, code, pre, kbd and samp, and anything inside an element
 * with translate="no". `-{ … }-` spans stay as written, even across tags.
 */
const READABLE_ATTRIBUTES = new Set(['alt', 'title', 'aria-label', 'placeholder']);
/** Elements whose text is code or data, not prose. */
const KEEP_ELEMENTS = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style']);
/** Elements whose content is raw text: no tags inside, so scan straight to the end tag. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style']);
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function convertHtml(html: string, converter: TextConverter): string {
  if (converter.identity && !html.includes('-{')) return html;
  let out = '';
  /**
   * Elements open since entering a region kept as written (code, pre,
   * translate="no"…), innermost last; the region ends when the stack empties.
   */
  const keep: string[] = [];
  let inMarker = false;

  /** Convert a text run that starts at `offset` in `html`. */
  const text = (run: string, offset: number) => {
    if (keep.length > 0) return run;
    let result = '';
    let i = 0;
    while (i < run.length) {
      if (inMarker) {
        const close = run.indexOf('}-', i);
        if (close === -1) return result + run.slice(i);
        result += run.slice(i, close);
        i = close + 2;
        inMarker = false;
      } else {
        const open = run.indexOf('-{', i);
        // A marker counts only when it is closed somewhere later in the document.
        if (open === -1 || html.indexOf('}-', offset + open + 2) === -1) {
          return result + convertRun(run.slice(i));
        }
        result += convertRun(run.slice(i, open));
        i = open + 2;
        inMarker = true;
      }
    }
    return result;
  };
  const convertRun = (run: string) => (converter.identity || inMarker ? run : converter.plain(run));

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out += text(html.slice(i), i);
      break;
    }
    if (lt > i) out += text(html.slice(i, lt), i);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      const stop = end === -1 ? html.length : end + 3;
      out += html.slice(lt, stop);
      i = stop;
      continue;
    }
    TAG.lastIndex = lt;
    const tag = TAG.exec(html);
    if (!tag) {
      // A `<` that starts no tag is text.
      out += text('<', lt);
      i = lt + 1;
      continue;
    }
    const [whole, slash, rawName, attributes] = tag as unknown as [string, string, string, string];
    const name = rawName.toLowerCase();
    i = lt + whole.length;
    if (slash) {
      const open = keep.lastIndexOf(name);
      if (open !== -1) keep.length = open;
      out += whole;
      continue;
    }
    const keepThis = KEEP_ELEMENTS.has(name) || /\btranslate\s*=\s*["']?no\b/i.test(attributes);
    out += keep.length > 0 || keepThis ? whole : convertAttributes(whole, rawName, attributes, converter);
    if (RAW_TEXT_ELEMENTS.has(name)) {
      const endTag = new RegExp(`</${name}`, 'ig');
      endTag.lastIndex = i;
      const close = endTag.exec(html);
      const stop = close === null ? html.length : close.index;
      out += html.slice(i, stop);
      i = stop;
      continue;
    }
    if ((keepThis || keep.length > 0) && !VOID_ELEMENTS.has(name) && !attributes.trimEnd().endsWith('/')) keep.push(name);
  }
  return out;
}

function convertAttributes(whole: string, rawName: string, attributes: string, converter: TextConverter): string {
  if (converter.identity || !/\b(alt|title|aria-label|placeholder)\s*=/i.test(attributes)) return whole;
  const converted = attributes.replace(ATTRIBUTE, (match, name: string, _assignment, double?: string, single?: string, bare?: string) => {
    if (!READABLE_ATTRIBUTES.has(name.toLowerCase())) return match;
    const value = double ?? single ?? bare;
    if (value === undefined) return match;
    return match.replace(value, converter.text(value));
  });
  return `${whole.slice(0, 1 + rawName.length)}${converted}>`;
}
