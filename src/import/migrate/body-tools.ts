/**
 * Changes to a post's Markdown that do not depend on its generator: the
 * headings under the article's title, and the summary a "more" mark cuts.
 */

/** Lines of the body outside fenced code, by index. */
function proseLines(lines: string[]): boolean[] {
  const prose: boolean[] = [];
  let fenceMarker: string | undefined;
  for (const line of lines) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMarker === undefined && open) {
      fenceMarker = open[1]!;
      prose.push(false);
    } else if (fenceMarker !== undefined) {
      if (new RegExp(`^ {0,3}${fenceMarker[0]}{${fenceMarker.length},}\\s*$`).test(line)) fenceMarker = undefined;
      prose.push(false);
    } else {
      prose.push(true);
    }
  }
  return prose;
}

/**
 * The article's title is its page's only `<h1>`: when the body has level-1
 * headings (`# x`, or `x` over `===`), every heading goes one level down
 * (`#` → `##`… to `######`). Returns the body and whether it changed.
 */
export function shiftHeadings(body: string): { body: string; shifted: boolean } {
  const lines = body.split('\n');
  const prose = proseLines(lines);
  const isSetext1 = (index: number) => prose[index] && /^ {0,3}=+\s*$/.test(lines[index]!) && index > 0 && prose[index - 1] && lines[index - 1]!.trim() !== '';
  const hasH1 = lines.some((line, index) => (prose[index] && /^ {0,3}#(\s|$)/.test(line)) || isSetext1(index));
  if (!hasH1) return { body, shifted: false };
  const out = lines.map((line, index) => {
    if (!prose[index]) return line;
    const atx = /^( {0,3})(#{1,6})(\s|$)/.exec(line);
    if (atx) return atx[2]!.length === 6 ? line : line.replace(/^( {0,3})#/, '$1##');
    return line;
  });
  // Setext headings: the text line gets `##` / `###`, the underline goes.
  for (let index = out.length - 1; index > 0; index--) {
    if (!prose[index] || !prose[index - 1] || out[index - 1]!.trim() === '' || /^ {0,3}(#|>|[-*+] |\d+[.)] )/.test(out[index - 1]!)) continue;
    const setext = /^ {0,3}(=+|-+)\s*$/.exec(out[index]!);
    if (!setext) continue;
    out[index - 1] = `${setext[1]!.startsWith('=') ? '##' : '###'} ${out[index - 1]!.trim()}`;
    out.splice(index, 1);
  }
  return { body: out.join('\n'), shifted: true };
}

/** `<!-- more -->` (Hexo, Jekyll themes) and `<!--more-->` (Hugo). */
const MORE = /^[ \t]*<!--\s*more\s*-->[ \t]*$/im;

/**
 * The "more" mark: the text above it is the summary. Returns the body
 * without the mark and that summary as plain text (undefined when the body
 * has no mark, or nothing above it).
 */
export function cutAtMore(body: string): { body: string; summary?: string } {
  const match = MORE.exec(body);
  if (!match) return { body };
  const before = body.slice(0, match.index);
  const summary = plainText(before);
  return { body: before + body.slice(match.index + match[0].length).replace(/^\n/, ''), summary: summary === '' ? undefined : summary };
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Markdown and HTML reduced to their words, on one line. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/&nbsp;/g, ' ')
    // A line break between Chinese characters is no space (the source's lines were only wrapped).
    .replace(/\s+/g, (space, at: number, text: string) => (CJK.test(text[at - 1] ?? '') || CJK.test(text[at + space.length] ?? '') ? '' : ' '))
    .replace(/\s+([，。：；！？、.,:;!?])/g, '$1')
    .trim();
}
