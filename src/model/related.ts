/** What related-article ranking needs of an article. */
export interface RelatableArticle {
  tags: readonly string[];
  category?: string;
}

/** Candidates taken from each shared tag and the column, newest first: keeps ranking linear in the site's size. */
export const RELATED_WINDOW = 100;

/**
 * 相关新闻 for every article of `newest` (newest first): for each, the
 * indices of its related articles, best first. Best means most shared tags,
 * then same column, then newest; never the article itself. Candidates are
 * the newest RELATED_WINDOW of each shared tag and of the column, topped up
 * from the newest articles, so a site of any size costs the same per
 * article. Works on indices and typed arrays: this runs on every dev rebuild.
 */
export function rankRelated(newest: readonly RelatableArticle[], count: number): number[][] {
  const n = newest.length;
  if (count <= 0) return newest.map(() => []);
  const tagWindows = new Windows();
  const columnWindows = new Windows();
  const tagIds = newest.map((article, index) => article.tags.map((tag) => tagWindows.add(tag, index)));
  const columnIds = Int32Array.from(newest, (article, index) => (article.category === undefined ? -1 : columnWindows.add(article.category, index)));

  // score[i] is candidate i's number of shared tags, or -1 when i is not a candidate.
  const score = new Int32Array(n).fill(-1);
  const candidates: number[] = [];
  const related: number[][] = new Array(n);
  for (let self = 0; self < n; self++) {
    score[self] = 0; // never a candidate of itself: its score is reset below
    for (const tag of tagIds[self]!) {
      for (const i of tagWindows.lists[tag]!) {
        if (score[i]! < 0) {
          score[i] = 0;
          candidates.push(i);
        }
        score[i]!++;
      }
    }
    const column = columnIds[self]!;
    if (column >= 0) {
      for (const i of columnWindows.lists[column]!) {
        if (score[i]! < 0) {
          score[i] = 0;
          candidates.push(i);
        }
      }
    }
    for (let i = 0; i < n && candidates.length <= count; i++) {
      if (score[i]! < 0) {
        score[i] = 0;
        candidates.push(i);
      }
    }
    related[self] = bestOf(candidates, count, score, columnIds, column);
    for (const i of candidates) score[i] = -1;
    score[self] = -1;
    candidates.length = 0;
  }
  return related;
}

/**
 * The best `count` candidates, best first, kept in a small sorted array (no
 * sort of every candidate). A candidate's key is twice its shared tags plus
 * one for the same column; equal keys go to the newer (lower index).
 */
function bestOf(candidates: readonly number[], count: number, score: Int32Array, columnIds: Int32Array, column: number): number[] {
  const best: number[] = [];
  const keys: number[] = [];
  for (const candidate of candidates) {
    const key = score[candidate]! * 2 + (column >= 0 && columnIds[candidate] === column ? 1 : 0);
    if (best.length === count && (key < keys[count - 1]! || (key === keys[count - 1]! && candidate > best[count - 1]!))) continue;
    let at = best.length;
    while (at > 0 && (key > keys[at - 1]! || (key === keys[at - 1]! && candidate < best[at - 1]!))) at--;
    best.splice(at, 0, candidate);
    keys.splice(at, 0, key);
    if (best.length > count) {
      best.pop();
      keys.pop();
    }
  }
  return best;
}

/** The newest RELATED_WINDOW articles of each name (tag or column), as indices; names numbered as first seen. */
class Windows {
  readonly lists: number[][] = [];
  private readonly ids = new Map<string, number>();

  /** Note that article `index` has `name` (indices arrive in increasing order); returns the name's number. */
  add(name: string, index: number): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.lists.length;
      this.ids.set(name, id);
      this.lists.push([]);
    }
    const list = this.lists[id]!;
    if (list.length < RELATED_WINDOW) list.push(index);
    return id;
  }
}
