/**
 * `npm run bench [-- --articles N --runs R]`: builds a synthetic corpus of N
 * articles (default 10,000) R times (default 3) from cold, through the real
 * CLI, and reports medians. Because this machine is shared and noisy, it also
 * measures a baseline in the same run (a bare read + gray-matter + markdown-it
 * + write loop on one thread) and reports xinwen's time as a ratio to it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus } from './support/corpus.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
  },
});
const articles = Number(values.articles);
const runs = Number(values.runs);
const root = path.resolve('.cache', 'bench');
const corpus = path.join(root, `corpus-${articles}`);
const out = path.join(root, `out-${articles}`);
const statsFile = path.join(root, 'stats.json');

if (!existsSync(path.join(corpus, 'content', 'site.yaml'))) {
  console.log(`generating ${articles} articles in ${path.relative(process.cwd(), corpus)} …`);
  writeCorpus(corpus, { articles });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function timed(command: string, args: string[]): number {
  const begin = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const ms = performance.now() - begin;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}`);
  return ms;
}

/** Every run starts from nothing: no output folder, no leftovers being deleted. */
function clean(): void {
  rmSync(out, { recursive: true, force: true });
  for (const name of existsSync(root) ? readFileSyncDir(root) : []) {
    if (name.includes('.xinwen-')) rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function readFileSyncDir(dir: string): string[] {
  return spawnSync('ls', ['-a', dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

spawnSync(process.execPath, ['bin/compile.js'], { stdio: 'inherit' });

const baseline: number[] = [];
const wall: number[] = [];
const stats: { totalMs: number; maxRssMb: number; pages: number; stages: { name: string; ms: number }[] }[] = [];
for (let run = 0; run < runs; run++) {
  // Alternate baseline and xinwen so both see the same machine conditions.
  clean();
  baseline.push(timed(process.execPath, ['--import', 'tsx', 'test/support/bench-baseline.ts', corpus, out]));
  clean();
  wall.push(timed(process.execPath, ['bin/xinwen.js', 'build', '--root', corpus, '--out', out, '--stats', statsFile]));
  stats.push(JSON.parse(readFileSync(statsFile, 'utf8')));
  process.stdout.write(`run ${run + 1}/${runs}: baseline ${(baseline.at(-1)! / 1000).toFixed(2)} s, xinwen ${(wall.at(-1)! / 1000).toFixed(2)} s\n`);
}
clean();

const stageNames = stats[0]!.stages.map((stage) => stage.name);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`\nxinwen bench: ${articles} articles, ${runs} cold runs (medians)`);
console.log(`  baseline (read+gray-matter+markdown-it+write, 1 thread): ${seconds(median(baseline))}`);
console.log(`  xinwen build, whole process:                           ${seconds(median(wall))}  (${(median(wall) / median(baseline)).toFixed(2)}× baseline)`);
console.log(`  xinwen build, inside the process:                      ${seconds(median(stats.map((s) => s.totalMs)))}`);
console.log(`  pages written: ${stats[0]!.pages}`);
console.log(`  peak RSS: ${median(stats.map((s) => s.maxRssMb)).toFixed(0)} MB`);
console.log('  stages:');
for (const name of stageNames) {
  const ms = median(stats.map((s) => s.stages.find((stage) => stage.name === name)?.ms ?? 0));
  console.log(`    ${name.padEnd(10)} ${ms.toFixed(0).padStart(6)} ms`);
}
