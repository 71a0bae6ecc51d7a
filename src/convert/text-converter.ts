import type { DictionaryEntry } from './dictionary.ts';
import { createOpenccConverter, type Locale } from './opencc.ts';
import { FastTrie } from './trie.ts';

/**
 * Converts human-readable text from one script to another. Text between
 * `-{` and `}-` is kept exactly as written (the markers are dropped), as in
 * MediaWiki; the site's custom dictionary wins over OpenCC.
 */
export interface TextConverter {
  /** True when nothing but `-{ }-` markers can change. */
  readonly identity: boolean;
  /** Plain text. */
  text(input: string): string;
  /** Convert a run of text that has no `-{ }-` markers. */
  plain(input: string): string;
}

const MARKER = /-\{([\s\S]*?)\}-/g;

export function createTextConverter(from: Locale, to: Locale, dictionary: readonly DictionaryEntry[] = []): TextConverter {
  const opencc = createOpenccConverter(from, to);
  const identity = from === to;
  const custom = identity ? undefined : customTrie(from, to, dictionary);
  const plain = custom ? withCustom(custom, opencc) : opencc;
  return {
    identity,
    plain,
    text(input) {
      if (!input.includes('-{')) return identity ? input : plain(input);
      let out = '';
      let last = 0;
      for (const match of input.matchAll(MARKER)) {
        out += identity ? input.slice(last, match.index) : plain(input.slice(last, match.index));
        out += match[1];
        last = match.index + match[0].length;
      }
      return out + (identity ? input.slice(last) : plain(input.slice(last)));
    },
  };
}

/** Dictionary entries are simplified → traditional; read right to left towards simplified. */
function customTrie(from: Locale, to: Locale, dictionary: readonly DictionaryEntry[]): FastTrie | undefined {
  if (dictionary.length === 0) return undefined;
  const trie = new FastTrie();
  if (from === 'cn') for (const entry of dictionary) trie.addWord(entry.source, entry.target);
  else if (to === 'cn') for (const entry of dictionary) trie.addWord(entry.target, entry.source);
  else return undefined;
  return trie;
}

/** Custom words are replaced first; OpenCC converts the text between them. */
function withCustom(custom: FastTrie, opencc: (text: string) => string): (text: string) => string {
  return (text) => {
    let out = '';
    let copied = 0;
    for (let i = 0; i < text.length; ) {
      const end = custom.match(text, i, text.length);
      if (end === -1) {
        i++;
        continue;
      }
      if (copied < i) out += opencc(text.slice(copied, i));
      out += custom.lastValue;
      i = copied = end;
    }
    return copied === 0 ? opencc(text) : out + (copied < text.length ? opencc(text.slice(copied)) : '');
  };
}
