import { XinwenError } from '../core/errors.ts';
import { say } from '../core/language.ts';

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
      throw new XinwenError('dictionary/malformed', say(
          `词典的每一行应该是两个词：\`简体 繁体\`；这一行有 ${parts.length} 个`,
          `dictionary line must be two words, \`simplified traditional\`; found ${parts.length}`,
        ), {
        file,
        line,
        source: text,
        hint: say('每行写一对词，中间用空格隔开，例如 `余华 余華`；注释行以 # 开头。', 'Write one pair per line separated by a space, e.g. `余华 余華`; start comments with #.'),
      });
    }
    const [source, target] = parts as [string, string];
    const previous = seen.get(source);
    if (previous !== undefined) {
      throw new XinwenError('dictionary/duplicate', say(`\`${source}\` 在第 ${previous} 行已经写过了`, `\`${source}\` is already defined on line ${previous}`), {
        file,
        line,
        source: text,
        hint: say(`每个词只写一次：删掉第 ${previous} 行或第 ${line} 行。`, `Keep one entry per word: delete line ${previous} or line ${line}.`),
      });
    }
    seen.set(source, line);
    entries.push({ source, target, line });
  });
  return entries;
}
