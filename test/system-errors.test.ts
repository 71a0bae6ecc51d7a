import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs, { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { asXinwenErrors, type XinwenError } from '../src/core/errors.ts';
import { build } from '../src/pipeline/build.ts';
import { writeCorpus } from './support/corpus.ts';
import { copyFixture, FIXTURES, PROJECT, tempDir, treeHash, xinwen } from './support/site.ts';

/**
 * Ordinary faults of a machine (a full disk, a folder without permission, a
 * …) are named errors with the path and a hint, exit
 * code 1, and the previous output as it was: never "a bug in xinwen".
 */
const isRoot = process.getuid?.() === 0;

/** What a failed build must leave: one clear error, the old output, no temporary or lock folder. */
function assertCleanFailure(stderr: string, out: string, before: string, code: RegExp): void {
  assert.match(stderr, code, stderr);
  assert.doesNotMatch(stderr, /internal error|bug in xinwen/, stderr);
  assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.equal(treeHash(out), before, 'the previous output is untouched');
  assert.deepEqual(readdirSync(path.dirname(out)).filter((name) => name.includes('.xinwen-tmp-') || name.includes('.xinwen-lock')), [], 'nothing left beside it');
}

describe('a full disk', () => {
  const mounted: string[] = [];
  after(() => {
    for (const dir of mounted) spawnSync('umount', [dir]);
  });

  /** A small file system of its own (tmpfs), or undefined where this user may not mount one. */
  function smallDisk(kilobytes: number): string | undefined {
    if (!isRoot) return undefined;
    const dir = tempDir('xinwen-disk-');
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', dir]).status !== 0) return undefined;
    mounted.push(dir);
    return dir;
  }

  it('on a real disk that fills up: a named error with the path, the previous output whole', (t) => {
    const disk = smallDisk(7 * 1024);
    if (!disk) {
      t.skip('needs root and a tmpfs mount to make a small disk; the simulated case below runs everywhere');
      return;
    }
    const out = path.join(disk, 'dist');
    const small = xinwen(['build', '--root', path.join(FIXTURES, 'basic'), '--out', out, '--no-cache']);
    assert.equal(small.status, 0, small.stderr);
    const before = treeHash(out);
    const big = path.join(tempDir(), 'site');
    writeCorpus(big, { articles: 150 });
    const result = xinwen(['build', '--root', big, '--out', out, '--no-cache']);
    assert.equal(result.status, 1);
    assertCleanFailure(result.stderr, out, before, /error: cannot \w+ .*: the disk is full \(ENOSPC\) \[io\/enospc\]\nhint: Free some space/);
  });

  it('at any write of the build (simulated): a named error with the path, the previous output whole', async () => {
    const root = copyFixture('basic');
    const out = path.join(tempDir(), 'dist');
    const options = { root, outDir: out, cacheDir: false, jobs: 1, durable: false } as const;
    await build(options);
    const before = treeHash(out);
    let writes = 0;
    const count = failingWrites(() => (writes++, false));
    try {
      await build({ ...options, force: true });
    } finally {
      count();
    }
    // Fail the Nth write or copy of a file: pages, feeds, static files, the search index (the last ones).
    for (const failAt of [1, 2, 30, Math.floor(writes / 2), writes - 5, writes]) {
      let calls = 0;
      const restore = failingWrites(() => ++calls === failAt);
      let errors: XinwenError[] = [];
      try {
        await build({ ...options, force: true });
      } catch (thrown) {
        errors = asXinwenErrors(thrown);
      } finally {
        restore();
      }
      assert.ok(calls >= failAt, `only ${calls} writes`);
      assert.equal(errors.length, 1, `write ${failAt}: ${errors.map((error) => error.message).join('; ')}`);
      assert.equal(errors[0]!.code, 'io/enospc', `write ${failAt}: ${errors[0]!.message}`);
      assert.match(errors[0]!.message, new RegExp(`cannot \\w+ (\\S+ to )?${path.dirname(out).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*: the disk is full`));
      assertCleanFailure(`error: ${errors[0]!.message} [${errors[0]!.code}]`, out, before, /io\/enospc/);
    }
  });
});

/** Make fs.writeFileSync and fs.copyFileSync fail with ENOSPC when `fail` says so; returns the undo. */
function failingWrites(fail: () => boolean): () => void {
  const { writeFileSync: write, copyFileSync: copy } = fs;
  const enospc = (file: unknown) => Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', syscall: 'write', errno: -28, path: undefined as unknown, file });
  fs.writeFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof file === 'string' && fail()) throw enospc(file);
    return (write as (...args: unknown[]) => void)(file, ...rest);
  }) as typeof fs.writeFileSync;
  fs.copyFileSync = ((source: fs.PathLike, target: fs.PathLike, ...rest: unknown[]) => {
    if (fail()) throw Object.assign(enospc(target), { syscall: 'copyfile', path: String(source), dest: String(target) });
    return (copy as (...args: unknown[]) => void)(source, target, ...rest);
  }) as typeof fs.copyFileSync;
  syncBuiltinESMExports();
  return () => {
    fs.writeFileSync = write;
    fs.copyFileSync = copy;
    syncBuiltinESMExports();
  };
}

describe('permission denied', () => {
  it('an output folder the user may not write: a named error, nothing left behind', () => {
    const parent = tempDir();
    const site = path.join(parent, 'site');
    cpSync(path.join(FIXTURES, 'basic'), site, { recursive: true });
    const locked = path.join(parent, 'locked');
    mkdirSync(locked);
    let result;
    if (isRoot) {
      // Root may write anywhere: build as the user nobody instead, into a folder only root may write.
      chmodSync(parent, 0o755);
      chmodSync(locked, 0o755);
      const run = spawnSync(process.execPath, [path.join(PROJECT, 'bin', 'xinwen.js'), 'build', '--root', site, '--out', path.join(locked, 'dist'), '--no-cache'], {
        encoding: 'utf8',
        uid: 65534,
        gid: 65534,
        cwd: parent,
      });
      result = { status: run.status, stderr: run.stderr };
    } else {
      chmodSync(locked, 0o555);
      result = xinwen(['build', '--root', site, '--out', path.join(locked, 'dist'), '--no-cache']);
    }
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /\(EACCES\) \[(output\/lock|io\/eacces)\]\nhint: Give your user (write )?permission/);
    assert.doesNotMatch(result.stderr, /internal error|bug in xinwen/);
    assert.deepEqual(readdirSync(locked), []);
  });
});

describe('a page nested 100,000 levels deep', () => {
  it('import names the page and says why, and imports the others', () => {
    const root = copyFixture('basic');
    const pages = path.join(tempDir(), 'pages');
    mkdirSync(pages);
    writeFileSync(path.join(pages, 'deep.html'), `<html><body>${'<div>'.repeat(100_000)}<p>正文内容。</p>${'</div>'.repeat(100_000)}</body></html>`);
    cpSync(path.join(FIXTURES, 'import-text'), path.join(pages, 'text'), { recursive: true });
    const result = xinwen(['import', pages, '--root', root, '--dry-run']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error in .*deep\.html: the page nests its elements more than 1000 levels deep, too deep to read \[import\/too-deep\]/);
    assert.doesNotMatch(result.stderr, /internal error/);
    assert.match(result.stdout, /would import/);
    assert.ok(!existsSync(path.join(root, 'content', 'news', 'deep.md')));
  });
});
