import './support/english.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asXinwenErrors, type XinwenError } from '../src/core/errors.ts';
import { type ArticleMeta, buildSiteModel, type ModelOptions, type PageSpec, type SiteModel } from '../src/model/site-model.ts';
import { RelatedMemo } from '../src/model/related.ts';

const OPTIONS: ModelOptions = { pageSize: 2, hotCount: 2, relatedCount: 3, homeSlides: 5, homeColumnItems: 6, search: true, drafts: false };
const DAY = 86_400_000;
const BASE = Date.UTC(2022, 4, 17);

function meta(slug: string, day: number, extra: Partial<ArticleMeta> = {}): ArticleMeta {
  return {
    file: `content/news/${slug}.md`,
    slug,
    title: slug,
    time: BASE + day * DAY,
    author: '网站编辑',
    views: 0,
    tags: [],
    summary: '',
    draft: false,
    textLength: 0,
    pinned: false,
    featured: false,
    yearMonth: { year: 2022, month: 5 },
    texts: [{ title: slug, summary: '', author: '网站编辑', tags: [] }],
    links: [],
    ...extra,
  };
}

function slugsOf(items: readonly { slug: string }[]): string[] {
  return items.map((item) => item.slug);
}

function pagesOf<K extends PageSpec['kind']>(pages: PageSpec[], kind: K): Extract<PageSpec, { kind: K }>[] {
  return pages.filter((page): page is Extract<PageSpec, { kind: K }> => page.kind === kind);
}

/** 相关新闻 of an article, from its page. */
function relatedOf(model: SiteModel, slug: string): string[] {
  return slugsOf(pagesOf(model.pages, 'article').find((page) => page.article.slug === slug)!.related);
}

function errorsOf(parsed: ArticleMeta[]): XinwenError[] {
  try {
    buildSiteModel(parsed, OPTIONS);
  } catch (thrown) {
    return asXinwenErrors(thrown);
  }
  assert.fail('expected buildSiteModel to throw');
}

describe('buildSiteModel order', () => {
  test('articles are newest first', () => {
    const model = buildSiteModel([meta('old', 1), meta('new', 3), meta('mid', 2)], OPTIONS);
    assert.deepEqual(slugsOf(model.articles), ['new', 'mid', 'old']);
  });

  test('articles published at the same time are ordered by slug whatever the input order', () => {
    const forward = buildSiteModel([meta('b', 1), meta('a', 1), meta('c', 1)], OPTIONS);
    const backward = buildSiteModel([meta('c', 1), meta('a', 1), meta('b', 1)], OPTIONS);
    assert.deepEqual(slugsOf(forward.articles), ['a', 'b', 'c']);
    assert.deepEqual(slugsOf(backward.articles), ['a', 'b', 'c']);
  });

  test('each article gets the path /news/<slug>/', () => {
    assert.equal(buildSiteModel([meta('sui-zhou', 1)], OPTIONS).articles[0]!.path, '/news/sui-zhou/');
  });

  test('the input list is not reordered', () => {
    const input = [meta('old', 1), meta('new', 2)];
    buildSiteModel(input, OPTIONS);
    assert.deepEqual(slugsOf(input), ['old', 'new']);
  });
});

describe('buildSiteModel drafts', () => {
  const input = [meta('published', 1), meta('draft', 2, { draft: true })];

  test('drafts are dropped by default', () => {
    assert.deepEqual(slugsOf(buildSiteModel(input, OPTIONS).articles), ['published']);
  });

  test('drafts are kept with drafts: true', () => {
    assert.deepEqual(slugsOf(buildSiteModel(input, { ...OPTIONS, drafts: true }).articles), ['draft', 'published']);
  });

  test('a dropped draft gets no page', () => {
    const paths = buildSiteModel(input, OPTIONS).pages.map((page) => page.path);
    assert.ok(!paths.includes('/news/draft/'));
  });
});

describe('buildSiteModel pages', () => {
  const model = buildSiteModel([meta('a', 5), meta('b', 4), meta('c', 3), meta('d', 2), meta('e', 1)], OPTIONS);

  test('there is one home page at / with the latest page-size articles', () => {
    const homes = pagesOf(model.pages, 'home');
    assert.equal(homes.length, 1);
    assert.equal(homes[0]!.path, '/');
    assert.deepEqual(slugsOf(homes[0]!.latest), ['a', 'b']);
  });

  test('news-list pages are at /news/, /news/page/2/, … with page-size articles each', () => {
    const lists = pagesOf(model.pages, 'news-list');
    assert.deepEqual(lists.map((page) => page.path), ['/news/', '/news/page/2/', '/news/page/3/']);
    assert.deepEqual(lists.map((page) => slugsOf(page.page.items)), [['a', 'b'], ['c', 'd'], ['e']]);
  });

  test('with no articles there is still one empty news-list page', () => {
    const lists = pagesOf(buildSiteModel([], OPTIONS).pages, 'news-list');
    assert.deepEqual(lists.map((page) => [page.path, page.page.items.length]), [['/news/', 0]]);
  });

  test('every article has a page at its path', () => {
    const articles = pagesOf(model.pages, 'article');
    assert.deepEqual(articles.map((page) => page.path), ['/news/a/', '/news/b/', '/news/c/', '/news/d/', '/news/e/']);
  });

  test('article pages link to the newer and older neighbours', () => {
    const middle = pagesOf(model.pages, 'article').find((page) => page.article.slug === 'c')!;
    assert.equal(middle.newer?.slug, 'b');
    assert.equal(middle.older?.slug, 'd');
  });

  test('the newest article has no newer neighbour and the oldest no older one', () => {
    const articles = pagesOf(model.pages, 'article');
    assert.equal(articles[0]!.newer, undefined);
    assert.equal(articles[0]!.older?.slug, 'b');
    assert.equal(articles.at(-1)!.older, undefined);
    assert.equal(articles.at(-1)!.newer?.slug, 'd');
  });

  test('there is one not-found page at /404.html', () => {
    assert.deepEqual(pagesOf(model.pages, 'not-found').map((page) => page.path), ['/404.html']);
  });

  test('no two pages share a path', () => {
    const paths = model.pages.map((page) => page.path);
    assert.equal(new Set(paths).size, paths.length);
  });
});

describe('buildSiteModel hot list', () => {
  test('the hot list is most viewed first, limited to hotCount', () => {
    const model = buildSiteModel(
      [meta('a', 1, { views: 10 }), meta('b', 2, { views: 300 }), meta('c', 3, { views: 50 })],
      OPTIONS,
    );
    assert.deepEqual(slugsOf(model.hot), ['b', 'c']);
  });

  test('equal views put the newer article first', () => {
    const model = buildSiteModel([meta('old', 1, { views: 5 }), meta('new', 2, { views: 5 })], OPTIONS);
    assert.deepEqual(slugsOf(model.hot), ['new', 'old']);
  });

  test('hotCount 0 gives an empty hot list', () => {
    assert.deepEqual(buildSiteModel([meta('a', 1)], { ...OPTIONS, hotCount: 0 }).hot, []);
  });
});

describe('buildSiteModel related articles (相关新闻)', () => {
  test('most shared tags first, then same column, then newest; never the article itself', () => {
    const model = buildSiteModel(
      [
        meta('self', 10, { tags: ['a', 'b'], category: '动态' }),
        meta('one-tag-old', 1, { tags: ['a'] }),
        meta('two-tags', 2, { tags: ['a', 'b'] }),
        meta('one-tag-column', 3, { tags: ['b'], category: '动态' }),
        meta('one-tag-new', 9, { tags: ['a'] }),
        meta('unrelated', 11),
      ],
      { ...OPTIONS, relatedCount: 4 },
    );
    assert.deepEqual(relatedOf(model, 'self'), ['two-tags', 'one-tag-column', 'one-tag-new', 'one-tag-old']);
  });

  test('an article with few tag mates is topped up with the newest articles', () => {
    const model = buildSiteModel([meta('lonely', 1, { tags: ['x'] }), meta('mate', 2, { tags: ['x'] }), meta('new', 5), meta('newer', 6)], OPTIONS);
    assert.deepEqual(relatedOf(model, 'lonely'), ['mate', 'newer', 'new']);
  });

  test('candidates come from the newest 100 of each shared tag, so old tag mates count as unrelated', () => {
    const parsed = Array.from({ length: 102 }, (_, i) => meta(`t${i}`, i, { tags: ['big'] }));
    parsed.push(meta('self', 200, { tags: ['big'], category: '动态' }), meta('same-column', 300, { category: '动态' }));
    const model = buildSiteModel(parsed, { ...OPTIONS, relatedCount: 200 });
    const related = relatedOf(model, 'self');
    // The window of 100 includes `self` (the newest of the tag): 99 tag mates rank by shared tags;
    // t2, t1 and t0 fall outside it and come after the same-column article, as if unrelated.
    assert.deepEqual(related.slice(0, 2), ['t101', 't100']);
    assert.deepEqual(related.slice(98), ['t3', 'same-column', 't2', 't1', 't0']);
  });
});

describe('buildSiteModel duplicate URLs', () => {
  test('two articles with one slug are model/duplicate-url naming both files', () => {
    const [error, ...rest] = errorsOf([
      meta('same', 1, { file: 'content/news/2022-01-01-same.md' }),
      meta('same', 2, { file: 'content/news/2023-01-01-same.md' }),
    ]);
    assert.equal(rest.length, 0);
    assert.equal(error!.code, 'model/duplicate-url');
    assert.match(error!.message, /content\/news\/2022-01-01-same\.md/);
    assert.match(error!.message, /content\/news\/2023-01-01-same\.md/);
  });

  test('slugs differing only in case collide too (one folder on macOS and Windows)', () => {
    const [error] = errorsOf([meta('A', 1, { file: 'content/news/A.md' }), meta('a', 2, { file: 'content/news/a.md' })]);
    assert.equal(error!.code, 'model/duplicate-url');
    assert.match(error!.message, /content\/news\/A\.md/);
    assert.match(error!.message, /content\/news\/a\.md/);
  });

  test('a draft does not collide when drafts are left out', () => {
    const model = buildSiteModel([meta('same', 1), meta('same', 2, { draft: true })], OPTIONS);
    assert.deepEqual(slugsOf(model.articles), ['same']);
  });
});

describe('buildSiteModel related articles kept between models (the dev server)', () => {
  test('after adds, removals and edits, kept lists equal a fresh ranking', () => {
    // A deterministic pseudo-random site: tags and columns shared by many, some articles with few mates.
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
    const tags = ['经济', '民生', '党建', '乡村', '教育', '交通'];
    const columns = ['动态', '通知', undefined];
    const make = (i: number) =>
      meta(`a${i}`, random(400), {
        tags: tags.filter(() => random(3) === 0),
        category: columns[random(3)],
      });
    let parsed = Array.from({ length: 600 }, (_, i) => make(i));
    const memo = { entries: new WeakMap(), related: new RelatedMemo() };
    const options = { ...OPTIONS, relatedCount: 5 };
    const allRelated = (model: SiteModel) => model.articles.map((article) => `${article.slug}:${relatedOf(model, article.slug)}`);
    buildSiteModel(parsed, options, memo);
    for (let round = 0; round < 30; round++) {
      parsed = parsed.filter(() => random(50) !== 0); // removals
      parsed.push(make(1000 + round), make(2000 + round)); // adds
      for (let k = 0; k < 12; k++) {
        const at = random(parsed.length); // edits of tags, column, date or slug
        const edit = random(4);
        const old = parsed[at]!;
        parsed[at] = { ...old, ...(edit === 0 ? { tags: [tags[random(6)]!] } : edit === 1 ? { category: columns[random(3)] } : edit === 2 ? { time: old.time + (random(100) - 50) * DAY } : { slug: `${old.slug}-x` }) };
      }
      const kept = buildSiteModel(parsed, options, memo);
      const fresh = buildSiteModel(parsed, options);
      assert.deepEqual(allRelated(kept), allRelated(fresh), `round ${round}`);
    }
    assert.ok(memo.related.results.size > 300, `most lists are kept for reuse (${memo.related.results.size})`);
  });
});

describe('buildSiteModel never changes what it is given (models are values)', () => {
  test('a model that fails leaves the previous model, which shares its entries, exactly as it was', () => {
    const memo = { entries: new WeakMap(), related: new RelatedMemo() };
    const parsed = [
      meta('a', 1, { tags: ['x'], category: '动态' }),
      meta('b', 2, { tags: ['x', 'y'], category: '动态' }),
      meta('c', 3, { tags: ['y'] }),
    ];
    const previous = buildSiteModel(parsed, OPTIONS, memo);
    const before = JSON.stringify(previous.pages);
    // An article given the slug of another: the next model fails, after reusing the others' entries.
    assert.throws(() => buildSiteModel([...parsed, meta('a', 4, { file: 'content/news/copy.md', tags: ['z'] })], OPTIONS, memo), /would both be published/);
    assert.equal(JSON.stringify(previous.pages), before);
    const next = buildSiteModel(parsed, OPTIONS, memo);
    assert.equal(next.articles[0], previous.articles[0], 'unchanged entries are shared');
    assert.ok(Object.isFrozen(next.articles[0]), 'and frozen, so no model can change them');
  });
});
