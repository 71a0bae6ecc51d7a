import type { Article } from '../parse/article.ts';
import type { ScriptConverter } from './script-converter.ts';
import type { Locale } from './opencc.ts';

/** An article's human-readable fields in one variant's script. */
export interface ArticleText {
  title: string;
  summary: string;
  author: string;
  source?: string;
  editor?: string;
  /** Display names; tag URLs come from the source names. */
  tags: string[];
  category?: string;
}

/** An article's readable fields in every variant's script, converted once and reused on every page that shows them. */
export function convertArticleTexts(article: Omit<Article, 'bodyHtml'>, from: Locale, converter: ScriptConverter, variants: number): ArticleText[] {
  const text = (input: string, variant: number) => converter.convert('text', input, from, variant);
  return Array.from({ length: variants }, (_, v) => ({
    title: text(article.title, v),
    summary: text(article.summary, v),
    author: text(article.author, v),
    source: article.source === undefined ? undefined : text(article.source, v),
    editor: article.editor === undefined ? undefined : text(article.editor, v),
    tags: article.tags.map((tag) => text(tag, v)),
    category: article.category === undefined ? undefined : text(article.category, v),
  }));
}
