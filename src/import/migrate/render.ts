import { renderArticleFile } from '../article-writer.ts';

/** An article made from another generator's post, ready to be written. */
export interface MigratedArticle {
  title: string;
  date: string;
  updated?: string;
  author?: string;
  tags: string[];
  category?: string;
  summary?: string;
  cover?: string;
  pinned: boolean;
  featured: boolean;
  draft: boolean;
  /** Old addresses that redirect to the article. */
  aliases: string[];
  body: string;
}

/** The Markdown file of a migrated post, written as the page import writes its articles. */
export function renderMigrated(article: MigratedArticle): string {
  const { title, date, updated, author, tags, category, summary, cover, pinned, featured, draft, aliases } = article;
  return renderArticleFile({ title, date, updated, author, tags, category, summary, cover, pinned, featured, draft, aliases: { lines: aliases } }, article.body);
}
