import type { TableSource } from './table-store.ts';
import type { DictionaryEntry } from './dictionary.ts';
import { createOpenccConverter, type Locale } from './opencc.ts';
import { createLatticeConverter, type Guess, latticeConverter, type LatticeTables } from './lattice.ts';

/**
 * Converts human-readable text from one script to another. Text between
 * `-{` and `}-` is kept exactly as written (the markers are dropped), as in
 * MediaWiki. Between simplified and traditional the lattice converter reads
 * the text (lattice.ts), the site's dictionary competing inside it; between
 * two traditional scripts OpenCC's chain does.
 */
export interface TextConverter {
  /** True when nothing but `-{ }-` markers can change. */
  readonly identity: boolean;
  /** Plain text. */
  text(input: string): string;
  /** Convert a run of text that has no `-{ }-` markers. */
  plain(input: string): string;
  /** The characters of a run of text that would be converted by guess (see lattice.ts); none between traditional scripts. */
  guesses(input: string): Guess[];
  /** A form in OpenCC's standard traditional as this conversion's target writes it (麪 → 麵 for Taiwan). */
  regional(form: string): string;
}

const MARKER = /-\{([\s\S]*?)\}-/g;

/** `tables`: where the lattice converter's tables come from (table-store.ts); by default they are built. */
export function createTextConverter(from: Locale, to: Locale, dictionary: readonly DictionaryEntry[] = [], tables?: TableSource): TextConverter {
  const identity = from === to;
  // The site's words compete inside the segmentation; they are written simplified → traditional and read back the other way.
  const custom = dictionary.map((entry) => (to === 'cn' ? { source: entry.target, target: entry.source } : { source: entry.source, target: entry.target }));
  const lattice = identity ? undefined : tables ? withTables(tables(from, to, custom)) : createLatticeConverter(from, to, custom);
  const plain = identity ? (text: string) => text : (lattice ?? createOpenccConverter(from, to));
  return {
    identity,
    plain,
    guesses: (input) => lattice?.guesses(input) ?? [],
    regional: (form) => lattice?.regional(form) ?? form,
    text(input) {
      if (!input.includes('-{')) return plain(input);
      let out = '';
      let last = 0;
      for (const match of input.matchAll(MARKER)) {
        out += plain(input.slice(last, match.index));
        out += match[1];
        last = match.index + match[0].length;
      }
      return out + plain(input.slice(last));
    },
  };
}

const withTables = (tables: LatticeTables | undefined) => tables && latticeConverter(tables);
