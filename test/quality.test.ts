import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browseOutput, formatViolations, horizontalOverflow, htmlLang, launchChromium, runAxe } from './support/browser.ts';
import { checkLinks, decodeEntities, formatProblems } from './support/link-check.ts';
import { buildSite, listFiles, PROJECT, readPage, tempDir } from './support/site.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';
import { formatVnuMessages, validateHtml } from './support/vnu.ts';

/**
 * Quality gates over the built demo site (content/): valid HTML, no broken internal links (also
 * when the site lives in a sub-folder), a real reader's clicks in chromium, no horizontal scrolling
 * on a phone, and no axe-core violations, in both scripts.
 */

const BASE_URL = 'https://www.example.com/';
const SUB_FOLDER_BASE_URL = 'https://example.com/news-center/';
const SCREENSHOTS = path.join(PROJECT, 'test-output', 'screenshots');

/**
 * Pages the browser checks (overflow at 390 px, axe-core) visit, as paths inside a script tree;
 * each is checked in every script. Add new kinds of page here as they are built.
 */
const PAGES: { name: string; path: string }[] = [
  { name: 'home', path: '' },
  { name: 'news-list', path: 'news/' },
  { name: 'news-list-page-2', path: 'news/page/2/' },
  // The legacy article: the longest title, a 来源 line, three subheadings.
  { name: 'article', path: 'news/dangjian-yinling-chengxiang-zhili/' },
  // An article with inline code, a long code block and an external link.
  { name: 'article-with-code', path: 'news/api-upgrade-maintenance/' },
  // Photos: a cover, a landscape and a portrait photo with captions (title and 图为 lines).
  { name: 'article-with-photos', path: 'news/digital-expo/' },
  { name: 'not-found', path: '404.html' },
  { name: 'tags', path: 'tags/' },
  { name: 'tag', path: 'tags/gong-si-dong-tai/' },
  { name: 'tag-page-2', path: 'tags/gong-si-dong-tai/page/2/' },
  { name: 'column', path: 'columns/gong-si-xin-wen/' },
  { name: 'archive', path: 'archive/' },
  { name: 'archive-month', path: 'archive/2022/05/' },
  // The search page fills its results from a script: axe checks it with results shown.
  { name: 'search', path: 'search/?q=随州' },
];

/** Every page is loaded at these widths (desktop, tablet, phones)… */
const WIDTHS = [1280, 768, 390, 320] as const;
/**
 * …and screenshotted into test-output/screenshots/ at the widths people look at: the first
 * script tree at 1280 and 390 px, the others (the same layout, other text) on a phone.
 * Every page is checked for sideways scrolling at 390 and 320 px either way; a full-page
 * screenshot is most of a page's time. XINWEN_SCREENSHOTS=all takes every width of every tree.
 */
function screenshotWidths(treeIndex: number): readonly number[] {
  if (process.env.XINWEN_SCREENSHOTS === 'all') return WIDTHS;
  return treeIndex === 0 ? [1280, 390] : [390];
}
/** Screenshots are for people to look at: JPEG takes Chromium half the time of PNG for a full page. */
const SHOT = { type: 'jpeg', quality: 85 } as const;
/**
 * axe checks every page type in the first script tree. The others are the same templates with
 * other text: they are checked on one page of each template (and their own language switch),
 * which catches what differs by script (lang attributes, names of links in converted text).
 */
const OTHER_TREE_AXE = new Set(['home', 'news-list', 'article-with-photos', 'not-found', 'tags', 'archive', 'search']);
/** Widths of phones, at which no page may scroll sideways. */
const PHONE_WIDTHS: readonly number[] = [390, 320];

/** Fail with `message` alone (no diff of the whole list) when `list` is not empty. */
function assertNone(list: unknown[], message: string): void {
  if (list.length > 0) assert.fail(message);
}

/** Path prefixes of the script trees ('' and 'zh-hant/'), read from the home page's hreflang alternates. */
function scriptTrees(out: string, baseUrl: string): { lang: string; prefix: string }[] {
  const base = new URL(baseUrl);
  const trees: { lang: string; prefix: string }[] = [];
  for (const [tag] of readPage(out, 'index.html').matchAll(/<link\b[^>]*>/g)) {
    const attr = (name: string) => {
      const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
      return value === undefined ? undefined : decodeEntities(value);
    };
    const lang = attr('hreflang');
    const href = attr('href');
    if (attr('rel') !== 'alternate' || !lang || !href || lang === 'x-default') continue;
    const url = new URL(href, base);
    assert.ok(url.pathname.startsWith(base.pathname), `alternate ${href} is outside ${base.pathname}`);
    trees.push({ lang, prefix: url.pathname.slice(base.pathname.length) });
  }
  return trees;
}

/** Feeds and sitemaps (*.xml and *.json at the top of each script tree), and robots.txt. */
function feedFiles(out: string, trees: { prefix: string }[]): string[] {
  const tops = new Set(trees.map((tree) => tree.prefix.replace(/\/$/, '')));
  const top = (file: string) => path.posix.dirname(file).replace(/^\.$/, '');
  return listFiles(out).filter((file) => (/\.(?:xml|json)$/.test(file) && tops.has(top(file))) || file === 'robots.txt');
}

/** The demo content in a fresh site folder whose base_url is in a sub-folder. */
function subFolderSite(): string {
  const root = path.join(tempDir(), 'site');
  cpSync(path.join(PROJECT, 'content'), path.join(root, 'content'), { recursive: true });
  const settingsFile = path.join(root, 'content', 'site.yaml');
  const settings = readFileSync(settingsFile, 'utf8');
  const changed = settings.replace(/^base_url:.*$/m, `base_url: ${SUB_FOLDER_BASE_URL}`);
  assert.notEqual(changed, settings, 'content/site.yaml has no base_url line to change');
  writeFileSync(settingsFile, changed);
  return root;
}

let subFolderOut: string | undefined;
/** The output of the demo content built for SUB_FOLDER_BASE_URL (built once, on first use). */
function subFolderBuild(): string {
  subFolderOut ??= buildSite(subFolderSite()).out;
  return subFolderOut;
}

const { out } = buildSite(PROJECT);
const trees = scriptTrees(out, BASE_URL);
const htmlFiles = listFiles(out).filter((file) => file.endsWith('.html'));

describe('quality: the demo site builds into both scripts', () => {
  it('has a simplified tree at / and a traditional one at /zh-hant/', () => {
    assert.deepEqual(trees, [
      { lang: 'zh-Hans', prefix: '' },
      { lang: 'zh-Hant', prefix: 'zh-hant/' },
    ]);
    assert.ok(htmlFiles.some((file) => file.startsWith('zh-hant/news/')));
  });
});

describe('quality: Nu Html Checker', () => {
  it('finds no errors in any HTML page of the build, in both scripts', () => {
    const messages = validateHtml(out, htmlFiles);
    assert.equal(messages.length, 0, `${messages.length} HTML error(s) in ${htmlFiles.length} files:\n${formatVnuMessages(messages)}`);
  });
});

describe('quality: links', () => {
  it('every internal link in every page, feed and sitemap resolves to a file of the output, in both scripts', () => {
    const feeds = feedFiles(out, trees);
    const report = checkLinks(out, BASE_URL, feeds);
    assertNone(report.problems, `${report.problems.length} broken link(s):\n${formatProblems(report.problems)}`);
    for (const file of [...htmlFiles, ...feeds]) assert.ok((report.linksByFile.get(file) ?? []).length > 0, `no internal links found in ${file}`);
    // Canonical and alternate links are absolute on the site: they were checked as internal links.
    const article = report.linksByFile.get('zh-hant/news/dangjian-yinling-chengxiang-zhili/index.html') ?? [];
    assert.ok(article.some((url) => url.href === `${BASE_URL}news/dangjian-yinling-chengxiang-zhili/`), 'alternate to the simplified page');
  });

  it('every page is reachable by links from the home page', () => {
    const report = checkLinks(out, BASE_URL);
    assertNone(report.unreachable, `pages no link leads to:\n  ${report.unreachable.join('\n  ')}`);
  });

  it('in a build for a sub-folder base URL, every internal link starts with /news-center/ and resolves', () => {
    const sub = subFolderBuild();
    const subTrees = scriptTrees(sub, SUB_FOLDER_BASE_URL);
    assert.deepEqual(subTrees.map((tree) => tree.prefix), ['', 'zh-hant/']);
    const report = checkLinks(sub, SUB_FOLDER_BASE_URL, feedFiles(sub, subTrees));
    assertNone(report.problems, `${report.problems.length} broken link(s):\n${formatProblems(report.problems)}`);
    let count = 0;
    for (const [file, urls] of report.linksByFile) {
      for (const url of urls) {
        count++;
        assert.ok(url.pathname.startsWith('/news-center/'), `${file}: ${url.href}`);
      }
    }
    assert.ok(count > htmlFiles.length * 10, `only ${count} internal links found`);
  });
});

describe('quality: in the browser', { timeout: 400_000 }, () => {
  let browser: Browser;
  let server: StaticServer;
  browseOutput(out, (started, serving) => {
    browser = started;
    server = serving;
  });

  /** A context at `width` that only reaches `origin`, recording page errors and failed sub-resources. */
  async function open(width: number, origin: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    const errors: string[] = [];
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${page.url()}: script error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400 && response.request().resourceType() !== 'document') {
        errors.push(`${page.url()}: ${response.status()} for ${response.url()}`);
      }
    });
    return { context, page, errors };
  }

  async function go(page: Page, url: string): Promise<void> {
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
  }

  /** Click a link and wait for the page it names. */
  async function follow(page: Page, link: Locator): Promise<string> {
    const href = await link.getAttribute('href');
    assert.ok(href, 'link without href');
    const expected = new URL(href, page.url()).href;
    await link.click();
    await page.waitForURL((url) => url.href === expected);
    return expected;
  }

  /** 新闻中心 → 下一页 → an article of page 2 → 下一篇 → 繁體, checking each arrival. */
  async function readerWalk(siteUrl: string): Promise<void> {
    const { context, page, errors } = await open(1280, new URL(siteUrl).origin);
    try {
      const prefix = new URL(siteUrl).pathname;
      await go(page, `${siteUrl}news/`);
      assert.equal(await htmlLang(page), 'zh-Hans');
      assert.equal((await page.locator('h1').textContent())?.trim(), '新闻中心');

      await follow(page, page.locator('main').getByRole('link', { name: '下一页', exact: true }));
      assert.equal(page.url(), `${siteUrl}news/page/2/`);
      assert.equal((await page.locator('main [aria-current="page"]').last().textContent())?.trim(), '2', 'the pager marks page 2');

      const item = page.locator('main').getByRole('heading', { level: 2 }).getByRole('link').first();
      const firstTitle = (await item.textContent())?.trim();
      const firstUrl = await follow(page, item);
      assert.match(firstUrl, new RegExp(`^${siteUrl}news/[a-z0-9-]+/$`));
      assert.equal((await page.locator('h1').textContent())?.trim(), firstTitle);

      const next = page.locator('main').locator('p, li').filter({ hasText: '下一篇' }).getByRole('link');
      const nextTitle = (await next.textContent())?.trim();
      const nextUrl = await follow(page, next);
      assert.notEqual(nextUrl, firstUrl);
      assert.equal((await page.locator('h1').textContent())?.trim(), nextTitle);
      const back = page.locator('main').locator('p, li').filter({ hasText: '上一篇' }).getByRole('link');
      assert.equal(new URL((await back.getAttribute('href'))!, page.url()).href, firstUrl, '上一篇 leads back');

      assert.equal(await htmlLang(page), 'zh-Hans');
      const articlePath = new URL(nextUrl).pathname.slice(prefix.length);
      await follow(page, page.locator('header a[hreflang="zh-Hant"]'));
      assert.equal(new URL(page.url()).pathname, `${prefix}zh-hant/${articlePath}`, 'same article under /zh-hant/');
      assert.equal(await htmlLang(page), 'zh-Hant');
      assert.ok((await page.locator('h1').textContent())?.trim(), 'the traditional article has a title');
      const toSimplified = await page.locator('header a[hreflang="zh-Hans"]').getAttribute('href');
      assert.equal(new URL(toSimplified!, page.url()).pathname, `${prefix}${articlePath}`, '简体 leads back');
      assertNone(errors, `failed requests or script errors:\n  ${errors.join('\n  ')}`);
    } finally {
      await context.close();
    }
  }

  it('a missing chromium fails the browser tests with an install hint, not a skip', async () => {
    await assert.rejects(launchChromium('/nonexistent/chromium'), /\/nonexistent\/chromium is missing.*apt-get install -y --no-install-recommends chromium/);
  });

  it('a reader goes from 新闻中心 to page 2, opens an article, follows 下一篇 and switches to 繁體', async () => {
    await readerWalk(server.url);
  });

  it('the same walk works when the site lives in a sub-folder (/news-center/)', async () => {
    const sub = subFolderBuild();
    const subServer = await serveStatic(sub, { prefix: '/news-center/' });
    try {
      await readerWalk(subServer.url);
    } finally {
      await subServer.close();
    }
  });

  it('search finds an article from a query typed in either script, and a hit opens it', async () => {
    const { context, page, errors } = await open(1280, server.origin);
    try {
      for (const [tree, query, title] of [
        ['zh-hant/', '随州', /隨州/],
        ['zh-hant/', '隨州', /隨州/],
        ['', '聯繫', /联系|联络/],
        ['', '联系', /联系|联络/],
      ] as const) {
        await go(page, `${server.url}${tree}search/?q=${encodeURIComponent(query)}`);
        const first = page.locator('.search-results li').first();
        await first.waitFor({ timeout: 15_000 });
        assert.match((await page.locator('.search-status').textContent()) ?? '', /\d+/, `${tree}${query}: a count`);
        const link = first.locator('a.result-title');
        const excerpt = (await first.locator('.result-excerpt').textContent()) ?? '';
        assert.ok(excerpt.length > 0, 'an excerpt');
        assert.ok(await first.locator('time').count(), 'a date');
        const target = await follow(page, link);
        assert.ok(new URL(target).pathname.startsWith(`/${tree}news/`), `${tree}${query}: ${target}`);
        assert.match((await page.locator('main').textContent()) ?? '', title);
      }
      assertNone(errors, `failed requests or script errors:\n  ${errors.join('\n  ')}`);
    } finally {
      await context.close();
    }
  });

  it('a missing page gets the 404 page, styled, at any depth and in both scripts', async () => {
    const { context, page, errors } = await open(1280, server.origin);
    try {
      for (const [missing, lang] of [['news/no-such-article/', 'zh-Hans'], ['zh-hant/news/a/b/c/', 'zh-Hant']] as const) {
        const response = await page.goto(`${server.url}${missing}`);
        assert.equal(response?.status(), 404);
        assert.equal(await htmlLang(page), lang);
        const styled = await page.evaluate('document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0');
        assert.ok(styled, `the stylesheet did not load at /${missing}`);
      }
      assertNone(errors, `failed requests or script errors:\n  ${errors.join('\n  ')}`);
    } finally {
      await context.close();
    }
  });

  it('screenshots every page type (1280 and 390 px; the traditional tree at 390); nothing is wider than a 390 or 320 px phone', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const overflows: string[] = [];
    // Each page is loaded once and the window narrowed from desktop to phone: the layout follows the width (media
    // queries, srcset), as a window resized by hand shows; loading it again at every width took most of this test.
    const { context, page, errors } = await open(WIDTHS[0], server.origin);
    try {
      for (const [index, tree] of trees.entries()) {
        for (const { name, path: pagePath } of PAGES) {
          await go(page, `${server.url}${tree.prefix}${pagePath}`);
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: 900 });
            if (screenshotWidths(index).includes(width)) {
              // A full-page screenshot does not scroll: lazy photos below the first screen are loaded first.
              await page.evaluate(`document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })`);
              await page.waitForFunction(`[...document.images].every((img) => img.complete)`);
              await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${tree.lang}-${width}.jpg`), ...SHOT, fullPage: true });
            }
            if (!PHONE_WIDTHS.includes(width)) continue;
            const overflow = await horizontalOverflow(page);
            if (overflow) {
              overflows.push(
                `/${tree.prefix}${pagePath} at ${width} px: scrollWidth ${overflow.scrollWidth} > innerWidth ${overflow.innerWidth}\n` +
                  overflow.culprits.map((culprit) => `    ${culprit}`).join('\n'),
              );
            }
          }
          await page.setViewportSize({ width: WIDTHS[0], height: 900 });
        }
      }
      // The phone's open menu and an article's 分享 panel with its QR code.
      await page.setViewportSize({ width: 390, height: 900 });
      for (const tree of trees) {
        await go(page, `${server.url}${tree.prefix}news/dangjian-yinling-chengxiang-zhili/`);
        await page.locator('.menu-button').click();
        await page.screenshot({ path: path.join(SCREENSHOTS, `menu-open-${tree.lang}-390.jpg`), ...SHOT });
        await page.locator('.menu-button').click();
        await page.locator('.share summary').click();
        await page.screenshot({ path: path.join(SCREENSHOTS, `article-share-${tree.lang}-390.jpg`), ...SHOT });
      }
      assertNone(errors, `failed requests or script errors:\n  ${errors.join('\n  ')}`);
    } finally {
      await context.close();
    }
    assertNone(overflows, `horizontal overflow on a phone:\n${overflows.join('\n')}`);
  });

  it('axe-core finds no violations on any page type, and on one page of each template in the other script', async () => {
    const { context, page } = await open(1280, server.origin);
    const reports: string[] = [];
    try {
      for (const [index, tree] of trees.entries()) {
        for (const { name, path: pagePath } of PAGES) {
          if (index > 0 && !OTHER_TREE_AXE.has(name)) continue;
          const url = `${server.url}${tree.prefix}${pagePath}`;
          await go(page, url);
          // The theme's colours are the same in every script tree: contrast is checked in the first.
          const violations = await runAxe(page, { contrast: index === 0 });
          if (violations.length > 0) reports.push(formatViolations(`/${tree.prefix}${pagePath}`, violations));
        }
      }
      // What scripts open: 分享's QR code and 长辈模式, and on a phone the menu.
      await go(page, `${server.url}news/dangjian-yinling-chengxiang-zhili/`);
      await page.locator('.share summary').click();
      await page.getByRole('button', { name: '长辈模式' }).click();
      const opened = await runAxe(page);
      if (opened.length > 0) reports.push(formatViolations('article with 分享 open, in 长辈模式', opened));
      await page.getByRole('button', { name: '长辈模式' }).click();
      await page.setViewportSize({ width: 390, height: 800 });
      await go(page, `${server.url}news/`);
      await page.locator('.menu-button').click();
      const menu = await runAxe(page);
      if (menu.length > 0) reports.push(formatViolations('/news/ at 390 px with the menu open', menu));
    } finally {
      await context.close();
    }
    assertNone(reports, reports.join('\n'));
  });
});
