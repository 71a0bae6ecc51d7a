import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import { generatorId } from '../src/core/generator-id.ts';
import { ArticleCache, type CachedArticle } from '../src/pipeline/article-cache.ts';
import { build } from '../src/pipeline/build.ts';
import { articleSearchData } from '../src/search/tokens.ts';
import { writeCorpus } from './support/corpus.ts';
import { listFiles, PROJECT, tempDir, treeHash } from './support/site.ts';

/**
 * Anything read back from disk is untrusted: a damaged cache is a miss,
 * never a different site, and the cache is keyed on everything that shapes
 * the output, xinwen's dependencies included.
 */
function entry(slug: string, title: string): CachedArticle {
  return {
    meta: {
      file: `content/news/${slug}.md`,
      slug,
      title,
      time: Date.UTC(2022, 4, 17),
      yearMonth: { year: 2022, month: 5 },
      author: '网站编辑',
      views: 3,
      tags: ['党建'],
      summary: '摘要',
      draft: false,
      pinned: false,
      featured: false,
      textLength: 10,
      links: [],
    },
    warnings: [],
    html: `<p>${title}的正文</p>`,
    from: 'cn',
    texts: [{ title, summary: '摘要', author: '网站编辑', tags: ['党建'] }],
    listKey: `key-${slug}`,
    bodies: [`<p>${title}的正文</p>`],
    search: articleSearchData(title, `${title}的正文`),
  };
}

describe('the article cache is checked, not trusted', () => {
  it('with any one byte of the file changed, it loads each entry exactly as saved or not at all', () => {
    const file = path.join(tempDir(), 'articles-1-0.bin');
    const saved = new Map<string, CachedArticle>(Array.from({ length: 12 }, (_, i) => [`key${i}`, entry(`a0003${i}`, `第${i}篇文章`)]));
    new ArticleCache(file, 'site-key').save(saved);
    const original = readFileSync(file);
    const expected = new Map([...saved].map(([key, value]) => [key, JSON.stringify(value)]));
    let wholeLoads = 0;
    for (let at = 0; at < original.length; at++) {
      for (const mask of [0x01, 0x40]) {
        const damaged = Buffer.from(original);
        damaged[at]! ^= mask;
        writeFileSync(file, damaged);
        const loaded = new ArticleCache(file, 'site-key').load();
        for (const [key, value] of loaded) {
          assert.equal(JSON.stringify(value), expected.get(key), `byte ${at} ^ ${mask}: entry ${key} changed`);
        }
        if (loaded.size === saved.size) wholeLoads++;
      }
    }
    assert.equal(wholeLoads, 0, 'no damaged file loads whole');
    writeFileSync(file, original);
    assert.equal(new ArticleCache(file, 'site-key').load().size, saved.size);
    assert.equal(new ArticleCache(file, 'another-key').load().size, 0, 'a file made for other settings or another xinwen is a miss');
    writeFileSync(file, original.subarray(0, original.length - 7));
    assert.equal(new ArticleCache(file, 'site-key').load().size, 0, 'a file cut short loses its last frame');
  });

  it('a build over a damaged cache equals a cold build; builds.json holding null or junk is no record', async () => {
    const root = path.join(tempDir(), 'site');
    writeCorpus(root, { articles: 40 });
    const cacheDir = path.join(root, '.cache', 'xinwen');
    const out = path.join(tempDir(), 'out');
    const options = { root, outDir: out, jobs: 1, durable: false } as const;
    await build(options);
    const cold = treeHash(out);
    const cacheFile = path.join(cacheDir, readdirSync(cacheDir).find((name) => name.startsWith('articles-'))!);
    const original = readFileSync(cacheFile);
    for (const at of [0, 30, 60, Math.floor(original.length / 3), Math.floor(original.length / 2), original.length - 40]) {
      const damaged = Buffer.from(original);
      damaged[at]! ^= 0x10;
      writeFileSync(cacheFile, damaged);
      // Without the up-to-date record and the output's state, the build reads the article cache.
      for (const name of readdirSync(cacheDir)) if (name === 'builds.json' || name.startsWith('output-')) rmSync(path.join(cacheDir, name));
      const result = await build(options);
      assert.equal(result.parsed, 40, `byte ${at}: every article of the damaged frame is parsed again`);
      assert.equal(treeHash(out), cold, `byte ${at}: the same site`);
    }
    for (const junk of ['null', '[]', '{"version":2,"records":{"x":null}}', '{"version":2,"checksum":"0","records":{}}', '{', '']) {
      writeFileSync(path.join(cacheDir, 'builds.json'), junk);
      const result = await build(options);
      assert.equal(result.upToDate, false, junk);
      assert.equal(treeHash(out), cold, junk);
    }
    assert.equal((await build(options)).upToDate, true, 'a sound record still saves the work');
  });

  it("a build over a damaged output state or article store equals a cold build: any byte changed makes the state no state", async () => {
    const root = path.join(tempDir(), 'site');
    writeCorpus(root, { articles: 12 });
    const cacheDir = path.join(root, '.cache', 'xinwen');
    const out = path.join(tempDir(), 'out');
    const options = { root, outDir: out, jobs: 1, durable: false } as const;
    await build(options);
    // The state, and the store of articles beside it.
    const [store, state] = readdirSync(cacheDir)
      .filter((name) => name.startsWith('output-'))
      .sort()
      .map((name) => path.join(cacheDir, name));
    assert.ok(store!.endsWith('.articles') && state!.endsWith('.bin'));
    const article = path.join(root, 'content', listFiles(path.join(root, 'content')).find((file) => file.endsWith('.md'))!);
    for (const [stateFile, at] of [state!, store!].flatMap((file) => [0, 25, 60, 100, 0.5, -1].map((at) => [file, at] as const))) {
      // An edit, so the build cannot stop at "up to date", then one flipped byte in what the last build left.
      writeFileSync(article, `${readFileSync(article, 'utf8')}\n第${at}次修改。\n`);
      await build(options);
      const saved = readFileSync(stateFile);
      const damaged = Buffer.from(saved);
      damaged[at === -1 ? saved.length - 1 : at < 1 ? Math.floor(saved.length * at) : Math.min(at, saved.length - 1)]! ^= 0x01;
      writeFileSync(stateFile, damaged);
      writeFileSync(article, `${readFileSync(article, 'utf8')}再改。\n`);
      const result = await build(options);
      assert.equal(result.rendered, result.pages, `${path.extname(stateFile)} byte ${at}: a damaged state is no state, so every page is written`);
      const cold = path.join(tempDir(), 'cold');
      await build({ ...options, outDir: cold, cacheDir: false });
      assert.equal(treeHash(out), treeHash(cold), `${path.extname(stateFile)} byte ${at}: the same site as a cold build`);
    }
  });

  it("damage in the store's search tokens, read only when the build needs them, is found then: the build starts again without the store", async () => {
    const root = path.join(tempDir(), 'site');
    writeCorpus(root, { articles: 12 });
    const settings = path.join(root, 'content', 'site.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/^search: .*$/m, 'search: true'));
    const cacheDir = path.join(root, '.cache', 'xinwen');
    const out = path.join(tempDir(), 'out');
    const options = { root, outDir: out, jobs: 1, durable: false } as const;
    await build(options);
    const storeFile = () => path.join(cacheDir, readdirSync(cacheDir).find((name) => name.endsWith('.articles'))!);
    const article = listFiles(path.join(root, 'content')).find((file) => file.endsWith('.md'))!;
    // The store's layout (kept-articles.ts): three header lines, a checksum, four lengths, the rest (v8), the pairs (aligned to 4), the pages, the metas.
    const bytes = readFileSync(storeFile());
    let lengthsAt = 0;
    for (let lines = 0; lines < 3; lengthsAt++) if (bytes[lengthsAt] === 0x0a) lines++;
    lengthsAt += 4;
    const restEnd = lengthsAt + 16 + bytes.readUInt32LE(lengthsAt);
    const rest = v8.deserialize(bytes.subarray(lengthsAt + 16, restEnd)) as { files: string[]; search: { present: Uint8Array; ends: Uint32Array } };
    // The pairs of the article about to be edited: the index patch reads them to take its old terms out.
    const index = rest.files.indexOf(`content/${article}`);
    const doc = rest.search.present.subarray(0, index).reduce((sum, flag) => sum + flag, 0);
    const firstPair = doc === 0 ? 0 : rest.search.ends[2 * doc - 1]!;
    const gramsAt = restEnd + ((4 - (restEnd % 4)) % 4);
    bytes[gramsAt + firstPair * 4 + 1]! ^= 0x01;
    writeFileSync(storeFile(), bytes);
    writeFileSync(path.join(root, 'content', article), `${readFileSync(path.join(root, 'content', article), 'utf8')}\n补充的一段正文。\n`);
    const result = await build(options);
    assert.equal(result.rendered, result.pages, 'built again from nothing');
    assert.notDeepEqual(readFileSync(storeFile()), bytes, 'a new store');
    const cold = path.join(tempDir(), 'cold');
    await build({ ...options, outDir: cold, cacheDir: false });
    assert.equal(treeHash(out), treeHash(cold));
    // The new store is sound: the next edit renders only that article's page, in each script.
    writeFileSync(path.join(root, 'content', article), `${readFileSync(path.join(root, 'content', article), 'utf8')}再改。\n`);
    assert.equal((await build(options)).rendered, 2);
  });

  it('an undamaged state is read back, with search off or on: a body edit renders only that article, in each script', async () => {
    for (const search of [false, true]) {
      const root = path.join(tempDir(), 'site');
      writeCorpus(root, { articles: 12 });
      const settings = path.join(root, 'content', 'site.yaml');
      writeFileSync(settings, readFileSync(settings, 'utf8').replace(/^search: .*$/m, `search: ${search}`));
      const options = { root, outDir: path.join(tempDir(), 'out'), jobs: 1, durable: false } as const;
      await build(options);
      const article = path.join(root, 'content', listFiles(path.join(root, 'content')).find((file) => file.endsWith('.md'))!);
      writeFileSync(article, `${readFileSync(article, 'utf8')}\n补充的一段正文。\n`);
      const edited = await build(options);
      // Search off, the store's checksum was once wrong (an empty part reset it): every later build started from nothing.
      assert.equal(edited.rendered, 2, `search ${search}: ${edited.rendered} pages rendered for one body edit`);
    }
  });

  it('--force reads no cache: every article is parsed again', async () => {
    const root = path.join(tempDir(), 'site');
    writeCorpus(root, { articles: 5 });
    const options = { root, outDir: path.join(tempDir(), 'out'), jobs: 1, durable: false } as const;
    assert.equal((await build(options)).parsed, 5);
    assert.equal((await build({ ...options, force: true })).parsed, 5);
  });
});

describe('the cache key covers what shapes the output', () => {
  /** A copy of xinwen's package folder with a stand-in opencc-js, to change its version or dictionary. */
  function fakePackage(): { root: string; dictionary: string; manifest: string } {
    const root = path.join(tempDir(), 'xinwen');
    mkdirSync(root);
    cpSync(path.join(PROJECT, 'src'), path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ version: '1.0.0', dependencies: { 'opencc-js': '^1.0.0', 'markdown-it': '^15.0.0' } }));
    const opencc = path.join(root, 'node_modules', 'opencc-js');
    mkdirSync(path.join(opencc, 'dist', 'esm-lib', 'dict'), { recursive: true });
    writeFileSync(path.join(opencc, 'package.json'), JSON.stringify({ name: 'opencc-js', version: '1.4.2' }));
    writeFileSync(path.join(opencc, 'dist', 'esm-lib', 'dict', 'STPhrases.js'), 'export default "发布 發佈";');
    mkdirSync(path.join(root, 'node_modules', 'markdown-it'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules', 'markdown-it', 'package.json'), JSON.stringify({ name: 'markdown-it', version: '15.0.3' }));
    return { root, dictionary: path.join(opencc, 'dist', 'esm-lib', 'dict', 'STPhrases.js'), manifest: path.join(opencc, 'package.json') };
  }

  it('changes with an edited OpenCC dictionary, a dependency version, and xinwen code', () => {
    const ids = new Set<string>();
    const fresh = () => {
      // A copy per look: the id is remembered per package folder.
      const copy = path.join(tempDir(), 'copy');
      cpSync(pkg.root, copy, { recursive: true });
      return generatorId(copy);
    };
    const pkg = fakePackage();
    ids.add(fresh());
    assert.equal(fresh(), [...ids][0], 'the same files give the same key');
    writeFileSync(pkg.dictionary, 'export default "发布 發布";');
    ids.add(fresh());
    writeFileSync(pkg.manifest, JSON.stringify({ name: 'opencc-js', version: '1.4.3' }));
    ids.add(fresh());
    writeFileSync(path.join(pkg.root, 'node_modules', 'markdown-it', 'package.json'), JSON.stringify({ name: 'markdown-it', version: '15.1.0' }));
    ids.add(fresh());
    writeFileSync(path.join(pkg.root, 'src', 'core', 'timer.ts'), `${readFileSync(path.join(pkg.root, 'src', 'core', 'timer.ts'), 'utf8')}\n// edited\n`);
    ids.add(fresh());
    assert.equal(ids.size, 5);
  });

  it('is kept with its files’ sizes and times, and hashed again when one of them changes', () => {
    const pkg = fakePackage();
    const first = path.join(tempDir(), 'first');
    cpSync(pkg.root, first, { recursive: true });
    const id = generatorId(first);
    const keptFile = (root: string) => path.join(root, '.cache', 'generator-id.json');
    assert.equal((JSON.parse(readFileSync(keptFile(first), 'utf8')) as { id: string }).id, id);
    // A copy with the same sizes and times takes the kept id as it is (here one written by hand, to tell it apart).
    const copy = (edit: (root: string) => void) => {
      const root = path.join(tempDir(), 'copy');
      cpSync(first, root, { recursive: true, preserveTimestamps: true });
      const kept = JSON.parse(readFileSync(keptFile(root), 'utf8')) as { stamp: string };
      writeFileSync(keptFile(root), JSON.stringify({ stamp: kept.stamp, id: 'f'.repeat(32) }));
      edit(root);
      return generatorId(root);
    };
    assert.equal(copy(() => {}), 'f'.repeat(32));
    const edited = copy((root) => writeFileSync(path.join(root, 'src', 'core', 'timer.ts'), `${readFileSync(path.join(root, 'src', 'core', 'timer.ts'), 'utf8')}\n// edited\n`));
    assert.notEqual(edited, 'f'.repeat(32));
    assert.notEqual(edited, id);
    const fresh = path.join(tempDir(), 'fresh');
    cpSync(pkg.root, fresh, { recursive: true });
    writeFileSync(path.join(fresh, 'src', 'core', 'timer.ts'), `${readFileSync(path.join(fresh, 'src', 'core', 'timer.ts'), 'utf8')}\n// edited\n`);
    assert.equal(generatorId(fresh), edited, 'the id of the files, whatever was kept');
  });
});
