import { XinwenError } from '../core/errors.ts';
import { type ParsedYaml, parseYaml } from '../core/yaml.ts';
import { say } from '../core/language.ts';
import { parseToml, TomlProblem } from './toml.ts';

export interface SplitFile {
  /** Front matter as parsed YAML, with the line of each key. */
  frontMatter: ParsedYaml;
  /** Markdown after the closing `---`. */
  body: string;
  /** 1-based line of the file on which `body` starts. */
  bodyLine: number;
}

/**
 * Split an article into front matter and Markdown body, where gray-matter
 * splits it (the reading every earlier build had). YAML between `---` lines;
 * Hugo's TOML between `+++` lines and JSON (a file starting with `{`) too,
 * so posts written for Hugo build unchanged. Any other language tag
 * (`---js`, which gray-matter would evaluate, `---json`, `---toml`) is refused.
 */
export function splitFrontMatter(text: string, file: string): SplitFile {
  if (text.trim() === '') {
    throw new XinwenError('article/empty', say('文件是空的', 'the file is empty'), {
      file,
      hint: say(
        '写上文章开头的设置（一行 `---`、`title: …`、`date: …`、再一行 `---`）和正文，或者删掉这个文件。',
        'Write front matter (a `---` line, `title: …`, `date: …`, a `---` line) and the article text, or delete the file.',
      ),
    });
  }
  if (/^\+\+\+[ \t]*\n/.test(text)) return splitToml(text, file);
  if (text.startsWith('{')) return splitJson(text, file);
  const firstEnd = text.indexOf('\n');
  const opening = /^---([A-Za-z]*)\s*$/.exec(firstEnd === -1 ? text : text.slice(0, firstEnd));
  if (!opening) {
    throw new XinwenError('front-matter/missing', say('文章开头没有设置（front matter）', 'the article has no front matter'), {
      file,
      line: 1,
      source: text,
      hint: say(
        '文件第一行写 `---`，接着写 `title: …` 和 `date: …`，再写一行 `---`，然后是正文。',
        'Start the file with a `---` line, then `title: …` and `date: …`, then another `---` line, then the text.',
      ),
    });
  }
  const language = opening[1]!.toLowerCase();
  if (language !== '' && language !== 'yaml' && language !== 'yml') {
    throw new XinwenError('front-matter/language', say(`文章开头的设置不能用 \`${opening[1]}\` 格式`, `front matter in \`${opening[1]}\` is not allowed`), {
      file,
      line: 1,
      source: text,
      hint: say('用 YAML 写：先一行只有 `---`，然后一行一个 `字段: 值`，最后一行 `---`。', 'Write front matter in YAML: a plain `---` line, `key: value` lines, then `---`.'),
    });
  }
  // gray-matter ends the front matter at the first line starting with `---`; so do we, and insist it is exactly `---`.
  const closingStart = firstEnd === -1 ? -1 : text.indexOf('\n---', firstEnd) + 1;
  /** 0-based line number of the closing line, -1 for none. */
  let closing = -1;
  if (closingStart > 0) {
    closing = 0;
    for (let at = text.indexOf('\n'); at !== -1 && at < closingStart; at = text.indexOf('\n', at + 1)) closing++;
  }
  const closingEnd = text.indexOf('\n', closingStart);
  const closingLine = closingStart > 0 ? text.slice(closingStart, closingEnd === -1 ? text.length : closingEnd) : '';
  if (closing !== -1 && !/^---\s*$/.test(closingLine)) {
    throw new XinwenError('front-matter/bad-delimiter', say(
        `文章开头的设置要以只有 \`---\` 的一行结束，这里却是 \`${closingLine.trim()}\``,
        `the front matter must end with a line of exactly \`---\`, not \`${closingLine.trim()}\``,
      ), {
      file,
      line: closing + 1,
      source: text,
      hint: say('结尾这一行只写三个减号 `---`，别的什么都不要写。', 'Make the closing line three dashes and nothing else.'),
    });
  }
  if (closing === -1) {
    throw new XinwenError('front-matter/unclosed', say('文章开头的设置没有结尾', 'the front matter is never closed'), {
      file,
      line: 1,
      source: text,
      hint: say('在设置的最后一行之后、正文之前，加一行只有 `---` 的行。', 'Add a line with only `---` after the last front-matter line, before the article text.'),
    });
  }
  // Cut as gray-matter cuts (its reading of an article's parts, kept byte for byte): the block starts right
  // after the opening `---` and its language, so its line n is file line n, and ends before the closing line.
  let rest = text.slice(3);
  const languageTag = rest.slice(0, rest.indexOf('\n'));
  if (languageTag.trim() !== '') rest = rest.slice(languageTag.length);
  const blockEnd = rest.indexOf('\n---');
  const block = rest.slice(0, blockEnd);
  // A block of nothing but comments and blank lines is no front matter at all; the rest is read by xinwen's one YAML parser.
  const frontMatter: ParsedYaml =
    block.replace(/^\s*#[^\n]+/gm, '').trim() === '' ? { data: {}, keyLines: new Map() } : parseYaml(block, { file, source: text });
  let body = rest.slice(blockEnd + 4);
  if (body.startsWith('\r')) body = body.slice(1);
  if (body.startsWith('\n')) body = body.slice(1);
  return { frontMatter, body, bodyLine: closing + 2 };
}

/** Hugo's TOML front matter: between two lines of `+++`. */
function splitToml(text: string, file: string): SplitFile {
  const close = /\n\+\+\+[ \t]*(?:\n|$)/.exec(text.slice(3));
  if (!close) {
    throw new XinwenError('front-matter/unclosed', say('文章开头的设置没有结尾', 'the front matter is never closed'), {
      file,
      line: 1,
      source: text,
      hint: say('在 TOML 设置的最后一行之后、正文之前，加一行只有 `+++` 的行。', 'Add a line with only `+++` after the last TOML line, before the article text.'),
    });
  }
  const blockEnd = 3 + close.index;
  // The block starts after the opening line, which is line 1: its first line is line 2.
  const block = text.slice(text.indexOf('\n') + 1, blockEnd + 1);
  let frontMatter: ParsedYaml;
  try {
    frontMatter = parseToml(block, 1);
  } catch (error) {
    if (!(error instanceof TomlProblem)) throw error;
    throw new XinwenError('front-matter/toml', say(`TOML 格式不对：${error.message}`, `TOML is not valid: ${error.message}`), {
      file,
      line: error.line,
      source: text,
      hint: say('一行一个 `字段 = 值`，文字用双引号括起来，例如 title = "标题"；列表写成 ["a", "b"]。', 'Write one `key = value` a line, text in double quotes (title = "x"), lists as ["a", "b"].'),
    });
  }
  const bodyStart = blockEnd + close[0].length;
  const closingLine = text.slice(0, blockEnd + 1).split('\n').length;
  return { frontMatter, body: text.slice(bodyStart), bodyLine: closingLine + 1 };
}

/** Hugo's JSON front matter: one object at the top of the file, the body after its closing brace. */
function splitJson(text: string, file: string): SplitFile {
  // Find the brace that closes the first: count braces outside strings.
  let depth = 0;
  let end = -1;
  for (let at = 0, inString = false; at < text.length; at++) {
    const char = text[at];
    if (inString) {
      if (char === '\\') at++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      end = at + 1;
      break;
    }
  }
  const fail = (message: string, line: number, cause?: unknown) =>
    new XinwenError('front-matter/json', say(`JSON 格式不对：${message}`, `JSON is not valid: ${message}`), {
      file,
      line,
      source: text,
      hint: say('文章开头的 JSON 设置是一个 { "title": "…", "date": "…" } 对象，后面另起一行写正文。', 'JSON front matter is one object, { "title": "…", "date": "…" }, followed by the text on a new line.'),
      cause,
    });
  if (end === -1) throw fail(say('开头的 { 没有闭合', 'the opening { is never closed'), 1);
  const block = text.slice(0, end);
  let data: unknown;
  try {
    data = JSON.parse(block);
  } catch (error) {
    const position = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
    throw fail((error as Error).message, block.slice(0, position).split('\n').length, error);
  }
  // The line of each key: the first line that starts with `"key":` (one pass, whatever the number of keys).
  const keyLines = new Map<string, number>();
  const lines = block.split('\n');
  lines.forEach((line, index) => {
    const key = /^\s*\{?\s*("(?:[^"\\]|\\.)*")\s*:/.exec(line)?.[1];
    if (key === undefined) return;
    try {
      const name = JSON.parse(key) as string;
      if (!keyLines.has(name)) keyLines.set(name, index + 1);
    } catch {
      // Not a key after all.
    }
  });
  const closingLine = lines.length;
  let body = text.slice(end);
  const rest = /^[ \t]*\n?/.exec(body)![0];
  body = body.slice(rest.length);
  return { frontMatter: { data, keyLines }, body, bodyLine: closingLine + (rest.endsWith('\n') ? 1 : 0) };
}
