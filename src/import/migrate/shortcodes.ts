import { codeRanges, type ConvertedBody, fence, lineAt, mediaLink, namedArguments, Shelf, type TagContext, type UnknownTag, type UnresolvedLink } from './tag-tools.ts';

/**
 * Hugo shortcodes in a post's body, turned into Markdown: `highlight`,
 * `figure`, `youtube`, `vimeo`, `gist`, `ref` and `relref` become what they
 * showed; any other is removed (a paired one keeps its content) and
 * reported with its line. A shortcode written as Hugo's comment form
 * (`{{<` slash-star … star-slash `>}}`), its way of showing one as text,
 * becomes `{{< x >}}` as on the old site (it only ever stands in code). Hugo runs shortcodes in code blocks too, so code is not
 * set aside.
 */
export function convertShortcodes(body: string, context: TagContext): ConvertedBody {
  const shelf = new Shelf();
  const unknown: UnknownTag[] = [];
  const unresolved: UnresolvedLink[] = [];
  // Outside code, the shortcode shown as text becomes inline code, so it reads as code and not as a leftover.
  const code = codeRanges(body);
  let text = body.replace(/\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/g, (_, open: string, inner: string, close: string, index: number) => {
    const shown = `{{${open}${inner}${close}}}`;
    return shelf.put(code.some(([start, end]) => index >= start && index < end) ? shown : `\`${shown}\``);
  });
  const lineOf = (index: number) => lineAt(text, index);

  // Paired shortcodes, innermost first: {{< name args >}} … {{< /name >}} (or with %).
  const paired = /\{\{([<%])-?\s*([\w./-]+)([^]*?)-?\s*[>%]\}\}((?:(?!\{\{[<%]-?\s*\/?\2\b)[\s\S])*?)\{\{[<%]-?\s*\/\s*\2\s*-?[>%]\}\}/g;
  for (let pass = 0; pass < 8 && paired.test(text); pass++) {
    paired.lastIndex = 0;
    text = text.replace(paired, (whole: string, _open: string, name: string, args: string, inner: string, index: number) => {
      const converted = pairedShortcode(name.toLowerCase(), args, inner);
      if (converted !== undefined) return shelf.put(converted, whole);
      unknown.push({ tag: `{{< ${name} >}}`, line: lineOf(index) });
      // The content stays where it was, its lines too, so later tags are reported at their own lines.
      return inner;
    });
  }

  text = text.replace(/\{\{([<%])-?\s*([\w./-]+)([^]*?)-?\s*\/?\s*[>%]\}\}/g, (_whole: string, _open: string, name: string, args: string, index: number) => {
    const result = single(name.toLowerCase(), args, context);
    if (result === undefined) {
      unknown.push({ tag: `{{< ${name.replace(/^\//, '')} >}}`, line: lineOf(index) });
      return '';
    }
    if (result.unresolved) unresolved.push({ reference: result.unresolved, line: lineOf(index) });
    return result.text;
  });
  return { body: shelf.restore(text), unknown, unresolved, assets: [] };
}

function pairedShortcode(name: string, args: string, inner: string): string | undefined {
  const { positional } = namedArguments(args);
  if (name === 'highlight') return fence(inner, positional[0] ?? '');
  return undefined;
}

function single(name: string, args: string, context: TagContext): { text: string; unresolved?: string } | undefined {
  const { positional, named } = namedArguments(args);
  const first = positional[0] ?? '';
  switch (name) {
    case 'figure': {
      const src = named.get('src') ?? '';
      if (!src) return undefined;
      const alt = named.get('alt') ?? named.get('title') ?? named.get('caption') ?? '';
      const caption = [named.get('title'), named.get('caption')].filter(Boolean).join(' ');
      const image = `![${alt}](${src}${caption ? ` "${caption.replace(/"/g, '')}"` : ''})`;
      const link = named.get('link');
      return { text: link ? `[${image}](${link})` : image };
    }
    case 'youtube': {
      const id = named.get('id') ?? first;
      return id ? { text: mediaLink(named.get('title') ?? 'YouTube', `https://www.youtube.com/watch?v=${id}`) } : undefined;
    }
    case 'vimeo': {
      const id = named.get('id') ?? first;
      return id ? { text: mediaLink(named.get('title') ?? 'Vimeo', `https://vimeo.com/${id}`) } : undefined;
    }
    case 'gist':
      return positional.length >= 2 ? { text: mediaLink(`Gist ${positional[1]}`, `https://gist.github.com/${positional[0]}/${positional[1]}`) } : undefined;
    case 'ref':
    case 'relref': {
      const target = named.get('path') ?? first;
      if (!target) return undefined;
      const [page, anchor] = target.split('#') as [string, string | undefined];
      const link = context.linkToPost(page);
      const suffix = anchor ? `#${anchor}` : '';
      if (link === undefined) return { text: `#${anchor ?? ''}`, unresolved: target };
      return { text: link + suffix };
    }
    default:
      return undefined;
  }
}
