import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startDevServer, type DevServer } from '../src/serve/dev-server.ts';
import { copyFixture } from './support/site.ts';

/**
 * The dev server against hostile requests: no request may end it, and only
 * requests addressed to its own address get an answer (DNS rebinding).
 * XINWEN_REQUEST_FUZZ sets the number of fuzzed requests (default 10,000).
 */
const FUZZ_REQUESTS = Number(process.env.XINWEN_REQUEST_FUZZ ?? 10_000);

/** Send raw bytes on a new connection; resolves with what came back first (or '' when the server just closed). */
function raw(port: number, bytes: string | Buffer, waitMs = 1_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      // The status line and headers are enough; the event stream never ends on its own.
      if (reply.includes('\r\n\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

function statusOf(reply: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0);
}

/** A deterministic stream of random numbers, so a failing request can be reproduced from its index. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    state = (state ^ (state >>> 13)) >>> 0;
    return state / 0x100000000;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

/** One hostile request: a mix of malformed request lines, targets, versions, hosts and headers. */
function fuzzedRequest(index: number, port: number): Buffer {
  const next = random(index * 2654435761 + 1);
  const junk = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256))).toString('latin1');
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'G ET', '', 'get', junk(4)];
  const targets = [
    '/',
    '/news/',
    '/zh-hant/news/legacy-words/',
    '/__xinwen/events',
    '/__xinwen/client.js',
    'http://[',
    'http://[::1',
    'http://127.0.0.1/',
    'http://evil.example/../../etc/passwd',
    '//evil.example/',
    '*',
    '/%',
    '/%zz',
    '/%c0%ae%c0%ae/',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/../../../../etc/passwd',
    '/%00',
    '/\\..\\..\\',
    '/.xinwen-output',
    '/news?x=%%',
    '/news/#frag',
    `/${'a'.repeat(5_000)}`,
    `/${'%2e%2e/'.repeat(200)}`,
    '/新闻/',
    Buffer.from('/新闻/', 'utf8').toString('latin1'),
    '',
    junk(12),
  ];
  const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 x', '', 'http/1.1', junk(3)];
  const hosts: (string | undefined)[] = [
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `[::1]:${port}`,
    'evil.example',
    `evil.example:${port}`,
    '127.0.0.1:99999',
    '[',
    '',
    'a'.repeat(3_000),
    `127.0.0.1:${port}, evil.example`,
    undefined,
    junk(8),
  ];
  const extras = [
    [],
    ['Connection: keep-alive'],
    ['Transfer-Encoding: chunked'],
    ['Content-Length: -1'],
    ['Content-Length: 5', '', 'hello'],
    ['X-Junk: \u0001\u0002'],
    [`Host: ${pick(next, hosts) ?? ''}`],
    [junk(20)],
    ['Range: bytes=9999999999-'],
    ['If-None-Match: *', 'Accept-Encoding: gzip'],
  ];
  const lines = [`${pick(next, methods)} ${pick(next, targets)} ${pick(next, versions)}`];
  const host = pick(next, hosts);
  if (host !== undefined) lines.push(`Host: ${host}`);
  lines.push(...pick(next, extras));
  const ending = pick(next, ['\r\n\r\n', '\r\n\r\n', '\n\n', '\r\n', '']);
  return Buffer.from(lines.join(pick(next, ['\r\n', '\r\n', '\n'])) + ending, 'latin1');
}

describe('xinwen dev against hostile requests', () => {
  let server: DevServer;
  let port = 0;

  before(async () => {
    server = await startDevServer({ root: copyFixture('scripts'), port: 0, log: () => {} });
    port = Number(new URL(server.url).port);
  });
  after(() => server.close());

  it('answers a request line that is not a URL with 400 and keeps serving', async () => {
    const reply = await raw(port, 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.notEqual(statusOf(reply), 200, reply);
    const again = await raw(port, `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    assert.equal(statusOf(again), 400, again);
    const home = await raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    assert.equal(statusOf(home), 200, home);
  });

  it('refuses pages and the event stream to a Host that is not its own address (DNS rebinding)', async () => {
    for (const target of ['/', '/news/', '/__xinwen/events', '/__xinwen/client.js']) {
      for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`]) {
        const reply = await raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
        assert.equal(statusOf(reply), 403, `${target} for ${host}: ${reply}`);
        assert.doesNotMatch(reply, /text\/event-stream/);
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      assert.equal(statusOf(await raw(port, `GET /news/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`)), 200, host);
    }
    assert.equal(statusOf(await raw(port, 'GET /news/ HTTP/1.0\r\n\r\n')), 403, 'no Host at all');
    const events = await raw(port, `GET /__xinwen/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    assert.match(events, /text\/event-stream/);
  });

  it(`survives ${FUZZ_REQUESTS} fuzzed requests and still serves the site`, { timeout: 600_000 }, async () => {
    const statuses = new Map<number, number>();
    let sent = 0;
    const worker = async () => {
      while (sent < FUZZ_REQUESTS) {
        const index = sent++;
        const status = statusOf(await raw(port, fuzzedRequest(index, port), 300));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 24 }, worker));
    assert.equal(sent, FUZZ_REQUESTS);
    // Some requests must have reached the files, or the stream only tested the HTTP parser.
    assert.ok((statuses.get(200) ?? 0) > 0, JSON.stringify([...statuses]));
    assert.ok((statuses.get(403) ?? 0) > 0, JSON.stringify([...statuses]));
    const home = await raw(port, `GET /news/legacy-words/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    assert.equal(statusOf(home), 200, 'still serving after the fuzzed stream');
  });
});
