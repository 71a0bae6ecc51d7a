import type { ErrorLocation, Warning, XinwenError } from './errors.ts';
import { language, say } from './language.ts';

/** Lines of context shown above and below the faulty line. */
const FRAME_CONTEXT = 2;

/** Characters of a line shown in a code frame; the rest of a longer line becomes `…`. */
const FRAME_WIDTH = 100;

/** `file:line:column` as editors and terminals understand it. */
export function formatLocation(location: ErrorLocation): string {
  if (!location.file) return '';
  let text = location.file;
  if (location.line) text += `:${location.line}`;
  if (location.line && location.column) text += `:${location.column}`;
  return text;
}

/** A few numbered lines around `line`, with a caret under `column`. */
export function codeFrame(source: string, line: number, column?: number): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - FRAME_CONTEXT);
  const last = Math.min(lines.length, line + FRAME_CONTEXT);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    // A 500-character title or a minified line would flood the terminal; keep the part up to the caret.
    const shown = clip(lines[n - 1] ?? '', n === line && column ? Math.max(column + 20, FRAME_WIDTH) : FRAME_WIDTH);
    out.push(`${marker} ${String(n).padStart(width)} | ${shown}`);
    if (n === line && column && column > 0) {
      // CJK characters take two terminal columns; pad with the same characters' widths.
      const before = (lines[n - 1] ?? '').slice(0, column - 1);
      out.push(`  ${' '.repeat(width)} | ${displayPadding(before)}^`);
    }
  }
  return out.join('\n');
}

/** `text` cut to `width` characters, with `…` when something was cut. */
function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width).join('')}…`;
}

function displayPadding(text: string): string {
  let pad = '';
  for (const char of text) pad += char === '\t' ? '\t' : isWide(char) ? '  ' : ' ';
  return pad;
}

function isWide(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
  );
}

/**
 * Shows a message in the script of the site it is about: converts simplified
 * Chinese to the site's first variant for a traditional-script site
 * (message-script.ts), leaves it as it is otherwise.
 */
export type MessageScript = (text: string) => string;

export interface FormatOptions {
  /** Print the stack trace too. */
  debug?: boolean;
  /** The site's script for the message and hint (not for the file name and the code frame). */
  script?: MessageScript;
}

/** The full user-facing text of an error: where, what, the code frame and the fix. */
export function formatError(error: XinwenError, options: FormatOptions = {}): string {
  const show = options.script ?? same;
  const parts = [heading(say('错误', 'error'), error, show)];
  if (error.source !== undefined && error.line) parts.push(codeFrame(error.source, error.line, error.column));
  if (error.hint) parts.push(hintLine(error.hint, show));
  if (options.debug && error.stack) parts.push(error.stack);
  return parts.join('\n');
}

export function formatWarning(warning: Warning, options: FormatOptions = {}): string {
  const show = options.script ?? same;
  const parts = [heading(say('警告', 'warning'), warning, show)];
  if (warning.hint) parts.push(hintLine(warning.hint, show));
  return parts.join('\n');
}

/** `hint: …` / `提示：…`. */
export function hintLine(hint: string, script: MessageScript = same): string {
  return say(`${script('提示')}：${script(hint)}`, `hint: ${hint}`);
}

/**
 * `error in content/a.md:3: … [code]`, or in Chinese
 * `错误：content/a.md 第 3 行：…… [code]` (the line as editors count it).
 */
function heading(label: string, problem: ErrorLocation & { message: string; code: string }, show: MessageScript): string {
  const where = formatLocation(problem);
  if (language() === 'en') return `${label}${where ? ` in ${where}` : ''}: ${problem.message} [${problem.code}]`;
  let place = '';
  if (problem.file) {
    const line = problem.line ? ` 第 ${problem.line} 行${problem.column ? `第 ${problem.column} 列` : ''}` : '';
    place = `${problem.file}${show(line)}：`;
  }
  return `${show(label)}：${place}${show(problem.message)} [${problem.code}]`;
}

const same: MessageScript = (text) => text;
