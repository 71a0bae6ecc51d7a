import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CORPUS_SETTINGS, writeCorpus } from './support/corpus.ts';
import { PROJECT, tempDir, treeHash, xinwen } from './support/site.ts';

/**
 * Two builds into one output folder, as happens when an editor runs a build
 * while a scheduled one is running: one waits for the other, and the folder
 * always holds one complete build. XINWEN_RACE_RUNS sets the number of races
 * (default 4: one of each kind; CI time stays under 8 minutes).
 */
const RUNS = Number(process.env.XINWEN_RACE_RUNS ?? 4);

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; stderr: string }>;
}

function startBuild(args: string[]): Run {
  const child = spawn(process.execPath, [path.join(PROJECT, 'bin', 'xinwen.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))) };
}

/** A deterministic sequence of numbers in [0, 1), so a failing race can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) / 0x1000000;
  };
}

/** What builds leave beside the output folder: temporary, replaced and lock folders. */
function leftovers(out: string): string[] {
  // The spare (the output before, kept for the next build to start from) is no leftover.
  return readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.${path.basename(out)}.xinwen-`) && name !== `.${path.basename(out)}.xinwen-spare`);
}

/** Resolves once a build has started writing its pages (its temporary folder exists), or has ended. */
async function writing(out: string, run: Run): Promise<void> {
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.xinwen-tmp-${run.child.pid}`);
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended && !existsSync(temp)) await sleep(2);
}

async function settled(out: string): Promise<string[]> {
  // The replaced output is removed in the background: give it a moment.
  for (let wait = 0; wait < 50 && leftovers(out).length > 0; wait++) await sleep(100);
  return leftovers(out);
}

describe('two builds into one output folder', () => {
  it(`${RUNS} races at random offsets, some with a build stopped (SIGSTOP) or killed: the output is always one complete build`, { timeout: 600_000 }, async () => {
    // Two sites that differ, built into the same folder.
    const sites = [0, 1].map((i) => {
      const root = path.join(tempDir(), `site-${i}`);
      writeCorpus(root, { articles: 40 });
      writeFileSync(path.join(root, 'content', 'site.yaml'), CORPUS_SETTINGS.replace('基准测试新闻中心', `基准测试新闻中心${i}`));
      return root;
    });
    const out = path.join(tempDir(), 'out');
    const args = (i: number, ...extra: string[]) => ['build', '--root', sites[i]!, '--out', out, '--force', '--quiet', ...extra];
    const complete: string[] = [];
    let buildMs = 0;
    for (const i of [0, 1]) {
      const begin = performance.now();
      const result = xinwen(args(i));
      buildMs = Math.max(buildMs, performance.now() - begin);
      assert.equal(result.status, 0, result.stderr);
      complete.push(treeHash(out));
    }
    assert.notEqual(complete[0], complete[1]);

    const next = random(20261201);
    const kinds = { plain: 0, stopped: 0, refused: 0, killed: 0 };
    for (let run = 0; run < RUNS; run++) {
      const first = run % 2;
      const offset = next() * buildMs;
      const a = startBuild(args(first));
      await sleep(offset);
      const kind = (['plain', 'stopped', 'refused', 'killed'] as const)[run % 4]!;
      kinds[kind]++;
      if (kind === 'plain') {
        const b = startBuild(args(1 - first));
        const [ra, rb] = await Promise.all([a.done, b.done]);
        assert.equal(ra.code, 0, `run ${run}: first build: ${ra.stderr}`);
        assert.equal(rb.code, 0, `run ${run}: second build: ${rb.stderr}`);
      } else if (kind === 'stopped') {
        // The first build stops in the middle of writing its pages; the second must wait, not take over.
        await writing(out, a);
        a.child.kill('SIGSTOP');
        const b = startBuild(args(1 - first));
        await sleep(300 + next() * 500);
        assert.ok(existsSync(out), `run ${run}: the output is there while the first build is stopped`);
        a.child.kill('SIGCONT');
        const [ra, rb] = await Promise.all([a.done, b.done]);
        assert.equal(ra.code, 0, `run ${run}: stopped build: ${ra.stderr}`);
        assert.equal(rb.code, 0, `run ${run}: waiting build: ${rb.stderr}`);
      } else if (kind === 'refused') {
        await writing(out, a);
        a.child.kill('SIGSTOP');
        const b = await startBuild(args(1 - first, '--no-wait')).done;
        a.child.kill('SIGCONT');
        const ra = await a.done;
        assert.equal(ra.code, 0, `run ${run}: ${ra.stderr}`);
        // Unless the first build had already finished, the second refuses at once and says why.
        if (b.code !== 0) assert.match(b.stderr, /another build \(pid \d+\) is writing into .* \[output\/locked\]/);
      } else {
        // Killed outright: its lock is stale, and the waiting build takes over and cleans up after it.
        const b = startBuild(args(1 - first));
        await sleep(next() * 200);
        a.child.kill('SIGKILL');
        await a.done;
        const rb = await b.done;
        assert.equal(rb.code, 0, `run ${run}: ${rb.stderr}`);
        assert.equal(treeHash(out), complete[1 - first], `run ${run}: the surviving build's site`);
      }
      assert.ok(existsSync(out), `run ${run}: no output folder`);
      assert.ok(complete.includes(treeHash(out)), `run ${run} (${kind}, offset ${offset.toFixed(0)} ms): the output is not one complete build`);
      assert.deepEqual(await settled(out), [], `run ${run}: leftovers beside the output`);
    }
    assert.ok(Object.values(kinds).every((count) => count > 0 || RUNS < 4));
  });
});
