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

/**
 * Drop what turndown leaves of empty blocks and indentation: `&nbsp;` paragraphs, runs of blank lines, and
 * indents made of `&nbsp;` or ideographic spaces (with or without plain spaces among them), which Markdown
 * would read as a code block. Fenced code keeps its lines as they are.
 */
function tidy(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced || /^\s*(```|~~~)/.test(line)) return line;
      const unindented = /^[ \u00a0\u3000]*[\u00a0\u3000][ \u00a0\u3000]*/.test(line) ? line.replace(/^[ \u00a0\u3000]+/, '') : line;
      const spaced = unindented.replace(/[\u00a0\u3000]+/g, (run, offset: number) => (offset + run.length === unindented.length ? '' : ' '));
      return spaced.trim() === '' ? '' : spaced.replace(/^ +(?=\S)/, (spaces) => (spaces.length >= 2 ? spaces : '')).replace(/(?<! ) $/, '');
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
