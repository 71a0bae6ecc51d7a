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

/** YAML double-quoted string: safe for any text. */
const quoted = (text: string) => JSON.stringify(text);

/** The Markdown file, its front matter written as `xinwen new` and the page import write theirs (quoted texts). */
export function renderMigrated(article: MigratedArticle): string {
  const lines = [
    '---',
    `title: ${quoted(article.title)}`,
    `date: ${quoted(article.date)}`,
    ...(article.updated !== undefined ? [`updated: ${quoted(article.updated)}`] : []),
    ...(article.author !== undefined ? [`author: ${quoted(article.author)}`] : []),
    ...(article.tags.length > 0 ? [`tags: [${article.tags.map(quoted).join(', ')}]`] : []),
    ...(article.category !== undefined ? [`category: ${quoted(article.category)}`] : []),
    ...(article.summary !== undefined ? [`summary: ${quoted(article.summary)}`] : []),
    ...(article.cover !== undefined ? [`cover: ${quoted(article.cover)}`] : []),
    ...(article.pinned ? ['pinned: true'] : []),
    ...(article.featured ? ['featured: true'] : []),
    ...(article.draft ? ['draft: true'] : []),
    ...(article.aliases.length > 0 ? ['aliases:', ...article.aliases.map((alias) => `  - ${quoted(alias)}`)] : []),
    '---',
    '',
    article.body.trim(),
    '',
  ];
  return lines.join('\n');
}
