/** What related-article ranking needs of an article. */
export interface RelatableArticle {
  path: string;
  tags: readonly string[];
  category?: string;
}

/** Candidates taken from each shared tag, newest first: keeps ranking linear in the site's size. */
const WINDOW = 200;

/**
 * 相关新闻 for one article: most shared tags first, then same column, then
 * newest; never the article itself. `byTag` and `byCategory` hold articles
 * newest first, as does `newest`; candidates are the newest WINDOW of each
 * shared tag and of the column, so a site of any size costs the same per article.
 */
export function relatedArticles<T extends RelatableArticle>(
  article: T,
  count: number,
  byTag: ReadonlyMap<string, readonly T[]>,
  byCategory: ReadonlyMap<string, readonly T[]>,
  newest: readonly T[],
  rank: ReadonlyMap<T, number>,
): T[] {
  if (count <= 0) return [];
  const shared = new Map<T, number>();
  for (const tag of article.tags) {
    const list = byTag.get(tag) ?? [];
    for (let i = 0; i < list.length && i < WINDOW; i++) {
      const other = list[i]!;
      if (other !== article) shared.set(other, (shared.get(other) ?? 0) + 1);
    }
  }
  const column = article.category === undefined ? [] : (byCategory.get(article.category) ?? []);
  for (let i = 0; i < column.length && i < WINDOW; i++) {
    if (column[i] !== article && !shared.has(column[i]!)) shared.set(column[i]!, 0);
  }
  for (let i = 0; i < newest.length && shared.size < count + 1; i++) {
    if (newest[i] !== article && !shared.has(newest[i]!)) shared.set(newest[i]!, 0);
  }
  const sameColumn = (other: T) => (article.category !== undefined && other.category === article.category ? 1 : 0);
  return [...shared.keys()]
    .sort((a, b) => shared.get(b)! - shared.get(a)! || sameColumn(b) - sameColumn(a) || rank.get(a)! - rank.get(b)!)
    .slice(0, count);
}
