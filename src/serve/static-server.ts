import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import http from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import path from 'node:path';
import { say } from '../core/language.ts';

/**
 * The static host of `xinwen dev` (and of the tests), behaving like the hosts
 * the README names (nginx, object storage): folder URLs serve their
 * index.html, a folder without its trailing slash is redirected, a missing
 * path gets the site's 404.html with status 404, and nothing outside the
 * folder is ever served: no `..`, encoded or not, no symlink out, no dot file.
 */
export interface StaticServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The served folder's URL, prefix included, ending in `/`: `http://127.0.0.1:PORT/news-center/`. */
  url: string;
  /** The path prefix, starting and ending with `/`. */
  prefix: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Serve the folder under this path, e.g. `/news-center/` for a site whose base_url is in a sub-folder. Default `/`. */
  prefix?: string;
  /** Address to listen on. Default 127.0.0.1: nothing outside this machine can connect. */
  host?: string;
  /** Port to try first; when taken, the next ones are tried. Default 0: any free port. */
  port?: number;
  /** Rewrites every HTML page as it is served (the dev server adds its live-reload script). */
  transformHtml?: (html: string) => string;
  /** Answers a request before the files do; returns true when it did. */
  handle?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

const TEXT = '; charset=utf-8';

/** Content types by extension; anything else is application/octet-stream. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': `text/html${TEXT}`,
  '.htm': `text/html${TEXT}`,
  '.css': `text/css${TEXT}`,
  '.js': `application/javascript${TEXT}`,
  '.mjs': `application/javascript${TEXT}`,
  '.json': `application/json${TEXT}`,
  '.xml': `application/xml${TEXT}`,
  '.txt': `text/plain${TEXT}`,
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function plain(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': `text/plain${TEXT}`, 'Content-Length': Buffer.byteLength(body) }).end(body);
}

/** The path of a request target (origin form `/a?b`, or absolute form `http://host/a`), or undefined when it is not a URL. */
function requestPath(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request's Host header names this server: an IP address (which
 * no DNS answer can rebind), `localhost`, or the name it was told to listen
 * on, with its port. Anything else is a page elsewhere reaching in.
 */
export function allowedHost(header: string | undefined, listening: { host: string; port: number }): boolean {
  if (!header) return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!match) return false;
  const name = match[1]!.toLowerCase();
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port !== listening.port) return false;
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  return isIP(bare) !== 0 || name === 'localhost' || name.endsWith('.localhost') || bare === listening.host.toLowerCase();
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** Ports tried after the requested one when it is taken. */
const PORT_ATTEMPTS = 20;

/** Serve `folder` on 127.0.0.1 (or `host`) at `port` or the next free one. */
export async function serveStatic(folder: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = realpathSync(folder);
  const prefix = normalizePrefix(options.prefix ?? '/');

  /** The real path of `relative` inside root, or null when it is missing or would leave root (`..`, symlinks). */
  function inside(relative: string): string | null {
    const candidate = path.resolve(root, `.${path.sep}${relative}`);
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      return null; // missing, a dangling link, a name too long…
    }
    return real === root || real.startsWith(root + path.sep) ? real : null;
  }

  /** The nearest 404.html at or above the requested folder, so /zh-hant/… gets the traditional one. */
  function notFoundPage(relative: string): string | null {
    const parts = relative.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
    for (let depth = parts.length; depth >= 0; depth--) {
      const page = inside([...parts.slice(0, depth), '404.html'].join('/'));
      if (page && statSync(page).isFile()) return page;
    }
    return null;
  }

  function send(res: http.ServerResponse, method: string, status: number, file: string | null): void {
    if (file === null) {
      const body = say('找不到这个页面\n', 'not found\n');
      res.writeHead(status, { 'Content-Type': `text/plain${TEXT}`, 'Content-Length': Buffer.byteLength(body) });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    if (options.transformHtml && file.endsWith('.html')) {
      const body = Buffer.from(options.transformHtml(readFileSync(file, 'utf8')));
      res.writeHead(status, { 'Content-Type': contentTypeOf(file), 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    const size = statSync(file).size;
    res.writeHead(status, { 'Content-Type': contentTypeOf(file), 'Content-Length': size, 'Cache-Control': 'no-store' });
    if (method === 'HEAD') res.end();
    else createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  /** Answer one request; anything it throws becomes a 500 for that request alone. */
  function respond(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!allowedHost(req.headers.host, listening)) {
      // DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 must not read the site or its events.
      plain(res, 403, say('拒绝访问：这个预览服务器只回应发给它自己地址的请求\n', 'forbidden: this server answers only requests addressed to its own address\n'));
      return;
    }
    if (options.handle?.(req, res)) return;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = requestPath(req.url);
    if (pathname === undefined) {
      plain(res, 400, 'bad request\n');
      return;
    }
    if (`${pathname}/` === prefix) {
      res.writeHead(301, { Location: prefix }).end();
      return;
    }
    if (!pathname.startsWith(prefix)) {
      send(res, method, 404, notFoundPage(''));
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      plain(res, 400, 'bad request\n');
      return;
    }
    // Dot files (.xinwen-output) are not part of the site, and a NUL or backslash is never a real page.
    const refused = relative.includes('\0') || relative.includes('\\') || relative.split('/').some((part) => part.startsWith('.'));
    const target = refused ? null : inside(relative);
    if (target && statSync(target).isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${pathname}/` }).end();
        return;
      }
      const index = inside(path.posix.join(relative, 'index.html'));
      if (index && statSync(index).isFile()) {
        send(res, method, 200, index);
        return;
      }
    } else if (target) {
      send(res, method, 200, target);
      return;
    }
    send(res, method, 404, notFoundPage(refused ? '' : relative));
  }

  /** Where the server listens, for the Host check; set once listening. */
  const listening = { host: options.host ?? '127.0.0.1', port: 0 };
  const server = http.createServer((req, res) => {
    try {
      respond(req, res);
    } catch {
      // A file that vanished or turned unreadable between two looks: fail this request, never the server.
      if (res.headersSent) res.destroy();
      else plain(res, 500, 'internal error\n');
    }
  });
  // A malformed request line or header: answer 400 and close, as Node does by default, without an error event.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const host = listening.host;
  const first = options.port ?? 0;
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(first === 0 ? 0 : first + attempt, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || first === 0 || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
  const { port } = server.address() as AddressInfo;
  listening.port = port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    url: `${origin}${prefix}`,
    prefix,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
