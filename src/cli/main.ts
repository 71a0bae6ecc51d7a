import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { asXinwenErrors, XinwenError } from '../core/errors.ts';
import { formatError, formatWarning } from '../core/format-error.ts';
import { build } from '../build/build.ts';

const USAGE = `xinwen: static news-center generator (simplified and traditional Chinese)

Usage:
  xinwen build [--root DIR] [--out DIR] [--drafts] [--force] [--jobs N] [--verbose]

Options:
  --root DIR   site folder with content/ (default: current folder)
  --out DIR    output folder (default: ROOT/dist)
  --drafts     include articles with draft: true
  --force      build even when the output is already up to date
  --cache-dir DIR  where parsed and converted articles are kept (default: ROOT/.cache/xinwen)
  --no-cache   neither read nor write the cache
  --jobs N     threads to use (default: one per core on large sites)
  --verbose    print the time of each build stage and peak memory
  --stats FILE write build statistics as JSON (used by npm run bench)
  --debug      print stack traces of errors
  --help       show this help
`;

/** Run one command; returns the process exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const debug = rest.includes('--debug');
  try {
    switch (command) {
      case 'build':
        return await buildCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new XinwenError('cli/unknown-command', `unknown command \`${command}\``, {
          hint: 'Run `xinwen --help` for the list of commands.',
        });
    }
  } catch (error) {
    reportErrors(error, debug);
    return 1;
  }
}

async function buildCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      root: { type: 'string', default: '.' },
      out: { type: 'string' },
      drafts: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      jobs: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      stats: { type: 'string' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
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
  const result = await build({ root, outDir, drafts: values.drafts, jobs, force: values.force, cacheDir });
  for (const warning of result.warnings) process.stderr.write(`${formatWarning(warning)}\n`);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  if (values.verbose) {
    for (const stage of result.stages) process.stdout.write(`  ${stage.name.padEnd(10)} ${stage.ms.toFixed(0).padStart(6)} ms\n`);
    process.stdout.write(`  peak RSS   ${maxRssMb.toFixed(0).padStart(6)} MB\n`);
  }
  if (values.stats) {
    const stats = { ...result, warnings: result.warnings.length, maxRssMb };
    writeFileSync(path.resolve(values.stats), `${JSON.stringify(stats, null, 2)}\n`);
  }
  const seconds = (result.totalMs / 1000).toFixed(2);
  const shown = path.relative(process.cwd(), outDir) || '.';
  process.stdout.write(
    result.upToDate
      ? `${shown} is up to date: ${result.articles} articles, ${result.pages} pages (checked in ${seconds} s; --force rebuilds)\n`
      : `built ${result.articles} articles, ${result.pages} pages in ${seconds} s → ${shown}\n`,
  );
  return 0;
}

function reportErrors(error: unknown, debug: boolean): void {
  // parseArgs rejects unknown options with a TypeError that has a code; show it as a usage error.
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`error: ${(error as Error).message}\nhint: run \`xinwen --help\` for the options.\n`);
    return;
  }
  const errors = asXinwenErrors(error);
  for (const each of errors) process.stderr.write(`${formatError(each, { debug })}\n`);
  if (errors.length > 1) process.stderr.write(`${errors.length} errors; nothing was written.\n`);
}
