import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importPages } from '../src/import/import.ts';
import { MAX_ARTICLE_BYTES } from '../src/load/content-files.ts';
import { tempDir } from './support/site.ts';

/** A site with nothing but its settings, and a saved page whose article text is `bodyBytes` of embedded picture. */
function siteWithPage(bodyBytes: number): { root: string; page: string; outDir: string } {
  const root = tempDir();
  mkdirSync(path.join(root, 'content'));
  writeFileSync(path.join(root, 'content', 'site.yaml'), 'name: 测试\nbase_url: https://news.example.com/\n');
  const picture = `data:image/png;base64,${'A'.repeat(bodyBytes)}`;
  const page = path.join(root, 'big.html');
  writeFileSync(
    page,
    `<html><head><title>大图片新闻</title></head><body><h1>大图片新闻</h1><p>日期：2024-05-01 10:00 来源：本站</p>` +
      `<div class="content"><p>这是一篇带着嵌入图片的新闻，图片直接写在网页里，没有另存为文件。</p><p><img src="${picture}" alt="图"></p>` +
      `<p>第二段文字，说明图片的内容，也是正文的一部分。</p></div></body></html>`,
  );
  return { root, page, outDir: path.join(root, 'out') };
}

describe('xinwen import: an article the build would refuse for its size', () => {
  it('is refused at import with the build’s limit, and nothing is written', () => {
    const { root, page, outDir } = siteWithPage(MAX_ARTICLE_BYTES + 512 * 1024);
    const [report] = importPages({ root, inputs: [page], outDir }).pages;
    assert.equal(report?.status, 'failed');
    assert.equal(report.error?.code, 'import/article-too-large');
    assert.equal(report.error?.file, report.page);
    assert.ok(report.page.endsWith('big.html'), report.page);
    assert.match(report.error!.message, /^the article made from the page would be 5.5 MB; an article may be at most 5 MB, so the build would refuse it: not written$/);
    assert.match(report.error!.hint ?? '', /data: URLs/);
    assert.ok(!existsSync(outDir) || readdirSync(outDir).length === 0);
  });

  it('a page just under the limit is imported', () => {
    const { root, page, outDir } = siteWithPage(MAX_ARTICLE_BYTES - 4096);
    const [report] = importPages({ root, inputs: [page], outDir }).pages;
    assert.equal(report?.status, 'imported', report?.error?.message);
    assert.equal(readdirSync(outDir).length, 1);
  });
});
