import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { asXinwenErrors, XinwenError } from '../core/errors.ts';
import { formatError, formatWarning, type MessageScript } from '../core/format-error.ts';
import { type Language, languageOfEnvironment, parseLanguage, say, setLanguage } from '../core/language.ts';
import { build, type BuildProgress } from '../pipeline/build.ts';
import { siteMessageScript } from '../pipeline/message-script.ts';
import { stageName } from '../core/stage-names.ts';
import { usage, usageMessage } from './usage.ts';
import type { ImportResult } from '../import/import.ts';

/** Options every command takes. */
const COMMON = {
  lang: { type: 'string' },
  debug: { type: 'boolean', default: false },
} as const;

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
    // Before anything is parsed, so that even a usage error is in the language asked for.
    setLanguage(languageOf(rest));
    switch (command) {
      case 'build':
        return await buildCommand(rest, io);
      case 'dev':
        return await devCommand(rest, io);
      case 'check':
        return await checkCommand(rest, io);
      case 'new':
        return await newCommand(rest, io);
      case 'init':
        return await initCommand(rest, io);
      case 'import':
        return await importCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out.write(usage());
        return command === undefined ? 1 : 0;
      default:
        throw new XinwenError('cli/unknown-command', say(`没有 \`${command}\` 这个命令`, `unknown command \`${command}\``), {
          hint: say('运行 `xinwen --help` 查看所有命令。', 'Run `xinwen --help` for the list of commands.'),
        });
    }
  } catch (error) {
    reportErrors(error, debug, io, messageScriptFor(rest));
    return 1;
  }
}

/** `--lang zh|en` (or `--lang=en`) among a command's arguments, else the environment's language. */
function languageOf(args: readonly string[]): Language {
  const at = args.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  if (at === -1) return languageOfEnvironment(process.env);
  const value = args[at]!.startsWith('--lang=') ? args[at]!.slice('--lang='.length) : (args[at + 1] ?? '');
  const chosen = parseLanguage(value);
  if (chosen) return chosen;
  setLanguage(languageOfEnvironment(process.env));
  throw new XinwenError('cli/bad-option', say(`--lang 只能是 zh 或 en，现在是 \`${value}\``, `--lang must be zh or en, got \`${value}\``), {
    hint: say('中文提示用 --lang zh，英文提示用 --lang en。', 'Use --lang zh for Chinese messages, --lang en for English.'),
  });
}

/** How messages about the site the command works on are shown (its script), found only when there is something to show. */
function messageScriptFor(args: readonly string[]): MessageScript | undefined {
  const at = args.indexOf('--root');
  const root = at === -1 ? (args.find((arg) => arg.startsWith('--root='))?.slice('--root='.length) ?? '.') : (args[at + 1] ?? '.');
  return siteMessageScript(path.resolve(root));
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
      help: { type: 'boolean', default: false },
      ...COMMON,
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.out.write(usage());
    return 0;
  }
  const root = path.resolve(values.root);
  const outDir = path.resolve(values.out ?? path.join(root, 'dist'));
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
    throw new XinwenError('cli/bad-option', say(`--jobs 要写线程数（正整数），现在是 \`${values.jobs}\``, `--jobs must be a whole number of threads, got \`${values.jobs}\``), {
      hint: say('写 --jobs 1 或 --jobs 2，或者不写这个选项。', 'Use --jobs 1 or --jobs 2, or leave it out.'),
    });
  }
  const cacheDir = values['no-cache'] ? false : values['cache-dir'] && path.resolve(values['cache-dir']);
  const progress = values.quiet ? undefined : progressReporter(io.err);
  let result;
  let script: MessageScript | undefined;
  // Once the settings are read, messages about a traditional-script site are shown in its script.
  const onScript = (given: MessageScript) => {
    script = given;
    progress?.script(given);
  };
  try {
    result = await build({ root, outDir, drafts: values.drafts, jobs, force: values.force, cacheDir, wait: !values['no-wait'], durable: !values['no-sync'], progress, onScript });
  } finally {
    progress?.done();
  }
  const show = script ?? ((text: string) => text);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  if (values.stats) {
    const stats = { ...result, warnings: result.warnings.length, maxRssMb };
    writeFileSync(path.resolve(values.stats), `${JSON.stringify(stats, null, 2)}\n`);
  }
  if (values.quiet) return 0;
  for (const warning of result.warnings) io.err.write(`${formatWarning(warning, { script })}\n`);
  if (values.verbose) {
    for (const stage of result.stages) io.out.write(`  ${stage.name.padEnd(10)} ${stage.ms.toFixed(0).padStart(6)} ms${say(`  ${show(stageName(stage.name))}`, '')}\n`);
    io.out.write(`  peak RSS   ${maxRssMb.toFixed(0).padStart(6)} MB${say(`  ${show('内存峰值')}`, '')}\n`);
  }
  const seconds = (result.totalMs / 1000).toFixed(2);
  const shown = path.relative(process.cwd(), outDir) || '.';
  const { articles, pages, rendered } = result;
  io.out.write(
    result.upToDate
      ? say(
          `${shown} ${show(`已是最新：${articles} 篇文章，${pages} 个页面（检查用时 ${seconds} 秒；加 --force 可全部重新生成）`)}\n`,
          `${shown} is up to date: ${articles} articles, ${pages} pages (checked in ${seconds} s; --force rebuilds)\n`,
        )
      : say(
          `${show(`已生成 ${articles} 篇文章，${pages} 个页面${rendered < pages ? `（重新渲染 ${rendered} 个）` : ''}，用时 ${seconds} 秒`)} → ${shown}\n`,
          `built ${articles} articles, ${pages} pages${rendered < pages ? ` (${rendered} rendered)` : ''} in ${seconds} s → ${shown}\n`,
        ),
  );
  return 0;
}

/**
 * Progress while building: on a terminal one line that updates in place
 * (stage, pages written); elsewhere (CI logs) a plain line per stage.
 */
function progressReporter(stream: CommandIo['err']): BuildProgress & { done(): void; script(script: MessageScript): void } {
  const live = stream.isTTY === true;
  let stage = '';
  let last = 0;
  // Simplified until the site's settings are read; then in the site's script.
  let script: MessageScript = (text) => text;
  const show = (text: string) => stream.write(`\r\x1b[K${text}`);
  return {
    script(given) {
      script = given;
    },
    stage(name) {
      stage = stageName(name);
      const line = script(say(`正在生成：${stage}`, `building: ${stage}`));
      if (live) show(`${line}…`);
      else stream.write(`${line}\n`);
    },
    pages(done, total) {
      const now = performance.now();
      if (!live || now - last < 100) return;
      last = now;
      show(script(say(`正在生成：${stage} ${done}/${total} 个页面`, `building: ${stage} ${done}/${total} pages`)));
    },
    note(message) {
      const shown = script(message);
      stream.write(live ? `\r\x1b[K${shown}\n` : `${shown}\n`);
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
      ...COMMON,
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new XinwenError('cli/bad-option', say(`--port 要写端口号（0 到 65535），现在是 \`${values.port}\``, `--port must be a port number, got \`${values.port}\``), {
      hint: say('例如 --port 8080。', 'Use e.g. --port 8080.'),
    });
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
    options: { root: { type: 'string', default: '.' }, all: { type: 'boolean', default: false }, ...COMMON },
  });
  const { checkSite } = await import('../pipeline/check.ts');
  const { formatGuesses } = await import('../convert/conversion-lint.ts');
  const root = path.resolve(values.root);
  const result = await checkSite(root);
  const script = siteMessageScript(root);
  const show = script ?? ((text: string) => text);
  for (const warning of result.warnings) io.err.write(`${formatWarning(warning, { script })}\n`);
  for (const error of result.errors) io.err.write(`${formatError(error, { debug: values.debug, script })}\n`);
  const guessed = result.guesses.reduce((sum, guess) => sum + guess.sites.length, 0);
  if (guessed > 0) {
    io.out.write(
      say(
        show(`转换提示：${guessed} 处一对多的字没有词语可依，按默认字形转换，请确认（按出现次数排列）：`),
        `Conversion guesses: ${guessed} characters with several traditional forms had no word to decide by and took the default form; please confirm (most frequent first):`,
      ) + '\n',
    );
    io.out.write(`${formatGuesses(result.guesses, values.all ? Infinity : 20)}\n`);
  }
  const summary = say(
    show(`检查了 ${result.articles} 篇文章：${result.errors.length} 个错误，${result.warnings.length} 个警告，${guessed} 处转换待确认`),
    `checked ${result.articles} articles: ${result.errors.length} errors, ${result.warnings.length} warnings, ${guessed} conversion guesses`,
  );
  (result.errors.length > 0 ? io.err : io.out).write(`${summary}\n`);
  return result.errors.length > 0 ? 1 : 0;
}

async function newCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { root: { type: 'string', default: '.' }, category: { type: 'string' }, ...COMMON },
  });
  const { createArticle } = await import('./new-article.ts');
  const root = path.resolve(values.root);
  const file = createArticle({ root, title: positionals.join(' '), category: values.category });
  const shown = path.relative(process.cwd(), file);
  const show = siteMessageScript(root) ?? ((text: string) => text);
  // The path alone on stdout, for scripts (`$EDITOR "$(xinwen new 标题)"`); the sentence for the editor on stderr.
  io.err.write(say(show('已新建文章，打开下面这个文件写正文：'), 'created a new article; write its text in:') + '\n');
  io.out.write(`${shown}\n`);
  return 0;
}

async function initCommand(args: string[], io: CommandIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON } });
  if (positionals.length > 1) {
    throw new XinwenError('cli/usage', say('init 只要一个文件夹名', 'init takes one folder name'), { hint: say('这样运行：npm run init -- 我的网站', 'Run: npm run init -- my-site') });
  }
  const { createSite } = await import('./init.ts');
  // `npm run init -- DIR` runs in xinwen's folder: DIR is where the user typed it (npm's INIT_CWD).
  const dir = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0] ?? '.');
  const files = createSite({ dir });
  const shown = path.relative(process.cwd(), dir) || '.';
  io.out.write(say(`已在 ${shown} 新建网站：\n`, `created a new site in ${shown}:\n`));
  for (const file of files) io.out.write(`  ${file}\n`);
  io.out.write(
    say(
      `下一步：改好 ${path.join(shown, 'content', 'site.yaml')} 里的网站名称、地址和联系方式，\n然后运行 npm run dev -- --root ${shown} 边写边看，npm run build -- --root ${shown} 生成网站。\n`,
      `Next: set the name, address and contact in ${path.join(shown, 'content', 'site.yaml')},\nthen run npm run dev -- --root ${shown} to preview while writing, npm run build -- --root ${shown} to build.\n`,
    ),
  );
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
      from: { type: 'string' },
      help: { type: 'boolean', default: false },
      ...COMMON,
    },
  });
  if (values.help) {
    io.out.write(usage());
    return 0;
  }
  if (values.from !== undefined) return migrateCommand(values.from, positionals, values, io);
  // Loaded only for this command: turndown, iconv-lite and the pinyin dictionary are not needed by a build.
  const { importPages } = await import('../import/import.ts');
  const root = path.resolve(values.root);
  const result = importPages({
    root,
    inputs: positionals,
    outDir: values.out === undefined ? undefined : path.resolve(values.out),
    dryRun: values['dry-run'],
    force: values.force,
  });
  return reportImport(result, root, values.debug, io);
}

/** The report of an import or a migration on stdout, each page's error on stderr; 1 if any failed. */
async function reportImport(result: ImportResult, root: string, debug: boolean, io: CommandIo): Promise<number> {
  const { formatReport } = await import('../import/report.ts');
  const script = siteMessageScript(root);
  io.out.write(formatReport(result, script));
  const failed = result.pages.filter((page) => page.error);
  for (const page of failed) io.err.write(`${formatError(page.error!, { debug, script })}\n`);
  return failed.length > 0 ? 1 : 0;
}

/** `import --from jekyll|hugo|hexo SOURCE`: another generator's posts, with the page import's report. */
async function migrateCommand(
  from: string,
  positionals: string[],
  values: { root: string; out?: string; 'dry-run': boolean; force: boolean; debug: boolean },
  io: CommandIo,
): Promise<number> {
  const { GENERATORS } = await import('../import/migrate/source-site.ts');
  const generator = GENERATORS.find((name) => name === from.toLowerCase());
  if (generator === undefined || positionals.length !== 1) {
    throw new XinwenError(
      'cli/usage',
      generator === undefined
        ? say(`--from 只能是 ${GENERATORS.join('、')} 之一，不能是 ${from}`, `--from must be one of ${GENERATORS.join(', ')}, not ${from}`)
        : say('--from 后面写一个文件夹：原网站的文件夹，或者它放文章的文件夹', '--from takes one folder: the old site, or its folder of posts'),
      { hint: say('这样运行：npm run import -- --from jekyll ../old-blog', 'Run: npm run import -- --from jekyll ../old-blog') },
    );
  }
  const { migratePosts } = await import('../import/migrate/migrate.ts');
  const root = path.resolve(values.root);
  const result = migratePosts({
    root,
    from: generator,
    source: positionals[0]!,
    outDir: values.out === undefined ? undefined : path.resolve(values.out),
    dryRun: values['dry-run'],
    force: values.force,
  });
  return reportImport(result, root, values.debug, io);
}

function reportErrors(error: unknown, debug: boolean, io: CommandIo, script?: MessageScript): void {
  // parseArgs rejects unknown options with a TypeError that has a code; show it as a usage error.
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    const usageError = new XinwenError('cli/usage', usageMessage(code, (error as Error).message), {
      hint: say('运行 `xinwen --help` 查看可用的选项。', 'run `xinwen --help` for the options.'),
    });
    io.err.write(`${formatError(usageError)}\n`);
    return;
  }
  const errors = asXinwenErrors(error);
  for (const each of errors) io.err.write(`${formatError(each, { debug, script })}\n`);
  const show = script ?? ((text: string) => text);
  if (errors.length > 1) io.err.write(say(show(`共 ${errors.length} 个错误，没有写入任何文件。`), `${errors.length} errors; nothing was written.`) + '\n');
}
