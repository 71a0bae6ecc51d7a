import { mkdirSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { asXinwenErrors } from '../core/errors.ts';
import { formatError } from '../core/format-error.ts';
import { say } from '../core/language.ts';
import { stageName } from '../core/stage-names.ts';
import { PACKAGE_ROOT, siteFolders } from '../core/site-folders.ts';
import { loadSettings } from '../load/settings-file.ts';
import { lockOutput } from '../write/output-lock.ts';
import { DevSession, type RebuildResult } from './dev-session.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import { type ChangeKind, watchSite } from './watch.ts';

export interface DevServerOptions {
  root: string;
  port?: number;
  host?: string;
  drafts?: boolean;
  /** Log the time of each rebuild's steps. */
  verbose?: boolean;
  /** Milliseconds without a new change before a rebuild starts. */
  quietMs?: number;
  log?: (line: string) => void;
}

export interface DevServer {
  url: string;
  session: DevSession;
  /** Resolves after the rebuild that follows the next change (for tests and the bench). */
  nextRebuild(): Promise<{ ok: boolean; result?: RebuildResult }>;
  close(): Promise<void>;
}

const CLIENT_TAG = '<script src="/__xinwen/client.js"></script>';

const same = (text: string) => text;

/** The overlay's heading, above the errors. */
function overlayTitle(): string {
  return say(
    'xinwen：刚才的修改没能生成。页面上显示的是上一次成功生成的结果；改正下面指出的文件并保存，页面会自动刷新。',
    'xinwen: the last change could not be built. The page shows the last good build; fix the file and save.',
  );
}

/**
 * `xinwen dev`: build, serve on 127.0.0.1, watch, rebuild what changed, and
 * tell open pages to reload (server-sent events). A broken file never stops
 * it: the error goes to the terminal and over the page, and the last good
 * pages keep being served until the file is fixed.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const client = readFileSync(path.join(PACKAGE_ROOT, 'src', 'serve', 'dev-client.js'), 'utf8');
  const site = siteFolders(options.root);
  const session = new DevSession(site.root, path.join(site.root, '.cache', 'xinwen', 'dev-site'), options.drafts ?? false);
  // One dev server per site: two would write the same folder.
  const lock = await lockOutput(session.outDir, { wait: false, command: 'dev' });
  // The server serves this folder even when the first build fails (and shows why).
  mkdirSync(session.outDir, { recursive: true });
  const clients = new Set<http.ServerResponse>();
  /** The error shown over every page until a rebuild succeeds: its heading and the formatted errors. */
  let problem: { title: string; text: string } | undefined;
  const waiters: ((outcome: { ok: boolean; result?: RebuildResult }) => void)[] = [];

  const send = (client: http.ServerResponse, event: string, data: object) => client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const broadcast = (event: string, data: object) => {
    for (const client of clients) send(client, event, data);
  };

  let running: Promise<void> = Promise.resolve();
  const rebuild = (kinds: Set<ChangeKind>, files?: string[]) => {
    running = running.then(async () => {
      try {
        const result = await session.rebuild(kinds.has('restart') ? undefined : files);
        // A fix is news even when the pages come out as they were (the editor restored the line): clear the overlay.
        if (problem !== undefined) broadcast('cleared', {});
        problem = undefined;
        const show = session.messageScript ?? same;
        const ms = result.ms.toFixed(0);
        const steps = options.verbose
          ? say(
              `（${result.stages.map((stage) => `${stageName(stage.name)} ${stage.ms.toFixed(0)} 毫秒`).join('，')}）`,
              ` (${result.stages.map((stage) => `${stage.name} ${stage.ms.toFixed(0)} ms`).join(', ')})`,
            )
          : '';
        log(
          say(
            show(`已重新生成：${result.pages} 个页面中 ${result.changed} 个有变化，共 ${result.articles} 篇文章，用时 ${ms} 毫秒${steps}`),
            `rebuilt: ${result.changed} of ${result.pages} pages changed, ${result.articles} articles, in ${ms} ms${steps}`,
          ),
        );
        // Hearing of one change twice (see watch.ts) rebuilds nothing the second time: no reload then.
        if (result.changed > 0) broadcast('reload', { changed: result.changed });
        for (const resolve of waiters.splice(0)) resolve({ ok: true, result });
      } catch (error) {
        const script = session.messageScript;
        problem = { title: (script ?? same)(overlayTitle()), text: asXinwenErrors(error).map((each) => formatError(each, { script })).join('\n\n') };
        log(problem.text);
        broadcast('problem', problem);
        for (const resolve of waiters.splice(0)) resolve({ ok: false });
      }
    });
  };

  rebuild(new Set());
  await running;
  const settings = (() => {
    try {
      return loadSettings(site);
    } catch {
      return undefined;
    }
  })();

  let server: StaticServer;
  try {
    server = await serveStatic(session.outDir, {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 8080,
      prefix: settings?.basePath ?? '/',
      transformHtml: (html) => (html.includes('</body>') ? html.replace('</body>', `${CLIENT_TAG}</body>`) : html + CLIENT_TAG),
      handle(req, res) {
        const url = req.url ?? '';
        if (url === '/__xinwen/client.js') {
          res.writeHead(200, { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(client);
          return true;
        }
        if (url === '/__xinwen/events') {
          res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
          res.write(': connected\n\n');
          clients.add(res);
          if (problem) send(res, 'problem', problem);
          req.on('close', () => clients.delete(res));
          return true;
        }
        return false;
      },
    });
  } catch (error) {
    // No port to serve on: leave nothing running and nothing locked.
    await running;
    await session.close();
    lock.release();
    throw error;
  }
  const watcher = watchSite({ content: site.contentDir, templates: site.templatesDir, public: site.publicDir }, options.quietMs ?? 30, (kinds, files) =>
    rebuild(kinds, files),
  );
  // Changes made before the watcher has seen every file would be missed.
  await watcher.ready;
  const watching = path.relative(process.cwd(), site.root) || '.';
  const show = session.messageScript ?? same;
  log(
    say(
      `xinwen dev${show(`：正在预览 ${server.url}（监视 ${watching} 里的改动，保存后自动刷新；按 Ctrl+C 停止）`)}`,
      `xinwen dev: serving ${server.url} (watching ${watching}; Ctrl+C stops)`,
    ),
  );

  return {
    url: server.url,
    session,
    nextRebuild: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      await watcher.close();
      for (const client of clients) client.end();
      await server.close();
      await running;
      await session.close();
      lock.release();
    },
  };
}
