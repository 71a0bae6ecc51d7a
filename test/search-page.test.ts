import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browseOutput } from './support/browser.ts';
import { buildSite, FIXTURES } from './support/site.ts';
import type { StaticServer } from './support/static-server.ts';

/**
 * The search page as a reader uses it, in Chromium, on a fixture whose three
 * articles about 香菇 have the summaries search results show: one whole, one
 * cut (……), one whose body starts with a stray stop left by an import.
 */
describe('the search page in the browser', { timeout: 120_000 }, () => {
  const { out } = buildSite(path.join(FIXTURES, 'search-page'));
  let browser: Browser;
  let server: StaticServer;
  browseOutput(out, (started, serving) => {
    browser = started;
    server = serving;
  });

  /** A page on `tree`'s empty search page that counts the searches it runs (each one records its query in the URL). */
  async function searchPage(tree: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(`(() => {
      window.searches = [];
      const replace = history.replaceState.bind(history);
      history.replaceState = (state, title, url) => { window.searches.push(new URL(url).searchParams.get('q')); replace(state, title, url); };
    })()`);
    await page.goto(`${server.url}${tree}search/`);
    return { page, errors, close: () => context.close() };
  }

  const searches = (page: Page) => page.evaluate('window.searches') as Promise<string[]>;
  const excerpts = (page: Page) => page.locator('.search-results .result-excerpt').allTextContents();

  for (const [tree, query, cut] of [
    ['', '香菇', '香菇深加工项目在曾都区正式开工建设'],
    ['zh-hant/', '香菇', '香菇深加工項目在曾都區正式開工建設'],
    ['zh-hant/', '隨州', '隨州是全國有名的香菇產區'],
  ] as const) {
    it(`/${tree}search/: typing ${query} shows results without Enter, after one search, with clean snippets`, async () => {
      const { page, errors, close } = await searchPage(tree);
      try {
        // Typed key by key as fast as the page takes them (a delay between keys came close to the
        // 200 ms pause on a loaded machine): the pause after the last key starts the one search.
        await page.locator('#search-query').pressSequentially(query);
        await page.locator('.search-results li').first().waitFor({ timeout: 5000 });
        assert.deepEqual(await searches(page), [query], 'one search, for the whole query');
        const snippets = await excerpts(page);
        assert.ok(snippets.length > 0);
        for (const snippet of snippets) {
          assert.match(snippet, /^[\p{L}\p{N}“「《（]/u, `starts with a character: ${snippet}`);
          assert.doesNotMatch(snippet, /(?<!…)…(?!…)/u, `a cut is …… and never a lone …: ${snippet}`);
        }
        assert.ok(snippets.some((snippet) => snippet.includes(cut)), snippets.join('\n'));
        if (query === '香菇') assert.ok(snippets.some((snippet) => snippet.endsWith('生產能力……') || snippet.endsWith('生产能力……')), snippets.join('\n'));
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });
  }

  it('Enter after the results came changes nothing; a new word searches again', async () => {
    const { page, close } = await searchPage('');
    try {
      await page.locator('#search-query').pressSequentially('香菇', { delay: 30 });
      const first = page.locator('.search-results li').first();
      await first.waitFor();
      await page.evaluate('document.querySelector(".search-results li").dataset.seen = "yes"');
      await page.locator('#search-query').press('Enter');
      await page.waitForTimeout(400);
      assert.equal(await first.getAttribute('data-seen'), 'yes', 'the same results, not drawn again');
      await page.locator('#search-query').fill('三里岗');
      await page.waitForFunction('document.querySelectorAll(".search-results li").length === 1');
      assert.match((await page.locator('.search-results li').textContent()) ?? '', /第五届香菇节开幕/);
    } finally {
      await close();
    }
  });

  it('nothing is searched while an input method is composing; its result is, when composition ends', async () => {
    const { page, close } = await searchPage('');
    try {
      await page.evaluate(`(() => {
        const input = document.getElementById('search-query');
        input.value = 'xiang gu';
        input.dispatchEvent(new InputEvent('input', { isComposing: true, bubbles: true }));
      })()`);
      await page.waitForTimeout(500);
      assert.deepEqual(await searches(page), [], 'pinyin letters are not searched');
      await page.evaluate(`(() => {
        const input = document.getElementById('search-query');
        input.value = '香菇';
        input.dispatchEvent(new CompositionEvent('compositionend', { data: '香菇', bubbles: true }));
      })()`);
      await page.locator('.search-results li').first().waitFor({ timeout: 5000 });
      assert.deepEqual(await searches(page), ['香菇']);
    } finally {
      await close();
    }
  });

  it('a query in the address (from the sidebar box or a bookmark) shows its results at once', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}search/?q=${encodeURIComponent('深加工')}`);
      await page.locator('.search-results li').first().waitFor({ timeout: 5000 });
      assert.equal(await page.locator('.search-results li').count(), 1);
    } finally {
      await context.close();
    }
  });
});
