/**
 * `npm run bench [-- --articles N --runs R]`: builds a synthetic corpus of N
 * articles (default 10,000) R times (default 3) from cold, through the real
 * CLI, and reports medians. Because this machine is shared and noisy, it also
 * measures a baseline in the same run (a bare read + gray-matter + markdown-it
 * + write loop on one thread) and reports xinwen's time as a ratio to it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus } from './support/corpus.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    where: { type: 'string', default: 'both' },
  },
});
const articles = Number(values.articles);
const runs = Number(values.runs);
const root = path.resolve('.cache', 'bench');
const corpus = path.join(root, `corpus-${articles}`);
const statsFile = path.join(root, 'stats.json');
/**
 * Output folders to measure: on this project's disk, and on tmpfs (/dev/shm).
 * Writing ten thousand small files is disk-bound and this machine's disk
 * slows down as it is written to; tmpfs shows the CPU-bound figure.
 */
const targets = [
  ...(values.where !== 'tmpfs' ? [{ label: 'disk', out: path.join(root, `out-${articles}`) }] : []),
  ...(values.where !== 'disk' && existsSync('/dev/shm') ? [{ label: 'tmpfs', out: `/dev/shm/xinwen-bench-${articles}` }] : []),
];

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
function clean(out: string): void {
  rmSync(out, { recursive: true, force: true });
  const parent = path.dirname(out);
  for (const name of readdirSync(parent)) {
    if (name.startsWith(`.${path.basename(out)}.xinwen-`)) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

interface Stats {
  totalMs: number;
  maxRssMb: number;
  pages: number;
  stages: { name: string; ms: number }[];
}

spawnSync(process.execPath, ['bin/compile.js'], { stdio: 'inherit' });

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`xinwen bench: ${articles} articles, ${runs} cold runs per target, medians`);
for (const { label, out } of targets) {
  const baseline: number[] = [];
  const wall: number[] = [];
  const stats: Stats[] = [];
  for (let run = 0; run < runs; run++) {
    // Alternate baseline and xinwen so both see the same machine conditions.
    clean(out);
    baseline.push(timed(process.execPath, ['--import', 'tsx', 'test/support/bench-baseline.ts', corpus, out]));
    clean(out);
    wall.push(timed(process.execPath, ['bin/xinwen.js', 'build', '--root', corpus, '--out', out, '--stats', statsFile]));
    stats.push(JSON.parse(readFileSync(statsFile, 'utf8')) as Stats);
    console.log(`  [${label}] run ${run + 1}/${runs}: baseline ${seconds(baseline.at(-1)!)}, xinwen ${seconds(wall.at(-1)!)}`);
  }
  clean(out);
  const stageNames = stats[0]!.stages.map((stage) => stage.name);
  console.log(`\n  output on ${label} (${out})`);
  console.log(`    baseline (read+gray-matter+markdown-it+write, 1 thread): ${seconds(median(baseline))}`);
  console.log(`    xinwen build, whole process:     ${seconds(median(wall))}  (${(median(wall) / median(baseline)).toFixed(2)}× baseline)`);
  console.log(`    xinwen build, inside the process: ${seconds(median(stats.map((s) => s.totalMs)))}`);
  console.log(`    pages written: ${stats[0]!.pages}, peak RSS: ${median(stats.map((s) => s.maxRssMb)).toFixed(0)} MB`);
  console.log(`    stages: ${stageNames.map((name) => `${name} ${median(stats.map((s) => s.stages.find((stage) => stage.name === name)?.ms ?? 0)).toFixed(0)} ms`).join(', ')}\n`);
}
