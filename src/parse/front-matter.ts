import matter from 'gray-matter';
import jsYaml from 'js-yaml';
import { XinwenError } from '../core/errors.ts';
import type { ParsedYaml } from '../core/yaml.ts';

export interface SplitFile {
  /** Front matter as parsed YAML, with the line of each key. */
  frontMatter: ParsedYaml;
  /** Markdown after the closing `---`. */
  body: string;
  /** 1-based line of the file on which `body` starts. */
  bodyLine: number;
}

/**
 * Split an article into front matter and Markdown body. Only YAML is read:
 * any other language tag (`---js`, which gray-matter would evaluate, `---json`,
 * `---toml`) is refused before gray-matter sees the text.
 */
export function splitFrontMatter(text: string, file: string): SplitFile {
  if (text.trim() === '') {
    throw new XinwenError('article/empty', 'the file is empty', {
      file,
      hint: 'Write front matter (a `---` line, `title: …`, `date: …`, a `---` line) and the article text, or delete the file.',
    });
  }
  const lines = text.split('\n');
  const opening = /^---([A-Za-z]*)\s*$/.exec(lines[0] ?? '');
  if (!opening) {
    throw new XinwenError('front-matter/missing', 'the article has no front matter', {
      file,
      line: 1,
      source: text,
      hint: 'Start the file with a `---` line, then `title: …` and `date: …`, then another `---` line, then the text.',
    });
  }
  const language = opening[1]!.toLowerCase();
  if (language !== '' && language !== 'yaml' && language !== 'yml') {
    throw new XinwenError('front-matter/language', `front matter in \`${opening[1]}\` is not allowed`, {
      file,
      line: 1,
      source: text,
      hint: 'Write front matter in YAML: a plain `---` line, `key: value` lines, then `---`.',
    });
  }
  // gray-matter ends the front matter at the first line starting with `---`; so do we, and insist it is exactly `---`.
  const closing = lines.findIndex((line, index) => index > 0 && line.startsWith('---'));
  if (closing !== -1 && !/^---\s*$/.test(lines[closing]!)) {
    throw new XinwenError('front-matter/bad-delimiter', `the front matter must end with a line of exactly \`---\`, not \`${lines[closing]!.trim()}\``, {
      file,
      line: closing + 1,
      source: text,
      hint: 'Make the closing line three dashes and nothing else.',
    });
  }
  if (closing === -1) {
    throw new XinwenError('front-matter/unclosed', 'the front matter is never closed', {
      file,
      line: 1,
      source: text,
      hint: 'Add a line with only `---` after the last front-matter line, before the article text.',
    });
  }
  let frontMatter: ParsedYaml = { data: {}, keyLines: new Map() };
  const engines: Record<string, (input: string) => object> = {
    yaml: (input) => {
      frontMatter = readYaml(input, file, text);
      return {};
    },
  };
  let result: matter.GrayMatterFile<string>;
  try {
    // Passing options also keeps gray-matter from caching results by content.
    result = matter(text, { engines: engines as never, excerpt: false });
  } catch (error) {
    if (error instanceof XinwenError) throw error;
    throw new XinwenError('front-matter/language', `front matter could not be read: ${(error as Error).message}`, {
      file,
      line: 1,
      source: text,
      hint: 'Write front matter in YAML between two `---` lines.',
    });
  }
  return { frontMatter, body: result.content, bodyLine: closing + 2 };
}

/** Top-level `key:` at the start of a line; front matter is a flat map. */
const TOP_LEVEL_KEY = /^([^\s#:'"-][^:\n]*?|'[^'\n]*'|"[^"\n]*")[ \t]*:(?=[ \t]|$)/gm;

/**
 * js-yaml with the YAML 1.2 core schema: fast (front matter is parsed once
 * per article), dates stay strings for the site's time zone, no custom tags.
 * `block` starts right after the opening `---`, so its line n is file line n.
 */
function readYaml(block: string, file: string, source: string): ParsedYaml {
  const tab = /^[ ]*\t/m.exec(block);
  if (tab) {
    throw new XinwenError('yaml/tab', 'YAML is not valid: a line is indented with a tab', {
      file,
      line: lineAt(block, tab.index),
      source,
      hint: 'YAML indents with spaces, never tabs; replace the tab with two spaces.',
    });
  }
  let data: unknown;
  try {
    data = jsYaml.load(block, { schema: jsYaml.CORE_SCHEMA, json: false });
  } catch (error) {
    // js-yaml recurses once per level: brackets nested thousands deep overflow the stack.
    if (error instanceof RangeError) {
      throw new XinwenError('yaml/too-deep', 'YAML is not valid: lists or maps are nested too deeply to read', {
        file,
        line: deepestLine(block),
        source,
        hint: 'Front matter is flat `key: value` lines; a value may be a short list like [党建, 基层治理]. Check for unclosed or repeated [ and {.',
      });
    }
    const problem = error as jsYaml.YAMLException & { reason?: string; mark?: { line: number; column: number } };
    const duplicate = /duplicated mapping key/.test(problem.reason ?? '') ? duplicateKey(block, problem.mark?.line) : undefined;
    const what = duplicate
      ? `\`${duplicate.key}\` is given twice${duplicate.first ? ` (first on line ${duplicate.first})` : ''}`
      : problem.reason ?? problem.message;
    throw new XinwenError('yaml/syntax', `YAML is not valid: ${what}`, {
      file,
      line: problem.mark ? problem.mark.line + 1 : undefined,
      column: problem.mark ? problem.mark.column + 1 : undefined,
      source,
      hint: duplicate
        ? 'Each key may appear once; delete or rename the repeated one.'
        : 'Check the quoting and indentation on that line; text with a colon or a leading special character (# : - [ { ! & *) needs quotes.',
    });
  }
  const keyLines = new Map<string, number>();
  for (const match of block.matchAll(TOP_LEVEL_KEY)) {
    const key = match[1]!.replace(/^(['"])(.*)\1$/, '$2');
    if (!keyLines.has(key)) keyLines.set(key, lineAt(block, match.index));
  }
  return { data, keyLines };
}

/** The line that opens or indents the most levels, where too deep a nesting most likely is. */
function deepestLine(block: string): number {
  let deepest = 1;
  let most = -1;
  block.split('\n').forEach((line, index) => {
    const depth = (line.match(/[[{]/g)?.length ?? 0) + (/^ */.exec(line)?.[0].length ?? 0);
    if (depth > most) [deepest, most] = [index + 1, depth];
  });
  return deepest;
}

/** The key repeated on 0-based `line` of `block`, and the 1-based line where it first appears. */
function duplicateKey(block: string, line: number | undefined): { key: string; first?: number } | undefined {
  if (line === undefined) return undefined;
  const lines = block.split('\n');
  const nameOf = (text: string) => /^\s*(?:-\s+)?("[^"]*"|'[^']*'|[^\s:#][^:]*?)\s*:(?=\s|$)/.exec(text)?.[1]?.replace(/^(['"])(.*)\1$/, '$2');
  const key = nameOf(lines[line] ?? '');
  if (key === undefined) return undefined;
  const indent = /^\s*/.exec(lines[line]!)![0].length;
  const first = lines.findIndex((text, index) => index < line && nameOf(text) === key && /^\s*/.exec(text)![0].length === indent);
  return { key, first: first === -1 ? undefined : first + 1 };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
