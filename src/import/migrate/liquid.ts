import { type ConvertedBody, fence, lineAt, mediaLink, Shelf, shelveCode, splitArguments, type TagContext, type UnknownTag, type UnresolvedLink } from './tag-tools.ts';

/**
 * Jekyll's Liquid and Hexo's tag plugins in a post's body, turned into
 * Markdown: what the import knows becomes what it showed on the old site;
 * any other tag is removed and reported with its line, so no `{% … %}` or
 * `{{ … }}` is ever published as text. Jekyll runs Liquid everywhere, code
 * blocks included, except in `{% raw %}`; Hexo leaves Markdown code as it is.
 */
export function convertLiquid(body: string, generator: 'jekyll' | 'hexo', context: TagContext): ConvertedBody {
  const shelf = new Shelf();
  const unknown: UnknownTag[] = [];
  const unresolved: UnresolvedLink[] = [];
  const assets: string[] = [];
  // Lines are found in the text as it stands when a tag is met: placeholders keep every line break.
  let text = body;
  const lineOf = (index: number) => lineAt(text, index);

  text = text.replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, (_, inner: string) => shelf.put(inner));
  if (generator === 'hexo') text = shelveCode(text, shelf);

  const blocks = /\{%-?\s*([A-Za-z_]\w*)\b((?:[^%]|%(?!\}))*?)-?%\}([\s\S]*?)\{%-?\s*end\1\s*-?%\}/g;
  for (let pass = 0; pass < 4 && blocks.test(text); pass++) {
    blocks.lastIndex = 0;
    text = text.replace(blocks, (whole: string, name: string, args: string, inner: string, index: number) => {
      const converted = block(name.toLowerCase(), args.trim(), inner, generator);
      if (converted !== undefined) return keepLines(whole, converted, shelf);
      unknown.push({ tag: `{% ${name} %}`, line: lineOf(index) });
      // A capture is assigned, never shown; a comment is never shown; any other block shows its content.
      return name === 'capture' || name === 'comment' ? keepLines(whole, '', shelf) : inner;
    });
  }

  // Arguments may hold a % (`100%`), only not the closing %}.
  text = text.replace(/\{%-?\s*([A-Za-z_]\w*)((?:[^%]|%(?!\}))*?)-?%\}/g, (_whole: string, name: string, args: string, index: number) => {
    const words = splitArguments(args.trim());
    const converted = inline(name.toLowerCase(), words, generator, context, assets);
    if (converted === undefined) {
      unknown.push({ tag: `{% ${name} %}`, line: lineOf(index) });
      return '';
    }
    if (converted.unresolved) unresolved.push({ reference: converted.unresolved, line: lineOf(index) });
    return converted.text;
  });

  text = text.replace(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g, (_whole: string, expression: string, index: number) => {
    const value = output(expression);
    if (value === undefined) {
      unknown.push({ tag: `{{ ${expression.split(/[\s|]/)[0]} }}`, line: lineOf(index) });
      return '';
    }
    return value;
  });

  return { body: shelf.restore(text), unknown, unresolved, assets };
}

/** Converted text standing where `whole` stood, shelved with the line count of `whole` so later lines still match. */
function keepLines(whole: string, converted: string, shelf: Shelf): string {
  return shelf.put(converted, whole);
}

function block(name: string, args: string, inner: string, generator: 'jekyll' | 'hexo'): string | undefined {
  const words = splitArguments(args);
  if (name === 'highlight') return fence(inner, words[0] ?? '');
  if (generator !== 'hexo') return undefined;
  if (name === 'codeblock' || name === 'code') {
    const language = words.find((word) => word.startsWith('lang:'))?.slice(5) ?? '';
    return fence(inner, language);
  }
  if (name === 'blockquote' || name === 'quote' || name === 'pullquote') {
    const quoted = inner.replace(/^\n+|\s+$/g, '').split('\n').map((line) => (line === '' ? '>' : `> ${line}`));
    const by = name === 'pullquote' ? '' : blockquoteSource(words);
    return [...quoted, ...(by ? ['>', `> —— ${by}`] : [])].join('\n');
  }
  return undefined;
}

/** `{% blockquote David Levithan, Wide Awake https://… Title %}`: who said it, and where. */
function blockquoteSource(words: string[]): string {
  const link = words.findIndex((word) => /^https?:\/\//.test(word));
  const before = (link === -1 ? words : words.slice(0, link)).join(' ');
  if (link === -1) return before;
  const title = words.slice(link + 1).join(' ') || words[link]!;
  return `${before ? `${before}, ` : ''}[${title}](${words[link]})`;
}

function inline(
  name: string,
  words: string[],
  generator: 'jekyll' | 'hexo',
  context: TagContext,
  assets: string[],
): { text: string; unresolved?: string } | undefined {
  const toPost = (reference: string, label?: string) => {
    const link = context.linkToPost(reference);
    if (link === undefined) return { text: label ?? '', unresolved: reference };
    return { text: label === undefined ? link : `[${label}](${link})` };
  };
  switch (name) {
    case 'post_url':
      return generator === 'jekyll' ? toPost(words[0] ?? '') : undefined;
    case 'link':
      if (generator === 'jekyll') return toPost(words[0] ?? '');
      // Hexo: {% link text url [external] [title] %}
      return { text: `[${words.slice(0, -1).filter((word) => !/^(true|false)$/.test(word)).join(' ') || words[0]}](${words.find((word) => /^(https?:|\/)/.test(word)) ?? ''})` };
    case 'youtube':
      return generator === 'hexo' && words[0] ? { text: mediaLink('YouTube', `https://www.youtube.com/watch?v=${words[0]}`) } : undefined;
    case 'vimeo':
      return generator === 'hexo' && words[0] ? { text: mediaLink('Vimeo', `https://vimeo.com/${words[0]}`) } : undefined;
    case 'jsfiddle':
      return generator === 'hexo' && words[0] ? { text: mediaLink('JSFiddle', `https://jsfiddle.net/${words[0]}/`) } : undefined;
    case 'gist':
      return generator === 'hexo' && words[0] ? { text: mediaLink(`Gist ${words[1] ?? words[0]}`, `https://gist.github.com/${words[0]}`) } : undefined;
    case 'iframe':
      return generator === 'hexo' && words[0] ? { text: mediaLink(words[0], words[0]) } : undefined;
    case 'post_link': {
      if (generator !== 'hexo') return undefined;
      const found = toPost(words[0] ?? '', words.slice(1).join(' ') || words[0]);
      return found;
    }
    case 'post_path':
      return generator === 'hexo' ? toPost(words[0] ?? '') : undefined;
    case 'img':
      return generator === 'hexo' ? image(words.filter((word) => !/^\d+$/.test(word)), (src) => src) : undefined;
    case 'asset_img':
    case 'asset_path':
    case 'asset_link': {
      if (generator !== 'hexo') return undefined;
      const file = words.find((word) => context.asset(word) !== undefined);
      if (file === undefined) return { text: '', unresolved: words.join(' ') };
      assets.push(file);
      const at = context.asset(file)!;
      if (name === 'asset_path') return { text: at };
      const rest = words.slice(words.indexOf(file) + 1).filter((word) => !/^\d+$/.test(word));
      if (name === 'asset_link') return { text: `[${rest.join(' ') || file}](${at})` };
      return image([at, ...rest], (src) => src);
    }
    default:
      return undefined;
  }
}

/** `{% img [class] src [w] [h] [title [alt]] %}` as Markdown. */
function image(words: string[], source: (src: string) => string): { text: string } {
  const at = words.findIndex((word) => /[/.]/.test(word));
  const src = words[at === -1 ? 0 : at] ?? '';
  const rest = words.slice((at === -1 ? 0 : at) + 1).join(' ');
  // `"title" "alt"` arrive as two words; one text is both.
  const [title, alt] = rest.includes('"') ? rest.split(/"\s*"/).map((part) => part.replace(/"/g, '')) : [rest, rest];
  return { text: `![${(alt ?? title ?? '').trim()}](${source(src)}${title ? ` "${title.trim().replace(/"/g, '')}"` : ''})` };
}

/**
 * `{{ … }}` the import can answer without the old site: its own address
 * (`site.url`, `site.baseurl`, empty, as xinwen's links start at the site's
 * base) and a quoted path through `relative_url` / `absolute_url`.
 */
function output(expression: string): string | undefined {
  const [subject, ...filters] = expression.split('|').map((part) => part.trim());
  const known = filters.every((filter) => /^(relative_url|absolute_url|prepend:\s*site\.(url|baseurl)|escape|xml_escape)$/.test(filter));
  if (!known) return undefined;
  if (/^site\.(url|baseurl)$/.test(subject!)) return '';
  const literal = /^(["'])(.*)\1$/.exec(subject!);
  return literal ? literal[2] : undefined;
}
