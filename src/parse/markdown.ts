import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export interface RenderedMarkdown {
  html: string;
  /** Plain text of the body's paragraphs, for summaries and reading time. */
  text: string;
}

export interface MarkdownRenderer {
  render(markdown: string): RenderedMarkdown;
}

/**
 * The one place markdown-it is configured. Raw HTML is allowed (editors are
 * trusted); markdown-it itself refuses javascript:, vbscript: and file: links.
 * Site-absolute links (`/images/a.png`) get the base URL's path, so a site
 * deployed in a sub-folder keeps working; raw HTML is left as written.
 */
export function createMarkdownRenderer(basePath = '/'): MarkdownRenderer {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: false });
  if (basePath !== '/') {
    const normalize = md.normalizeLink.bind(md);
    md.normalizeLink = (url) => normalize(url.startsWith('/') && !url.startsWith('//') ? basePath + url.slice(1) : url);
  }
  return {
    render(markdown) {
      const tokens = md.parse(markdown, {});
      return { html: md.renderer.render(tokens, md.options, {}), text: paragraphText(tokens) };
    },
  };
}

/** Text of paragraphs only: headings, code and raw HTML do not make good summaries. */
function paragraphText(tokens: Token[]): string {
  const parts: string[] = [];
  let inParagraph = false;
  for (const token of tokens) {
    if (token.type === 'paragraph_open') inParagraph = true;
    else if (token.type === 'paragraph_close') inParagraph = false;
    else if (inParagraph && token.type === 'inline' && token.children) {
      let text = '';
      for (const child of token.children) {
        if (child.type === 'text' || child.type === 'code_inline') text += child.content;
        else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
      }
      if (text.trim()) parts.push(text.trim());
    }
  }
  return parts.join('\n');
}
