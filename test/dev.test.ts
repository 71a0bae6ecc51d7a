import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDevServer, type DevServer } from '../src/serve/dev-server.ts';
import { searchCore } from './support/search-node.ts';
import { copyFixture, listFiles, tempDir, treeHash, xinwen } from './support/site.ts';

/** Collects the server-sent events of a dev server. */
function listen(url: string): { events: { event: string; data: string }[]; close(): void } {
  const events: { event: string; data: string }[] = [];
  const request = http.get(`${new URL(url).origin}/__xinwen/events`, (response) => {
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: data ?? '' });
      }
    });
  });
  return { events, close: () => request.destroy() };
}

async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Files of an output folder that a reader sees: all but the marker. */
function siteTree(dir: string): string {
  const copy = path.join(tempDir(), 'tree');
  for (const file of listFiles(dir)) {
    if (file.startsWith('.xinwen')) continue;
    const target = path.join(copy, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(path.join(dir, file)));
  }
  return treeHash(copy);
}

describe('xinwen dev', () => {
  const root = copyFixture('scripts');
  const article = path.join(root, 'content', 'news', '2022-05-17-legacy-words.md');
  let server: DevServer;
  let sse: ReturnType<typeof listen>;
  const logs: string[] = [];

  before(async () => {
    server = await startDevServer({ root, port: 0, log: (line) => logs.push(line) });
    sse = listen(server.url);
    await waitFor(() => (sse.events.length >= 0 ? true : undefined), 'connection');
  });
  after(async () => {
    sse.close();
    await server.close();
  });

  const page = async (file: string) => {
    const response = await fetch(new URL(file, server.url));
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it('serves the site on 127.0.0.1 with the live-reload script in every page', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await page('news/legacy-words/');
    assert.equal(home.status, 200);
    assert.equal(home.type, 'text/html; charset=utf-8');
    assert.match(home.text, /<script src="\/__xinwen\/client\.js"><\/script><\/body>/);
    assert.equal((await page('sitemap.xml')).type, 'application/xml; charset=utf-8');
    assert.equal((await page('feed.json')).type, 'application/json; charset=utf-8');
  });

  it('rebuilds only what an edit changes, and tells the page to reload', async () => {
    const before = sse.events.length;
    const rebuilt = server.nextRebuild();
    writeFileSync(article, readFileSync(article, 'utf8').replace('## 不转换的内容', '## 不转换的内容（已修改）'));
    const outcome = await rebuilt;
    assert.ok(outcome.ok);
    // Only the body changed: the article's page in each script, nothing else (lists show no body).
    assert.equal(outcome.result!.changed, 2, `${outcome.result!.changed} of ${outcome.result!.pages}`);
    await waitFor(() => sse.events.slice(before).find((event) => event.event === 'reload'), 'reload event');
    assert.match((await page('zh-hant/news/legacy-words/')).text, /不轉換的內容（已修改）/);
    await server.session.settled(); // feeds are written just after the reload event
    assert.match((await page('zh-hant/feed.xml')).text, /不轉換的內容（已修改）/, 'feeds carry full bodies');
  });

  it('a saved article is found by search when the page reloads, in either script', async () => {
    const before = sse.events.length;
    const rebuilt = server.nextRebuild();
    writeFileSync(article, `${readFileSync(article, 'utf8')}\n编辑刚刚写下的曾都区香菇烘干车间。\n`);
    const outcome = await rebuilt;
    assert.ok(outcome.ok);
    await waitFor(() => sse.events.slice(before).find((event) => event.event === 'reload'), 'reload event');
    // Asked of the server at the moment of the reload, as the reloaded search page would.
    for (const tree of ['', 'zh-hant/']) {
      for (const query of ['香菇烘干车间', '香菇烘乾車間', '香菇烘干車間']) {
        const search = searchCore.createSearch({ indexUrl: '/search/index.json', docsUrl: `/${tree}search/docs/`, fetchText: async (url) => (await page(url.slice(1))).text });
        const { ids } = await search.find(query);
        const hits = await search.listings(ids);
        assert.deepEqual(hits.map((hit) => hit.path), [`/${tree}news/legacy-words/`], `${tree}${query}`);
      }
    }
    const search = outcome.result!.stages.find((stage) => stage.name === 'search');
    assert.ok(search, 'the index was updated in this rebuild');
  });

  it('a title edit reaches every list the article is on', async () => {
    const rebuilt = server.nextRebuild();
    writeFileSync(article, readFileSync(article, 'utf8').replace(/^title: .*$/m, 'title: 改过标题的文章'));
    const outcome = await rebuilt;
    assert.ok(outcome.ok);
    assert.ok(outcome.result!.changed > 2, `${outcome.result!.changed} pages`);
    assert.match((await page('news/')).text, /改过标题的文章/);
    assert.match((await page('zh-hant/')).text, /改過標題的文章/);
    assert.match((await page('news/traditional-author/')).text, /改过标题的文章/, '上一篇 / 下一篇 of its neighbour');
  });

  it('shows an error in the terminal and over the page, keeps the last good pages, and clears it when fixed', async () => {
    const broken = path.join(root, 'content', 'news', '2022-06-01-broken.md');
    let before = sse.events.length;
    let rebuilt = server.nextRebuild();
    writeFileSync(broken, '---\ntitle: [没有闭合\ndate: 2022-06-01\n---\n正文\n');
    assert.equal((await rebuilt).ok, false);
    const problem = await waitFor(() => sse.events.slice(before).find((event) => event.event === 'problem'), 'problem event');
    assert.match(JSON.parse(problem.data).text, /content\/news\/2022-06-01-broken\.md:\d+/);
    assert.ok(logs.some((line) => line.includes('2022-06-01-broken.md')));
    assert.equal((await page('news/legacy-words/')).status, 200, 'the last good pages are still served');

    before = sse.events.length;
    rebuilt = server.nextRebuild();
    writeFileSync(broken, '---\ntitle: 修好了\ndate: 2022-06-01\n---\n正文\n');
    assert.equal((await rebuilt).ok, true);
    await waitFor(() => sse.events.slice(before).find((event) => event.event === 'reload'), 'reload after the fix');
    assert.match((await page('news/broken/')).text, /修好了/);
  });

  it('handles adding, renaming and deleting articles, and template changes', async () => {
    const added = path.join(root, 'content', 'news', '2022-07-01-added.md');
    let rebuilt = server.nextRebuild();
    writeFileSync(added, '---\ntitle: 新增的文章\ndate: 2022-07-01\ntags: [新标签]\n---\n新增的正文。\n');
    await rebuilt;
    assert.match((await page('news/')).text, /新增的文章/);
    assert.equal((await page('tags/xin-biao-qian/')).status, 200);

    rebuilt = server.nextRebuild();
    rmSync(added);
    writeFileSync(path.join(root, 'content', 'news', '2022-07-01-renamed.md'), '---\ntitle: 改名的文章\ndate: 2022-07-01\n---\n正文。\n');
    await rebuilt;
    assert.equal((await page('news/added/')).status, 404);
    assert.equal((await page('tags/xin-biao-qian/')).status, 404);
    assert.doesNotMatch((await page('news/')).text, /新增的文章/);
    await server.session.settled();
    assert.doesNotMatch((await page('feed.xml')).text, /新增的文章/);
    assert.doesNotMatch((await page('sitemap.xml')).text, /news\/added\//);

    const templates = path.join(root, 'templates', 'partials');
    mkdirSync(templates, { recursive: true });
    rebuilt = server.nextRebuild();
    writeFileSync(path.join(templates, 'footer.njk'), '<footer class="site-footer"><p>开发中的页脚</p></footer>\n');
    await rebuilt;
    assert.match((await page('zh-hant/news/')).text, /開發中的頁腳/);

    // A page template that no other template names: only its own pages are rendered again.
    const builtin = readFileSync(path.join(import.meta.dirname, '..', 'templates', 'article.njk'), 'utf8');
    rebuilt = server.nextRebuild();
    writeFileSync(path.join(root, 'templates', 'article.njk'), builtin.replace('{% block content %}', '{% block content %}<p>文章模板已改</p>'));
    const outcome = await rebuilt;
    assert.ok(outcome.ok);
    assert.equal(outcome.result!.changed, outcome.result!.articles * 2);
    assert.match((await page('zh-hant/news/legacy-words/')).text, /文章模板已改/);
    assert.doesNotMatch((await page('news/')).text, /文章模板已改/);

    // A macro imported by a partial (`{% from … import %}`, whose macros a build makes once): its edit shows on the next rebuild.
    rebuilt = server.nextRebuild();
    writeFileSync(path.join(templates, 'mark.njk'), '{% macro mark() %}<b class="mark">甲版</b>{% endmacro %}\n');
    await rebuilt;
    const item = readFileSync(path.join(import.meta.dirname, '..', 'templates', 'partials', 'article-item.njk'), 'utf8');
    rebuilt = server.nextRebuild();
    writeFileSync(path.join(templates, 'article-item.njk'), `{% from "partials/mark.njk" import mark %}{{ mark() }}${item}`);
    await rebuilt;
    assert.match((await page('news/')).text, /<b class="mark">甲版<\/b>/);
    rebuilt = server.nextRebuild();
    writeFileSync(path.join(templates, 'mark.njk'), '{% macro mark() %}<b class="mark">乙版</b>{% endmacro %}\n');
    await rebuilt;
    assert.match((await page('news/')).text, /<b class="mark">乙版<\/b>/);
    assert.doesNotMatch((await page('zh-hant/news/')).text, /甲版/);
  });

  it('follows folders of articles and static files coming and going', async () => {
    const folder = path.join(root, 'content', 'special');
    mkdirSync(folder);
    let rebuilt = server.nextRebuild();
    writeFileSync(path.join(folder, '2022-08-01-in-folder.md'), '---\ntitle: 专题文章\ndate: 2022-08-01\n---\n正文。\n');
    writeFileSync(path.join(root, 'public', 'notice.txt'), '通知\n');
    await rebuilt;
    await waitFor(async () => ((await page('news/in-folder/')).status === 200 ? true : undefined), 'the new folder\'s article');
    assert.equal((await page('notice.txt')).text, '通知\n');

    rebuilt = server.nextRebuild();
    rmSync(folder, { recursive: true });
    rmSync(path.join(root, 'public', 'notice.txt'));
    await rebuilt;
    await waitFor(async () => ((await page('news/in-folder/')).status === 404 ? true : undefined), 'the removed folder\'s article gone');
    await waitFor(async () => ((await page('notice.txt')).status === 404 ? true : undefined), 'the removed static file gone');
    assert.doesNotMatch((await page('news/')).text, /专题文章/);
  });

  it('after all these edits, serves what a cold build of the same files makes', async () => {
    const out = path.join(tempDir(), 'cold');
    const result = xinwen(['build', '--root', root, '--out', out, '--no-cache']);
    assert.equal(result.status, 0, result.stderr);
    await server.session.settled();
    assert.equal(siteTree(server.session.outDir), siteTree(out));
  });

  it('refuses to serve anything outside the output folder', async () => {
    const origin = new URL(server.url).origin;
    for (const attempt of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fcontent%2fsite.yaml', '/%2e%2e%5c%2e%2e%5cetc%5cpasswd', '/.xinwen-output']) {
      const status = await new Promise<number>((resolve, reject) => {
        // A raw request: fetch would normalise the dots away before sending.
        const request = http.request({ host: '127.0.0.1', port: new URL(origin).port, path: attempt }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
      assert.ok(status === 404 || status === 400, `${attempt}: ${status}`);
    }
  });

  it('answers a few hundred requests in parallel', async () => {
    const responses = await Promise.all(Array.from({ length: 300 }, (_, i) => fetch(new URL(i % 2 ? 'news/' : 'zh-hant/news/legacy-words/', server.url))));
    assert.ok(responses.every((response) => response.status === 200));
    await Promise.all(responses.map((response) => response.arrayBuffer()));
  });
});

describe('xinwen dev after an error', () => {
  const root = copyFixture('basic');
  const news = path.join(root, 'content', 'news', '2022');
  let server: DevServer;
  let sse: ReturnType<typeof listen>;
  before(async () => {
    server = await startDevServer({ root, port: 0, log: () => {} });
    sse = listen(server.url);
  });
  after(async () => {
    sse.close();
    await server.close();
  });

  it('keeps reporting a duplicate URL while it lasts, through edits of other articles, and never crashes', async () => {
    const files = readdirSync(news).filter((name) => name.endsWith('.md') && !name.includes('draft')).sort();
    const [first, second, third] = files.map((name) => path.join(news, name)) as [string, string, string];
    const slugOf = (file: string) => path.basename(file, '.md').replace(/^\d{4}-\d{2}-\d{2}-/, '');
    const original = readFileSync(second, 'utf8');
    let rebuilt = server.nextRebuild();
    writeFileSync(second, original.replace(/^title:/m, `slug: ${slugOf(first)}\ntitle:`));
    assert.equal((await rebuilt).ok, false);
    // An edit of a third article's heading (its body only) must not use the model the duplicate left behind.
    for (const heading of ['## 小标题（一改）', '## 小标题（二改）']) {
      const before = sse.events.length;
      rebuilt = server.nextRebuild();
      writeFileSync(third, `${readFileSync(third, 'utf8')}\n${heading}\n`);
      assert.equal((await rebuilt).ok, false);
      const problem = await waitFor(() => sse.events.slice(before).find((event) => event.event === 'problem'), 'problem event');
      assert.match(JSON.parse(problem.data).text, /would both be published at .* \[model\/duplicate-url\]/);
      assert.doesNotMatch(JSON.parse(problem.data).text, /internal|bug in xinwen|TypeError/);
    }
    rebuilt = server.nextRebuild();
    writeFileSync(second, original);
    assert.equal((await rebuilt).ok, true);
    const out = path.join(tempDir(), 'cold');
    assert.equal(xinwen(['build', '--root', root, '--out', out, '--no-cache']).status, 0);
    await server.session.settled();
    assert.equal(siteTree(server.session.outDir), siteTree(out));
  });

  it('clears the overlay when the fix leaves every page as it was', async () => {
    const file = path.join(news, readdirSync(news).filter((name) => name.endsWith('.md') && !name.includes('draft')).sort()[0]!);
    const good = readFileSync(file, 'utf8');
    let before = sse.events.length;
    let rebuilt = server.nextRebuild();
    writeFileSync(file, good.replace(/^title: .*$/m, 'title: [没有闭合'));
    assert.equal((await rebuilt).ok, false);
    await waitFor(() => sse.events.slice(before).find((event) => event.event === 'problem'), 'problem event');
    before = sse.events.length;
    rebuilt = server.nextRebuild();
    writeFileSync(file, good);
    const outcome = await rebuilt;
    assert.ok(outcome.ok);
    assert.equal(outcome.result!.changed, 0, 'the restored file gives the pages that are already there');
    await waitFor(() => sse.events.slice(before).find((event) => event.event === 'cleared'), 'cleared event');
  });
});

describe('two dev servers on one site', () => {
  it('the second refuses with a clear message instead of writing the same folder', async () => {
    const root = copyFixture('basic');
    const first = await startDevServer({ root, port: 0, log: () => {} });
    try {
      await assert.rejects(startDevServer({ root, port: 0, log: () => {} }), /xinwen dev \(pid \d+\) is writing into .*dev-site/);
    } finally {
      await first.close();
    }
    const again = await startDevServer({ root, port: 0, log: () => {} });
    await again.close();
  });
});

describe('xinwen dev on a site that does not build at first', () => {
  it('starts, shows the problem, and builds once the settings are fixed', async () => {
    const root = copyFixture('basic');
    const settingsFile = path.join(root, 'content', 'site.yaml');
    const good = readFileSync(settingsFile, 'utf8');
    writeFileSync(settingsFile, good.replace(/^base_url:.*$/m, ''));
    const logs: string[] = [];
    const server = await startDevServer({ root, port: 0, log: (line) => logs.push(line) });
    try {
      assert.ok(logs.some((line) => line.includes('base_url')), logs.join('\n'));
      const rebuilt = server.nextRebuild();
      writeFileSync(settingsFile, good);
      assert.equal((await rebuilt).ok, true);
      assert.equal((await fetch(new URL('news/', server.url))).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('xinwen check and xinwen new', () => {
  it('check reports every error and warning in one run, and exits 1', () => {
    const root = copyFixture('basic');
    writeFileSync(path.join(root, 'content', 'news', 'bad-1.md'), '---\ntitle: 坏日期\ndate: 2022-02-30\n---\n正文\n');
    writeFileSync(path.join(root, 'content', 'news', 'bad-2.md'), '---\ndate: 2022-02-01\ntitel: 拼错\n---\n正文\n');
    writeFileSync(path.join(root, 'content', 'dictionary.txt'), '余华\n');
    const result = xinwen(['check', '--root', root]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /bad-1\.md:3: `date`: `2022-02-30` is not a real day/);
    assert.match(result.stderr, /bad-2\.md:2: `title` is required/);
    assert.match(result.stderr, /warning in content\/news\/bad-2\.md:3: unknown front-matter key `titel`/);
    assert.match(result.stderr, /content\/dictionary\.txt:1: dictionary line must be two words/);
    assert.match(result.stderr, /checked 7 articles: 3 errors, 1 warnings/);
  });

  it('check passes a good site and writes nothing', () => {
    const root = copyFixture('basic');
    const before = listFiles(root);
    const result = xinwen(['check', '--root', root]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /checked 5 articles: 0 errors, 0 warnings/);
    assert.deepEqual(listFiles(root), before);
  });

  it('new creates a dated article with a pinyin file name, and refuses to overwrite it', () => {
    const root = copyFixture('basic');
    const first = xinwen(['new', '随州香菇节开幕', '--root', root, '--category', '公司新闻']);
    assert.equal(first.status, 0, first.stderr);
    const file = path.resolve(first.stdout.trim());
    assert.match(path.basename(file), /^\d{4}-\d{2}-\d{2}-sui-zhou-xiang-gu-jie-kai-mu\.md$/);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^---\ntitle: "随州香菇节开幕"\ndate: "\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"\nauthor: "网站编辑"\nsource: "本站原创"\nviews: 0\ntags: \[\]\ncategory: "公司新闻"\n---\n/);
    const again = xinwen(['new', '随州香菇节开幕', '--root', root]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists \[new\/exists\]/);
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.equal(xinwen(['check', '--root', root]).status, 0, 'the new article is valid');
  });
});
