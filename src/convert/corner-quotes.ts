import { walkHtml } from './html.ts';

/**
 * Taiwan and Hong Kong print quotations in corner brackets: 「」 for a
 * quotation, 『』 for one inside it (「他說：『我們到了。』」), where the
 * mainland writes “” and ‘’. A variant with `quotes: corner` gets them here,
 * after its script conversion, in every text it publishes (bodies, titles,
 * summaries, the site's words, templates), so a feed, a list and a search
 * result show the same marks as the article. Code (code, pre, kbd, samp,
 * translate="no"), URLs and other attributes are never touched.
 *
 * Only marks that pair are changed, and the depth of a pair decides its form
 * (so ‘’ written alone becomes 「」, and “” inside “” becomes 『』): a quote
 * left open (a summary cut inside a quotation, a stray ”, an apostrophe ’)
 * stays as written, and no lone 「 is ever made.
 */

const CORNER = [
  ['「', '」'],
  ['『', '』'],
] as const;

interface Mark {
  /** Index of the mark in the text. */
  at: number;
  char: string;
}

/** Plain text (a title, a summary) with its paired quotes as corner brackets. */
export function cornerQuotesText(text: string): string {
  if (!hasQuote(text)) return text;
  return replaceMarks(text, pairedMarks(marksIn(text, 0, text.length)));
}

/**
 * An HTML fragment with the paired quotes of its text as corner brackets:
 * quotes pair across elements (“<strong>要闻</strong>”), so the text of the
 * whole fragment is paired at once; a readable attribute (alt, title…) is
 * paired on its own.
 */
export function cornerQuotesHtml(html: string): string {
  if (!hasQuote(html)) return html;
  const prose: Mark[] = [];
  const replacements = new Map<number, string>();
  walkHtml(html, {
    text(start, end, kept) {
      if (!kept) prose.push(...marksIn(html, start, end));
    },
    attribute(_name, start, end, kept, readable) {
      if (!kept && readable) for (const [at, char] of pairedMarks(marksIn(html, start, end))) replacements.set(at, char);
    },
  });
  for (const [at, char] of pairedMarks(prose)) replacements.set(at, char);
  return replaceMarks(html, replacements);
}

function hasQuote(text: string): boolean {
  return /[“‘]/u.test(text);
}

function marksIn(text: string, start: number, end: number): Mark[] {
  const marks: Mark[] = [];
  for (let at = start; at < end; at++) {
    const char = text[at]!;
    if (char === '“' || char === '”' || char === '‘' || char === '’') marks.push({ at, char });
  }
  return marks;
}

/**
 * The corner bracket for each mark that pairs, by index. A closing ” pairs
 * with the nearest open “ (quotes still open inside it stay unpaired); a
 * closing ’ only with an open ‘ right before it, since ’ is also an apostrophe.
 */
function pairedMarks(marks: readonly Mark[]): Map<number, string> {
  const open: Mark[] = [];
  const pairs: [number, number][] = [];
  for (const mark of marks) {
    if (mark.char === '“' || mark.char === '‘') {
      open.push(mark);
    } else if (mark.char === '”') {
      let opener = open.length - 1;
      while (opener >= 0 && open[opener]!.char !== '“') opener--;
      if (opener === -1) continue;
      pairs.push([open[opener]!.at, mark.at]);
      open.length = opener;
    } else if (open.at(-1)?.char === '‘') {
      pairs.push([open.pop()!.at, mark.at]);
    }
  }
  // Pairs nest (each closes the innermost open quote of its kind): a pair's depth is the number of pairs around it.
  pairs.sort((a, b) => a[0] - b[0]);
  const replacements = new Map<number, string>();
  const around: number[] = [];
  for (const [start, end] of pairs) {
    while (around.length > 0 && around.at(-1)! < start) around.pop();
    const [left, right] = CORNER[around.length % 2]!;
    replacements.set(start, left);
    replacements.set(end, right);
    around.push(end);
  }
  return replacements;
}

/** `text` with single characters replaced at the given indexes. */
function replaceMarks(text: string, replacements: ReadonlyMap<number, string>): string {
  if (replacements.size === 0) return text;
  let out = '';
  let copied = 0;
  for (const at of [...replacements.keys()].sort((a, b) => a - b)) {
    out += text.slice(copied, at) + replacements.get(at)!;
    copied = at + 1;
  }
  return out + text.slice(copied);
}
