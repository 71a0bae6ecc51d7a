import { chooseSource, type ExtractedPage } from './extracted-page.ts';
import { escapeMarkdown } from './markdown-text.ts';
import {
  columnFromBreadcrumb,
  isAfterArticle,
  isBreadcrumb,
  isChromeLine,
  isGenericSource,
  isPageControl,
  parseMetaLine,
  parseSourceLine,
  parseTagsLine,
} from './page-patterns.ts';
import { say } from '../core/language.ts';

/**
 * A legacy page saved as plain text (the browser's "save as text", or a
 * copy of the page): chrome lines (breadcrumb, sidebar, contact block), the
 * title, the meta line `作者:… 来源:… 日期:… 人气:…`, one paragraph a line,
 * then a trailing `来源:` line, the `标签:` line and the footer.
 */
export function extractText(text: string): ExtractedPage {
  const lines = text.split('\n').map((line) => line.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, ''));
  const warnings: string[] = [];
  const metaIndex = lines.findIndex((line) => parseMetaLine(line) !== undefined);
  const meta = metaIndex === -1 ? {} : parseMetaLine(lines[metaIndex]!)!;

  let titleIndex: number;
  if (metaIndex !== -1) {
    titleIndex = previousNonEmpty(lines, metaIndex);
    if (titleIndex !== -1 && isChromeLine(lines[titleIndex]!)) titleIndex = -1;
  } else {
    warnings.push(say('没有找到作者、来源、日期、人气那一行', 'no meta line (作者 / 来源 / 日期 / 人气) found'));
    titleIndex = lines.findIndex((line, index) => isTitleLike(line) && endsSentence(lines[nextNonEmpty(lines, index)] ?? ''));
  }
  const title = titleIndex === -1 ? undefined : lines[titleIndex];
  const start = Math.max(metaIndex, titleIndex) + 1;
  if (start === 0) warnings.push(say('没有找到标题行：全文都当作正文', 'no title line found: the whole text is taken as the body'));

  const crumb = lines.slice(0, start).find(isBreadcrumb);
  const endOffset = lines.slice(start).findIndex((line) => isAfterArticle(line) || parseTagsLine(line) !== undefined);
  const end = endOffset === -1 ? lines.length : start + endOffset;
  const tail = lines.slice(end);
  const tags = tail.map(parseTagsLine).find((found) => found !== undefined && found.length > 0) ?? [];

  const bodyLines = lines.slice(start, end).filter((line) => line !== '' && line !== title && !isPageControl(line) && !isBreadcrumb(line));
  let trailingSource: string | undefined;
  const last = bodyLines.at(-1);
  if (last !== undefined && parseSourceLine(last) !== undefined) {
    trailingSource = parseSourceLine(last);
    bodyLines.pop();
  }
  const source = chooseSource(meta.source, trailingSource, isGenericSource);

  return {
    title,
    author: meta.author,
    source,
    date: meta.date,
    views: meta.views,
    tags,
    category: crumb === undefined ? undefined : columnFromBreadcrumb(crumb, title),
    body: bodyMarkdown(bodyLines),
    warnings,
  };
}

/** One paragraph a line; a short line without final punctuation between paragraphs is a subheading. */
function bodyMarkdown(lines: string[]): string {
  const candidate = lines.map(isSubheadingLike);
  return lines
    .map((line, index) => {
      const heading = candidate[index] && !candidate[index - 1] && !candidate[index + 1] && index + 1 < lines.length;
      return heading ? `## ${escapeMarkdown(line)}` : escapeMarkdown(line);
    })
    .join('\n\n');
}

/** Characters at most in a subheading line. */
const SUBHEADING_LENGTH = 40;

function isSubheadingLike(line: string): boolean {
  return (
    [...line].length <= SUBHEADING_LENGTH &&
    /\p{Script=Han}/u.test(line) &&
    !endsClause(line) &&
    // Not a `label: value` line (责任编辑：张三), a caption (图为…) or a note in brackets ((完)).
    !/^[^:：]{1,8}[:：]/.test(line) &&
    !/^(图|圖)(为|為|片|\d|[:：])/.test(line) &&
    !/^[（(【[]/.test(line)
  );
}

/** A line that ends with punctuation is prose, not a heading. */
function endsClause(line: string): boolean {
  return /[。！？!?…；;：:，,、.．]$/.test(line.replace(/[”’」』）)》〉"'\]]+$/, ''));
}

function endsSentence(line: string): boolean {
  return /[。！？!?…]$/.test(line.replace(/[”’」』）)》〉"']+$/, ''));
}

function isTitleLike(line: string): boolean {
  const length = [...line].length;
  return length >= 4 && length <= 100 && !isChromeLine(line) && !endsSentence(line) && /\p{Script=Han}/u.test(line);
}

function previousNonEmpty(lines: string[], index: number): number {
  for (let i = index - 1; i >= 0; i--) if (lines[i] !== '') return i;
  return -1;
}

function nextNonEmpty(lines: string[], index: number): number {
  for (let i = index + 1; i < lines.length; i++) if (lines[i] !== '') return i;
  return -1;
}
