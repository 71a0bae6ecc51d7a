import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import { XinwenError } from './errors.ts';
import { say } from './language.ts';
import { readPlainYaml } from './plain-yaml.ts';

/** Parsed YAML plus the line each key sits on, for error messages. */
export interface ParsedYaml {
  data: unknown;
  /** 1-based line of each key, by dotted path (`contact.hotline`; `variants.1.path` in a list). */
  keyLines: Map<string, number>;
}

/** Aliases (`*name`) a document may expand: front matter and settings need none, a "billion laughs" needs millions. */
const MAX_ALIASES = 100;

/**
 * The one YAML parser of xinwen (the `yaml` package), for site.yaml and for
 * front matter. YAML 1.2 core schema: dates stay strings, so
 * `2022-05-17 08:10:05` is read in the site's time zone instead of being
 * taken as UTC, and `no` stays the word "no". Every problem is a
 * XinwenError on the line the parser reports: duplicate keys, tabs, nesting
 * too deep to read, aliases that expand too far.
 */
export function parseYaml(text: string, where: { file: string; lineOffset?: number; source?: string }): ParsedYaml {
  // Most front matter is flat `key: value` lines: read without building a document (see plain-yaml.ts).
  return readPlainYaml(text, where.lineOffset ?? 0) ?? parseYamlDocument(text, where);
}

/** `parseYaml` by the `yaml` package alone. */
export function parseYamlDocument(text: string, where: { file: string; lineOffset?: number; source?: string }): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: true, prettyErrors: false });
  const offset = where.lineOffset ?? 0;
  const lineOf = (position: number) => lineCounter.linePos(position).line + offset;
  const problem = document.errors[0];
  if (problem) throw yamlError(problem, document, lineCounter, where, offset);
  const keyLines = new Map<string, number>();
  const collect = (node: unknown, prefix: string) => {
    if (isSeq(node)) node.items.forEach((item, index) => collect(item, `${prefix}${index}.`));
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const path = prefix + String(pair.key.value);
      keyLines.set(path, lineOf(pair.key.range[0]));
      collect(pair.value, `${path}.`);
    }
  };
  collect(document.contents, '');
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    let first: number | undefined;
    visit(document, {
      Alias(_key, node) {
        first ??= node.range?.[0];
        return visit.BREAK;
      },
    });
    throw new XinwenError('yaml/aliases', say('YAML 格式不对：其中的别名（`*name`）把内容重复了太多次，无法读取', 'YAML is not valid: its aliases (`*name`) repeat data too many times to read'), {
      file: where.file,
      line: first === undefined ? undefined : lineOf(first),
      source: where.source,
      hint: say(
        '在需要的地方把值直接写出来；站点设置和文章开头的设置都用不到锚点（&name）和别名（*name）。',
        'Write each value out where it is needed; site settings and front matter need no anchors (&name) or aliases (*name).',
      ),
      cause: error,
    });
  }
  return { data, keyLines };
}

function yamlError(problem: YAMLError, document: Document, lineCounter: LineCounter, where: { file: string; source?: string }, offset: number): XinwenError {
  const position = lineCounter.linePos(problem.pos[0]);
  const at = { file: where.file, line: position.line + offset, column: position.col, source: where.source };
  switch (problem.code) {
    case 'TAB_AS_INDENT':
      return new XinwenError('yaml/tab', say('YAML 格式不对：这一行用了 Tab 键缩进', 'YAML is not valid: a line is indented with a tab'), {
        ...at,
        column: undefined,
        hint: say('YAML 只能用空格缩进，不能用 Tab；把 Tab 换成两个空格。', 'YAML indents with spaces, never tabs; replace the tab with two spaces.'),
      });
    case 'RESOURCE_EXHAUSTION':
      return new XinwenError('yaml/too-deep', say('YAML 格式不对：列表或映射嵌套得太深，无法读取', 'YAML is not valid: lists or maps are nested too deeply to read'), {
        ...at,
        column: undefined,
        hint: say(
          '文章开头的设置是一行一个 `字段: 值`，值可以是 [党建, 基层治理] 这样的短列表。检查有没有没闭合或重复的 [ 和 {。',
          'Front matter is flat `key: value` lines; a value may be a short list like [党建, 基层治理]. Check for unclosed or repeated [ and {.',
        ),
      });
    case 'DUPLICATE_KEY': {
      const repeated = duplicateOf(document, problem.pos[0]);
      const firstLine = repeated?.first === undefined ? undefined : lineCounter.linePos(repeated.first).line + offset;
      const first = say(firstLine === undefined ? '' : `（第一次在第 ${firstLine} 行）`, firstLine === undefined ? '' : ` (first on line ${firstLine})`);
      const what = repeated ? say(`\`${repeated.key}\` 写了两次${first}`, `\`${repeated.key}\` is given twice${first}`) : say('有一个字段写了两次', 'a key is given twice');
      return new XinwenError('yaml/syntax', say(`YAML 格式不对：${what}`, `YAML is not valid: ${what}`), {
        ...at,
        hint: say('每个字段只能写一次；删掉重复的那个，或者给它改个名字。', 'Each key may appear once; delete or rename the repeated one.'),
      });
    }
    default: {
      const what = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return new XinwenError('yaml/syntax', say(`YAML 格式不对：${yamlProblemZh(problem, what)}`, `YAML is not valid: ${what}`), {
        ...at,
        hint: say(
          '检查这一行的引号和缩进：值里有英文冒号，或者以特殊符号（# : - [ { ! & *）开头时，要用引号括起来。',
          'Check the quoting and indentation on that line; text with a colon or a leading special character (# : - [ { ! & *) needs quotes.',
        ),
      });
    }
  }
}

/** The parser's description (English only) in the editor's words, for the problems editors meet; any other keeps its own words. */
function yamlProblemZh(problem: YAMLError, what: string): string {
  const closing = /^Flow (sequence|map) in block collection/.exec(what);
  if (closing) return `这里的${closing[1] === 'map' ? ' { ' : ' [ '}没有闭合（或者后面的行缩进不够）`;
  if (/^Missing closing "quote/.test(what)) return '双引号 " 没有闭合';
  if (/^Missing closing 'quote/.test(what)) return "单引号 ' 没有闭合";
  switch (problem.code) {
    case 'BAD_INDENT':
      return '缩进不对，同一层的字段要从同一列开始';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return '一行里有两个冒号，或者值换行后缩进了';
    case 'BAD_SCALAR_START':
      return `值不能以 ${what.slice(-1)} 开头`;
    case 'BAD_DQ_ESCAPE':
      return `双引号里的反斜杠 \\ 用法不对（${what.replace(/^Invalid escape sequence /, '')}）`;
    default:
      return `${what}（YAML 解析器的报告）`;
  }
}

/** The key repeated at `position` in its map, and where that map first has it. */
function duplicateOf(document: Document, position: number): { key: string; first?: number } | undefined {
  let found: { key: string; first?: number } | undefined;
  visit(document, {
    Map(_key, map) {
      const at = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.range?.[0] === position);
      if (at === -1) return undefined;
      const key = String((map.items[at]!.key as { value: unknown }).value);
      const first = map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
      found = { key, first: (first?.key as { range?: number[] } | undefined)?.range?.[0] };
      return visit.BREAK;
    },
  });
  return found;
}
