/** What related-article ranking needs of an article. */
export interface RelatableArticle {
  file: string;
  slug: string;
  time: number;
  tags: readonly string[];
  category?: string;
}

/**
 * The last ranking, kept by the dev server between models. An article's list
 * depends only on its tags and column and on who is in their windows (with
 * their slugs, times and columns, which order them); when none of that
 * changed, it keeps its list.
 */
export class RelatedMemo {
  /** Numbers for window contents, so an article's inputs compare as a few numbers. */
  readonly windowVersions = new Map<string, number>();
  results = new Map<string, KeptRelated>();

  windowVersion(newest: readonly RelatableArticle[], window: readonly number[]): number {
    const contents = window.map((i) => `${newest[i]!.file}\u0001${newest[i]!.slug}\u0001${newest[i]!.time}\u0001${newest[i]!.category ?? ''}`).join('\u0002');
    let version = this.windowVersions.get(contents);
    if (version === undefined) this.windowVersions.set(contents, (version = this.windowVersions.size));
    return version;
  }
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
export function rankRelated(newest: readonly RelatableArticle[], count: number, memo?: RelatedMemo): number[][] {
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
  const reuse = memo && new Reuse(memo, newest, tagWindows.lists, columnWindows.lists);
  for (let self = 0; self < n; self++) {
    const windows = reuse?.windowsOf(tagIds[self]!, columnIds[self]!);
    const kept = windows && reuse!.kept(self, windows);
    if (kept) {
      related[self] = kept;
      continue;
    }
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
    // Too few candidates: top up from the newest, which any change may alter (not kept for reuse).
    const toppedUp = candidates.length <= count;
    for (let i = 0; i < n && candidates.length <= count; i++) {
      if (score[i]! < 0) {
        score[i] = 0;
        candidates.push(i);
      }
    }
    related[self] = bestOf(candidates, count, score, columnIds, column);
    if (windows && !toppedUp) reuse!.keep(self, windows, related[self]!);
    for (const i of candidates) score[i] = -1;
    score[self] = -1;
    candidates.length = 0;
  }
  reuse?.finish();
  return related;
}

/** What an article's list was made from, and the list (as files). */
interface KeptRelated {
  /** The article's own tags (the same array while its file is unchanged) and column. */
  tags: readonly string[];
  category?: string;
  /** Versions of its tags' windows, then of its column's window (-1: none). */
  windows: number[];
  related: string[];
}

/** One ranking's use of a RelatedMemo: the keys of its articles, the lists it keeps. */
class Reuse {
  private readonly tagVersions: number[];
  private readonly columnVersions: number[];
  private readonly next = new Map<string, KeptRelated>();
  private indexOf: Map<string, number> | undefined;

  constructor(
    private readonly memo: RelatedMemo,
    private readonly newest: readonly RelatableArticle[],
    tagWindows: readonly number[][],
    columnWindows: readonly number[][],
  ) {
    this.tagVersions = tagWindows.map((window) => memo.windowVersion(newest, window));
    this.columnVersions = columnWindows.map((window) => memo.windowVersion(newest, window));
  }

  /** Versions of the windows an article's list is drawn from. */
  windowsOf(tagIds: readonly number[], columnId: number): number[] {
    const windows = tagIds.map((tag) => this.tagVersions[tag]!);
    windows.push(columnId >= 0 ? this.columnVersions[columnId]! : -1);
    return windows;
  }

  /** The article's last list, as indices into this ranking, if what it was made from is unchanged. */
  kept(self: number, windows: readonly number[]): number[] | undefined {
    const article = this.newest[self]!;
    const previous = this.memo.results.get(article.file);
    if (!previous || previous.tags !== article.tags || previous.category !== article.category) return undefined;
    if (previous.windows.length !== windows.length || previous.windows.some((version, i) => version !== windows[i])) return undefined;
    this.indexOf ??= new Map(this.newest.map((each, index) => [each.file, index]));
    const related = previous.related.map((file) => this.indexOf!.get(file) ?? -1);
    if (related.includes(-1)) return undefined;
    this.next.set(article.file, previous);
    return related;
  }

  keep(self: number, windows: number[], related: readonly number[]): void {
    const article = this.newest[self]!;
    this.next.set(article.file, { tags: article.tags, category: article.category, windows, related: related.map((i) => this.newest[i]!.file) });
  }

  finish(): void {
    this.memo.results = this.next;
  }
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
