/** What an extractor found on one legacy page, before the text is cleaned. */
export interface ExtractedPage {
  title?: string;
  author?: string;
  source?: string;
  /** `YYYY-MM-DD HH:mm:ss` or `YYYY-MM-DD`, not yet checked against the calendar. */
  date?: string;
  views?: number;
  /** 责任编辑, from the editor's line under the text. */
  editor?: string;
  tags: string[];
  /** 栏目, from the breadcrumb. */
  category?: string;
  /** The article body as Markdown. */
  body: string;
  /** Things the editor should check, e.g. where a field came from. */
  warnings: string[];
}

/**
 * Source named by the meta line, unless it only says 转载 (reposted) and a
 * trailing `来源:` line under the article names the paper.
 */
export function chooseSource(meta: string | undefined, trailing: string | undefined, isGeneric: (source: string) => boolean): string | undefined {
  if (trailing !== undefined && (meta === undefined || isGeneric(meta))) return trailing;
  return meta;
}
