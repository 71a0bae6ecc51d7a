import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startDevServer } from '../src/serve/dev-server.ts';
import { horizontalOverflow, launchChromium } from './support/browser.ts';
import { serveStatic } from './support/static-server.ts';
import { between, copyFixture, PROJECT, readPage, tempDir, xinwen } from './support/site.ts';

const PHOTOS = path.join(PROJECT, 'test', 'corpus', 'photos');
const EXPO = 'content/news/2024-05-01-expo';

/** The images fixture with its photos copied in (real photos from the corpus, and orientation 6 and 8 variants of the jet made here). */
async function imageSite(): Promise<string> {
  const root = copyFixture('images');
  const folder = path.join(root, EXPO);
  copyFileSync(path.join(PHOTOS, 'T-45A_Goshawk_03.jpg'), path.join(folder, 'jet.jpg'));
  copyFileSync(path.join(PHOTOS, 'h96919k.jpg'), path.join(folder, 'portrait.jpg'));
  copyFileSync(path.join(PHOTOS, 'HMD_Nokia_8.3_5G.jpg'), path.join(folder, 'phone.jpg'));
  mkdirSync(path.join(root, 'public', 'images'), { recursive: true });
  copyFileSync(path.join(PHOTOS, 'hopper.png'), path.join(root, 'public', 'images', 'hopper.png'));
  // The jet's pixels as stored, with an orientation tag: a viewer turns them upright (6: a quarter clockwise, 8: anticlockwise).
  for (const orientation of [6, 8]) {
    await sharp(path.join(PHOTOS, 'T-45A_Goshawk_03.jpg')).withMetadata({ orientation }).jpeg({ quality: 90 }).toFile(path.join(folder, `turned-${orientation}.jpg`));
  }
  return root;
}

function build(root: string, cache: string, out = path.join(tempDir(), 'out')) {
  const result = xinwen(['build', '--root', root, '--out', out, '--cache-dir', cache]);
  return { out, result };
}

/** The `<figure>` or `<picture>` of the body whose img has this alt text. */
function imgWithAlt(html: string, alt: string): string {
  const img = html.match(new RegExp(`<img [^>]*alt="${alt}"[^>]*>`));
  assert.ok(img, `an img with alt ${alt}`);
  return img[0];
}

function attribute(tag: string, name: string): string | undefined {
  return tag.match(new RegExp(` ${name}="([^"]*)"`))?.[1];
}

/** Each candidate of a srcset: its URL and width. */
function candidates(srcset: string): { url: string; width: number }[] {
  return srcset.split(', ').map((candidate) => {
    const [url, width] = candidate.split(' ');
    return { url: url!, width: Number(width!.replace('w', '')) };
  });
}

describe('photos: renditions, picture markup, captions', () => {
  let root: string;
  let cache: string;
  let out: string;
  let page: string;
  before(async () => {
    root = await imageSite();
    cache = path.join(tempDir(), 'cache');
    const built = build(root, cache);
    assert.equal(built.result.status, 0, built.result.stderr);
    out = built.out;
    page = readPage(out, 'news/expo/index.html');
  });

  it('publishes an article folder at its folder name, with its photos as renditions named by content hash', () => {
    const media = readdirSync(path.join(out, 'media'));
    assert.ok(media.length > 0);
    for (const file of media) assert.match(file, /^[0-9a-f]{20}-\d+\.(webp|jpg|png)$/);
    // The originals are not published (their metadata would be): only renditions.
    assert.ok(!readdirSync(path.join(out, 'news', 'expo')).some((file) => file.endsWith('.jpg')));
  });

  it('gives every photo a picture with WebP sources, a JPEG fallback, srcset, sizes, width and height, lazy but the first', async () => {
    const jet = imgWithAlt(page, '教练机飞越云层');
    assert.equal(attribute(jet, 'width'), '1440');
    assert.equal(attribute(jet, 'height'), String(Math.round((2085 * 1440) / 2788)));
    assert.equal(attribute(imgWithAlt(page, '霍珀准将肖像'), 'loading'), 'lazy');
    assert.equal(attribute(jet, 'decoding'), 'async');
    assert.ok(attribute(jet, 'sizes'));
    const fallback = candidates(attribute(jet, 'srcset')!);
    assert.deepEqual(fallback.map((each) => each.width), [480, 960, 1440]);
    const picture = page.slice(page.lastIndexOf('<picture>', page.indexOf(jet)), page.indexOf(jet));
    const webp = candidates(picture.match(/<source type="image\/webp" srcset="([^"]*)"/)![1]!);
    assert.deepEqual(webp.map((each) => each.width), [480, 960, 1440]);
    // Each file is there, in its format, at its width (never wider than the original).
    for (const { url, width } of [...fallback, ...webp]) {
      const meta = await sharp(path.join(out, url)).metadata();
      assert.equal(meta.format, url.endsWith('.webp') ? 'webp' : 'jpeg', url);
      assert.equal(meta.width, width, url);
      assert.ok(Math.abs(meta.height! - Math.round((2085 * width) / 2788)) <= 1, url);
    }
    // The portrait is smaller than 960: its own width is the largest, and it is kept within the screen's height.
    const portrait = imgWithAlt(page, '霍珀准将肖像');
    assert.deepEqual(candidates(attribute(portrait, 'srcset')!).map((each) => each.width), [480, 590]);
    assert.equal(attribute(portrait, 'width'), '590');
    assert.equal(attribute(portrait, 'height'), '765');
    assert.match(attribute(portrait, 'style')!, /^max-width:min\(100%,65\.6vh\)$/);
  });

  it('shows a cover above the body, loaded at once, with the title as alt text; a cover the body shows is not shown twice', () => {
    const other = readPage(out, 'news/public-cover/index.html');
    const cover = between(other, '<figure class="article-cover">', '</figure>');
    const img = imgWithAlt(cover, '封面放在 public 文件夹');
    assert.equal(attribute(img, 'loading'), 'eager');
    assert.equal(attribute(img, 'width'), '128');
    assert.match(cover, /<source type="image\/webp" srcset="\/media\/[0-9a-f]{20}-128\.webp 128w"/);
    // The expo's cover is its first body photo: shown once, in the body, and that one is loaded at once.
    assert.ok(!page.includes('article-cover'));
    assert.equal(page.match(/loading="eager"/g)!.length, 1);
    assert.equal(attribute(imgWithAlt(page, '教练机飞越云层'), 'loading'), 'eager');
  });

  it('takes a cover from public/ too, and the traditional page converts alt text and captions but no URL', () => {
    const other = readPage(out, 'news/public-cover/index.html');
    const cover = imgWithAlt(other, '封面放在 public 文件夹');
    assert.match(attribute(cover, 'src')!, /^\/media\/[0-9a-f]{20}-128\.jpg$/);
    const hant = readPage(out, 'zh-hant/news/expo/index.html');
    assert.ok(hant.includes('<figcaption>圖為教練機飛越雲層。</figcaption>'));
    const img = imgWithAlt(hant, '教練機飛越雲層');
    assert.equal(attribute(img, 'src'), attribute(imgWithAlt(page, '教练机飞越云层'), 'src'));
  });

  it('feeds carry the photos with absolute addresses, srcset included', () => {
    const feed = readPage(out, 'feed.xml');
    assert.match(feed, /srcset="https:\/\/news\.example\.com\/media\/[0-9a-f]{20}-480\.webp 480w, https:\/\/news\.example\.com\/media\/[0-9a-f]{20}-960\.webp 960w/);
    assert.doesNotMatch(feed, /(src|srcset)="\/media|, \/media/);
  });

  it('captions a photo from its title and from a 图为 paragraph under it (or a 图为 line right after it)', () => {
    const figures = page.match(/<figure class="article-image">[\s\S]*?<\/figure>/g)!;
    const captions = figures.map((figure) => figure.match(/<figcaption>([\s\S]*?)<\/figcaption>/)?.[1]);
    assert.deepEqual(captions, ['图为教练机飞越云层。', '图为霍珀准将的肖像照片。', '图为按 EXIF 方向 6 转正的照片。', undefined, undefined]);
    // The title became the caption, not a tooltip as well.
    assert.ok(!/<img [^>]*title=/.test(figures[0]!));
    // A photo within a sentence stays in its paragraph.
    assert.match(page, /<p>文字中间有一张小图 <picture>.*<\/picture> 之后文字继续。<\/p>/);
  });

  it('turns photos upright by their EXIF orientation', async () => {
    const upright = await sharp(path.join(PHOTOS, 'T-45A_Goshawk_03.jpg')).rotate(90).resize({ width: 480 }).raw().toBuffer();
    const turnedBack = await sharp(path.join(PHOTOS, 'T-45A_Goshawk_03.jpg')).rotate(270).resize({ width: 480 }).raw().toBuffer();
    const figures = page.match(/<figure class="article-image">[\s\S]*?<\/figure>/g)!;
    for (const [index, expected, other] of [[2, upright, turnedBack], [3, turnedBack, upright]] as const) {
      const img = figures[index]!.match(/<img [^>]*>/)![0];
      // Shown portrait: 2085 wide, 2788 tall.
      assert.equal(attribute(img, 'width'), '1440');
      assert.equal(attribute(img, 'height'), String(Math.round((2788 * 1440) / 2085)));
      const small = candidates(attribute(img, 'srcset')!)[0]!;
      const { data, info } = await sharp(path.join(out, small.url)).raw().toBuffer({ resolveWithObject: true });
      assert.equal(info.width, 480);
      assert.ok(info.height > info.width);
      assert.ok(meanDifference(data, expected) < 12, `rendition ${index} matches the photo turned upright`);
      assert.ok(meanDifference(data, other) > meanDifference(data, expected) * 2, `rendition ${index} is not turned the other way`);
    }
  });

  it('strips every metadata from renditions: no GPS, no EXIF, no camera', async () => {
    const original = await sharp(path.join(root, EXPO, 'phone.jpg')).metadata();
    // Big-endian EXIF ("MM") with a GPS IFD pointer (tag 0x8825) and the phone's name.
    assert.ok(original.exif && original.exif.includes(Buffer.from([0x88, 0x25])) && original.exif.includes(Buffer.from('Nokia')), 'the original has GPS');
    const img = imgWithAlt(page, '手机照片');
    for (const { url } of candidates(attribute(img, 'srcset')!)) {
      const bytes = readFileSync(path.join(out, url));
      const meta = await sharp(bytes).metadata();
      assert.equal(meta.exif, undefined, url);
      assert.equal(meta.xmp, undefined, url);
      assert.ok(!bytes.includes(Buffer.from('Exif\0')) && !bytes.includes(Buffer.from('Nokia')), url);
    }
  });

  it('in a 390 px phone browser: no sideways scrolling, every photo inside the column, the portrait within the screen, each rendition loads', { timeout: 120_000 }, async () => {
    const server = await serveStatic(out);
    const browser = await launchChromium();
    try {
      for (const [width, height] of [[390, 844], [1280, 900]] as const) {
        const context = await browser.newContext({ viewport: { width, height } });
        const page = await context.newPage();
        const failed: string[] = [];
        page.on('response', (response) => {
          if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
        });
        for (const tree of ['', 'zh-hant/']) {
          await page.goto(`${server.url}${tree}news/expo/`);
          if (width === 390) assert.equal(await horizontalOverflow(page), null, `sideways scrolling at 390 px in /${tree}news/expo/`);
          // Scrolled through, so every lazy photo loads.
          const count = await page.locator('img').count();
          for (let i = 0; i < count; i++) {
            await page.locator('img').nth(i).scrollIntoViewIfNeeded();
            await page.waitForFunction(`document.images[${i}].complete`);
          }
          const boxes = (await page.evaluate(`[...document.querySelectorAll('.article-body img, .article-cover img')].map((img) => {
            const box = img.getBoundingClientRect();
            const column = img.closest('.article-body, .article').getBoundingClientRect();
            return { alt: img.alt, left: box.left, right: box.right, width: box.width, height: box.height, columnLeft: column.left, columnRight: column.right, natural: img.naturalWidth, current: img.currentSrc };
          })`)) as { alt: string; left: number; right: number; width: number; height: number; columnLeft: number; columnRight: number; natural: number; current: string }[];
          assert.equal(boxes.length, 7);
          for (const box of boxes) {
            assert.ok(box.left >= box.columnLeft - 0.5 && box.right <= box.columnRight + 0.5, `${box.alt} sticks out of the column at ${width} px: ${JSON.stringify(box)}`);
            assert.ok(box.natural > 0, `${box.alt} did not load`);
            assert.match(box.current, /\.webp$/, `${box.alt}: chromium takes the WebP`);
            assert.ok(box.height <= height * 0.86, `${box.alt} is ${box.height} px tall in a ${height} px window`);
          }
          const portrait = boxes.find((box) => box.alt === (tree ? '霍珀准將肖像' : '霍珀准将肖像'))!;
          assert.ok(portrait.height > portrait.width, 'the portrait stays portrait');
          if (width === 390) {
            // The phone loads a rendition near its width (390 css px at DPR 1), not the 1440 one.
            const jet = boxes.find((box) => box.alt.startsWith('教练机') || box.alt.startsWith('教練機'))!;
            assert.match(jet.current, /-480\.webp$/);
          }
        }
        assert.deepEqual(failed, []);
        if (width === 390) await page.screenshot({ path: path.join(PROJECT, 'test-output', 'screenshots', 'article-photos-fixture-390.png'), fullPage: true });
        await context.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('processes nothing again on a warm rebuild, and only the changed photo after an edit', async () => {
    const images = path.join(cache, 'images');
    const times = () => new Map(readdirSync(images).map((file) => [file, statSync(path.join(images, file)).mtimeMs]));
    const first = times();
    const again = xinwen(['build', '--root', root, '--out', out, '--cache-dir', cache, '--force']);
    assert.equal(again.status, 0, again.stderr);
    const second = times();
    for (const [file, time] of first) if (file !== 'index.txt') assert.equal(second.get(file), time, file);
    assert.equal(second.size, first.size);
    // The portrait edited (made smaller): its renditions are made, nothing else's; its page shows the new ones.
    await sharp(path.join(PHOTOS, 'h96919k.jpg')).resize({ width: 400 }).toFile(path.join(root, EXPO, 'portrait.jpg.tmp'));
    copyFileSync(path.join(root, EXPO, 'portrait.jpg.tmp'), path.join(root, EXPO, 'portrait.jpg'));
    writeFileSync(path.join(root, EXPO, 'portrait.jpg.tmp'), '');
    const edited = xinwen(['build', '--root', root, '--out', out, '--cache-dir', cache]);
    assert.equal(edited.status, 0, edited.stderr);
    const third = times();
    const made = [...third.keys()].filter((file) => !first.has(file));
    assert.equal(made.length, 2, made.join(' '));
    assert.ok(made.every((file) => /-400\.(webp|jpg)$/.test(file)));
    for (const [file, time] of first) if (file !== 'index.txt') assert.equal(third.get(file), time, file);
    const portrait = imgWithAlt(readPage(out, 'news/expo/index.html'), '霍珀准将肖像');
    assert.equal(attribute(portrait, 'width'), '400');
    assert.ok(readdirSync(path.join(out, 'media')).includes(made[0]!));
  });

  it('makes a rendition again when it was deleted from the cache, although the index knows the photo', () => {
    const images = path.join(cache, 'images');
    const gone = readdirSync(images).find((file) => file.endsWith('-480.webp'))!;
    rmSync(path.join(images, gone));
    // A new output folder: the rendition must come from the cache, not from the last output.
    const elsewhere = path.join(path.dirname(out), 'out-again');
    const built = xinwen(['build', '--root', root, '--out', elsewhere, '--cache-dir', cache]);
    assert.equal(built.status, 0, built.stderr);
    assert.ok(existsSync(path.join(images, gone)), `${gone} was not made again`);
    assert.deepEqual(readFileSync(path.join(elsewhere, 'media', gone)), readFileSync(path.join(images, gone)));
  });
});

/** The images fixture with only the photo in public/ its other article needs. */
function bareSite(): string {
  const root = copyFixture('images');
  mkdirSync(path.join(root, 'public', 'images'), { recursive: true });
  copyFileSync(path.join(PHOTOS, 'hopper.png'), path.join(root, 'public', 'images', 'hopper.png'));
  return root;
}

describe('photos: errors and warnings', () => {
  it('a missing photo is an error naming the article file and line', () => {
    const root = bareSite();
    writeFileSync(path.join(root, EXPO, 'index.md'), '---\ntitle: 缺图\ndate: 2024-05-01\n---\n\n第一段。\n\n![不存在的图](nothing.jpg)\n');
    const result = xinwen(['build', '--root', root, '--out', path.join(tempDir(), 'out'), '--cache-dir', path.join(tempDir(), 'cache')]);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /image\/missing/);
    assert.match(result.stderr, /content\/news\/2024-05-01-expo\/index\.md:8/);
    assert.match(result.stderr, /content\/news\/2024-05-01-expo\/nothing\.jpg/);
    assert.ok(!result.stderr.includes('    at '), 'no stack trace');
  });

  it('a missing cover is an error on the cover line', () => {
    const root = bareSite();
    writeFileSync(path.join(root, EXPO, 'index.md'), '---\ntitle: 缺封面\ndate: 2024-05-01\ncover: /images/none.png\n---\n\n正文。\n');
    const result = xinwen(['build', '--root', root, '--out', path.join(tempDir(), 'out'), '--cache-dir', path.join(tempDir(), 'cache')]);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /image\/missing/);
    assert.match(result.stderr, /index\.md:4/);
    assert.match(result.stderr, /public\/images\/none\.png/);
  });

  it('a very large original is a warning with its size and a hint to resize it', async () => {
    const root = bareSite();
    writeFileSync(path.join(root, EXPO, 'index.md'), '---\ntitle: 长图\ndate: 2024-05-01\n---\n\n![长图](wide.jpg)\n');
    await sharp({ create: { width: 6400, height: 160, channels: 3, background: '#3070b0' } }).jpeg().toFile(path.join(root, EXPO, 'wide.jpg'));
    const result = xinwen(['build', '--root', root, '--out', path.join(tempDir(), 'out'), '--cache-dir', path.join(tempDir(), 'cache')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /image\/large/);
    assert.match(result.stderr, /6400×160/);
    assert.match(result.stderr, /2560/);
    // check says so too, before any build (no cache to know the photo from).
    const checked = xinwen(['check', '--root', root]);
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stderr, /wide\.jpg: the original is very large: \d+ KB, 6400×160 pixels \[image\/large\]/);
  });
});

describe('photos with raw_html: sanitize', () => {
  it('keep their picture markup whole: sources, sizes, width and height, lazy loading, the portrait style; no stray </source>', async () => {
    const root = bareSite();
    writeFileSync(path.join(root, 'content', 'site.yaml'), `${readFileSync(path.join(root, 'content', 'site.yaml'), 'utf8')}raw_html: sanitize\n`);
    copyFileSync(path.join(PHOTOS, 'h96919k.jpg'), path.join(root, EXPO, 'portrait.jpg'));
    writeFileSync(path.join(root, EXPO, 'index.md'), '---\ntitle: 过滤模式\ndate: 2024-05-01\n---\n\n第一段。\n\n![肖像](portrait.jpg "图为肖像。")\n\n![小图](/images/hopper.png)\n');
    const { out, result } = build(root, path.join(tempDir(), 'cache'));
    assert.equal(result.status, 0, result.stderr);
    const page = readPage(out, 'news/expo/index.html');
    assert.doesNotMatch(page, /<\/source>/);
    const figure = between(page, '<figure class="article-image">', '</figure>');
    assert.match(figure, /<source type="image\/webp" srcset="[^"]+" sizes="[^"]+"( \/)?>/);
    const img = imgWithAlt(figure, '肖像');
    for (const name of ['srcset', 'sizes', 'width', 'height', 'loading', 'decoding', 'style']) assert.ok(attribute(img, name), name);
    assert.match(figure, /<figcaption>图为肖像。<\/figcaption>/);
  });
});

describe('photos in xinwen dev', () => {
  it('a photo edited while the server runs gets new renditions, and the page showing it names them; a missing one is an error until it comes', async () => {
    const root = bareSite();
    const folder = path.join(root, EXPO);
    writeFileSync(path.join(folder, 'index.md'), '---\ntitle: 开发服务器中的图片\ndate: 2024-05-01\n---\n\n第一段。\n\n![现场](scene.jpg)\n');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#b03030' } }).jpeg().toFile(path.join(folder, 'scene.jpg'));
    const server = await startDevServer({ root, port: 0, log: () => {} });
    try {
      const page = async () => (await fetch(new URL('news/expo/', server.url))).text();
      const srcOf = async () => attribute(imgWithAlt(await page(), '现场'), 'src')!;
      const first = await srcOf();
      assert.match(first, /^\/media\/[0-9a-f]{20}-640\.jpg$/);
      assert.equal((await fetch(new URL(first.slice(1), server.url))).status, 200);

      let rebuilt = server.nextRebuild();
      await sharp({ create: { width: 800, height: 400, channels: 3, background: '#3050b0' } }).jpeg().toFile(path.join(folder, 'scene.jpg.new'));
      copyFileSync(path.join(folder, 'scene.jpg.new'), path.join(folder, 'scene.jpg'));
      rmSync(path.join(folder, 'scene.jpg.new'));
      assert.ok((await rebuilt).ok);
      const second = await srcOf();
      assert.match(second, /-800\.jpg$/);
      assert.notEqual(second, first);
      assert.equal((await fetch(new URL(second.slice(1), server.url))).status, 200);

      rebuilt = server.nextRebuild();
      rmSync(path.join(folder, 'scene.jpg'));
      assert.equal((await rebuilt).ok, false, 'a missing photo is an error');

      rebuilt = server.nextRebuild();
      await sharp({ create: { width: 500, height: 300, channels: 3, background: '#30a050' } }).jpeg().toFile(path.join(folder, 'scene.jpg'));
      assert.ok((await rebuilt).ok);
      assert.match(await srcOf(), /-500\.jpg$/);
    } finally {
      await server.close();
    }
  });
});

function meanDifference(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / length;
}
