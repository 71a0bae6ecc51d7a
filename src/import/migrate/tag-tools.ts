/**
 * What the Liquid, Hexo and Hugo converters share: the arguments of a tag,
 * placeholders that keep text out of their reach, and where a tag was.
 */

/** A template tag the import does not know: removed, and reported with its line. */
export interface UnknownTag {
  /** `{% include %}`, `{{ page.x }}`, `{{< alert >}}`… as the report shows it. */
  tag: string;
  /** 1-based line in the body. */
  line: number;
}

/** A link to another post (post_url, post_link, ref…) that is not among the posts imported. */
export interface UnresolvedLink {
  reference: string;
  line: number;
}

export interface ConvertedBody {
  body: string;
  unknown: UnknownTag[];
  unresolved: UnresolvedLink[];
  /** Files of the post's own folder the body uses (Hexo asset_img). */
  assets: string[];
}

/** How the converters reach the rest of the migration. */
export interface TagContext {
  /** Link to an imported post, from post_url / post_link / ref; undefined when it was not imported. */
  linkToPost(reference: string): string | undefined;
  /** A file of the post's asset folder, as a path relative to the article, when it exists. */
  asset(name: string): string | undefined;
}

/**
 * Words of a tag's arguments: `a "b c" d='e'` gives a, b c, d=e. Quotes
 * (double, single, back) group words and are removed.
 */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  const pattern = /([^\s"'`=]+=)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`)|\S+/g;
  for (const match of text.matchAll(pattern)) {
    if (match[2] === undefined && match[3] === undefined && match[4] === undefined) words.push(match[0]);
    else words.push((match[1] ?? '') + (match[2]?.replace(/\\(.)/g, '$1') ?? match[3] ?? match[4]));
  }
  return words;
}

/** Positional and `name=value` arguments of a Hugo shortcode. */
export function namedArguments(text: string): { positional: string[]; named: Map<string, string> } {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (const word of splitArguments(text)) {
    const pair = /^([A-Za-z_][\w-]*)=([\s\S]*)$/.exec(word);
    if (pair) named.set(pair[1]!.toLowerCase(), pair[2]!);
    else positional.push(word);
  }
  return { positional, named };
}

/**
 * Keeps parts of a text out of the converters' way: each is replaced by a
 * placeholder that has the same number of line breaks, so line numbers
 * found later still match the source, and is put back by `restore`.
 */
export class Shelf {
  private readonly kept: string[] = [];

  /** Shelve `text`; the placeholder has as many line breaks as `standsFor` (default: `text`). */
  put(text: string, standsFor = text): string {
    this.kept.push(text);
    return `\u0000${this.kept.length - 1}\u0001${'\n'.repeat(standsFor.split('\n').length - 1)}\u0002`;
  }

  restore(text: string): string {
    // Shelved text may itself hold placeholders (a raw block inside a code fence): restore until none is left.
    let result = text;
    for (let pass = 0; pass < 4 && result.includes('\u0000'); pass++) {
      result = result.replace(/\u0000(\d+)\u0001\n*\u0002/g, (_, index: string) => this.kept[Number(index)]!);
    }
    return result;
  }
}

/** 1-based line of an index in a text. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/**
 * Shelve Markdown code: fenced blocks (``` and ~~~, open to the end when
 * never closed) and inline code spans, which Hexo shows as written.
 */
export function shelveCode(text: string, shelf: Shelf): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(lines[index]!);
    if (!open) {
      out.push(lines[index]!.replace(/(`+)(?!`).*?[^`]\1(?!`)|(`+)[^`]\2(?!`)/g, (span) => shelf.put(span)));
      continue;
    }
    let end = index + 1;
    const marker = open[1]!;
    while (end < lines.length && !new RegExp(`^ {0,3}${marker[0]}{${marker.length},}\\s*$`).test(lines[end]!)) end++;
    out.push(shelf.put(lines.slice(index, Math.min(end, lines.length - 1) + 1).join('\n')));
    index = end;
  }
  return out.join('\n');
}

/** Where Markdown code is (fenced blocks and inline spans), as [start, end) ranges of the text. */
export function codeRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const fences = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm;
  for (const match of text.matchAll(fences)) ranges.push([match.index, match.index + match[0].length]);
  const inside = (at: number) => ranges.some(([start, end]) => at >= start && at < end);
  for (const match of text.matchAll(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g)) {
    if (!inside(match.index)) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/** A Markdown code fence around `code`, longer than any run of backticks inside it. */
export function fence(code: string, language = ''): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((run) => run[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${code.replace(/^\n+|\s+$/g, '')}\n${ticks}`;
}

/** Markdown for a video or page that another site shows in a frame: a link, which every page can show. */
export function mediaLink(label: string, url: string): string {
  return `[${label}](${url})`;
}
