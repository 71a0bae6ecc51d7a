import type { ParsedYaml } from './yaml.ts';

/**
 * A shortcut for the YAML of nearly every article's front matter: one
 * `key: value` per line, each value a plain word, a number, a quoted text
 * without escapes or a flat list such as [党建, 治理]. Such YAML is read here
 * with the meaning the `yaml` package (core schema) gives it, in a fraction
 * of the time; anything else (comments after a value, nesting, escapes,
 * booleans, floats, a repeated key…) returns undefined, and the `yaml`
 * package reads it, with its error messages. test/plain-yaml.test.ts holds
 * the two to the same result.
 */
export function readPlainYaml(text: string, lineOffset: number): ParsedYaml | undefined {
  const data: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  let lineStart = 0;
  for (let line = 1; lineStart <= text.length; line++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const content = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    if (content === '' || content.charCodeAt(0) === 0x23 /* # */) continue;
    const match = KEY_LINE.exec(content);
    if (!match) return undefined;
    const key = match[1]!;
    if (keyLines.has(key) || NOT_TEXT_KEY.test(key)) return undefined;
    const value = valueOf(match[2]!.replace(TRAILING_SPACES, ''));
    if (value === undefined) return undefined;
    data[key] = value.value;
    keyLines.set(key, line + lineOffset);
  }
  // A document of blank and comment lines is null, not an empty map.
  return keyLines.size > 0 ? { data, keyLines } : undefined;
}

/** A key of letters, digits and `_`, a colon, one or more spaces, and a value. */
const KEY_LINE = /^([A-Za-z][A-Za-z0-9_]*): +(\S.*)$/;
/** Keys the core schema reads as null or a boolean. */
const NOT_TEXT_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const TRAILING_SPACES = / +$/;
/** Characters that need care in YAML (controls, tab, NEL, line and paragraph separators, BOM): left to the `yaml` package. */
const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** The core schema's decimal integers, which resolve with parseInt. */
const INTEGER = /^[-+]?[0-9]+$/;
/** The core schema's other non-text plain scalars: null, booleans, octal and hexadecimal integers, floats. */
const OTHER_SCALAR = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** Characters a plain scalar may not start with (YAML indicators, and signs and dots that may start a number). */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`+.~]/;

/** A value written in one of the simple forms, or undefined. */
function valueOf(source: string): { value: unknown } | undefined {
  if (SPECIAL.test(source)) return undefined;
  const first = source.charCodeAt(0);
  if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
    const inner = source.slice(1, -1);
    if (source.length < 2 || source.charCodeAt(source.length - 1) !== first || inner.includes(source[0]!) || inner.includes('\\')) return undefined;
    return { value: detached(inner) };
  }
  if (first === 0x5b /* [ */) {
    if (source.charCodeAt(source.length - 1) !== 0x5d /* ] */) return undefined;
    const inner = source.slice(1, -1);
    if (/^ *$/.test(inner)) return { value: [] };
    // Quotes, nesting, comments and colons (which may make a map) are the `yaml` package's.
    if (/[[\]{}"'#:]/.test(inner)) return undefined;
    const items: unknown[] = [];
    for (const item of inner.split(',')) {
      const value = plainScalar(item.replace(/^ +| +$/g, ''));
      if (value === undefined) return undefined;
      items.push(value.value);
    }
    return { value: items };
  }
  return plainScalar(source);
}

/** A plain (unquoted) scalar as the core schema resolves it: text or a decimal integer; undefined for anything else. */
function plainScalar(source: string): { value: unknown } | undefined {
  if (INTEGER.test(source)) return { value: parseInt(source, 10) };
  if (source === '' || INDICATOR_START.test(source) || OTHER_SCALAR.some((pattern) => pattern.test(source))) return undefined;
  // A colon before a space or at the end starts a map; a `#` after a space starts a comment.
  if (source.includes(': ') || source.endsWith(':') || source.includes(' #')) return undefined;
  return { value: detached(source) };
}

/**
 * A copy of `text` that does not point into the file it was cut from. V8
 * keeps a slice of a string (from 13 characters on) as a view of the whole
 * string: an article's title would keep its entire source in memory for
 * the rest of the build.
 */
function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
