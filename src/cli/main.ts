import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { asXinwenErrors, XinwenError } from '../core/errors.ts';
import { formatError, formatWarning } from '../core/format-error.ts';
import { build, type BuildProgress } from '../pipeline/build.ts';

const USAGE = `xinwen: static news-center generator (simplified and traditional Chinese)

Usage:
  xinwen build [--root DIR] [--out DIR] [--drafts] [--force] [--no-wait] [--no-sync] [--jobs N] [--verbose]
  xinwen dev   [--root DIR] [--port N] [--host ADDRESS] [--drafts] [--verbose]
  xinwen check [--root DIR] [--all]
  xinwen new   "标题" [--root DIR] [--category 栏目]
  xinwen import PAGE|FOLDER... [--root DIR] [--out DIR] [--dry-run] [--force]

Options:
  --root DIR   site folder with content/ (default: current folder)
  --out DIR    output folder (default: ROOT/dist; import: ROOT/content/news)
  --drafts     include articles with draft: true
  --force      build everything from the sources, even when the output is up to date (import: replace articles imported before)
  --no-wait    if another build is writing into the output folder, stop at once instead of waiting for it
  --no-sync    do not wait for the new output to reach the disk before it replaces the old one (faster on a
               slow disk; a power cut just after the build may then leave files of the new output empty)
  --dry-run    import: report what would be written, write nothing
  --cache-dir DIR  where parsed and converted articles are kept (default: ROOT/.cache/xinwen)
  --no-cache   neither read nor write the cache
  --jobs N     threads to use (default: one per core from 2,000 articles, one below)
  --verbose    print the time of each build stage and peak memory (dev: of each rebuild's steps)
  --quiet      print nothing but errors
  --stats FILE write build statistics as JSON (used by npm run bench)
  --debug      print stack traces of errors
  --help       show this help
`;

/** Where a command writes: the process's own streams, or (tests) anything that takes text. */
export interface CommandIo {
  out: Pick<NodeJS.WriteStream, 'write'>;
  err: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
}

/** Run one command; returns the process exit code. Never throws. */
export async function main(argv: string[], io: CommandIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  const debug = rest.includes('--debug');
  try {
    switch (command) {
      case 'build':
        return await buildCommand(rest, io);
      case 'dev':
        return await devCommand(rest, io);
      case 'check':
        return await checkCommand(rest, io);
      case 'new':
        return await newCommand(rest, io);
      case 'import':
        return await importCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out.write(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new XinwenError('cli/unknown-command', `unknown command \`${command}\``, {
          hint: 'Run `xinwen --help` for the list of commands.',
        });
    }
  } catch (error) {
    reportErrors(error, debug, io);
    return 1;
  }
}

async function buildCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      root: { type: 'string', default: '.' },
      out: { type: 'string' },
      drafts: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      'no-wait': { type: 'boolean', default: false },
      'no-sync': { type: 'boolean', default: false },
      jobs: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      stats: { type: 'string' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.out.write(USAGE);
    return 0;
  }
  const root = path.resolve(values.root);
  const outDir = path.resolve(values.out ?? path.join(root, 'dist'));
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
    throw new XinwenError('cli/bad-option', `--jobs must be a whole number of threads, got \`${values.jobs}\``, {
      hint: 'Use --jobs 1 or --jobs 2, or leave it out.',
    });
  }
  const cacheDir = values['no-cache'] ? false : values['cache-dir'] && path.resolve(values['cache-dir']);
  const progress = values.quiet ? undefined : progressReporter(io.err);
  let result;
  try {
    result = await build({ root, outDir, drafts: values.drafts, jobs, force: values.force, cacheDir, wait: !values['no-wait'], durable: !values['no-sync'], progress });
  } finally {
    progress?.done();
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  if (values.stats) {
    const stats = { ...result, warnings: result.warnings.length, maxRssMb };
    writeFileSync(path.resolve(values.stats), `${JSON.stringify(stats, null, 2)}\n`);
  }
  if (values.quiet) return 0;
  for (const warning of result.warnings) io.err.write(`${formatWarning(warning)}\n`);
  if (values.verbose) {
    for (const stage of result.stages) io.out.write(`  ${stage.name.padEnd(10)} ${stage.ms.toFixed(0).padStart(6)} ms\n`);
    io.out.write(`  peak RSS   ${maxRssMb.toFixed(0).padStart(6)} MB\n`);
  }
  const seconds = (result.totalMs / 1000).toFixed(2);
  const shown = path.relative(process.cwd(), outDir) || '.';
  io.out.write(
    result.upToDate
      ? `${shown} is up to date: ${result.articles} articles, ${result.pages} pages (checked in ${seconds} s; --force rebuilds)\n`
      : `built ${result.articles} articles, ${result.pages} pages${result.rendered < result.pages ? ` (${result.rendered} rendered)` : ''} in ${seconds} s → ${shown}\n`,
  );
  return 0;
}

/**
 * Progress while building: on a terminal one line that updates in place
 * (stage, pages written); elsewhere (CI logs) a plain line per stage.
 */
function progressReporter(stream: CommandIo['err']): BuildProgress & { done(): void } {
  const live = stream.isTTY === true;
  let stage = '';
  let last = 0;
  const show = (text: string) => stream.write(`\r\x1b[K${text}`);
  return {
    stage(name) {
      stage = name;
      if (live) show(`building: ${name}…`);
      else stream.write(`building: ${name}\n`);
    },
    pages(done, total) {
      const now = performance.now();
      if (!live || now - last < 100) return;
      last = now;
      show(`building: ${stage} ${done}/${total} pages`);
    },
    note(message) {
      stream.write(live ? `\r\x1b[K${message}\n` : `${message}\n`);
    },
    done() {
      if (live) stream.write('\r\x1b[K');
    },
  };
}

async function devCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      root: { type: 'string', default: '.' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      drafts: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new XinwenError('cli/bad-option', `--port must be a port number, got \`${values.port}\``, { hint: 'Use e.g. --port 8080.' });
  }
  // Each command loads what only it needs when it runs: a build starts without the dev server's libraries.
  const { startDevServer } = await import('../serve/dev-server.ts');
  const server = await startDevServer({ root: path.resolve(values.root), port, host: values.host, drafts: values.drafts, verbose: values.verbose, log: (line) => io.out.write(`${line}\n`) });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

async function checkCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { root: { type: 'string', default: '.' }, debug: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } },
  });
  const { checkSite } = await import('../pipeline/check.ts');
  const { formatGuesses } = await import('../convert/conversion-lint.ts');
  const result = checkSite(path.resolve(values.root));
  for (const warning of result.warnings) io.err.write(`${formatWarning(warning)}\n`);
  for (const error of result.errors) io.err.write(`${formatError(error, { debug: values.debug })}\n`);
  const guessed = result.guesses.reduce((sum, guess) => sum + guess.sites.length, 0);
  if (guessed > 0) {
    io.out.write(`转换提示：${guessed} 处一对多的字没有词语可依，按默认字形转换，请确认（按出现次数排列）：\n`);
    io.out.write(`${formatGuesses(result.guesses, values.all ? Infinity : 20)}\n`);
  }
  const summary = `checked ${result.articles} articles: ${result.errors.length} errors, ${result.warnings.length} warnings, ${guessed} conversion guesses`;
  (result.errors.length > 0 ? io.err : io.out).write(`${summary}\n`);
  return result.errors.length > 0 ? 1 : 0;
}

async function newCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { root: { type: 'string', default: '.' }, category: { type: 'string' }, debug: { type: 'boolean', default: false } },
  });
  const { createArticle } = await import('./new-article.ts');
  const file = createArticle({ root: path.resolve(values.root), title: positionals.join(' '), category: values.category });
  io.out.write(`${path.relative(process.cwd(), file)}\n`);
  return 0;
}

async function importCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      root: { type: 'string', default: '.' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    io.out.write(USAGE);
    return 0;
  }
  // Loaded only for this command: turndown, iconv-lite and the pinyin dictionary are not needed by a build.
  const { importPages } = await import('../import/import.ts');
  const { formatReport } = await import('../import/report.ts');
  const result = importPages({
    root: path.resolve(values.root),
    inputs: positionals,
    outDir: values.out === undefined ? undefined : path.resolve(values.out),
    dryRun: values['dry-run'],
    force: values.force,
  });
  io.out.write(formatReport(result));
  const failed = result.pages.filter((page) => page.error);
  for (const page of failed) io.err.write(`${formatError(page.error!, { debug: values.debug })}\n`);
  return failed.length > 0 ? 1 : 0;
}

function reportErrors(error: unknown, debug: boolean, io: CommandIo): void {
  // parseArgs rejects unknown options with a TypeError that has a code; show it as a usage error.
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    io.err.write(`error: ${(error as Error).message}\nhint: run \`xinwen --help\` for the options.\n`);
    return;
  }
  const errors = asXinwenErrors(error);
  for (const each of errors) io.err.write(`${formatError(each, { debug })}\n`);
  if (errors.length > 1) io.err.write(`${errors.length} errors; nothing was written.\n`);
}
