import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { languageOfEnvironment, setLanguage } from '../src/core/language.ts';
import { stageName } from '../src/core/stage-names.ts';
import { startDevServer, type DevServer } from '../src/serve/dev-server.ts';
import { launchChromium } from './support/browser.ts';
import { FIXTURES, PROJECT, tempDir, xinwen, xinwenInProcess } from './support/site.ts';

/**
 * Issue 14: every message an editor reads is in Chinese unless the locale or
 * `--lang en` asks for English, with the same error code in both; a site
 * published first in traditional script reads them in traditional script.
 * (The rest of the suite reads English: test/support/english.ts.)
 */

/** An environment with no locale and no XINWEN_LANG, plus `extra`. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['LANG', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE', 'XINWEN_LANG']) delete env[name];
  return { ...env, ...extra };
}

const HAN = /\p{Script=Han}/u;

/** Text with its `code` spans and paths taken out: what is left is the sentence around them. */
const prose = (text: string) => text.replace(/`[^`]*`/g, '').replace(/\S*\/\S*/g, '');

/** `错误：FILE 第 N 行第 M 列：MESSAGE [code]` → the message and the code. */
function chineseHeadings(stderr: string, label = '错误'): { message: string; code: string }[] {
  const pattern = new RegExp(`^${label}：(?:\\S+? 第 \\d+ 行(?:第 \\d+ 列)?：|\\S+?：)?(.*) \\[([^\\]]+)\\]$`, 'gm');
  return [...stderr.matchAll(pattern)].map((match) => ({ message: match[1]!, code: match[2]! }));
}

function siteWith(files: Record<string, string>): string {
  const root = path.join(tempDir(), 'site');
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return root;
}

describe('the language of messages', () => {
  it('comes from the environment: Chinese when no locale is set, for C and zh locales; English for other locales; XINWEN_LANG decides first', () => {
    assert.equal(languageOfEnvironment({}), 'zh');
    assert.equal(languageOfEnvironment({ LANG: 'C.UTF-8' }), 'zh');
    assert.equal(languageOfEnvironment({ LANG: 'zh_CN.UTF-8' }), 'zh');
    assert.equal(languageOfEnvironment({ LANG: 'zh_TW.UTF-8' }), 'zh');
    assert.equal(languageOfEnvironment({ LANG: 'en_US.UTF-8' }), 'en');
    assert.equal(languageOfEnvironment({ LANG: 'fr_FR.UTF-8' }), 'en');
    assert.equal(languageOfEnvironment({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_GB.UTF-8' }), 'en', 'LC_ALL before LANG');
    assert.equal(languageOfEnvironment({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }), 'zh', 'LC_MESSAGES before LANG');
    assert.equal(languageOfEnvironment({ LANG: 'zh_CN.UTF-8', XINWEN_LANG: 'en' }), 'en');
    assert.equal(languageOfEnvironment({ LANG: 'en_US.UTF-8', XINWEN_LANG: 'zh' }), 'zh');
  });

  it('LANG=zh_CN.UTF-8 or no locale gives Chinese, LANG=en_US.UTF-8 English, and --lang decides over either', () => {
    const run = (env: Record<string, string>, ...args: string[]) => xinwen(['publish', ...args], { env: environment(env) }).stderr;
    const chinese = '错误：没有 `publish` 这个命令 [cli/unknown-command]\n提示：运行 `xinwen --help` 查看所有命令。\n';
    const english = 'error: unknown command `publish` [cli/unknown-command]\nhint: Run `xinwen --help` for the list of commands.\n';
    assert.equal(run({}), chinese);
    assert.equal(run({ LANG: 'zh_CN.UTF-8' }), chinese);
    assert.equal(run({ LANG: 'en_US.UTF-8' }), english);
    assert.equal(run({ LANG: 'zh_CN.UTF-8' }, '--lang', 'en'), english);
    assert.equal(run({ LANG: 'en_US.UTF-8' }, '--lang=zh'), chinese);
    assert.match(run({}, '--lang', 'fr'), /^错误：--lang 只能是 zh 或 en，现在是 `fr` \[cli\/bad-option\]$/m);
  });

  it('xinwen help documents --lang in both languages, and every command accepts it', async () => {
    const zh = await xinwenInProcess(['help', '--lang', 'zh']);
    assert.match(zh.stdout, /^用法：/m);
    assert.match(zh.stdout, /--lang zh\|en 提示信息的语言/);
    const en = await xinwenInProcess(['help', '--lang', 'en']);
    assert.match(en.stdout, /^Usage:/m);
    assert.match(en.stdout, /--lang zh\|en language of the messages/);
    for (const command of ['build', 'dev', 'check', 'new', 'import']) {
      // An unknown option after --lang: the usage error proves --lang itself was accepted, in the language it chose.
      const result = await xinwenInProcess([command, '--lang', 'zh', '--no-such-option']);
      assert.equal(result.status, 1, command);
      assert.match(result.stderr, /^错误：没有 --no-such-option 这个选项 \[cli\/usage\]\n提示：运行 `xinwen --help` 查看可用的选项。$/m, `${command}: ${result.stderr}`);
    }
  });
});

describe('every failure fixture in Chinese: the Chinese message and hint, the same code', () => {
  const cases = readdirSync(FIXTURES)
    .filter((name) => name.startsWith('fail-'))
    .sort();
  for (const name of cases) {
    it(name.slice('fail-'.length), async () => {
      const root = path.join(FIXTURES, name);
      const english = readFileSync(path.join(root, 'expected-error.txt'), 'utf8');
      const code = /\[([a-z-]+\/[a-z0-9-]+)\]/.exec(english)![1]!;
      const expected = readFileSync(path.join(root, 'expected-error.zh.txt'), 'utf8').trim().split('\n');
      const result = await xinwenInProcess(['build', '--root', root, '--out', path.join(tempDir(), 'out'), '--no-cache', '--lang', 'zh']);
      assert.equal(result.status, 1, result.stderr);
      for (const line of expected) assert.ok(result.stderr.includes(line), `stderr lacks «${line}»:\n${result.stderr}`);
      const headings = chineseHeadings(result.stderr);
      assert.ok(headings.some((heading) => heading.code === code), `the code of the English message, ${code}:\n${result.stderr}`);
      for (const heading of headings) assert.match(prose(heading.message), HAN, `a Chinese message: ${heading.message}`);
      const hints = result.stderr.match(/^提示：.*$/gm) ?? [];
      assert.ok(hints.length > 0, result.stderr);
      for (const hint of hints) assert.match(prose(hint.slice('提示：'.length)), HAN, `a Chinese hint: ${hint}`);
      assert.doesNotMatch(result.stderr, /^(error|hint|warning)\b/m, 'no English label');
    });
  }
});

describe('warnings, the progress line and the summary in Chinese', () => {
  it('a settings warning and an unknown front-matter key', async () => {
    const root = path.join(tempDir(), 'site');
    cpSync(path.join(FIXTURES, 'warn-twp'), root, { recursive: true });
    writeFileSync(path.join(root, 'content', 'typo.md'), '---\ntitle: 拼错的字段\ndate: 2024-05-01\ntilte: 多余\n---\n正文。\n');
    const result = await xinwenInProcess(['build', '--root', root, '--out', path.join(tempDir(), 'out'), '--no-cache', '--lang', 'zh']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^警告：content\/site\.yaml：zh-Hant 版本用的是 opencc `twp`：.*\[settings\/twp\]$/m);
    assert.match(result.stderr, /^提示：新闻网站请用 `opencc: tw`/m);
    assert.match(result.stderr, /^警告：content\/typo\.md 第 4 行：文章开头的设置里有不认识的字段 `tilte`，已忽略 \[front-matter\/unknown-key\]\n提示：是不是想写 `title`？$/m);
    assert.match(result.stderr, /^正在生成：解析文章$/m, 'the progress line');
    assert.match(result.stdout, /^已生成 2 篇文章，\d+ 个页面，用时 [\d.]+ 秒 → /m);
    for (const warning of chineseHeadings(result.stderr, '警告')) assert.match(prose(warning.message), HAN);
  });

  it('a build in the other language does not show the warnings kept from the last one', async () => {
    const root = siteWith({
      'content/site.yaml': 'name: 缓存\nbase_url: https://cache.example.com/\n',
      'content/news/2024-05-01-a.md': '---\ntitle: 拼错的字段\ndate: 2024-05-01\ntilte: 多余\n---\n正文。\n',
    });
    const args = ['build', '--root', root, '--out', path.join(tempDir(), 'out'), '--cache-dir', path.join(tempDir(), 'cache')];
    const english = await xinwenInProcess([...args, '--lang', 'en']);
    assert.match(english.stderr, /^warning in .*unknown front-matter key `tilte`/m);
    const chinese = await xinwenInProcess([...args, '--lang', 'zh']);
    assert.match(chinese.stderr, /^警告：.*文章开头的设置里有不认识的字段 `tilte`，已忽略/m);
    assert.match(chinese.stdout, /^已生成 1 篇文章/m, 'built again, not up to date');
  });

  it('build workers write in the language of the command, not of their environment', () => {
    // Broken articles on two shards: the second shard is a worker thread.
    const files: Record<string, string> = { 'content/site.yaml': 'name: 线程\nbase_url: https://threads.example.com/\n' };
    for (let i = 1; i <= 8; i++) files[`content/news/2024-05-0${i}-a${i}.md`] = `---\ntitle: 第${i}篇\ndate: 2024/13/0${i}\n---\n正文。\n`;
    const root = siteWith(files);
    const build = (env: Record<string, string>, lang: string) =>
      xinwen(['build', '--root', root, '--out', path.join(tempDir(), 'out'), '--no-cache', '--jobs', '2', '--lang', lang], { env: environment(env) });
    const chinese = build({ LANG: 'en_US.UTF-8' }, 'zh');
    assert.equal(chineseHeadings(chinese.stderr).filter((heading) => heading.code === 'front-matter/bad-date').length, 8, chinese.stderr);
    assert.doesNotMatch(chinese.stderr, /has no month/);
    const english = build({ LANG: 'zh_CN.UTF-8' }, 'en');
    assert.equal(english.stderr.match(/^error in .*: `date`: `2024\/13\/0\d` has no month 13 \[front-matter\/bad-date\]$/gm)?.length, 8, english.stderr);
    assert.doesNotMatch(english.stderr, /里没有/);
  });
});

describe('a site published first in traditional script reads its messages in traditional script', () => {
  const SETTINGS = 'name: 臺灣新聞中心\nbase_url: https://tw.example.com/\nscript: zh-Hant\nvariants:\n  - opencc: tw\n    path: /\n  - opencc: cn\n    path: /zh-hans/\n';
  // A file name in simplified characters: a path is shown as it is on disk, never converted.
  const BROKEN = 'content/news/2024-05-01-发布会.md';

  it('errors, hints, warnings and the summary of build and check; paths and values as written', async () => {
    const root = siteWith({ 'content/site.yaml': SETTINGS, [BROKEN]: '---\ntitle: 發布會\ndate: 2024/13/01\n---\n正文。\n' });
    const out = path.join(tempDir(), 'out');
    const failed = await xinwenInProcess(['build', '--root', root, '--out', out, '--no-cache', '--lang', 'zh']);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /^錯誤：content\/news\/2024-05-01-发布会\.md 第 3 行：`date` 不對：`2024\/13\/01` 裡沒有 13 月 \[front-matter\/bad-date\]$/m);
    assert.match(failed.stderr, /^提示：日期請寫成 /m);
    const checked = await xinwenInProcess(['check', '--root', root, '--lang', 'zh']);
    assert.match(checked.stderr, /^錯誤：content\/news\/2024-05-01-发布会\.md 第 3 行：/m);
    assert.match(checked.stderr, /^檢查了 1 篇文章：1 個錯誤，0 個警告/m);

    writeFileSync(path.join(root, BROKEN), '---\ntitle: 發布會\ndate: 2024-05-01\ntilte: 多餘\n---\n正文。\n');
    const built = await xinwenInProcess(['build', '--root', root, '--out', out, '--no-cache', '--lang', 'zh']);
    assert.equal(built.status, 0, built.stderr);
    assert.match(built.stderr, /^警告：content\/news\/2024-05-01-发布会\.md 第 4 行：文章開頭的設置裡有不認識的字段 `tilte`，已忽略 \[front-matter\/unknown-key\]\n提示：是不是想寫 `title`？$/m);
    assert.match(built.stdout, /^已生成 1 篇文章，\d+ 個頁面，用時 [\d.]+ 秒 → /m);
    // Before the settings are read the site's script is unknown: the progress line starts in simplified script.
    assert.match(built.stderr, /^正在生成：读取站点设置$/m);
    assert.match(built.stderr, /^正在生成：查找文章和靜態文件$/m, 'and in traditional script once they are');

    const english = await xinwenInProcess(['build', '--root', root, '--out', out, '--no-cache', '--lang', 'en']);
    assert.match(english.stderr, /^warning in content\/news\/2024-05-01-发布会\.md:4: unknown front-matter key `tilte` is ignored/m);
  });

  describe('in the dev server: the terminal and the overlay', () => {
    let server: DevServer;
    let root: string;
    const logs: string[] = [];
    before(async () => {
      setLanguage('zh');
      root = siteWith({ 'content/site.yaml': SETTINGS, 'content/news/2024-05-01-fine.md': '---\ntitle: 正常\ndate: 2024-05-01\n---\n正文。\n' });
      server = await startDevServer({ root, port: 0, log: (line) => logs.push(line) });
    });
    after(async () => {
      await server.close();
      setLanguage('en');
    });

    it('shows the error over the page in traditional script, and says so in the terminal', async () => {
      assert.ok(logs.some((line) => /^xinwen dev：正在預覽 http:\/\/127\.0\.0\.1:\d+\/（監視 /.test(line)), logs.join('\n'));
      const rebuilt = server.nextRebuild();
      writeFileSync(path.join(root, BROKEN), '---\ntitle: 發布會\ndate: 2024/13/01\n---\n正文。\n');
      assert.equal((await rebuilt).ok, false);
      const problem = JSON.parse(await firstEvent(server.url, 'problem')) as { title: string; text: string };
      assert.match(problem.title, /^xinwen：剛才的修改沒能生成。頁面上顯示的是上一次成功生成的結果/);
      assert.match(problem.text, /^錯誤：content\/news\/2024-05-01-发布会\.md 第 3 行：`date` 不對：`2024\/13\/01` 裡沒有 13 月 \[front-matter\/bad-date\]$/m);
      assert.ok(logs.some((line) => line.startsWith('錯誤：content/news/2024-05-01-发布会.md')), logs.join('\n'));

      const fixed = server.nextRebuild();
      writeFileSync(path.join(root, BROKEN), '---\ntitle: 發布會\ndate: 2024-05-01\n---\n正文。\n');
      assert.equal((await fixed).ok, true);
      assert.match(logs.at(-1)!, /^已重新生成：\d+ 個頁面中 \d+ 個有變化，共 2 篇文章，用時 \d+ 毫秒$/);
    });

    it('the overlay in the browser reads the same, as text', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(new URL('news/', server.url).href);
        const rebuilt = server.nextRebuild();
        // A title that would be markup if the overlay took its text as HTML.
        writeFileSync(path.join(root, BROKEN), '---\ntitle: <b>發布會</b>\ndate: 2024/13/01\n---\n正文。\n');
        assert.equal((await rebuilt).ok, false);
        await page.waitForSelector('#xinwen-overlay', { timeout: 10_000 });
        const shown = (await page.evaluate("document.getElementById('xinwen-overlay').innerText")) as string;
        assert.match(shown, /^xinwen：剛才的修改沒能生成。/);
        assert.match(shown, /錯誤：content\/news\/2024-05-01-发布会\.md 第 3 行：`date` 不對/);
        assert.match(shown, /title: <b>發布會<\/b>/, 'the code frame as text');
        assert.equal(await page.evaluate("document.querySelectorAll('#xinwen-overlay b').length"), 0);
      } finally {
        await browser.close();
      }
    });
  });
});

/** The data of the first server-sent event named `name` (a new connection is sent the current problem at once). */
function firstEvent(url: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${new URL(url).origin}/__xinwen/events`, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (const block of buffer.split('\n\n')) {
          if (new RegExp(`^event: ${name}$`, 'm').test(block)) {
            request.destroy();
            resolve(/^data: (.*)$/m.exec(block)![1]!);
          }
        }
      });
    });
    request.on('error', reject);
    setTimeout(() => reject(new Error(`no ${name} event`)), 10_000).unref();
  });
}

describe('no user-facing message is left in English only', () => {
  /** Messages written as bare literals, which no `say(zh, en)` turns into the user's language. */
  function englishOnly(source: string): string[] {
    const found: string[] = [];
    const patterns = [
      /new XinwenError\(\s*[^,()]+,\s*(['"`])/g, // the message argument
      /\b(?:hint|message):\s*(['"`])/g, // an error's or warning's hint and message
      /warnings\.push\(\s*(['"`])/g, // import warnings are plain strings
    ];
    for (const pattern of patterns) {
      for (const match of source.matchAll(pattern)) found.push(source.slice(match.index, source.indexOf('\n', match.index)).trim());
    }
    return found;
  }

  it('finds a bare literal where one is written (the check itself works)', () => {
    assert.equal(englishOnly("throw new XinwenError('a/b', 'the file is empty', { hint: 'Write something.' });").length, 2);
    assert.equal(englishOnly("warnings.push(`no title found`);\nwarnings.push({ code: 'x', message: `unknown`, file });").length, 2);
    assert.deepEqual(englishOnly("throw new XinwenError('a/b', say('文件是空的', 'the file is empty'), { hint: say('写点什么。', 'Write something.') });"), []);
  });

  it('every step a build or a dev server times has a Chinese name for the progress line', () => {
    const files = readdirSync(path.join(PROJECT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const steps = new Set(files.flatMap((file) => [...readFileSync(path.join(PROJECT, 'src', file), 'utf8').matchAll(/\btime(?:Async)?\('([a-z-]+)'/g)].map((match) => match[1]!)));
    assert.ok(steps.has('parse') && steps.has('images'), [...steps].join(' '));
    setLanguage('zh');
    try {
      for (const step of steps) assert.match(stageName(step), HAN, step);
    } finally {
      setLanguage('en');
    }
  });

  it('every XinwenError, warning and hint in src/ is written with say(zh, en)', () => {
    const files = readdirSync(path.join(PROJECT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ts|js)$/.test(file));
    const found = files.flatMap((file) => englishOnly(readFileSync(path.join(PROJECT, 'src', file), 'utf8')).map((line) => `src/${file}: ${line}`));
    assert.deepEqual(found, []);
  });
});
