/** What related-article ranking needs of an article. */
export interface RelatableArticle {
  tags: readonly string[];
  category?: string;
}

/** Candidates taken from each shared tag and the column, newest first: keeps ranking linear in the site's size. */
export const RELATED_WINDOW = 100;

/**
 * 相关新闻 for one article: most shared tags first, then same column, then
 * newest; never the article itself. `byTag` and `byCategory` hold articles
 * newest first, as does `newest`; `rank` is each article's place in
 * `newest`. Candidates are the newest RELATED_WINDOW of each shared tag and
 * of the column, so a site of any size costs the same per article.
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
  const add = (list: readonly T[], weight: number) => {
    for (let i = 0; i < list.length && i < RELATED_WINDOW; i++) {
      const other = list[i]!;
      if (other !== article) shared.set(other, (shared.get(other) ?? 0) + weight);
    }
  };
  for (const tag of article.tags) add(byTag.get(tag) ?? [], 1);
  if (article.category !== undefined) add(byCategory.get(article.category) ?? [], 0);
  for (let i = 0; i < newest.length && shared.size <= count; i++) {
    if (newest[i] !== article && !shared.has(newest[i]!)) shared.set(newest[i]!, 0);
  }
  const sameColumn = (other: T) => (article.category !== undefined && other.category === article.category ? 1 : 0);
  const better = (a: T, b: T) => shared.get(b)! - shared.get(a)! || sameColumn(b) - sameColumn(a) || rank.get(a)! - rank.get(b)!;
  // Keep the best `count` in a small sorted array: no sort of every candidate.
  const best: T[] = [];
  for (const candidate of shared.keys()) {
    if (best.length === count && better(candidate, best[count - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && better(candidate, best[at - 1]!) < 0) at--;
    best.splice(at, 0, candidate);
    if (best.length > count) best.pop();
  }
  return best;
}
