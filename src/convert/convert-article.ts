import type { Article } from '../parse/article.ts';
import { convertHtml } from './html.ts';
import type { TextConverter } from './text-converter.ts';

/** An article's human-readable fields in one variant's script. */
export interface ArticleText {
  title: string;
  summary: string;
  author: string;
  source?: string;
  /** Display names; tag URLs come from the source names. */
  tags: string[];
  category?: string;
}

/** An article's readable fields in one script, converted once and reused on every page that shows them. */
export function convertArticleText(article: Article, converter: TextConverter): ArticleText {
  return {
    title: converter.text(article.title),
    summary: converter.text(article.summary),
    author: converter.text(article.author),
    source: article.source === undefined ? undefined : converter.text(article.source),
    tags: article.tags.map((tag) => converter.text(tag)),
    category: article.category === undefined ? undefined : converter.text(article.category),
  };
}

/** An article's body in one script. */
export function convertArticleBody(html: string, converter: TextConverter): string {
  return convertHtml(html, converter);
}
