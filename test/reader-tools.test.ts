import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { browseOutput } from './support/browser.ts';
import { buildSite, copyFixture, listFiles, PROJECT, readPage } from './support/site.ts';
import type { StaticServer } from './support/static-server.ts';

/**
 * The theme's reader tools and phone layout, clicked in chromium on the demo site: 【打印】 prints the
 * article alone with its address, 字号 and 长辈模式 change the text and are remembered, 分享's QR code
 * reads back as the page's address, the menu button opens the navigation on a phone, and every page
 * weighs less than 40 KB gzipped.
 */

// 2026-06-01: the copyright's years end in the build's year, taken from SOURCE_DATE_EPOCH when it is set.
process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2026, 5, 1) / 1000);
const { out } = buildSite(PROJECT);
delete process.env.SOURCE_DATE_EPOCH;

const ARTICLE = 'news/dangjian-yinling-chengxiang-zhili/';
const CANONICAL = `https://www.example.com/${ARTICLE}`;

/** Where a page gets its style and script: the built-in theme's two files. */
const THEME_FILES = ['assets/xinwen.css', 'assets/xinwen.js'];

describe('identity: copyright, favicon, 公安 emblem', () => {
  it('the footer says © 2021–2026 and the owner, from `copyright` and the build year', () => {
    const home = readPage(out, 'index.html');
    assert.match(home, /<p class="copyright">© 2021–2026 随州市亿联网络科技有限公司 版权所有<\/p>/);
    assert.match(readPage(out, 'zh-hant/index.html'), /<p class="copyright">© 2021–2026 隨州市億聯網絡科技有限公司 版權所有<\/p>/);
  });

  it('the feeds carry the same copyright line, in each script', () => {
    assert.match(readPage(out, 'feed.xml'), /<copyright>© 2021–2026 随州市亿联网络科技有限公司 版权所有<\/copyright>/);
    assert.match(readPage(out, 'zh-hant/atom.xml'), /<rights type="text">© 2021–2026 隨州市億聯網絡科技有限公司 版權所有<\/rights>/);
  });

  it('every page links the favicon, and /favicon.ico is an icon', () => {
    for (const file of ['index.html', `${ARTICLE}index.html`, 'zh-hant/404.html']) assert.match(readPage(out, file), /<link rel="icon" href="\/favicon\.ico">/, file);
    const icon = readFileSync(path.join(out, 'favicon.ico'));
    assert.deepEqual([...icon.subarray(0, 4)], [0, 0, 1, 0], 'an ICO header');
  });
});

describe('identity: logo and favicon from the settings', () => {
  it('the header shows the logo with the site name as text for screen readers; the icon is the site’s own', () => {
    const root = copyFixture('basic');
    const settings = path.join(root, 'content', 'site.yaml');
    writeFileSync(settings, `${readFileSync(settings, 'utf8')}logo: /images/logo.png\nfavicon: /images/icon.png\n`);
    const { out: own } = buildSite(root);
    for (const [file, name] of [['index.html', '测试公司'], ['zh-hant/news/index.html', '測試公司']] as const) {
      const html = readPage(own, file);
      assert.match(html, new RegExp(`<a class="site-name" href="[^"]+"><img class="site-logo" src="/images/logo.png" alt=""><span class="visually-hidden">${name}</span></a>`), file);
      assert.match(html, /<link rel="icon" href="\/images\/icon\.png">/, file);
    }
    // Without `copyright`, the line names the company and no year.
    assert.match(readPage(own, 'index.html'), /<p class="copyright">© 测试科技有限公司 版权所有<\/p>/);
  });
});

describe('page weight', () => {
  it('every HTML page with the theme’s CSS and JS is under 40 KB gzipped (no images, no web fonts)', () => {
    const theme = THEME_FILES.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(out, file))).length, 0);
    const search = gzipSync(readFileSync(path.join(out, 'assets/search.js'))).length + gzipSync(readFileSync(path.join(out, 'assets/search-core.js'))).length;
    let heaviest = { file: '', bytes: 0 };
    for (const file of listFiles(out).filter((name) => name.endsWith('.html'))) {
      const html = readFileSync(path.join(out, file));
      const bytes = gzipSync(html).length + theme + (file.includes('search/') ? search : 0);
      if (bytes > heaviest.bytes) heaviest = { file, bytes };
    }
    assert.ok(heaviest.bytes < 40 * 1024, `${heaviest.file}: ${heaviest.bytes} bytes gzipped`);
    assert.doesNotMatch(readFileSync(path.join(out, 'assets/xinwen.css'), 'utf8'), /@font-face|url\(/, 'no web fonts, no images in the stylesheet');
  });
});

describe('reader tools and the phone layout, in chromium', { timeout: 180_000 }, () => {
  let browser: Browser;
  let server: StaticServer;
  browseOutput(out, (started, serving) => {
    browser = started;
    server = serving;
  });

  async function open(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    await context.route((url) => url.origin !== server.origin, (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`script error: ${error.message}`));
    return { context, page };
  }

  const css = (page: Page, selector: string, property: string) =>
    page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`) as Promise<string>;

  it('【打印】 prints the article alone: no header, navigation, sidebar or footer; its address is printed', async () => {
    const { context, page } = await open(1280);
    try {
      await page.goto(`${server.url}${ARTICLE}`);
      assert.equal(await page.getByRole('button', { name: '【打印】' }).count(), 1);
      assert.equal(await css(page, '.print-url', 'display'), 'none', 'the address is for paper only');
      await page.emulateMedia({ media: 'print' });
      for (const selector of ['.site-header', '.site-nav', '.sidebar', '.site-footer', '.breadcrumb', '.reader-tools']) {
        assert.equal(await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).getClientRects().length`), 0, `${selector} is printed`);
      }
      assert.equal(await css(page, '.article-body', 'display'), 'block');
      assert.equal(await css(page, '.print-url', 'display'), 'block');
      assert.equal((await page.locator('.print-url').textContent())?.trim(), `本文网址：${CANONICAL}`);
      // The links a PDF carries are those printed: the article's address, none of the header's, sidebar's or footer's.
      const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
      assert.ok(pdf.startsWith('%PDF-'));
      const uris = [...pdf.matchAll(/\/URI \(([^)]*)\)/g)].map((match) => match[1]!);
      assert.ok(uris.includes(CANONICAL), `the address is printed as a link (found ${uris.join(', ')})`);
      // Home, 新闻中心, 标签 and 新闻归档 are linked only from the header, breadcrumb, sidebar and footer; 繁體 from the header.
      for (const uri of uris) assert.doesNotMatch(uri, /^http:\/\/[^/]+\/(?:news\/|tags\/|archive\/)?$|beian|zh-hant|tel:/, `${uri} is printed`);
      assert.ok(uris.length >= 2, 'the article’s own links (栏目, 标签) are printed');
    } finally {
      await context.close();
    }
  });

  it('字号 大 中 小 changes the body text and is remembered after a reload', async () => {
    const { context, page } = await open(1280);
    try {
      await page.goto(`${server.url}${ARTICLE}`);
      const size = async () => parseFloat(await css(page, '.article-body p', 'fontSize'));
      const medium = await size();
      assert.equal(await page.getByRole('button', { name: '中' }).getAttribute('aria-pressed'), 'true');
      await page.getByRole('button', { name: '大', exact: true }).click();
      const large = await size();
      assert.ok(large > medium, `大 ${large}px > 中 ${medium}px`);
      assert.equal(await page.getByRole('button', { name: '大', exact: true }).getAttribute('aria-pressed'), 'true');
      await page.reload();
      assert.equal(await size(), large, 'remembered after a reload');
      await page.goto(`${server.url}zh-hant/${ARTICLE}`);
      assert.equal(await size(), large, 'and in the other script');
      await page.getByRole('button', { name: '小', exact: true }).click();
      assert.ok((await size()) < medium, '小 is smaller than 中');
    } finally {
      await context.close();
    }
  });

  it('分享 shows a QR code made at build time that reads back as the page’s canonical address', async () => {
    const { context, page } = await open(390);
    try {
      for (const prefix of ['', 'zh-hant/']) {
        await page.goto(`${server.url}${prefix}${ARTICLE}`);
        const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
        assert.equal(canonical, `https://www.example.com/${prefix}${ARTICLE}`);
        const qr = page.locator('.share .qr-code');
        assert.equal(await qr.isVisible(), false, 'folded until 分享 is opened');
        await page.locator('.share summary').click();
        assert.equal(await qr.isVisible(), true);
        assert.match((await page.locator('.share-panel').textContent()) ?? '', /扫一扫 ?手机阅读|掃一掃 ?手機閱讀/);
        const { data, info } = await sharp(await qr.screenshot()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
        assert.equal(code?.data, canonical, `${prefix || '/'}: the QR code reads ${code?.data}`);
      }
      // Made in the page, asked of no one: the SVG is inline.
      assert.match(readPage(out, `${ARTICLE}index.html`), /<svg class="qr-code" [^>]*role="img" aria-label="本文二维码"/);
    } finally {
      await context.close();
    }
  });

  it('长辈模式 makes text larger and is remembered, and switches off again', async () => {
    const { context, page } = await open(1280);
    try {
      await page.goto(`${server.url}news/`);
      const elder = page.getByRole('button', { name: '长辈模式' });
      const size = async () => parseFloat(await css(page, 'body', 'fontSize'));
      const normal = await size();
      assert.equal(await elder.getAttribute('aria-pressed'), 'false');
      await elder.click();
      assert.equal(await elder.getAttribute('aria-pressed'), 'true');
      assert.ok(await page.evaluate('document.documentElement.classList.contains("elder")'));
      const larger = await size();
      assert.ok(larger >= normal * 1.2, `${larger}px against ${normal}px`);
      await page.goto(`${server.url}${ARTICLE}`);
      assert.equal(await size(), larger, 'remembered on the next page');
      assert.equal(await page.getByRole('button', { name: '长辈模式' }).getAttribute('aria-pressed'), 'true');
      await page.getByRole('button', { name: '长辈模式' }).click();
      assert.equal(await size(), normal);
    } finally {
      await context.close();
    }
  });

  it('at 390 px the header is one row under 64 px; the menu button opens and closes the navigation by click and by keyboard', async () => {
    const { context, page } = await open(390);
    try {
      await page.goto(`${server.url}${ARTICLE}`);
      const header = await page.locator('.site-header').boundingBox();
      assert.ok(header && header.height <= 64, `header ${header?.height}px tall`);
      const button = page.getByRole('button', { name: '菜单' });
      const nav = page.getByRole('navigation', { name: '主导航' });
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.equal(await nav.isVisible(), false, 'folded');
      // 繁體 is one tap away, in the header row.
      const switchLink = page.locator('header a[hreflang="zh-Hant"]');
      assert.equal(await switchLink.isVisible(), true);
      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      assert.equal(await nav.isVisible(), true);
      assert.equal(await nav.getByRole('link', { name: '新闻中心' }).isVisible(), true);
      await page.keyboard.press('Escape');
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.equal(await nav.isVisible(), false);
      await button.focus();
      await page.keyboard.press('Enter');
      assert.equal(await nav.isVisible(), true, 'Enter opens it');
      await page.keyboard.press('Space');
      assert.equal(await nav.isVisible(), false, 'Space closes it');
      // Every control of the header and the reader tools is at least 44 px each way (the pager's: below, at 320 px).
      const small = (await page.evaluate(`[...document.querySelectorAll('.site-header a, .site-header button, .reader-tools button, .reader-tools summary, .to-top a')]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({ text: el.textContent.trim(), box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(({ text, box }) => text + ' ' + Math.round(box.width) + '×' + Math.round(box.height))`)) as string[];
      assert.deepEqual(small, [], 'tap targets smaller than 44 px');
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the menu is open, 分享 opens, and the page still fits a 320 px phone', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}${ARTICLE}`);
      assert.equal(await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '新闻中心' }).isVisible(), true);
      assert.equal(await page.getByRole('button', { name: '【打印】' }).isVisible(), false, 'tools that need a script are not offered');
      await page.locator('.share summary').click();
      assert.equal(await page.locator('.share .qr-code').isVisible(), true);
      assert.ok((await page.evaluate('document.documentElement.scrollWidth')) as number <= 320);
    } finally {
      await context.close();
    }
  });

  it('on a 320 px phone dates never break and the pager keeps 首页 上一页 下一页 尾页 on one row', async () => {
    const { context, page } = await open(320);
    try {
      for (const pagePath of ['', 'news/page/2/', ARTICLE, 'tags/gong-si-dong-tai/']) {
        await page.goto(`${server.url}${pagePath}`);
        const split = (await page.evaluate(`[...document.querySelectorAll('time')].filter((el) => el.getClientRects().length > 1).map((el) => el.textContent)`)) as string[];
        assert.deepEqual(split, [], `/${pagePath}: dates split across lines`);
      }
      await page.goto(`${server.url}news/page/2/`);
      const tops = (await page.evaluate(`[...document.querySelectorAll('.pager .pager-step')].map((el) => Math.round(el.getBoundingClientRect().top))`)) as number[];
      assert.equal(tops.length, 4);
      assert.equal(new Set(tops).size, 1, `the pager's steps are on rows at ${tops.join(', ')}`);
      const small = (await page.evaluate(`[...document.querySelectorAll('.pager a, .pager span.current')].filter((el) => el.getClientRects().length > 0)
        .map((el) => el.getBoundingClientRect()).filter((box) => box.width < 44 || box.height < 44).length`)) as number;
      assert.equal(small, 0, 'pager links smaller than 44 px');
    } finally {
      await context.close();
    }
  });
});
