import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { build } from '../src/pipeline/build.ts';
import { convertArticleTexts } from '../src/convert/convert-article.ts';
import { ScriptConverter } from '../src/convert/script-converter.ts';
import { SOURCE_SCRIPTS } from '../src/convert/scripts.ts';
import { createClock } from '../src/core/clock.ts';
import { XinwenError, XinwenErrors } from '../src/core/errors.ts';
import { formatError } from '../src/core/format-error.ts';
import { parseArticle, type ParseContext } from '../src/parse/article.ts';
import { createMarkdownRenderer } from '../src/parse/markdown.ts';
import { articleText, fileName, FUZZ_RUNS, FUZZ_SEED, markdown, outputName, text, wideDate } from './support/fuzz.ts';
import { listFiles, tempDir, treeHash, xinwen } from './support/site.ts';

/**
 * Property-based fuzzing: random front matter and Markdown, from plausible to
 * hostile, never crash xinwen, never make it write outside its output folder,
 * and always end in an article or a clear XinwenError. A few hundred cases by
 * default; `XINWEN_FUZZ_RUNS=5000` for a long run, `XINWEN_FUZZ_SEED` to replay one.
 */

const PARSE_RUNS = FUZZ_RUNS || 120;
const BUILD_RUNS = FUZZ_RUNS ? Math.max(25, Math.round(FUZZ_RUNS / 20)) : 12;
const CLI_RUNS = FUZZ_RUNS ? Math.max(4, Math.round(FUZZ_RUNS / 200)) : 4;

/**
 * Run a property; on failure report the seed, the shrunk case (cut short: cases can be megabytes) and what failed.
 * Replay with XINWEN_FUZZ_SEED=<seed>, or paste the case into a unit test.
 */
async function check<T>(property: fc.IProperty<T> | fc.IAsyncProperty<T>, runs: number): Promise<void> {
  const details = await fc.check(property, { numRuns: runs, seed: FUZZ_SEED });
  if (!details.failed) return;
  const example = JSON.stringify(details.counterexample);
  const shown = example === undefined || example.length <= 3000 ? example : `${example.slice(0, 1500)} … (${example.length} characters) … ${example.slice(-1500)}`;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  assert.fail(`property failed after ${details.numRuns} cases (seed ${details.seed}, path ${details.counterexamplePath}, shrunk ${details.numShrinks} times)\ncase: ${shown}\n${cause.slice(0, 4000)}`);
}

/** The errors inside anything parse or build threw, or a failure naming what else was thrown. */
function xinwenErrorsOf(thrown: unknown): XinwenError[] {
  if (thrown instanceof XinwenErrors) {
    assert.ok(thrown.errors.length > 0, 'XinwenErrors with no error in it');
    return thrown.errors;
  }
  if (thrown instanceof XinwenError) return [thrown];
  assert.fail(`not a XinwenError: ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
}

/** A clear error: a stable code, a message that is not a JavaScript failure, the file, and a line that exists. */
function assertClearError(error: XinwenError, file?: string, source?: string): void {
  assert.match(error.code, /^[a-z-]+\/[a-z-]+$/, `code of: ${error.message}`);
  assert.ok(error.message.trim().length > 0, `empty message for ${error.code}`);
  assert.doesNotMatch(error.message, /Maximum call stack|is not a function|Cannot read propert|is not defined|internal error/, error.code);
  if (file !== undefined) assert.equal(error.file, file, `${error.code}: ${error.message}`);
  if (error.line !== undefined) {
    assert.ok(Number.isInteger(error.line) && error.line >= 1, `line ${error.line} of ${error.code}`);
    if (source !== undefined) assert.ok(error.line <= source.split('\n').length, `line ${error.line} past the end, ${error.code}: ${error.message}`);
  }
  formatError(error);
}

// ---------------------------------------------------------------- parse, in-process

const context: ParseContext = { clock: createClock('Asia/Shanghai'), markdown: createMarkdownRenderer('/sub/'), defaultAuthor: '网站编辑' };
// Hong Kong with corner quotes, so their pairing meets fuzzed bodies too.
const variants = (['cn', 'tw', 'hk'] as const).map((locale, i) => ({ locale, lang: locale, label: locale, path: i === 0 ? '/' : `/${locale}/`, quotes: locale === 'hk' ? ('corner' as const) : ('curly' as const) }));
const converter = new ScriptConverter(variants, [{ source: '联系', target: '聯繫', line: 1 }], (href, variant) => `${variant.path}${href}`);

function checkParse(file: string, text: string): void {
  let parsed: ReturnType<typeof parseArticle>;
  try {
    parsed = parseArticle({ file, text }, context);
  } catch (thrown) {
    const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    for (const error of xinwenErrorsOf(thrown)) assertClearError(error, file, error.source === undefined ? undefined : normalized);
    return;
  }
  const { article, warnings } = parsed;
  assert.match(article.slug, /^[a-z0-9._-]+$/);
  assert.ok(article.slug !== '.' && article.slug !== '..' && !article.slug.startsWith('.'), article.slug);
  assert.ok(Number.isFinite(article.time), 'time');
  assert.ok(Number.isInteger(article.yearMonth.year) && article.yearMonth.month >= 1 && article.yearMonth.month <= 12, 'year and month');
  assert.ok(Number.isSafeInteger(article.views) && article.views >= 0, 'views');
  assert.ok(article.title.length > 0 && article.tags.every((tag) => typeof tag === 'string' && tag.length > 0), 'title and tags');
  for (const warning of warnings) assert.ok(warning.code && warning.message && warning.file === file, warning.message);
  const from = article.script ? SOURCE_SCRIPTS[article.script] : 'cn';
  assert.equal(convertArticleTexts(article, from, converter, variants.length).length, variants.length);
  for (const variant of variants.keys()) assert.equal(typeof converter.convert('html', article.bodyHtml, from, variant), 'string');
}

describe('fuzz: parsing one article', () => {
  test(`random front matter and Markdown give an article or a clear error (${PARSE_RUNS} cases)`, async () => {
    await check(
      fc.property(fileName, articleText, (name, source) => checkParse(`content/news/${name}.md`, source)),
      PARSE_RUNS,
    );
  });

  test(`random Markdown under valid front matter always renders (${PARSE_RUNS} cases)`, async () => {
    await check(
      fc.property(markdown, (body) => {
        const { article } = parseArticle({ file: 'content/a.md', text: `---\ntitle: t\ndate: 2022-05-17\n---\n正文。\n\n${body}` }, context);
        // Raw HTML is the editor's own (trusted); links written in Markdown never get a dangerous scheme.
        if (!/<a\b|href/i.test(body)) assert.doesNotMatch(article.bodyHtml, /(href|src)="\s*(javascript|vbscript|file):/i);
      }),
      PARSE_RUNS,
    );
  });
});

// ---------------------------------------------------------------- build, end to end

/** Settings of a random site: the parts that shape dates, links and conversion vary; search is off (it has its own tests). */
const siteYaml = fc
  .tuple(
    fc.constantFrom('Asia/Shanghai', 'UTC', 'Pacific/Kiritimati', 'America/St_Johns', 'Asia/Kathmandu'),
    fc.constantFrom('https://example.com/', 'https://example.com/sub/', 'http://例子.中国/新闻/'),
    fc.constantFrom('zh-Hans', 'zh-Hant', 'zh-Hant-HK'),
  )
  .map(([timezone, baseUrl, script]) =>
    [`name: 模糊测试`, `base_url: ${baseUrl}`, `timezone: ${timezone}`, `script: ${script}`, 'search: false', 'page_size: 2', 'hot_count: 2', 'related_count: 2', ''].join('\n'),
  );
const sandboxes: string[] = [];
after(() => {
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
});

interface RandomSite {
  settings: string;
  articles: { dir: string; name: string; text: string }[];
  /** Output folder inside the site root (dist) or beside it (out). */
  outInside: boolean;
  /** Whether a previous build's output is there already. */
  previous: boolean;
  /** A symlinked folder in content/ that leads outside the site. */
  link: boolean;
}

/** Mostly valid articles, so that most builds get as far as writing pages, with hostile slugs and names among them. */
const validishArticle = fc.oneof(
  { weight: 1, arbitrary: articleText },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        text,
        fc.option(fc.oneof(text, outputName, fc.constantFrom('../../x', '/tmp/x', '%2e%2e', '..', '随州/香菇', 'a'.repeat(300), '随'.repeat(120))), { nil: undefined, freq: 2 }),
        fc.array(fc.oneof({ weight: 4, arbitrary: text }, outputName), { maxLength: 3 }),
        fc.oneof({ weight: 4, arbitrary: text }, outputName),
        markdown,
        fc.oneof(fc.constant('2022-05-17 08:10:05'), wideDate),
        fc.constantFrom('', 'draft: true', 'pinned: true', 'featured: true', 'script: zh-Hant', 'script: zh-Hant-HK', 'views: 9007199254740991'),
      )
      .map(([title, slug, tags, category, body, date, extra]) =>
        [
          '---',
          `title: ${JSON.stringify(`${title}标题`)}`,
          `date: ${JSON.stringify(date)}`,
          extra,
          slug === undefined ? '' : `slug: ${JSON.stringify(slug)}`,
          `tags: ${JSON.stringify(tags)}`,
          `category: ${JSON.stringify(category)}`,
          '---',
          body,
        ].join('\n'),
      ),
  },
);

const randomSite: fc.Arbitrary<RandomSite> = fc.record({
  settings: siteYaml,
  articles: fc.array(
    fc.record({ dir: fc.constantFrom('news', 'news/2022', '', 'news/..x', 'a b/随州', '%2e%2e'), name: fileName, text: validishArticle }),
    { minLength: 1, maxLength: 3 },
  ),
  outInside: fc.boolean(),
  previous: fc.boolean(),
  link: fc.boolean(),
});

/** Every entry under `dir` with what it holds, skipping the given names at the top; symlinks are recorded, never followed. */
function snapshot(dir: string, skip: (name: string) => boolean, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const relative = prefix + name;
    if (skip(relative)) continue;
    const full = path.join(dir, name);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) entries.set(relative, `link ${readlinkSync(full)}`);
    else if (stat.isDirectory()) {
      entries.set(relative, `dir ${stat.mode}`);
      for (const [key, value] of snapshot(full, skip, `${relative}/`)) entries.set(key, value);
    } else entries.set(relative, `file ${stat.mode} ${createHash('sha1').update(readFileSync(full)).digest('hex')}`);
  }
  return entries;
}

/** Write the site into a fresh sandbox; returns its folders. */
function writeSite(site: RandomSite): { sandbox: string; root: string; out: string; outName: string } {
  const sandbox = tempDir('xinwen-fuzz-');
  sandboxes.push(sandbox);
  const root = path.join(sandbox, 'site');
  mkdirSync(path.join(root, 'content'), { recursive: true });
  writeFileSync(path.join(root, 'content', 'site.yaml'), site.settings);
  writeFileSync(path.join(sandbox, 'secret.txt'), 'outside the site\n');
  const written = new Set<string>();
  for (const article of site.articles) {
    const file = path.join(root, 'content', article.dir, `${article.name}.md`);
    if (written.has(file)) continue;
    written.add(file);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, article.text);
  }
  if (site.link) {
    mkdirSync(path.join(sandbox, 'elsewhere'));
    writeFileSync(path.join(sandbox, 'elsewhere', 'linked.md'), '---\ntitle: 链接\ndate: 2022-05-17\n---\n联系\n');
    symlinkSync(path.join(sandbox, 'elsewhere'), path.join(root, 'content', 'linked'), 'dir');
  }
  const outName = site.outInside ? 'site/dist' : 'out';
  const out = path.join(sandbox, outName);
  if (site.previous) {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, '.xinwen-output'), 'previous\n');
    writeFileSync(path.join(out, 'old.html'), '<p>previous build</p>\n');
  }
  return { sandbox, root, out, outName };
}

/** Everything in the sandbox but the output folder, the atomic-write folders beside it and the cache. */
function outsideOutput(sandbox: string, outName: string): Map<string, string> {
  const base = path.posix.basename(outName);
  const parent = path.posix.dirname(outName);
  // The output's own siblings: an old output on its way out, and the spare the next build starts from (output.ts).
  const sibling = new RegExp(`^${parent === '.' ? '' : `${parent}/`}\\.${base}\\.xinwen-(old-[0-9a-f-]+|spare)(/|$)`);
  return snapshot(sandbox, (relative) => relative === outName || relative.startsWith(`${outName}/`) || /(^|\/)\.cache(\/|$)/.test(relative) || sibling.test(relative));
}

/** What the build should have published: the slug of each article that parses and is not a draft. */
function expectedSlugs(root: string): string[] | undefined {
  const slugs: string[] = [];
  for (const file of listFiles(path.join(root, 'content')).filter((f) => f.toLowerCase().endsWith('.md') && !f.split('/').some((part) => part.startsWith('.')))) {
    try {
      // Named as the build names it: content/news/index.md is the article folder `news`.
      const { article } = parseArticle({ file: `content/${file}`, text: readFileSync(path.join(root, 'content', file), 'utf8') }, context);
      if (!article.draft) slugs.push(article.slug);
    } catch {
      return undefined;
    }
  }
  return slugs;
}

function checkOutcome(folders: ReturnType<typeof writeSite>, before: Map<string, string>, previousHash: string | undefined, failure: XinwenError[] | undefined): void {
  const { sandbox, root, out, outName } = folders;
  assert.deepEqual(outsideOutput(sandbox, outName), before, 'something outside the output folder changed');
  assert.deepEqual(
    readdirSync(path.dirname(out)).filter((name) => name.includes('.xinwen-tmp-')),
    [],
    'a temporary output folder was left behind',
  );
  if (failure) {
    for (const error of failure) assertClearError(error);
    if (previousHash !== undefined) assert.equal(treeHash(out), previousHash, 'the previous output changed');
    else assert.ok(!existsSync(out), 'a failed build left an output folder');
    return;
  }
  assert.ok(existsSync(path.join(out, '.xinwen-output')) && !existsSync(path.join(out, 'old.html')), 'the output was not replaced');
  const slugs = expectedSlugs(root);
  assert.ok(slugs, 'the build succeeded although an article does not parse');
  for (const slug of slugs) {
    for (const page of [`news/${slug}/index.html`, `zh-hant/news/${slug}/index.html`]) {
      const full = path.join(out, page);
      assert.ok(existsSync(full), `missing ${page}`);
      assert.ok(realpathSync(full).startsWith(realpathSync(out) + path.sep), `${page} is outside the output`);
    }
  }
}

describe('fuzz: building random sites end to end', () => {
  test(`build() publishes the articles or fails cleanly, and writes nothing outside the output folder (${BUILD_RUNS} sites)`, async (t) => {
    const outcomes = new Map<string, number>();
    await check(
      fc.asyncProperty(randomSite, async (site) => {
        const folders = writeSite(site);
        const before = outsideOutput(folders.sandbox, folders.outName);
        const previousHash = site.previous ? treeHash(folders.out) : undefined;
        let failure: XinwenError[] | undefined;
        try {
          await build({ root: folders.root, outDir: folders.out, jobs: 1, cacheDir: false });
        } catch (thrown) {
          failure = xinwenErrorsOf(thrown);
        }
        checkOutcome(folders, before, previousHash, failure);
        const outcome = failure ? failure[0]!.code : 'built';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      BUILD_RUNS,
    );
    t.diagnostic(`outcomes: ${[...outcomes].map(([outcome, count]) => `${outcome} ${count}`).join(', ')}`);
    // Between a tenth and a third of the sites build (most random links lead out of the site), so
    // a run of 30 with none built happens about once in fifty runs (the same with the code before
    // this check was written, seed for seed); one outcome alone would mean the generator makes one kind of site.
    assert.ok(outcomes.size > 1, 'the random sites all ended the same way');
  });

  test(`the command line exits 0 or 1 and never prints a stack trace (${CLI_RUNS} sites)`, async () => {
    await check(
      fc.property(randomSite, (site) => {
        const folders = writeSite(site);
        const before = outsideOutput(folders.sandbox, folders.outName);
        const previousHash = site.previous ? treeHash(folders.out) : undefined;
        const result = xinwen(['build', '--root', folders.root, '--out', folders.out]);
        assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}\n${result.stderr}`);
        assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$|internal error/m, result.stderr);
        if (result.status === 1) assert.match(result.stderr, /^error/m, result.stderr);
        const failure = result.status === 0 ? undefined : [];
        checkOutcome(folders, before, previousHash, failure);
      }),
      CLI_RUNS,
    );
  });
});
