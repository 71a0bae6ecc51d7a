import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { XinwenError } from './errors.ts';

/** Parsed YAML plus the line each top-level key sits on, for error messages. */
export interface ParsedYaml {
  data: unknown;
  /** 1-based line of each key, by dotted path (`contact.hotline`). */
  keyLines: Map<string, number>;
}

/**
 * Parse YAML 1.2 (core schema): dates stay strings, so `2022-05-17 08:10:05`
 * is read in the site's time zone instead of being taken as UTC, and `no`
 * stays the word "no". Duplicate keys are errors.
 */
export function parseYaml(text: string, where: { file: string; lineOffset?: number; source?: string }): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, schema: 'core', uniqueKeys: true, prettyErrors: true });
  const offset = where.lineOffset ?? 0;
  const problem = document.errors[0];
  if (problem) {
    const position = problem.linePos?.[0];
    const what = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new XinwenError('yaml/syntax', `YAML is not valid: ${what}`, {
      file: where.file,
      line: position ? position.line + offset : undefined,
      column: position?.col,
      source: where.source,
      hint: yamlHint(problem.code, text),
    });
  }
  const keyLines = new Map<string, number>();
  const collect = (node: unknown, prefix: string) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const path = prefix + String(pair.key.value);
      keyLines.set(path, lineCounter.linePos(pair.key.range[0]).line + offset);
      collect(pair.value, `${path}.`);
    }
  };
  collect(document.contents, '');
  return { data: document.toJS({ maxAliasCount: 100 }), keyLines };
}

function yamlHint(code: string, text: string): string {
  if (code === 'DUPLICATE_KEY') return 'Each key may appear once; delete or rename the repeated one.';
  if (code === 'TAB_AS_INDENT' || /^\t/m.test(text)) return 'YAML indents with spaces, never tabs.';
  return 'Check the quoting and indentation on that line; text with a colon or a leading special character (# : - [ {) needs quotes.';
}
