import assert from 'node:assert/strict';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { build, type BuildResult } from '../src/pipeline/build.ts';
import { listFiles, tempDir, treeHash } from './support/site.ts';
import { random } from './support/corpus.ts';

/**
 * Incremental builds: a build into a folder it built before renders only
 * the pages whose content changed, starting from the previous output's
 * spare or from hard links to its files. Whatever the edits, the output
 * must equal, byte for byte, a cold build of the same files.
 */


interface Article {
  /** Path under content/news/. */
  name: string;
  title: string;
  date: string;
  views: number;
  tags: string[];
  category?: string;
  summary?: string;
  script?: string;
  draft?: boolean;
  pinned?: boolean;
  featured?: boolean;
  /** One of the site's photos (public/images/photo-N.jpg). */
  cover?: string;
  body: string[];
}

/** Small JPEGs of different colours, made once: the photos of the sites, and what a photo edit writes over one. */
const PHOTO_BYTES: Buffer[] = [];
const PHOTO_SLOTS = 3;

async function makePhotos(): Promise<void> {
  if (PHOTO_BYTES.length > 0) return;
  for (const [i, colour] of ['#b03030', '#30a050', '#3050b0', '#c0a020', '#8040a0', '#208080'].entries()) {
    PHOTO_BYTES.push(await sharp({ create: { width: 64 + i * 8, height: 48, channels: 3, background: colour } }).jpeg().toBuffer());
  }
}

const TAGS = ['党建', '治理', '香菇', '随州', '编钟', 'AI', '云计算', '乡村振兴'];
const CATEGORIES = ['公司新闻', '媒体报道', '通知公告'];
const WORDS = ['联系我们的服务热线', '随州香菇出口量创新高', '社区干部深入一线', '数字政府建设稳步推进', '发布了新的系统', '头发与发展', '群众致富门路不断拓宽'];

const SETTINGS = [
  'name: 增量测试新闻中心',
  'base_url: https://news.example.com/sub/',
  'page_size: 3',
  'hot_count: 3',
  'related_count: 2',
  'contact:',
  '  hotline: 400-123-4567',
  'search: true', // the search index is part of what must equal a cold build
  '',
].join('\n');

/** A small site kept in memory and written to disk: edits change it and rewrite only what they touch. */
class Site {
  readonly articles = new Map<string, Article>();
  private count = 0;

  constructor(
    readonly root: string,
    private readonly next: () => number,
  ) {
    mkdirSync(path.join(root, 'content', 'news'), { recursive: true });
    mkdirSync(path.join(root, 'public', 'images'), { recursive: true });
    writeFileSync(path.join(root, 'content', 'site.yaml'), SETTINGS);
    writeFileSync(path.join(root, 'public', 'images', 'logo.txt'), 'logo 1\n');
    for (let slot = 1; slot <= PHOTO_SLOTS; slot++) writeFileSync(path.join(root, 'public', 'images', `photo-${slot}.jpg`), PHOTO_BYTES[slot - 1]!);
    for (let i = 0; i < 14; i++) this.add();
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  sentence(): string {
    return `${this.pick(WORDS)}，${this.pick(WORDS)}。`;
  }

  date(): string {
    const day = 1 + Math.floor(this.next() * 60);
    const time = new Date(Date.UTC(2024, 0, day, Math.floor(this.next() * 24), Math.floor(this.next() * 4) * 15));
    return time.toISOString().slice(0, 16).replace('T', ' ');
  }

  add(): Article {
    this.count++;
    const article: Article = {
      name: `${this.next() < 0.3 ? '2024/' : ''}a-${this.count}.md`,
      title: `${this.pick(WORDS)}（${this.count}）`,
      date: this.date(),
      views: Math.floor(this.next() * 50),
      tags: [...new Set([this.pick(TAGS), this.pick(TAGS)])].slice(0, 1 + Math.floor(this.next() * 2)),
      category: this.next() < 0.7 ? this.pick(CATEGORIES) : undefined,
      // A lead longer than a summary: a sentence added after it changes the body alone (edits planned without a model).
      body: [Array.from({ length: 5 }, () => this.sentence()).join(''), this.sentence()],
    };
    this.articles.set(article.name, article);
    this.write(article);
    return article;
  }

  file(article: Article): string {
    return path.join(this.root, 'content', 'news', article.name);
  }

  write(article: Article): void {
    const lines = ['---', `title: ${article.title}`, `date: ${article.date}`, `views: ${article.views}`, `tags: [${article.tags.join(', ')}]`];
    if (article.category) lines.push(`category: ${article.category}`);
    if (article.summary) lines.push(`summary: ${article.summary}`);
    if (article.script) lines.push(`script: ${article.script}`);
    if (article.cover) lines.push(`cover: ${article.cover}`);
    for (const flag of ['draft', 'pinned', 'featured'] as const) if (article[flag]) lines.push(`${flag}: true`);
    lines.push('---', '', article.body.join('\n\n'), '');
    mkdirSync(path.dirname(this.file(article)), { recursive: true });
    writeFileSync(this.file(article), lines.join('\n'));
  }

  remove(article: Article): void {
    rmSync(this.file(article));
    this.articles.delete(article.name);
  }

  /** A sentence added to a random article's body (after its lead, so what lists show of it stays the same). */
  bodyEdit(): string {
    const article = this.pick([...this.articles.values()]);
    article.body.push(this.sentence());
    this.write(article);
    return `body ${article.name}`;
  }

  /** One random edit; returns what it did, for the failure message. */
  edit(): string {
    const all = [...this.articles.values()];
    const article = this.pick(all);
    const other = this.pick(all);
    const change = (what: string, apply: () => void) => {
      apply();
      this.write(article);
      return `${what} ${article.name}`;
    };
    const edits: (() => string)[] = [
      () => change('body', () => article.body.push(this.sentence())),
      () => change('body', () => (article.body[0] = this.sentence())),
      () => change('title', () => (article.title = `${this.pick(WORDS)}（改${Math.floor(this.next() * 100)}）`)),
      () => change('date', () => (article.date = this.date())),
      () => change('views', () => (article.views = Math.floor(this.next() * 80))),
      () => change('tag', () => article.tags.push(this.pick(TAGS))),
      () => change('tags', () => (article.tags = article.tags.slice(1))),
      () => change('category', () => (article.category = this.next() < 0.3 ? undefined : this.pick(CATEGORIES))),
      () => change('summary', () => (article.summary = article.summary ? undefined : this.pick(WORDS))),
      () => change('draft', () => (article.draft = !article.draft)),
      () => change('pinned', () => (article.pinned = !article.pinned)),
      () => change('featured', () => (article.featured = !article.featured)),
      () => change('script', () => (article.script = article.script ? undefined : 'zh-Hant')),
      () => change('link', () => article.body.push(`[见](${path.posix.relative(path.posix.dirname(article.name), other.name) || other.name})`)),
      () => change('broken link', () => article.body.push('[无](./no-such.md)')),
      () => change('touch', () => {}),
      () => change('photo', () => article.body.push(`![图${this.count}](/images/photo-${1 + Math.floor(this.next() * PHOTO_SLOTS)}.jpg "图为第${this.count}张。")`)),
      () => change('cover', () => (article.cover = article.cover ? undefined : `/images/photo-${1 + Math.floor(this.next() * PHOTO_SLOTS)}.jpg`)),
      () => {
        const slot = 1 + Math.floor(this.next() * PHOTO_SLOTS);
        writeFileSync(path.join(this.root, 'public', 'images', `photo-${slot}.jpg`), this.pick(PHOTO_BYTES));
        return `photo edit photo-${slot}.jpg`;
      },
      () => {
        const added = this.add();
        return `add ${added.name}`;
      },
      () => {
        if (all.length < 6) return 'nothing';
        this.remove(article);
        return `delete ${article.name}`;
      },
      () => {
        // A rename moves the article to another URL.
        const from = this.file(article);
        this.articles.delete(article.name);
        article.name = `r-${++this.count}.md`;
        this.articles.set(article.name, article);
        renameSync(from, this.file(article));
        return `rename to ${article.name}`;
      },
      () => {
        writeFileSync(path.join(this.root, 'public', 'images', 'logo.txt'), `logo ${this.next()}\n`);
        return 'static edit';
      },
      () => {
        const extra = path.join(this.root, 'public', 'robots.txt');
        if (existsSync(extra)) rmSync(extra);
        else writeFileSync(extra, 'User-agent: *\nDisallow: /private/\n');
        return 'static robots.txt';
      },
      () => {
        const extra = path.join(this.root, 'public', 'files', 'notice.txt');
        if (existsSync(extra)) rmSync(path.dirname(extra), { recursive: true });
        else {
          mkdirSync(path.dirname(extra), { recursive: true });
          writeFileSync(extra, '通知\n');
        }
        return 'static folder';
      },
    ];
    return this.pick(edits)();
  }
}

async function buildInto(root: string, outDir: string, options: { cold?: boolean; jobs?: number } = {}): Promise<BuildResult> {
  return build({ root, outDir, jobs: options.jobs, progress: undefined, ...(options.cold ? { cacheDir: false, force: true } : {}) });
}

/** The files of two output folders that differ, for a readable failure. */
function differences(a: string, b: string): string[] {
  const files = new Set([...listFiles(a), ...listFiles(b)]);
  return [...files].filter((file) => !existsSync(path.join(a, file)) || !existsSync(path.join(b, file)) || !readFileSync(path.join(a, file)).equals(readFileSync(path.join(b, file))));
}

async function assertLikeCold(site: Site, out: string, step: string): Promise<void> {
  const cold = path.join(tempDir(), 'cold');
  await buildInto(site.root, cold, { cold: true });
  if (treeHash(out) !== treeHash(cold)) assert.fail(`after ${step}, the output differs from a cold build in: ${differences(out, cold).slice(0, 10).join(', ')}`);
  rmSync(cold, { recursive: true, force: true });
}

/** The same bytes under another name, held outside the output: a file written into (not replaced) would change them. */
function hold(file: string): { path: string; content: Buffer } {
  const held = path.join(tempDir(), 'held');
  linkSync(file, held);
  return { path: held, content: readFileSync(held) };
}

describe('incremental builds equal cold builds', () => {
  before(makePhotos);
  const SEED = Number(process.env.XINWEN_INCREMENTAL_SEED ?? 20261202);
  const STEPS = Number(process.env.XINWEN_INCREMENTAL_STEPS ?? 6);

  it(`after ${STEPS} builds of random edits (seed ${SEED}), each output equals a cold build of the same files`, { timeout: 600_000 }, async () => {
    const site = new Site(path.join(tempDir(), 'site'), random(SEED));
    const out = path.join(tempDir(), 'out');
    const first = await buildInto(site.root, out);
    assert.equal(first.rendered, first.pages);
    let incremental = 0;
    let withoutModel = 0;
    for (let step = 0; step < STEPS; step++) {
      // Two steps in five edit a body alone: the second of them is planned without a model (the first, from the spare, often is not).
      const edits = step % 5 >= 3 ? [site.bodyEdit()] : Array.from({ length: 1 + Math.floor(site.pick([0, 0, 0, 1, 2])) }, () => site.edit());
      const description = `step ${step} (${edits.join('; ')})`;
      // Some builds with a worker thread: after a few edits it parses them, and the pages are rendered here.
      const result = await buildInto(site.root, out, { jobs: step % 5 === 1 || step % 5 === 4 ? 2 : 1 });
      if (result.rendered < result.pages) incremental++;
      if (!result.upToDate && !result.stages.some((stage) => stage.name === 'model')) withoutModel++;
      await assertLikeCold(site, out, description);
    }
    assert.ok(incremental >= STEPS / 4, `only ${incremental} of ${STEPS} builds rendered fewer pages than all: the incremental path was hardly taken`);
    if (STEPS >= 10) assert.ok(withoutModel > 0, 'no build was planned without a model: the path of edits of bodies alone was never taken');
  });

  it('plans edits of bodies alone without a model, from what the last build kept, and still equals a cold build', async () => {
    const site = new Site(path.join(tempDir(), 'site'), random(5));
    const out = path.join(tempDir(), 'out');
    await buildInto(site.root, out);
    const byDate = [...site.articles.values()].sort((a, b) => (a.date < b.date ? 1 : -1));
    // The newest (in the feeds and on the home page), the oldest, a draft, and the same one twice (the build then starts from the spare, one build older).
    const draft = byDate.find((article) => article !== byDate[0]);
    draft!.draft = true;
    site.write(draft!);
    await buildInto(site.root, out);
    // The spare is now the output before the draft: a page fewer, so the next build needs a model. The one after, not.
    byDate[2]!.body.push('一段正文。');
    site.write(byDate[2]!);
    await buildInto(site.root, out);
    for (const [step, article] of [byDate[0]!, byDate.at(-1)!, draft!, byDate[0]!, byDate[0]!, byDate[3]!].entries()) {
      article.body.push(`第${step}次补充的一段正文。`);
      site.write(article);
      const result = await buildInto(site.root, out, { jobs: 1 + (step % 2) });
      assert.ok(!result.stages.some((stage) => stage.name === 'model'), `step ${step}: planned with a model`);
      assert.ok(result.rendered <= 2 * 2, `step ${step}: ${result.rendered} pages rendered`);
      await assertLikeCold(site, out, `body edit ${step} of ${article.name}`);
    }
  });

  it('a photo edited, added or removed renders again the pages that show it, and only those, like a cold build', async () => {
    const site = new Site(path.join(tempDir(), 'site'), random(3));
    const [withCover, withPhoto, other] = [...site.articles.values()].filter((each) => !each.draft);
    withCover!.cover = '/images/photo-1.jpg';
    site.write(withCover!);
    withPhoto!.body.push('![现场](/images/photo-2.jpg "图为现场。")');
    site.write(withPhoto!);
    const out = path.join(tempDir(), 'out');
    await buildInto(site.root, out);
    const pageOf = (article: Article) => readFileSync(path.join(out, 'news', path.posix.basename(article.name, '.md'), 'index.html'), 'utf8');
    const otherPage = pageOf(other!);
    for (const [step, [slot, bytes]] of [[1, 3], [2, 4], [2, 5], [1, 0]].entries()) {
      const before = [pageOf(withCover!), pageOf(withPhoto!)];
      writeFileSync(path.join(site.root, 'public', 'images', `photo-${slot}.jpg`), PHOTO_BYTES[bytes!]!);
      const result = await buildInto(site.root, out, { jobs: 1 + (step % 2) });
      assert.ok(result.rendered < result.pages, `step ${step}: every page rendered`);
      const shows = slot === 1 ? 0 : 1;
      // A photo of a body alone changed: nothing a list shows did, so the build needs no model (a cover is shown in lists), once the
      // spare it starts from is one built without a model too (as for edits of bodies, see below).
      if (step === 2) assert.ok(!result.stages.some((stage) => stage.name === 'model'), `step ${step}: a body photo's edit was planned with a model`);
      assert.notEqual([pageOf(withCover!), pageOf(withPhoto!)][shows], before[shows], `step ${step}: the page showing photo-${slot}.jpg is as it was`);
      assert.equal(pageOf(other!), otherPage);
      await assertLikeCold(site, out, `photo edit ${step}`);
    }
    // A photo removed that an article shows: an error, and the output stays as it was.
    const kept = treeHash(out);
    rmSync(path.join(site.root, 'public', 'images', 'photo-2.jpg'));
    await assert.rejects(buildInto(site.root, out), /image\/missing|photo-2\.jpg/);
    assert.equal(treeHash(out), kept);
  });

  it('starts from hard links to the output when the spare is gone, and never changes the previous output through them', async () => {
    const site = new Site(path.join(tempDir(), 'site'), random(7));
    const out = path.join(tempDir(), 'out');
    await buildInto(site.root, out);
    rmSync(path.join(path.dirname(out), '.out.xinwen-spare'), { recursive: true });
    const article = [...site.articles.values()].find((each) => !each.draft)!;
    const slug = path.posix.basename(article.name, '.md');
    const page = path.join(out, 'news', slug, 'index.html');
    const unchanged = path.join(out, '404.html');
    const held = hold(page);
    assert.equal(statSync(unchanged).nlink, 1, 'no spare shares the output now');
    article.body.push('一段新的正文。');
    site.write(article);
    await buildInto(site.root, out);
    assert.equal(readFileSync(held.path, 'utf8'), held.content.toString(), 'the previous page changed through a hard link');
    assert.match(readFileSync(page, 'utf8'), /一段新的正文/);
    assert.ok(statSync(unchanged).nlink >= 2, 'unchanged files are shared with the previous output (now the spare), not copied');
    await assertLikeCold(site, out, 'the linked build');
  });

  it('leaves the previous output untouched when a build fails, in the model or while writing, and the next build recovers', async () => {
    const site = new Site(path.join(tempDir(), 'site'), random(11));
    const templates = path.join(site.root, 'templates');
    mkdirSync(templates, { recursive: true });
    // A template that fails on one title only: the error comes while pages are being written.
    const builtIn = readFileSync(path.join(import.meta.dirname, '..', 'templates', 'article.njk'), 'utf8');
    writeFileSync(path.join(templates, 'article.njk'), `{% if page.article.title == "炸" %}{{ nothing.at.all }}{% endif %}${builtIn}`);
    const out = path.join(tempDir(), 'out');
    await buildInto(site.root, out);
    await buildInto(site.root, out); // up to date
    const article = [...site.articles.values()].find((each) => !each.draft)!;
    const page = path.join(out, 'news', path.posix.basename(article.name, '.md'), 'index.html');
    const before = treeHash(out);
    const held = hold(page);

    const good = article.date;
    article.date = '2024-13-01 08:00';
    site.write(article);
    await assert.rejects(buildInto(site.root, out), /no month 13/);
    assert.equal(treeHash(out), before, 'a parse error changed the output');

    article.date = good;
    article.title = '炸';
    site.write(article);
    await assert.rejects(buildInto(site.root, out));
    assert.equal(treeHash(out), before, 'a render error changed the output');
    assert.equal(readFileSync(held.path, 'utf8'), held.content.toString());

    article.title = '修好了';
    site.write(article);
    await buildInto(site.root, out);
    assert.match(readFileSync(page, 'utf8'), /修好了/);
    assert.equal(readFileSync(held.path, 'utf8'), held.content.toString(), 'the previous page changed through a hard link');
    await assertLikeCold(site, out, 'recovery');
  });
});
