import './support/english.ts';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { renderArticle, type ImportedArticle } from '../src/import/article-writer.ts';
import { extractHtml } from '../src/import/extract-html.ts';
import { buildSite, readPage, tempDir } from './support/site.ts';

/**
 * 责任编辑 (editor): 16 of the 55 real pages of test/corpus/news-pages print
 * one under the text. The import keeps it (never as the author), and the
 * article page shows it there, in each script.
 */
describe('责任编辑 (editor)', () => {
  it('an article’s editor is shown under the text in each script tree, and a site without one shows none', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'content', 'news'), { recursive: true });
    writeFileSync(path.join(root, 'content', 'site.yaml'), 'name: 测试新闻中心\nbase_url: https://example.com/\n');
    writeFileSync(path.join(root, 'content', 'news', 'a.md'), '---\ntitle: 随州香菇出口\ndate: 2024-05-01\neditor: 张发\n---\n随州香菇出口到海外。\n');
    writeFileSync(path.join(root, 'content', 'news', 'b.md'), '---\ntitle: 没有编辑\ndate: 2024-05-02\n---\n正文。\n');
    const { out, result } = buildSite(root);
    assert.equal(result.status, 0, result.stderr);
    assert.match(readPage(out, 'news/a/index.html'), /<p class="article-editor">（责任编辑：张发）<\/p>/);
    assert.match(readPage(out, 'zh-hant/news/a/index.html'), /<p class="article-editor">（責任編輯：張發）<\/p>/);
    assert.doesNotMatch(readPage(out, 'news/b/index.html'), /article-editor/);
  });

  it('import keeps the editor’s line as `editor`, out of the body and never as the author', () => {
    const html =
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>市政府召开常务会议</title></head><body><h1>市政府召开常务会议</h1>' +
      '<div class="info">作者：李明 来源：随州日报 2024-05-01 09:30</div><div class="content"><p>第一段正文，讲的是一件重要的事情，有逗号和句号。</p>' +
      '<p>第二段正文，继续讲这件事情的经过，也有逗号。</p><p>（责任编辑：魏喆）</p></div></body></html>';
    const page = extractHtml(html);
    assert.equal(page.editor, '魏喆');
    assert.equal(page.author, '李明');
    assert.doesNotMatch(page.body, /责任编辑|魏喆/);
    const article: ImportedArticle = { title: page.title!, date: page.date!, author: page.author, source: page.source, views: page.views, editor: page.editor, tags: [], draft: false, body: page.body };
    assert.match(renderArticle(article), /^editor: "魏喆"$/m);
  });
});
