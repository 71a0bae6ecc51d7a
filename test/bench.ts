/**
 * `npm run bench [-- --articles N --runs R]`: builds a synthetic corpus of N
 * articles (default 10,000) R times (default 3) from cold, through the real
 * CLI, and reports medians. Because this machine is shared and noisy, it also
 * measures a baseline in the same run (a bare read + gray-matter + markdown-it
 * + write loop on one thread) and reports xinwen's time as a ratio to it.
 */
// It reads the commands' English output (`serving http://…`), whatever the machine's locale.
import './support/english.ts';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as OpenCC from 'opencc-js';
import { createTextConverter } from '../src/convert/text-converter.ts';
import { type Genre, type Measure, perTenThousand, qualityMeasures } from './support/conversion-quality.ts';
import { CORPUS_SETTINGS, corpusArticles, writeCorpus } from './support/corpus.ts';
import { prepareImages } from '../src/images/process-images.ts';
import { renditionWidths } from '../src/images/image-record.ts';
import { listImageFiles } from '../src/load/image-files.ts';
import { siteFolders } from '../src/core/site-folders.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    where: { type: 'string', default: 'both' },
    only: { type: 'string' },
    compare: { type: 'boolean', default: false },
    'photo-width': { type: 'string', default: '1600' },
    // --only photos: keep the images cache the corpus has (10,000 photos take half an hour cold), and time only the rebuilds.
    warm: { type: 'boolean', default: false },
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

/** The corpus of `count` articles, generated the first time. */
function corpusOf(count: number): string {
  const dir = path.join(root, `corpus-${count}`);
  if (!existsSync(path.join(dir, 'content', 'site.yaml'))) {
    console.log(`generating ${count} articles in ${path.relative(process.cwd(), dir)} …`);
    writeCorpus(dir, { articles: count });
  }
  // Settings are rewritten every time, so a corpus made by an older bench measures the same site.
  writeFileSync(path.join(dir, 'content', 'site.yaml'), CORPUS_SETTINGS);
  return dir;
}
if (values.only !== 'quality') corpusOf(articles);

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
  parsed: number;
  maxRssMb: number;
  pages: number;
  stages: { name: string; ms: number }[];
}

spawnSync(process.execPath, ['bin/compile.js'], { stdio: 'inherit' });

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cacheDir = path.join(corpus, '.cache');
const build = (out: string, extra: string[] = [], site = corpus) => {
  const ms = timed(process.execPath, ['bin/xinwen.js', 'build', '--quiet', '--root', site, '--out', out, '--stats', statsFile, ...extra]);
  return { ms, stats: JSON.parse(readFileSync(statsFile, 'utf8')) as Stats };
};
const stageLine = (stats: Stats[]) =>
  stats[0]!.stages
    .map((stage) => `${stage.name} ${median(stats.map((s) => s.stages.find((other) => other.name === stage.name)?.ms ?? 0)).toFixed(0)} ms`)
    .join(', ');

console.log(`xinwen bench: ${articles} articles, ${runs} runs of each measurement, medians`);
// --only users, dev, conversion, quality or scale skip the build measurements.
for (const { label, out } of values.only ? [] : targets) {
  const baseline: number[] = [];
  const cold: number[] = [];
  const coldStats: Stats[] = [];
  // The same cold build without flushing the output to the disk before the swap: what durability costs.
  const unsynced: number[] = [];
  const unsyncedStats: Stats[] = [];
  for (let run = 0; run < runs; run++) {
    // Alternate baseline and xinwen so both see the same machine conditions.
    clean(out);
    baseline.push(timed(process.execPath, ['--import', 'tsx', 'test/support/bench-baseline.ts', corpus, out]));
    clean(out);
    rmSync(cacheDir, { recursive: true, force: true });
    const result = build(out);
    cold.push(result.ms);
    coldStats.push(result.stats);
    clean(out);
    rmSync(cacheDir, { recursive: true, force: true });
    const quick = build(out, ['--no-sync']);
    unsynced.push(quick.ms);
    unsyncedStats.push(quick.stats);
    console.log(`  [${label}] cold run ${run + 1}/${runs}: baseline ${seconds(baseline.at(-1)!)}, xinwen ${seconds(cold.at(-1)!)}, with --no-sync ${seconds(quick.ms)}`);
  }

  // Warm: the output and the cache are there from the last cold run.
  const unchanged: number[] = [];
  const edited: number[] = [];
  const editedStats: Stats[] = [];
  const forced: number[] = [];
  const sample = path.join(corpus, 'content', 'news', readdirSync(path.join(corpus, 'content', 'news')).sort()[0]!);
  const victims = readdirSync(sample).sort().slice(0, runs).map((name) => path.join(sample, name));
  const originals = new Map(victims.map((victim) => [victim, readFileSync(victim, 'utf8')]));
  for (let run = 0; run < runs; run++) {
    unchanged.push(build(out).ms);
    const victim = victims[run]!;
    writeFileSync(victim, `${originals.get(victim)}\n本段为基准测试追加的修改。\n`);
    const result = build(out);
    edited.push(result.ms);
    editedStats.push(result.stats);
    forced.push(build(out, ['--force']).ms);
  }
  // Put the edited articles back, so the next bench starts from the same corpus.
  for (const [victim, text] of originals) writeFileSync(victim, text);
  clean(out);

  console.log(`\n  output on ${label} (${out}), ${coldStats[0]!.pages} pages in all scripts`);
  console.log(`    baseline (read+gray-matter+markdown-it+write, 1 thread, one script): ${seconds(median(baseline))}`);
  console.log(`    cold build (no cache):        ${seconds(median(cold))}  (${(median(cold) / median(baseline)).toFixed(2)}× baseline), peak RSS ${median(coldStats.map((s) => s.maxRssMb)).toFixed(0)} MB`);
  console.log(`      stages: ${stageLine(coldStats)}`);
  const commitOf = (stats: Stats[]) => median(stats.map((each) => each.stages.find((stage) => stage.name === 'commit')?.ms ?? 0));
  console.log(
    `    cold build --no-sync:         ${seconds(median(unsynced))}  (flushing the output to the disk before the swap: commit ${commitOf(coldStats).toFixed(0)} ms against ${commitOf(unsyncedStats).toFixed(0)} ms, the whole build ${(median(cold) / median(unsynced)).toFixed(2)}× as long)`,
  );
  console.log(`    rebuild, nothing changed:     ${seconds(median(unchanged))}`);
  console.log(`    rebuild, one article edited:  ${seconds(median(edited))}  (parsed and converted: ${editedStats[0]!.parsed} article), peak RSS ${median(editedStats.map((s) => s.maxRssMb)).toFixed(0)} MB`);
  console.log(`      stages: ${stageLine(editedStats)}`);
  console.log(`    rebuild --force (no cache read): ${seconds(median(forced))}`);

  // Search on: one cold build, to show what the search index adds.
  writeFileSync(path.join(corpus, 'content', 'site.yaml'), CORPUS_SETTINGS.replace('search: false', 'search: true'));
  clean(out);
  rmSync(cacheDir, { recursive: true, force: true });
  const withSearch = build(out);
  writeFileSync(path.join(corpus, 'content', 'site.yaml'), CORPUS_SETTINGS);
  const searchMs = withSearch.stats.stages.find((stage) => stage.name === 'search')?.ms ?? 0;
  console.log(`    cold build with search on (1 run): ${seconds(withSearch.ms)}, of which the search index ${seconds(searchMs)}\n`);
  clean(out);
}
if (!values.only || values.only === 'cores') cores();
if (!values.only || values.only === 'users') usersRun();
if (values.only === 'scale') scale();
// Photos: a cold build processes every photo once, which takes minutes; run it on its own.
if (values.only === 'photos') await photos();
if (!values.only || values.only === 'search') await searchDownload();
if (!values.only || values.only === 'dev') await devLatency();
if (!values.only || values.only === 'conversion') conversionThroughput();
if (!values.only || values.only === 'quality') conversionQuality();

/**
 * `--only cores`: what a second core adds on this machine for the kind of
 * work a build does (many small objects, some kept a while): the same work
 * on one thread, then on two threads at once, --runs times each in turn.
 * The floor runs on one thread; a build of 2,000 articles or more on every
 * core, so its ×floor can fall by this much at most from parallel work.
 */
function cores(): void {
  const one: number[] = [];
  const two: number[] = [];
  const run = (mode: string) => JSON.parse(spawnSync(process.execPath, ['test/support/bench-cores.mjs', mode], { encoding: 'utf8' }).stdout) as number[];
  for (let i = 0; i < runs; i++) {
    one.push(run('one')[0]!);
    two.push(Math.max(...run('two')));
  }
  const scaling = (2 * median(one)) / median(two);
  console.log(`cores: the same small-object work on one thread ${seconds(median(one))}, on two threads at once ${seconds(median(two))} each: two cores do ×${scaling.toFixed(2)} the work of one\n`);
}

/**
 * `--only search`: what a reader downloads for a first query, in each script
 * tree, on a cold build of the corpus with search on: queries cut from
 * titles and bodies of articles across the site, typed in simplified, in
 * traditional and in a mix of both, and the commonest words of the corpus
 * (whose lists are longest). Counted: the search page's two scripts and every
 * search file the query fetches (search-core.js run in Node over the output folder).
 */
async function searchDownload(): Promise<void> {
  const { searchSite } = await import('./support/search-node.ts');
  const out = existsSync('/dev/shm') ? '/dev/shm/xinwen-bench-search' : path.join(root, 'out-search');
  const site = corpusOf(articles);
  writeFileSync(path.join(site, 'content', 'site.yaml'), CORPUS_SETTINGS.replace('search: false', 'search: true'));
  clean(out);
  build(out, ['--no-cache'], site);
  writeFileSync(path.join(site, 'content', 'site.yaml'), CORPUS_SETTINGS);
  const scripts = ['search.js', 'search-core.js'].reduce((sum, file) => sum + readFileSync(path.join(out, 'assets', file)).length, 0);
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const files = readdirSync(path.join(site, 'content', 'news'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).sort();
  const queries: string[] = ['工作', '随州市', '取得明显成效'];
  for (const file of files.filter((_, i) => i % Math.max(1, Math.floor(files.length / 8)) === 0)) {
    const [, front, body] = readFileSync(path.join(site, 'content', 'news', file), 'utf8').split('---\n');
    const title = /title: "?([^"\n]+)/.exec(front!)![1]!;
    queries.push(title.slice(0, 4), body!.slice(20, 26));
  }
  const forms = queries.flatMap((query) => {
    const traditional = toTraditional(query);
    const mixed = [...query].map((char, i) => (i % 2 ? [...traditional][i]! : char)).join('');
    return [query, traditional, mixed];
  });
  const searchBytes = listFiles(out)
    .filter((file) => file.startsWith('search/terms/'))
    .reduce((sum, file) => sum + readFileSync(path.join(out, file)).length, 0);
  console.log(`first query, what a reader downloads (${articles} articles, ${forms.length} queries in each tree; scripts ${(scripts / 1024).toFixed(1)} KB; term files ${(searchBytes / 1e6).toFixed(1)} MB in all):`);
  for (const tree of ['', 'zh-hant/']) {
    const bytes: number[] = [];
    let worst = '';
    for (const query of forms) {
      const result = await searchSite(out, tree, query);
      bytes.push(result.bytes + scripts);
      if (result.bytes + scripts >= Math.max(...bytes)) worst = `${query} (${result.total} found)`;
    }
    console.log(`  ${(tree || 'simplified ').padEnd(11)} median ${(median(bytes) / 1024).toFixed(0)} KB, largest ${(Math.max(...bytes) / 1024).toFixed(0)} KB: ${worst}`);
  }
  clean(out);
  console.log('');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/**
 * `--only scale`: cold builds (both scripts, no cache, output on tmpfs) of
 * 1,000, 10,000 and --articles articles, to show how time and memory grow:
 * a step with no quadratic part takes about ten times as long for ten
 * times the articles.
 */
function scale(): void {
  const sizes = [...new Set([1000, 10_000, articles])].filter((size) => size <= articles).sort((a, b) => a - b);
  const out = existsSync('/dev/shm') ? '/dev/shm/xinwen-bench-scale' : path.join(root, 'out-scale');
  const rows: { size: number; ms: number; rss: number; pages: number; stats: Stats }[] = [];
  for (const size of sizes) {
    const site = corpusOf(size);
    const times: number[] = [];
    const all: Stats[] = [];
    for (let run = 0; run < runs; run++) {
      clean(out);
      const result = build(out, ['--no-cache'], site);
      times.push(result.ms);
      all.push(result.stats);
      console.log(`  ${size} articles, run ${run + 1}/${runs}: ${seconds(result.ms)}, peak RSS ${result.stats.maxRssMb.toFixed(0)} MB`);
    }
    rows.push({ size, ms: median(times), rss: median(all.map((s) => s.maxRssMb)), pages: all[0]!.pages, stats: all[0]! });
    clean(out);
  }
  console.log('\n  growth (cold build, both scripts, search off, output on tmpfs):');
  for (const [i, row] of rows.entries()) {
    const previous = rows[i - 1];
    const growth = previous ? `  ×${(row.ms / previous.ms).toFixed(1)} time for ×${(row.size / previous.size).toFixed(0)} articles` : '';
    console.log(
      `    ${String(row.size).padStart(6)} articles, ${String(row.pages).padStart(7)} pages: ${seconds(row.ms).padStart(9)}, ${(row.ms / row.size).toFixed(2)} ms per article, peak RSS ${row.rss.toFixed(0)} MB${growth}`,
    );
    console.log(`      stages: ${row.stats.stages.map((stage) => `${stage.name} ${stage.ms.toFixed(0)} ms`).join(', ')}`);
  }
  console.log('');
}

/**
 * `xinwen dev` on the corpus, run as users run it (the compiled CLI, its
 * default debounce): the time from writing a file to the reload event
 * reaching a page's event stream.
 */
async function devLatency(): Promise<void> {
  const begin = performance.now();
  const dev = spawn(process.execPath, ['bin/xinwen.js', 'dev', '--root', corpus, '--port', '18080'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await within(300_000, 'xinwen dev to start serving', new Promise<string>((resolve, reject) => {
    let output = '';
    dev.stdout.setEncoding('utf8');
    dev.stdout.on('data', (chunk: string) => {
      output += chunk;
      const serving = /serving (http:\/\/\S+)/.exec(output);
      if (serving) resolve(serving[1]!);
      // BENCH_DEBUG=1 shows the dev server's own lines (each rebuild's time).
      if (process.env.BENCH_DEBUG) process.stderr.write(chunk);
    });
    dev.on('exit', (code) => reject(new Error(`xinwen dev exited (${code}):\n${output}`)));
  }));
  const initial = performance.now() - begin;
  const reloads = reloadEvents(url);
  // Let the machine settle after the first build before timing edits.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // A year's folder: the second where there are several (10,000 articles), the only one at 1,000.
  const years = readdirSync(path.join(corpus, 'content', 'news')).sort();
  const sample = path.join(corpus, 'content', 'news', years[Math.min(1, years.length - 1)]!);
  const victims = readdirSync(sample).sort().slice(0, runs).map((name) => path.join(sample, name));
  const originals = new Map(victims.map((victim) => [victim, readFileSync(victim, 'utf8')]));
  const edits: number[] = [];
  const adds: number[] = [];
  const timeReload = async (change: () => void) => {
    // An editor's saves are seconds apart: let the last one's background work (feeds, sitemap) finish first.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reloaded = reloads.next();
    const start = performance.now();
    change();
    await within(30_000, 'a reload event', reloaded);
    return performance.now() - start;
  };
  try {
    for (const [run, victim] of victims.entries()) {
      edits.push(await timeReload(() => writeFileSync(victim, `${originals.get(victim)}\n本段为开发服务器基准追加的第 ${run + 1} 次修改。\n`)));
      const added = path.join(sample, `bench-added-${run}.md`);
      adds.push(
        await timeReload(() =>
          writeFileSync(added, `---\ntitle: "基准新增文章 ${run}"\ndate: "2016-06-0${run + 1} 08:00:00"\ntags: [新增]\n---\n新增文章的正文。\n`),
        ),
      );
    }
  } finally {
    for (const [victim, text] of originals) writeFileSync(victim, text);
    for (let run = 0; run < runs; run++) rmSync(path.join(sample, `bench-added-${run}.md`), { force: true });
    reloads.close();
    dev.kill('SIGINT');
    await within(30_000, 'xinwen dev to stop', new Promise((resolve) => dev.once('exit', resolve))).catch((error: Error) => {
      dev.kill('SIGKILL');
      console.error(error.message);
    });
  }
  console.log(`  xinwen dev on ${articles} articles (compiled CLI, default 30 ms debounce included): first build and serve ${seconds(initial)}`);
  console.log(`    save an article's body → reload event: median ${median(edits).toFixed(0)} ms (${edits.map((ms) => ms.toFixed(0)).join(', ')})`);
  console.log(`    add an article → reload event:         median ${median(adds).toFixed(0)} ms (${adds.map((ms) => ms.toFixed(0)).join(', ')})\n`);
}

/** `promise`, or an error naming what did not happen in time: the bench never hangs. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench: waited ${ms / 1000} s for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A page's view of the dev server: its event stream, as promises of the next reload (a problem rejects). */
function reloadEvents(url: string): { next(): Promise<void>; close(): void } {
  let waiting: { resolve(): void; reject(error: Error): void } | undefined;
  const request = http.get(new URL('/__xinwen/events', url), (response) => {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      if (!waiting) return;
      const settle = waiting;
      if (chunk.includes('event: reload')) settle.resolve();
      else if (chunk.includes('event: problem')) settle.reject(new Error(`bench: xinwen dev reported a problem instead of reloading:\n${chunk}`));
      else return;
      waiting = undefined;
    });
  });
  return {
    next: () => new Promise<void>((resolve, reject) => (waiting = { resolve, reject })),
    close: () => request.destroy(),
  };
}

/** Conversion alone, simplified → Taiwan traditional: xinwen's converter against opencc-js's, same text, same run. */
function conversionThroughput(): void {
  const texts = Array.from(corpusArticles({ articles: Math.min(articles, 3000) }), (article) => article.text.split('\n---\n')[1]!);
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  const rates: Record<string, number[]> = { 'opencc-js': [], xinwen: [] };
  const builds: Record<string, number[]> = { 'opencc-js': [], xinwen: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, make] of [
      ['opencc-js', () => OpenCC.Converter({ from: 'cn', to: 'tw' })],
      ['xinwen', () => createTextConverter('cn', 'tw').plain],
    ] as const) {
      let begin = performance.now();
      const convert = make();
      builds[name]!.push(performance.now() - begin);
      begin = performance.now();
      for (const text of texts) convert(text);
      rates[name]!.push(megabytes / ((performance.now() - begin) / 1000));
    }
  }
  const ours = median(rates.xinwen!);
  const theirs = median(rates['opencc-js']!);
  console.log(`  conversion cn → tw over ${megabytes.toFixed(1)} MB of fresh article text (each converter new each run):`);
  console.log(`    opencc-js ${theirs.toFixed(1)} MB/s (converter built in ${median(builds['opencc-js']!).toFixed(0)} ms)`);
  console.log(`    xinwen    ${ours.toFixed(1)} MB/s (converter built in ${median(builds.xinwen!).toFixed(0)} ms), ${(ours / theirs).toFixed(2)}× opencc-js`);
}

/**
 * `--only quality`: conversion errors per 10,000 hanzi on human-written text
 * (test/corpus/conversion/, see its SOURCES.md), opencc-js and xinwen side by
 * side in the same run: the whole written corpus, the half xinwen's phrase
 * data was never fitted to, each kind of text, and Cantonese speech apart.
 */
function conversionQuality(): void {
  const table = (title: string, measures: Measure[]) => {
    console.log(`  ${title}`);
    for (const measure of measures) {
      const theirs = perTenThousand(measure.errors['opencc-js']!, measure.hanzi);
      const ours = perTenThousand(measure.errors.xinwen!, measure.hanzi);
      const ratio = measure.errors['opencc-js']! === 0 ? '-' : (measure.errors.xinwen! / measure.errors['opencc-js']!).toFixed(2);
      console.log(
        `    ${measure.name.padEnd(22)} ${String(measure.hanzi).padStart(7)} hanzi   opencc-js ${theirs.toFixed(1).padStart(6)} (${measure.errors['opencc-js']})   xinwen ${ours.toFixed(1).padStart(6)} (${measure.errors.xinwen})   xinwen/opencc-js ${ratio}`,
      );
    }
  };
  console.log('conversion quality: errors per 10,000 hanzi (errors in brackets)');
  table('written text, all (prose, UI strings, CLDR):', qualityMeasures());
  table('the held-out half (xinwen\'s phrase data was written looking only at the other half):', qualityMeasures({ half: 'held-out' }));
  for (const genre of ['prose', 'UI strings', 'CLDR', 'Cantonese speech'] as Genre[]) table(`${genre}:`, qualityMeasures({ genres: [genre] }));
  // The ten most frequent errors xinwen still makes, so the next fix is in sight.
  for (const measure of qualityMeasures().filter((each) => each.name.includes('round trip') && each.name.startsWith('cn'))) {
    const top = [...measure.examples.xinwen!].sort((a, b) => b[1] - a[1]).slice(0, 10);
    console.log(`  most frequent xinwen errors, ${measure.name} (expected → written): ${top.map(([context, count]) => `${context} ×${count}`).join('; ')}`);
  }
}

/** A peak RSS in MB and a time, for a command run to the end (GNU time's %M). */
function timedWithMemory(command: string, args: string[], cwd?: string): { ms: number; rssMb: number } {
  const begin = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - begin;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  const kilobytes = Number(result.stderr.trim().split('\n').at(-1));
  return { ms, rssMb: kilobytes / 1024 };
}

/**
 * What users run, for 1,000 and --articles articles, output on tmpfs, medians
 * of --runs, each against the floor measured in the same run (a bare read +
 * gray-matter + markdown-it + write loop on one thread): a cold build with
 * the default settings (search on), the same with search off, a rebuild with
 * nothing changed and one after editing one article (search on), and the
 * peak memory of each. With --compare and Hugo installed (Debian's `hugo`),
 * Hugo builds the same articles with minimal list, article and tag
 * templates, against xinwen with one script and search off.
 */
function usersRun(): void {
  /** One script (simplified only): what Hugo is compared with. */
  const ONE_SCRIPT = 'variants:\n  - opencc: cn\n    path: /\n';
  const out = existsSync('/dev/shm') ? '/dev/shm/xinwen-bench-users' : path.join(root, 'out-users');
  const hugo = values.compare && spawnSync('hugo', ['version'], { encoding: 'utf8' }).status === 0;
  console.log('what users run (output on tmpfs; medians; ×floor = time / the one-thread floor of the same run):');
  for (const size of [...new Set([1000, articles])].sort((a, b) => a - b)) {
    const site = corpusOf(size);
    const siteFile = path.join(site, 'content', 'site.yaml');
    const cache = path.join(site, '.cache');
    const rows = new Map<string, { ms: number[]; rss: number[] }>();
    const record = (name: string, ms: number, rssMb: number) => {
      const row = rows.get(name) ?? { ms: [], rss: [] };
      row.ms.push(ms);
      row.rss.push(rssMb);
      rows.set(name, row);
    };
    const xinwen = (name: string, settings: string, extra: string[] = [], fresh = true) => {
      writeFileSync(siteFile, settings);
      if (fresh) {
        clean(out);
        rmSync(cache, { recursive: true, force: true });
      }
      const result = build(out, extra, site);
      record(name, result.ms, result.stats.maxRssMb);
    };
    const sample = path.join(site, 'content', 'news', readdirSync(path.join(site, 'content', 'news')).sort()[0]!);
    const victim = path.join(sample, readdirSync(sample).sort()[0]!);
    const original = readFileSync(victim, 'utf8');
    for (let run = 0; run < runs; run++) {
      clean(out);
      record('floor (one thread, one script, no lists)', ...Object.values(timedWithMemory(process.execPath, ['--import', 'tsx', 'test/support/bench-baseline.ts', site, out])) as [number, number]);
      const searchOn = CORPUS_SETTINGS.replace('search: false', 'search: true');
      xinwen('cold, default (two scripts, search on)', searchOn);
      xinwen('rebuild, nothing changed', searchOn, [], false);
      writeFileSync(victim, `${original}\n本段为基准测试追加的修改（${run}）。\n`);
      xinwen('rebuild, one article edited', searchOn, [], false);
      writeFileSync(victim, original);
      xinwen('cold, search off', CORPUS_SETTINGS);
      if (hugo) {
        xinwen('cold, one script, search off', CORPUS_SETTINGS + ONE_SCRIPT);
        const hugoSite = hugoSiteOf(site, size);
        rmSync(out, { recursive: true, force: true });
        const result = timedWithMemory('hugo', ['--quiet', '--destination', out], hugoSite);
        record('Hugo, one script (minimal templates)', result.ms, result.rssMb);
      }
    }
    writeFileSync(siteFile, CORPUS_SETTINGS);
    clean(out);
    const floor = median(rows.get('floor (one thread, one script, no lists)')!.ms);
    console.log(`  ${size} articles:`);
    for (const [name, row] of rows) {
      console.log(`    ${name.padEnd(42)} ${seconds(median(row.ms)).padStart(9)}  ×floor ${(median(row.ms) / floor).toFixed(2).padStart(5)}  peak RSS ${median(row.rss).toFixed(0).padStart(4)} MB`);
    }
    const ratio = (a: string, b: string) => (rows.has(a) && rows.has(b) ? (median(rows.get(a)!.ms) / median(rows.get(b)!.ms)).toFixed(2) : '–');
    console.log(`    search on / search off: ×${ratio('cold, default (two scripts, search on)', 'cold, search off')}`);
    if (hugo) console.log(`    one script / Hugo:      ×${ratio('cold, one script, search off', 'Hugo, one script (minimal templates)')}`);
  }
  if (values.compare && !hugo) console.log('  (--compare: no `hugo` on PATH; on Debian: apt-get install hugo)');
  console.log('');
}

/** A Hugo site over the corpus's articles: minimal templates for the pages xinwen writes (lists paged by 15, articles, tags). */
function hugoSiteOf(site: string, size: number): string {
  const dir = path.join(root, `hugo-${size}`);
  const layouts = path.join(dir, 'layouts', '_default');
  mkdirSync(layouts, { recursive: true });
  writeFileSync(
    path.join(dir, 'hugo.toml'),
    [
      'baseURL = "https://bench.example.com/"',
      'languageCode = "zh-cn"',
      'title = "基准测试新闻中心"',
      `contentDir = ${JSON.stringify(path.join(site, 'content', 'news'))}`,
      'paginate = 15',
      '[taxonomies]',
      '  tag = "tags"',
      '',
    ].join('\n'),
  );
  const page = (body: string) =>
    `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head><body><header><a href="/">{{ site.Title }}</a></header>${body}<footer>{{ site.Title }}</footer></body></html>\n`;
  const list = '<main><h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ul>{{ template "_internal/pagination.html" . }}</main>';
  writeFileSync(path.join(layouts, 'list.html'), page(list));
  writeFileSync(path.join(dir, 'layouts', 'index.html'), page(list));
  writeFileSync(
    path.join(layouts, 'single.html'),
    page(
      '<main><article><h1>{{ .Title }}</h1><p>{{ .Params.author }} {{ .Date.Format "2006-01-02" }}</p>{{ .Content }}<p>{{ range .Params.tags }}<a href="{{ (site.GetPage (printf "/tags/%s" (. | urlize))).RelPermalink }}">{{ . }}</a> {{ end }}</p>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</article></main>',
    ),
  );
  return dir;
}

/**
 * `--only photos [--photo-width 1600]`: the corpus with a photo in each article (1600×1200 JPEGs
 * made with sharp: flat colours and a block, each different, so each has its
 * own hash), built cold (every photo processed) once, then rebuilt warm:
 * nothing changed, one article's body edited, one photo replaced. Also the
 * real photos of test/corpus/photos processed by xinwen's own code, cold.
 */
async function photos(): Promise<void> {
  const sharp = (await import('sharp')).default;
  const width = Number(values['photo-width']);
  const height = Math.round((width * 3) / 4);
  const site = path.join(root, `photos-${articles}-${width}`);
  const ready = path.join(site, 'photos-ready');
  if (!existsSync(ready)) {
    console.log(`generating ${articles} articles with a photo each in ${path.relative(process.cwd(), site)} …`);
    rmSync(site, { recursive: true, force: true });
    mkdirSync(path.join(site, 'content'), { recursive: true });
    writeFileSync(path.join(site, 'content', 'site.yaml'), CORPUS_SETTINGS);
    const files: string[] = [];
    let i = 0;
    for (const article of corpusArticles({ articles })) {
      const target = path.join(site, 'content', article.file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, `${article.text.trimEnd()}\n\n![现场照片 ${i}](/photos/p-${i}.jpg "图为第${i}张现场照片。")\n`);
      files.push(target);
      i++;
    }
    mkdirSync(path.join(site, 'public', 'photos'), { recursive: true });
    const begin = performance.now();
    await eachOf(articles, 2, (n) => photo(sharp, n, width, height).toFile(path.join(site, 'public', 'photos', `p-${n}.jpg`)).then(() => undefined));
    console.log(`  ${articles} photos made in ${seconds(performance.now() - begin)}`);
    writeFileSync(ready, '');
  }
  writeFileSync(path.join(site, 'content', 'site.yaml'), CORPUS_SETTINGS);
  const out = existsSync('/dev/shm') ? `/dev/shm/xinwen-bench-photos-${articles}` : path.join(root, `out-photos-${articles}`);
  const imagesStage = (stats: Stats) => stats.stages.find((stage) => stage.name === 'images')?.ms ?? 0;

  // Cold: no output, no cache, no renditions (--warm: the renditions are kept, the output is made once).
  clean(out);
  console.log(`\nphotos: ${articles} articles with a ${width}×${height} photo each (generated), output ${out}`);
  if (values.warm) {
    const first = build(out, [], site);
    console.log(`  --warm: the images cache kept; first build ${seconds(first.ms)}, of which photos ${seconds(imagesStage(first.stats))}`);
  } else {
    rmSync(path.join(site, '.cache'), { recursive: true, force: true });
    const cold = build(out, [], site);
    console.log(`  cold build (every photo processed: widths ${renditionWidths(width).join('/')} px, WebP + JPEG): ${seconds(cold.ms)}, of which photos ${seconds(imagesStage(cold.stats))} (${(imagesStage(cold.stats) / articles).toFixed(0)} ms a photo, two at once)`);
    console.log(`    stages: ${stageLine([cold.stats])}`);
  }

  const unchanged: number[] = [];
  const edited: number[] = [];
  const editedStats: Stats[] = [];
  const photoEdited: number[] = [];
  const photoStats: Stats[] = [];
  const article = path.join(site, 'content', [...corpusArticles({ articles: 1 })][0]!.file);
  const original = readFileSync(article, 'utf8');
  const photoFile = path.join(site, 'public', 'photos', 'p-0.jpg');
  for (let run = 0; run < runs; run++) {
    unchanged.push(build(out, [], site).ms);
    writeFileSync(article, `${original}\n第${run}次修改补充的一段正文。\n`);
    const edit = build(out, [], site);
    edited.push(edit.ms);
    editedStats.push(edit.stats);
    await photo(sharp, articles + run, width, height).toFile(`${photoFile}.new`);
    rmSync(photoFile);
    spawnSync('mv', [`${photoFile}.new`, photoFile]);
    const replaced = build(out, [], site);
    photoEdited.push(replaced.ms);
    photoStats.push(replaced.stats);
  }
  writeFileSync(article, original);
  const verdict = (ms: number) => (ms <= 2000 ? 'within 2 s' : 'OVER 2 s');
  console.log(`  rebuild, nothing changed:    ${seconds(median(unchanged))} (${unchanged.map((ms) => seconds(ms)).join(', ')}) ${verdict(median(unchanged))}`);
  console.log(`  rebuild, one article edited: ${seconds(median(edited))} (${edited.map((ms) => seconds(ms)).join(', ')}) ${verdict(median(edited))}`);
  console.log(`    stages: ${stageLine(editedStats)}`);
  console.log(`  rebuild, one photo replaced: ${seconds(median(photoEdited))} (${photoEdited.map((ms) => seconds(ms)).join(', ')}) ${verdict(median(photoEdited))}`);
  console.log(`    stages: ${stageLine(photoStats)}`);

  // Real camera photos, cold, through xinwen's own processing (one at a time, as the numbers are per photo).
  const corpusSite = path.join(root, 'photos-real');
  rmSync(corpusSite, { recursive: true, force: true });
  mkdirSync(path.join(corpusSite, 'public'), { recursive: true });
  mkdirSync(path.join(corpusSite, 'content'), { recursive: true });
  for (const name of ['HMD_Nokia_8.3_5G.jpg', 'Sumo_Museum.jpg', 'T-45A_Goshawk_03.jpg', 'h96919k.jpg']) {
    writeFileSync(path.join(corpusSite, 'public', name), readFileSync(path.join('test', 'corpus', 'photos', name)));
  }
  const real = listImageFiles(siteFolders(corpusSite));
  for (const image of real) {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const dir = path.join(corpusSite, `.cache-${run}`);
      rmSync(dir, { recursive: true, force: true });
      const begin = performance.now();
      await prepareImages([image], dir);
      times.push(performance.now() - begin);
    }
    console.log(`  real photo ${path.basename(image.file)} (${(image.bytes / 1e6).toFixed(1)} MB), cold: ${median(times).toFixed(0)} ms`);
  }
  console.log('');
}

/** A generated photo: a flat colour with a block of another, different for each `n`. */
function photo(sharp: typeof import('sharp'), n: number, width: number, height: number) {
  const colour = (k: number) => ({ r: (n * 37 + k * 71) % 256, g: (n * 91 + k * 13) % 256, b: (n * 53 + k * 29) % 256 });
  const block = { width: Math.round(width / 5), height: Math.round(height / 5) };
  return sharp({ create: { width, height, channels: 3, background: colour(0) } })
    .composite([{ input: { create: { ...block, channels: 3, background: colour(1) } }, left: (n * 13) % (width - block.width), top: (n * 7) % (height - block.height) }])
    .jpeg({ quality: 85 });
}

/** Run `work(0…count-1)`, at most `limit` at once. */
async function eachOf(count: number, limit: number, work: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < count) await work(next++);
  }));
}
