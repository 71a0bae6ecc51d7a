import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildSite, listFiles, readPage, tempDir, xinwen } from './support/site.ts';

describe('xinwen init', () => {
  it('starts a site that builds without a warning', () => {
    const root = path.join(tempDir(), 'my-site');
    const made = xinwen(['init', root]);
    assert.equal(made.status, 0, made.stderr);
    const files = listFiles(root);
    assert.deepEqual(files.filter((file) => !file.startsWith('content/news/')), ['.gitignore', 'content/site.yaml']);
    assert.equal(files.filter((file) => /^content\/news\/\d{4}-\d{2}-\d{2}-huan-ying\.md$/.test(file)).length, 1);
    for (const file of files) assert.match(made.stdout, new RegExp(`^  ${file.replace(/\./g, '\\.')}$`, 'm'));
    // Two lines of next steps: what to change, and how to preview and build.
    assert.match(made.stdout, /^Next: set the name, address and contact in .*content\/site\.yaml,\nthen run npm run dev -- --root .* to preview while writing, npm run build -- --root .* to build\.\n$/m);
    assert.match(readFileSync(path.join(root, '.gitignore'), 'utf8'), /^\.cache\/$/m);
    assert.match(readFileSync(path.join(root, '.gitignore'), 'utf8'), /^dist\/$/m);
    // The settings a newcomer changes first are there, with comments.
    const settings = readFileSync(path.join(root, 'content/site.yaml'), 'utf8');
    for (const key of ['name:', 'base_url:', 'contact:', '# filings:', 'script:', 'variants:', '# permalink:']) assert.ok(settings.includes(key), key);
    assert.ok(settings.split('\n').filter((line) => line.startsWith('#')).length >= 8);

    const { out, result } = buildSite(root);
    assert.equal(result.stderr.split('\n').filter((line) => /warning/.test(line)).join('\n'), '');
    assert.match(result.stdout, /^built 1 articles, /);
    assert.match(readPage(out, 'index.html'), /我的新闻中心/);
    assert.ok(existsSync(path.join(out, 'zh-hant/news/huan-ying/index.html')));
    // check finds nothing to fix either.
    assert.match(xinwen(['check', '--root', root]).stdout, /0 errors, 0 warnings, 0 conversion guesses/);
  });

  it('writes the settings’ comments in the language of the messages', () => {
    const root = path.join(tempDir(), 'zh-site');
    assert.equal(xinwen(['init', root, '--lang', 'zh']).status, 0);
    assert.match(readFileSync(path.join(root, 'content/site.yaml'), 'utf8'), /^# 网站名称/m);
  });

  it('refuses a folder that is not empty, and writes nothing into it', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'old'));
    writeFileSync(path.join(root, 'notes.txt'), 'mine');
    const refused = xinwen(['init', root]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /is not empty \(it has 2 entries\); xinwen will not write into it \[init\/not-empty\]/);
    assert.deepEqual(listFiles(root), ['notes.txt']);
  });

  it('is what a build of a folder without a site points to', () => {
    const empty = tempDir();
    assert.match(xinwen(['build', '--root', empty]).stderr, /has no content\/ folder \[site\/no-content\]\nhint: .*To start a new site, run npm run init -- FOLDER\./);
    mkdirSync(path.join(empty, 'content'));
    assert.match(xinwen(['build', '--root', empty]).stderr, /content\/site\.yaml does not exist \[settings\/missing-file\]\nhint: .*or run npm run init -- NEW-FOLDER/);
  });
});
