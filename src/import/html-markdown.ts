import TurndownService from 'turndown';

/**
 * An article's body HTML → Markdown, with turndown: paragraphs, headings,
 * lists, links, images, emphasis, quotes and code. Tables stay HTML (the
 * site renders raw HTML in bodies, and legacy tables merge cells Markdown
 * cannot). The only wrapper around turndown.
 */
export function htmlToMarkdown(html: string): string {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
    linkStyle: 'inlined',
  });
  service.keep(['table']);
  // Text that reads `<script>` on the old page is text, not markup: escape `<` and entity-like `&` too.
  const escape = service.escape.bind(service);
  service.escape = (text: string) => escape(text).replace(/<(?=[A-Za-z/!?])/g, '\\<').replace(/&(?=#?\w+;)/g, '\\&');
  // `- item`, not turndown's `-   item`.
  service.addRule('listItem', {
    filter: 'li',
    replacement(content, node) {
      const parent = node.parentNode as { nodeName: string; getAttribute(name: string): string | null; children: ArrayLike<unknown> } | null;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? '1');
        const index = Array.prototype.indexOf.call(parent.children, node);
        prefix = `${(Number.isInteger(start) ? start : 1) + index}. `;
      }
      const isParagraph = /\n$/.test(content);
      const text = content.replace(/^\n+|\n+$/g, '') + (isParagraph ? '\n' : '');
      return prefix + text.replace(/\n/g, `\n${' '.repeat(prefix.length)}`) + (node.nextSibling ? '\n' : '');
    },
  });
  // Old CMSes separate paragraphs with <br>: one is a paragraph break, except inside a list item or a cell.
  service.addRule('lineBreak', {
    filter: 'br',
    replacement(_content, node) {
      for (let up = node.parentNode as { nodeName: string; parentNode: unknown } | null; up; up = up.parentNode as typeof up) {
        if (up.nodeName === 'LI' || up.nodeName === 'TD' || up.nodeName === 'TH') return '  \n';
      }
      return '\n\n';
    },
  });
  return tidy(service.turndown(html));
}

/** Drop what turndown leaves of empty blocks and indentation: `&nbsp;` paragraphs, ideographic-space indents, runs of blank lines. */
function tidy(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.replace(/[\u00a0\u3000]+/g, (run, offset: number) => (offset === 0 || offset + run.length === line.length ? '' : ' ')))
    .map((line) => (line.trim() === '' ? '' : line.replace(/^ +(?=\S)/, (spaces) => (spaces.length >= 2 ? spaces : '')).replace(/(?<! ) $/, '')))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
