import { XinwenError } from '../core/errors.ts';

/** One custom conversion: `source` (simplified) is always written `target` (traditional). */
export interface DictionaryEntry {
  source: string;
  target: string;
  line: number;
}

export const DICTIONARY_FILE = 'content/dictionary.txt';

/**
 * Parse the site's custom dictionary: one `simplified traditional` pair per
 * line, separated by spaces or a tab; `#` starts a comment; blank lines are
 * ignored. Entries win over OpenCC: they fix names and terms it gets wrong
 * (于先生 stays 于先生, not 於先生). Read right to left for traditional → simplified.
 */
export function parseDictionary(text: string, file = DICTIONARY_FILE): DictionaryEntry[] {
  const entries: DictionaryEntry[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/(^|\s)#.*$/, '').trim();
    if (content === '') return;
    const parts = content.split(/\s+/);
    if (parts.length !== 2) {
      throw new XinwenError('dictionary/malformed', `dictionary line must be two words, \`simplified traditional\`; found ${parts.length}`, {
        file,
        line,
        source: text,
        hint: 'Write one pair per line separated by a space, e.g. `余华 余華`; start comments with #.',
      });
    }
    const [source, target] = parts as [string, string];
    const previous = seen.get(source);
    if (previous !== undefined) {
      throw new XinwenError('dictionary/duplicate', `\`${source}\` is already defined on line ${previous}`, {
        file,
        line,
        source: text,
        hint: `Keep one entry per word: delete line ${previous} or line ${line}.`,
      });
    }
    seen.set(source, line);
    entries.push({ source, target, line });
  });
  return entries;
}
