import { say } from '../core/language.ts';
import type { ParsedYaml } from '../core/yaml.ts';

/**
 * The TOML that Hugo front matter (`+++`) is written in: `key = value`
 * lines, `[table]` and `[[array.of.tables]]` headers, strings (all four
 * kinds), numbers, booleans, dates (kept as text, as YAML dates are, so they
 * are read in the site's time zone), arrays and inline tables. Enough for
 * front matter, not a full TOML implementation: what it cannot read is a
 * `TomlProblem` with the line, never a guess.
 */
export class TomlProblem extends Error {
  constructor(
    message: string,
    /** 1-based line in the text given. */
    readonly line: number,
  ) {
    super(message);
  }
}

type Table = Record<string, unknown>;

export function parseToml(text: string, lineOffset = 0): ParsedYaml {
  const root: Table = {};
  const keyLines = new Map<string, number>();
  let table = root;
  let prefix = '';
  let at = 0;
  // Lines counted as the reading goes (it never goes back): a long block costs one pass, not one per key.
  let counted = 0;
  let lines = 1;
  const line = () => {
    for (; counted < at; counted++) if (text.charCodeAt(counted) === 10) lines++;
    return lineOffset + lines;
  };
  const fail = (message: string): never => {
    throw new TomlProblem(message, line());
  };
  const skipSpace = () => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
  };
  /** Spaces, comments and line breaks (inside arrays). */
  const skipAll = () => {
    for (;;) {
      skipSpace();
      if (text[at] === '#') while (at < text.length && text[at] !== '\n') at++;
      else if (text[at] === '\n' || text[at] === '\r') at++;
      else return;
    }
  };
  const endOfLine = () => {
    skipSpace();
    if (text[at] === '#') while (at < text.length && text[at] !== '\n') at++;
    if (at < text.length && text[at] !== '\n' && text[at] !== '\r') fail(say(`值后面多了 \`${text[at]}\``, `unexpected \`${text[at]}\` after a value`));
  };

  const key = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipSpace();
      if (text[at] === '"' || text[at] === "'") parts.push(string());
      else {
        const bare = /^[A-Za-z0-9_-]+/.exec(text.slice(at, at + 200));
        if (!bare) fail(say('这里应该是一个字段名', 'a key is expected here'));
        parts.push(bare![0]);
        at += bare![0].length;
      }
      skipSpace();
      if (text[at] !== '.') return parts;
      at++;
    }
  };

  const string = (): string => {
    const quote = text[at]!;
    const triple = text.startsWith(quote.repeat(3), at);
    at += triple ? 3 : 1;
    if (triple && text[at] === '\n') at++;
    let out = '';
    for (;;) {
      if (at >= text.length) fail(say(`文字没有用 ${quote} 闭合`, `the string is never closed with ${quote}`));
      const char = text[at]!;
      if (triple ? text.startsWith(quote.repeat(3), at) : char === quote) {
        at += triple ? 3 : 1;
        return out;
      }
      if (char === '\n' && !triple) fail(say(`文字没有用 ${quote} 闭合`, `the string is never closed with ${quote}`));
      if (char === '\\' && quote === '"') {
        const next = text[at + 1]!;
        const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
        if (next in simple) {
          out += simple[next];
          at += 2;
        } else if (next === 'u' || next === 'U') {
          const length = next === 'u' ? 4 : 8;
          const hex = text.slice(at + 2, at + 2 + length);
          if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== length) fail(say('\\u 后面要写十六进制数字', 'a \\u escape needs hexadecimal digits'));
          out += String.fromCodePoint(parseInt(hex, 16));
          at += 2 + length;
        } else if (triple && /\s/.test(next)) {
          // A backslash at a line's end joins the lines.
          at++;
          while (/\s/.test(text[at] ?? '')) at++;
        } else fail(say(`TOML 没有 \\${next} 这种转义`, `\\${next} is not an escape TOML knows`));
        continue;
      }
      out += char;
      at++;
    }
  };

  const value = (): unknown => {
    skipSpace();
    const char = text[at];
    if (char === '"' || char === "'") return string();
    if (char === '[') {
      at++;
      const items: unknown[] = [];
      for (;;) {
        skipAll();
        if (text[at] === ']') {
          at++;
          return items;
        }
        items.push(value());
        skipAll();
        if (text[at] === ',') at++;
        else if (text[at] !== ']') fail(say('列表里这里应该是 `,` 或 `]`', '`,` or `]` is expected in the list'));
      }
    }
    if (char === '{') {
      at++;
      const inline: Table = {};
      skipSpace();
      if (text[at] === '}') {
        at++;
        return inline;
      }
      for (;;) {
        const path = key();
        if (text[at] !== '=') fail(say('字段名后面应该是 `=`', '`=` is expected after a key'));
        at++;
        assign(inline, path, value());
        skipSpace();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return inline;
        } else fail(say('这里应该是 `,` 或 `}`', '`,` or `}` is expected in the inline table'));
      }
    }
    const word = /^[^\s,\]}#]+(?: \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/.exec(text.slice(at, at + 100))?.[0] ?? '';
    at += word.length;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (/^\d{4}-\d{2}-\d{2}/.test(word) || /^\d{2}:\d{2}/.test(word)) return word;
    const number = word.replace(/_/g, '');
    if (/^[+-]?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|inf|nan)$/.test(number)) return number.endsWith('inf') ? (number.startsWith('-') ? -Infinity : Infinity) : Number(number);
    if (/^0x[0-9a-f]+$|^0o[0-7]+$|^0b[01]+$/i.test(number)) return Number(number);
    return fail(word === '' ? say('这里应该有一个值', 'a value is expected here') : say(`\`${word}\` 不是 TOML 的值；文字要加引号`, `\`${word}\` is no TOML value; put text in quotes`));
  };

  const assign = (target: Table, path: string[], item: unknown) => {
    let inner = target;
    for (const part of path.slice(0, -1)) {
      const next = inner[part];
      if (next === undefined) inner = inner[part] = {} as Table;
      else if (next !== null && typeof next === 'object' && !Array.isArray(next)) inner = next as Table;
      else fail(say(`\`${path.join('.')}\` 在 \`${part}\` 里面，而 \`${part}\` 已经有值了`, `\`${path.join('.')}\` is inside \`${part}\`, which has a value already`));
    }
    const last = path[path.length - 1]!;
    if (Object.hasOwn(inner, last)) fail(say(`\`${path.join('.')}\` 写了两次`, `\`${path.join('.')}\` is given twice`));
    inner[last] = item;
  };

  while (at < text.length) {
    skipAll();
    if (at >= text.length) break;
    if (text[at] === '[') {
      const array = text[at + 1] === '[';
      at += array ? 2 : 1;
      const path = key();
      if (!text.startsWith(array ? ']]' : ']', at)) fail(say(`表名后面应该是 \`${array ? ']]' : ']'}\``, `\`${array ? ']]' : ']'}\` is expected after the table's name`));
      at += array ? 2 : 1;
      endOfLine();
      prefix = `${path.join('.')}.`;
      keyLines.set(path.join('.'), line());
      // Walk to the table, making the ones on the way.
      let inner = root;
      path.forEach((part, index) => {
        let next = inner[part];
        if (array && index === path.length - 1) {
          if (next === undefined) next = inner[part] = [];
          if (!Array.isArray(next)) fail(say(`\`${path.join('.')}\` 已经有值了`, `\`${path.join('.')}\` has a value already`));
          const item: Table = {};
          (next as unknown[]).push(item);
          inner = item;
          return;
        }
        if (next === undefined) next = inner[part] = {};
        if (Array.isArray(next)) next = next[next.length - 1];
        if (next === null || typeof next !== 'object') fail(say(`\`${path.join('.')}\` 已经有值了`, `\`${path.join('.')}\` has a value already`));
        inner = next as Table;
      });
      table = inner;
      continue;
    }
    const keyLine = line();
    const path = key();
    if (text[at] !== '=') fail(say('字段名后面应该是 `=`', '`=` is expected after a key'));
    at++;
    assign(table, path, value());
    keyLines.set((table === root ? '' : prefix) + path.join('.'), keyLine);
    endOfLine();
  }
  return { data: root, keyLines };
}
