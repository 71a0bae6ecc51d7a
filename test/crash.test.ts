import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_SETTINGS, writeCorpus } from './support/corpus.ts';
import { PROJECT, tempDir, treeHash, xinwen } from './support/site.ts';

/**
 * Crash safety: a build killed (SIGKILL: no cleanup runs) at a random moment
 * never leaves a half-written site. The site alternates between two
 * versions, so after every kill the output must be, byte for byte, one of
 * the two complete builds; the next build cleans what the killed one left.
 * XINWEN_CRASH_RUNS sets the number of kills (default 3).
 */
const RUNS = Number(process.env.XINWEN_CRASH_RUNS ?? 3);

/** A deterministic sequence of kill moments, so a failure can be reproduced. */
function moments(count: number, span: number): number[] {
  let state = 20221117;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return Math.round(((state >>> 8) / 0x1000000) * span);
  });
}

function killedBuild(args: string[], afterMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT, 'bin', 'xinwen.js'), ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Leftovers of builds beside the output folder: temporary and replaced folders. */
function leftovers(out: string): string[] {
  // The spare (the output before, kept for the next build to start from) is no leftover.
  return readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.${path.basename(out)}.xinwen-`) && name !== `.${path.basename(out)}.xinwen-spare`);
}

describe('a build killed at any moment leaves the previous output intact', () => {
  it(`after ${RUNS} SIGKILLs, the output is always one complete build, and leftovers are cleaned`, { timeout: 600_000 }, async () => {
    const root = path.join(tempDir(), 'site');
    writeCorpus(root, { articles: 150 });
    const settings = path.join(root, 'content', 'site.yaml');
    const versions = [CORPUS_SETTINGS, CORPUS_SETTINGS.replace('基准测试新闻中心', '基准测试新闻中心（第二版）')];
    const out = path.join(tempDir(), 'out');
    const args = ['build', '--root', root, '--out', out, '--no-cache', '--force', '--jobs', '2'];

    // The two complete outputs, and how long a build takes.
    const complete: string[] = [];
    let buildMs = 0;
    for (const version of versions) {
      writeFileSync(settings, version);
      const begin = performance.now();
      const result = xinwen(args);
      buildMs = Math.max(buildMs, performance.now() - begin);
      assert.equal(result.status, 0, result.stderr);
      complete.push(treeHash(out));
    }
    assert.notEqual(complete[0], complete[1]);

    let finished = 0;
    for (const [run, delay] of moments(RUNS, buildMs * 1.1).entries()) {
      writeFileSync(settings, versions[run % 2]!);
      const code = await killedBuild(args, delay);
      if (code === 0) finished++;
      if (existsSync(out)) {
        assert.ok(complete.includes(treeHash(out)), `run ${run}: killed after ${delay} ms, the output is not one complete build`);
      } else {
        // Killed between the two renames of the swap: the previous output waits beside it, whole, and the next build puts it back.
        const replaced = leftovers(out).filter((name) => name.includes('.xinwen-old-'));
        assert.equal(replaced.length, 1, `run ${run}: no output and no replaced output`);
        assert.ok(complete.includes(treeHash(path.join(path.dirname(out), replaced[0]!))));
      }
    }
    // Most kills should land mid-build, or the test proves little.
    assert.ok(finished < RUNS / 2, `${finished} of ${RUNS} builds finished before the kill`);

    writeFileSync(settings, versions[0]!);
    const result = xinwen(args);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(treeHash(out), complete[0]);
    // The background removal of the replaced output may still be running: give it a moment.
    for (let wait = 0; wait < 50 && leftovers(out).length > 0; wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(leftovers(out), [], 'the next build cleans what killed builds left');
  });
});
