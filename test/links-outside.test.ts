import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startDevServer } from '../src/serve/dev-server.ts';
import { copyFixture, listFiles, tempDir, treeHash, xinwen } from './support/site.ts';

/**
 * Symbolic links: xinwen publishes and reads nothing from outside the site
 * folder, and writes nowhere a link would lead it that it may not write.
 */

/** A secret beside the site, where links point. */
function secret(): string {
  const file = path.join(tempDir('xinwen-secret-'), 'passwd');
  writeFileSync(file, 'root:x:0:0:secret\n');
  return file;
}

function build(root: string, out: string, extra: string[] = []) {
  return xinwen(['build', '--root', root, '--out', out, '--no-cache', ...extra]);
}

describe('links out of the site folder are refused', () => {
  it('a link in public/ to a file outside: an error naming it, nothing published, the previous output untouched', () => {
    const root = copyFixture('basic');
    const out = path.join(tempDir(), 'out');
    assert.equal(build(root, out).status, 0);
    const before = treeHash(out);
    mkdirSync(path.join(root, 'public'), { recursive: true });
    symlinkSync(secret(), path.join(root, 'public', 'passwd'));
    const result = build(root, out);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error in public\/passwd: this symbolic link leads out of the site folder, to .*passwd; xinwen publishes nothing from outside it \[static\/link-outside\]/);
    assert.doesNotMatch(result.stderr, /internal error/);
    assert.equal(treeHash(out), before);
    assert.ok(!listFiles(out).includes('passwd'));
  });

  it('the dev server neither copies nor serves it', async () => {
    const root = copyFixture('basic');
    mkdirSync(path.join(root, 'public'), { recursive: true });
    symlinkSync(secret(), path.join(root, 'public', 'passwd'));
    const logs: string[] = [];
    const server = await startDevServer({ root, port: 0, log: (line) => logs.push(line) });
    try {
      assert.ok(logs.some((line) => line.includes('[static/link-outside]')), logs.join('\n'));
      const response = await fetch(new URL('passwd', server.url));
      assert.equal(response.status, 404);
      assert.doesNotMatch(await response.text(), /secret/);
      assert.ok(!existsSync(path.join(server.session.outDir, 'passwd')));
    } finally {
      await server.close();
    }
  });

  it('an article or a template that links out is refused too; links inside the site are followed', () => {
    const root = copyFixture('basic');
    const out = path.join(tempDir(), 'out');
    const outside = path.join(tempDir('xinwen-elsewhere-'), 'elsewhere.md');
    writeFileSync(outside, '---\ntitle: 站外文章\ndate: 2022-05-17\n---\n站外的正文。\n');
    symlinkSync(outside, path.join(root, 'content', 'news', 'linked.md'));
    let result = build(root, out);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error in content\/news\/linked\.md: this symbolic link leads out of the site folder, to .*elsewhere\.md; xinwen reads nothing from outside it \[load\/link-outside\]/);

    const inside = copyFixture('basic');
    mkdirSync(path.join(inside, 'templates', 'partials'), { recursive: true });
    const footer = path.join(tempDir('xinwen-elsewhere-'), 'footer.njk');
    writeFileSync(footer, '<footer>{{ site.name }} 站外页脚</footer>\n');
    symlinkSync(footer, path.join(inside, 'templates', 'partials', 'footer.njk'));
    result = build(inside, path.join(tempDir(), 'out'));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /the template partials\/footer\.njk is a symbolic link out of the site folder.*\[template\/link-outside\]/);

    // Links that stay inside the site folder are fine.
    const fine = copyFixture('basic');
    mkdirSync(path.join(fine, 'shared'), { recursive: true });
    writeFileSync(path.join(fine, 'shared', 'logo.txt'), '徽标\n');
    mkdirSync(path.join(fine, 'public'), { recursive: true });
    symlinkSync(path.join(fine, 'shared', 'logo.txt'), path.join(fine, 'public', 'logo.txt'));
    symlinkSync(path.join(fine, 'public', 'nowhere.txt'), path.join(fine, 'public', 'dangling.txt'));
    const fineOut = path.join(tempDir(), 'out');
    result = build(fine, fineOut);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(path.join(fineOut, 'logo.txt'), 'utf8'), '徽标\n');
    assert.match(result.stderr, /warning in public\/dangling\.txt: this symbolic link points at nothing, so it is not published \[static\/dangling-link\]/);
  });
});

describe('an output folder reached through a link', () => {
  it('--out through a link into content/ is refused: real paths are compared', () => {
    const root = copyFixture('basic');
    symlinkSync(path.join(root, 'content'), path.join(root, 'link-content'));
    const before = listFiles(path.join(root, 'content'));
    const result = build(root, path.join(root, 'link-content', 'out'));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /refusing to write the site into .*link-content\/out: it is or overlaps content\/ \[output\/unsafe\]/);
    assert.deepEqual(listFiles(path.join(root, 'content')), before, 'nothing written into content/');
  });

  it('--out that is a link to nothing is a clear error; a link to a folder builds into that folder and stays a link', () => {
    const root = copyFixture('basic');
    const parent = tempDir();
    symlinkSync(path.join(parent, 'missing'), path.join(parent, 'dangling'));
    let result = build(root, path.join(parent, 'dangling'));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /the output folder .*dangling is a symbolic link to something that does not exist \[output\/dangling-link\]/);
    assert.doesNotMatch(result.stderr, /internal error/);

    const target = path.join(parent, 'real-dist');
    mkdirSync(target);
    symlinkSync(target, path.join(parent, 'dist'));
    result = build(root, path.join(parent, 'dist'));
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(path.join(target, 'news', 'index.html')));
    result = build(root, path.join(parent, 'dist'), ['--force']);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(path.join(parent, 'dist', 'news', 'index.html')), 'the link still leads to the output');
  });
});
