import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pager, paginate } from '../src/model/paginate.ts';

const urlFor = (n: number) => (n === 1 ? '/news/' : `/news/page/${n}/`);
const range = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

describe('paginate', () => {
  test('an empty list still has one empty page', () => {
    assert.deepEqual(paginate([], 15), [{ number: 1, total: 1, items: [] }]);
  });

  test('a full last page makes no extra empty page', () => {
    const pages = paginate(range(30), 15);
    assert.equal(pages.length, 2);
    assert.deepEqual(pages[1]!.items, range(30).slice(15));
  });

  test('the last page holds the remainder', () => {
    const pages = paginate(range(31), 15);
    assert.deepEqual(pages.map((p) => p.items.length), [15, 15, 1]);
    assert.deepEqual(pages[2]!.items, [31]);
  });

  test('pages are numbered from 1 and each knows the total', () => {
    const pages = paginate(range(7), 3);
    assert.deepEqual(pages.map((p) => [p.number, p.total]), [[1, 3], [2, 3], [3, 3]]);
  });

  test('items keep their order across pages', () => {
    assert.deepEqual(paginate(range(7), 3).flatMap((p) => p.items), range(7));
  });
});

describe('pager', () => {
  test('first and last link to pages 1 and total', () => {
    const p = pager(5, 10, urlFor);
    assert.equal(p.first, '/news/');
    assert.equal(p.last, '/news/page/10/');
  });

  test('the first page has no prev, the last page no next', () => {
    assert.equal(pager(1, 3, urlFor).prev, undefined);
    assert.equal(pager(1, 3, urlFor).next, '/news/page/2/');
    assert.equal(pager(3, 3, urlFor).prev, '/news/page/2/');
    assert.equal(pager(3, 3, urlFor).next, undefined);
  });

  test('a single page has neither prev nor next and shows only itself', () => {
    const p = pager(1, 1, urlFor);
    assert.equal(p.prev, undefined);
    assert.equal(p.next, undefined);
    assert.deepEqual(p.numbers, [{ number: 1, url: '/news/', current: true }]);
  });

  test('numbers show the window around the current page, with gaps on both sides', () => {
    const p = pager(6, 12, urlFor, 2);
    assert.deepEqual(p.numbers.map((n) => n.number), [4, 5, 6, 7, 8]);
    assert.equal(p.gapBefore, true);
    assert.equal(p.gapAfter, true);
  });

  test('only the current page is marked current, and each number has its url', () => {
    const p = pager(2, 5, urlFor);
    assert.deepEqual(p.numbers.filter((n) => n.current).map((n) => n.number), [2]);
    assert.equal(p.numbers.find((n) => n.number === 3)?.url, '/news/page/3/');
  });

  test('near the start the window is clipped and there is no gap before', () => {
    const p = pager(2, 12, urlFor);
    assert.deepEqual(p.numbers.map((n) => n.number), [1, 2, 3, 4, 5]);
    assert.equal(p.gapBefore, false);
    assert.equal(p.gapAfter, true);
  });

  test('near the end the window is clipped and there is no gap after', () => {
    const p = pager(11, 12, urlFor);
    assert.deepEqual(p.numbers.map((n) => n.number), [8, 9, 10, 11, 12]);
    assert.equal(p.gapBefore, true);
    assert.equal(p.gapAfter, false);
  });

  test('a window just reaching page 1 and the last page leaves no gaps', () => {
    const p = pager(4, 7, urlFor);
    assert.deepEqual(p.numbers.map((n) => n.number), range(7));
    assert.equal(p.gapBefore, false);
    assert.equal(p.gapAfter, false);
  });
});
