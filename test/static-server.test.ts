import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from './support/site.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

interface Reply {
  status: number;
  type: string | undefined;
  location: string | undefined;
  body: string;
}

/** A raw request, so paths reach the server exactly as written (fetch would normalise `..`). */
function get(origin: string, rawPath: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}/`, { path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          location: res.headers.location,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** A small output folder with a secret file beside it that must never be served. */
function makeSite(): string {
  const parent = tempDir('xinwen-static-');
  writeFileSync(path.join(parent, 'secret.txt'), 'secret');
  const site = path.join(parent, 'site');
  const files: Record<string, string> = {
    'index.html': '<p>home</p>',
    '404.html': '<p>missing</p>',
    'news/index.html': '<p>news</p>',
    'zh-hant/404.html': '<p>繁體 missing</p>',
    'zh-hant/news/index.html': '<p>新聞</p>',
    'assets/a.css': 'a{}',
    'assets/a.js': '1',
    'feed.json': '{}',
    'sitemap.xml': '<urlset/>',
    'images/a.svg': '<svg/>',
    'pagefind/a.wasm': 'wasm',
    'pagefind/a.pf_index': 'bin',
    '.xinwen-output': '',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
    writeFileSync(path.join(site, file), text);
  }
  symlinkSync(path.join(parent, 'secret.txt'), path.join(site, 'link.txt'));
  return site;
}

describe('static test server at the root', () => {
  let server: StaticServer;
  before(async () => {
    server = await serveStatic(makeSite());
  });
  after(() => server.close());

  it('listens on 127.0.0.1 at a free port', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves folder URLs from their index.html as UTF-8 HTML', async () => {
    const reply = await get(server.origin, '/news/');
    assert.equal(reply.status, 200);
    assert.equal(reply.type, 'text/html; charset=utf-8');
    assert.equal(reply.body, '<p>news</p>');
    assert.equal((await get(server.origin, '/')).body, '<p>home</p>');
    assert.equal((await get(server.origin, '/zh-hant/news/')).body, '<p>新聞</p>');
  });

  it('redirects a folder without its trailing slash', async () => {
    const reply = await get(server.origin, '/news');
    assert.equal(reply.status, 301);
    assert.equal(reply.location, '/news/');
  });

  it('sends the right content type for each kind of file', async () => {
    const expected: Record<string, string> = {
      '/assets/a.css': 'text/css; charset=utf-8',
      '/assets/a.js': 'application/javascript; charset=utf-8',
      '/feed.json': 'application/json; charset=utf-8',
      '/sitemap.xml': 'application/xml; charset=utf-8',
      '/images/a.svg': 'image/svg+xml',
      '/pagefind/a.wasm': 'application/wasm',
      '/pagefind/a.pf_index': 'application/octet-stream',
    };
    for (const [url, type] of Object.entries(expected)) {
      const reply = await get(server.origin, url);
      assert.equal(reply.status, 200, url);
      assert.equal(reply.type, type, url);
    }
  });

  it('answers unknown paths with the nearest 404.html and status 404', async () => {
    const missing = await get(server.origin, '/news/nope/');
    assert.equal(missing.status, 404);
    assert.equal(missing.type, 'text/html; charset=utf-8');
    assert.equal(missing.body, '<p>missing</p>');
    const hant = await get(server.origin, '/zh-hant/news/nope/');
    assert.equal(hant.status, 404);
    assert.equal(hant.body, '<p>繁體 missing</p>');
  });

  it('answers HEAD without a body', async () => {
    const reply = await get(server.origin, '/news/', 'HEAD');
    assert.equal(reply.status, 200);
    assert.equal(reply.body, '');
  });

  it('never serves a file outside the folder, nor dot files', async () => {
    for (const raw of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/news/..%2f..%2fsecret.txt', '/link.txt', '/.xinwen-output', '/%5c..%5csecret.txt']) {
      const reply = await get(server.origin, raw);
      assert.equal(reply.status, 404, raw);
      assert.notEqual(reply.body, 'secret', raw);
    }
  });
});

describe('static test server under a path prefix', () => {
  let server: StaticServer;
  before(async () => {
    server = await serveStatic(makeSite(), { prefix: '/news-center/' });
  });
  after(() => server.close());

  it('serves the folder under the prefix only', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/news-center\/$/);
    assert.equal((await get(server.origin, '/news-center/news/')).body, '<p>news</p>');
    assert.equal((await get(server.origin, '/news-center/assets/a.css')).type, 'text/css; charset=utf-8');
    assert.equal((await get(server.origin, '/news/')).status, 404);
    assert.equal((await get(server.origin, '/news-center/zh-hant/x/')).body, '<p>繁體 missing</p>');
  });

  it('redirects the prefix without its trailing slash', async () => {
    const reply = await get(server.origin, '/news-center');
    assert.equal(reply.status, 301);
    assert.equal(reply.location, '/news-center/');
  });
});
