import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { createTemplateEngine } from '../src/render/templates.ts';
import { horizontalOverflow, launchChromium } from './support/browser.ts';
import { PROJECT, tempDir } from './support/site.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

/**
 * The theme's pictures: list thumbnails and the 焦点图, rendered by the built-in partials from
 * covers as the image stage describes them (ImageView), with a landscape and a portrait photo,
 * and looked at in chromium: fixed aspect ratio, cropped to fill, nothing wider than a phone.
 */

interface ImageView {
  src: string;
  width: number;
  height: number;
  alt: string;
  srcset: string;
  sources: { type: string; srcset: string }[];
}

const dir = tempDir();
const out = path.join(dir, 'out');
mkdirSync(path.join(out, 'img'), { recursive: true });
mkdirSync(path.join(out, 'assets'), { recursive: true });
for (const file of ['xinwen.css', 'xinwen.js']) copyFileSync(path.join(PROJECT, 'public', 'assets', file), path.join(out, 'assets', file));

async function photo(name: string, width: number, height: number, colour: string): Promise<ImageView> {
  await sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toFile(path.join(out, 'img', name));
  return { src: `/img/${name}`, width, height, alt: '照片说明', srcset: `/img/${name} ${width}w`, sources: [] };
}

function summary(n: number, cover: ImageView | null) {
  return {
    title: `第${n}条新闻标题，长度足够在手机上折行显示`,
    href: `/news/${n}/`,
    date: { text: '2024/5/1 8:00:00', iso: '2024-05-01T08:00:00+08:00', day: '2024-05-01' },
    summary: '这是摘要，说明新闻的要点。'.repeat(3),
    author: '网站编辑',
    source: null,
    views: n,
    pinned: false,
    featured: true,
    cover,
  };
}

let html = '';
const SCREENSHOTS = path.join(PROJECT, 'test-output', 'screenshots');

describe('covers in lists and the 焦点图', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: StaticServer;

  before(async () => {
    const landscape = await photo('landscape.jpg', 1200, 675, '#3060a0');
    const portrait = await photo('portrait.jpg', 600, 900, '#a06030');
    const items = [summary(1, landscape), summary(2, portrait), summary(3, null)];
    const templates = path.join(dir, 'templates');
    mkdirSync(templates);
    writeFileSync(
      path.join(templates, 'covers.njk'),
      '{% include "partials/slides.njk" %}<div class="home-blocks"><section class="home-block"><ul class="title-list">{% for item in items %}{% include "partials/title-item.njk" %}{% endfor %}</ul></section></div>' +
        '<ul class="news-list">{% for item in items %}{% include "partials/article-item.njk" %}{% endfor %}</ul>',
    );
    const engine = createTemplateEngine([templates, path.join(PROJECT, 'templates')], dir);
    engine.compile(['covers.njk']);
    html = await engine.render('covers.njk', { page: { slides: items }, items });
    writeFileSync(
      path.join(out, 'index.html'),
      `<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title><link rel="stylesheet" href="/assets/xinwen.css"></head><body><div class="layout"><main class="content">${html}</main></div><script src="/assets/xinwen.js" defer></script></body></html>`,
    );
    browser = await launchChromium();
    server = await serveStatic(out);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('every picture has width and height; the first slide loads at once, the rest lazily', () => {
    const images = [...html.matchAll(/<img\b[^>]*>/g)].map((match) => match[0]);
    assert.equal(images.length, 2 + 1 + 2, 'two slides, the first title item and two list items have a picture');
    for (const image of images) assert.match(image, /width="\d+" height="\d+"/);
    assert.doesNotMatch(images[0]!, /loading="lazy"/, 'the first slide is on the first screen');
    for (const image of images.slice(1)) assert.match(image, /loading="lazy"/);
    // A slide's photo says nothing its title does not (alt=""); a thumbnail's link is hidden from screen readers, the title's link follows it.
    for (const image of images.slice(0, 2)) assert.match(image, /alt=""/);
    assert.match(html, /<a class="thumb" href="\/news\/1\/" tabindex="-1" aria-hidden="true"><picture><img [^>]*alt="照片说明"/);
    // A slide without a cover shows its summary on the brand colour.
    assert.match(html, /<li class="slide slide-text" id="slide-3">[\s\S]*?<span class="slide-summary">/);
  });

  for (const width of [1280, 390, 320]) {
    it(`at ${width} px thumbnails keep their 3:2 or 4:3 box and are cropped to fill it, and nothing is wider than the window`, async () => {
      const page: Page = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await page.goto(server.url);
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `covers-${width}.png`), fullPage: true });
        const boxes = (await page.evaluate(`[...document.querySelectorAll('.thumb img, .slide img')].map((img) => {
          const box = img.getBoundingClientRect();
          return { cls: img.className, ratio: box.width / box.height, fit: getComputedStyle(img).objectFit, width: box.width };
        })`)) as { cls: string; ratio: number; fit: string; width: number }[];
        for (const box of boxes) {
          assert.equal(box.fit, 'cover', box.cls);
          assert.ok(box.width > 40, `${box.cls} is ${box.width}px wide`);
        }
        const listRatios = boxes.filter((box) => box.cls === 'thumb-image').map((box) => Math.round(box.ratio * 100) / 100);
        assert.deepEqual([...new Set(listRatios)].sort(), [1.33, 1.5], 'title-list 4:3, news list 3:2, whatever the photo');
        const slides = boxes.filter((box) => box.cls === 'slide-image').map((box) => box.ratio.toFixed(2));
        assert.equal(new Set(slides).size, 1, `the landscape and the portrait slide have one shape: ${slides.join(', ')}`);
        assert.equal(await horizontalOverflow(page), null);
      } finally {
        await page.close();
      }
    });
  }

  it('the 焦点图 does not move by itself; its dots are links the keyboard reaches, and a dot brings its slide', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    try {
      await page.goto(server.url);
      const scrollLeft = () => page.evaluate('document.querySelector(".slide-track").scrollLeft') as Promise<number>;
      await page.waitForTimeout(1500);
      assert.equal(await scrollLeft(), 0, 'no auto-rotation');
      const second = page.getByRole('link', { name: /第 2 张/ });
      await second.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction('document.querySelector(".slide-track").scrollLeft > 100');
      await page.waitForFunction('document.querySelectorAll(".slide-dots a")[1].getAttribute("aria-current") === "true"');
      assert.equal(await page.evaluate('window.scrollY'), 0, 'the page itself did not jump');
    } finally {
      await page.close();
    }
  });
});
