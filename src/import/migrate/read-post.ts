import { parse as parseYamlText } from 'yaml';
import { XinwenError } from '../../core/errors.ts';
import { say } from '../../core/language.ts';
import { parseToml } from '../../parse/toml.ts';

/** A post of another generator, split into its front matter and its Markdown. */
export interface SourcePost {
  data: Record<string, unknown>;
  /** Which language the front matter was written in. */
  format: 'yaml' | 'toml' | 'json' | 'none';
  body: string;
  /** 1-based line of the file on which `body` starts. */
  bodyLine: number;
}

/**
 * Split a post as Jekyll, Hugo and Hexo read it: YAML between `---` lines,
 * TOML between `+++` lines (Hugo), a JSON object (Hugo; Hexo's `;;;` ends
 * one), or (`hexo`) Hexo's YAML with no opening `---`, which ends at the
 * first `---`.
 * Dates come back as text, as they were written.
 */
export function readPost(text: string, file: string, hexo = false): SourcePost {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  const first = lines[0]!.trim();
  const closing = (marker: RegExp, from = 1) => lines.findIndex((line, index) => index >= from && marker.test(line));
  const rest = (end: number) => ({ body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 });
  if (first === '---' || first === '+++') {
    const end = closing(first === '---' ? /^---\s*$/ : /^\+\+\+\s*$/);
    if (end === -1) throw unclosed(file, first);
    const block = lines.slice(1, end).join('\n');
    const format = first === '---' ? 'yaml' : 'toml';
    return { data: parseBlock(block, format, file), format, ...rest(end) };
  }
  if (first === '{' || (first.startsWith('{') && first.endsWith('}'))) {
    // Hugo's JSON front matter: the object ends on a line that closes it.
    const end = first.endsWith('}') && first !== '{' ? 0 : closing(/^\}\s*$/);
    if (end === -1) throw unclosed(file, '{');
    return { data: parseBlock(lines.slice(0, end + 1).join('\n'), 'json', file), format: 'json', ...rest(end) };
  }
  // Hexo: `key: value` lines up to a `---` (or `;;;` after JSON) line, with no opening marker.
  const hexoEnd = closing(/^(---|;;;)\s*$/, 0);
  if (hexo && hexoEnd > 0 && /^[\w-]+\s*:/.test(first)) {
    const block = lines.slice(0, hexoEnd).join('\n');
    const format = lines[hexoEnd]!.startsWith(';;;') ? 'json' : 'yaml';
    return { data: parseBlock(format === 'json' ? `{${block}}` : block, format, file), format, ...rest(hexoEnd) };
  }
  return { data: {}, format: 'none', body: source, bodyLine: 1 };
}

function parseBlock(block: string, format: 'yaml' | 'toml' | 'json', file: string): Record<string, unknown> {
  let data: unknown;
  try {
    // The core schema keeps `date: 2015-03-25` as text, the way it was written.
    data = format === 'yaml' ? parseYamlText(block, { schema: 'core' }) : format === 'toml' ? parseToml(block).data : JSON.parse(block);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new XinwenError('migrate/front-matter', say(`文章开头的设置（${format.toUpperCase()}）读不出来：${reason}`, `the front matter (${format.toUpperCase()}) cannot be read: ${reason}`), {
      file,
      hint: say('用原来的生成器检查这篇文章，改正后再导入。', 'Check the post with its own generator, fix it, and import again.'),
    });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new XinwenError('migrate/front-matter', say('文章开头的设置应该是一组 `字段: 值`', 'the front matter must be `key: value` pairs'), { file });
  }
  return data as Record<string, unknown>;
}

function unclosed(file: string, marker: string): XinwenError {
  return new XinwenError('migrate/front-matter', say(`文章开头的设置以 \`${marker}\` 开始，却没有结尾`, `the front matter opened with \`${marker}\` is never closed`), {
    file,
    line: 1,
    hint: say('在设置之后、正文之前加上结尾的那一行。', 'Add the closing line after the front matter, before the text.'),
  });
}

/** A date of the front matter, as written (YAML, TOML and JSON dates all arrive as text); undefined for anything else. */
export function dateText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
