/** One page of a paginated list. */
export interface Pagination<T> {
  /** 1-based page number. */
  number: number;
  total: number;
  items: T[];
}

/** Split items into pages of `size`; an empty list still has one (empty) page. */
export function paginate<T>(items: readonly T[], size: number): Pagination<T>[] {
  const total = Math.max(1, Math.ceil(items.length / size));
  const pages: Pagination<T>[] = [];
  for (let number = 1; number <= total; number++) {
    pages.push({ number, total, items: items.slice((number - 1) * size, number * size) });
  }
  return pages;
}

export interface PagerLink {
  number: number;
  url: string;
  current: boolean;
}

export interface Pager {
  number: number;
  total: number;
  first: string;
  last: string;
  /** Undefined on the first page. */
  prev?: string;
  /** Undefined on the last page. */
  next?: string;
  /** Page numbers around the current one (at most `window` on each side). */
  numbers: PagerLink[];
  /** True when pages exist before / after the numbers shown. */
  gapBefore: boolean;
  gapAfter: boolean;
}

/** 首页 / 上一页 / numbers / 下一页 / 尾页 for page `number` of `total`. */
export function pager(number: number, total: number, urlFor: (n: number) => string, window = 3): Pager {
  const from = Math.max(1, number - window);
  const to = Math.min(total, number + window);
  const numbers: PagerLink[] = [];
  for (let n = from; n <= to; n++) numbers.push({ number: n, url: urlFor(n), current: n === number });
  return {
    number,
    total,
    first: urlFor(1),
    last: urlFor(total),
    prev: number > 1 ? urlFor(number - 1) : undefined,
    next: number < total ? urlFor(number + 1) : undefined,
    numbers,
    gapBefore: from > 1,
    gapAfter: to < total,
  };
}
