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

export interface ConvertedArticle {
  /** One per variant, in the settings' order. */
  texts: ArticleText[];
  /** Body HTML per variant. */
  bodies: string[];
}

/**
 * The convert stage for one article: every field people read, in every
 * variant, each converted once here and reused on every page that shows it.
 */
export function convertArticle(article: Article, converters: readonly TextConverter[]): ConvertedArticle {
  const texts: ArticleText[] = [];
  const bodies: string[] = [];
  for (const converter of converters) {
    texts.push({
      title: converter.text(article.title),
      summary: converter.text(article.summary),
      author: converter.text(article.author),
      source: article.source === undefined ? undefined : converter.text(article.source),
      tags: article.tags.map((tag) => converter.text(tag)),
      category: article.category === undefined ? undefined : converter.text(article.category),
    });
    bodies.push(convertHtml(article.bodyHtml, converter));
  }
  return { texts, bodies };
}
