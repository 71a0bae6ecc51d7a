import { foldTable } from './fold.ts';

/**
 * What search indexes of a text, folded into one script (fold.ts): Chinese,
 * Japanese and Korean runs as overlapping character pairs (随州市 → 随州,
 * 州市), which find any word of two or more characters without a word list;
 * other letters and digits as whole words, in small letters. A title also
 * gives its single characters, so a one-character query finds titles.
 * public/assets/search.js cuts a query the same way; test/search.test.ts
 * holds the two to each other.
 */
export interface SearchTokens {
  /** Character pairs as `first << 16 | second` (unsigned), a single character as `first << 16`; each once. */
  grams: Uint32Array;
  /** Other words, each once. */
  words: string[];
}

/** Longest word indexed: longer runs (hashes, long numbers) are cut. */
const MAX_WORD = 32;

const OTHER = 0;
const WORD = 1;
const CJK = 2;

let classes: Uint8Array | undefined;

/** For every UTF-16 unit: part of a word, a CJK character, or neither. */
function unitClasses(): Uint8Array {
  if (classes) return classes;
  classes = new Uint8Array(0x10000);
  const letter = /[\p{L}\p{N}]/u;
  for (let unit = 0; unit < 0x10000; unit++) {
    if (isCjk(unit)) classes[unit] = CJK;
    else if (unit < 0xd800 || unit > 0xdfff) classes[unit] = letter.test(String.fromCharCode(unit)) ? WORD : OTHER;
  }
  return classes;
}

/** Han (with extension A and compatibility ideographs), kana and Hangul syllables: the scripts written without spaces. */
export function isCjk(unit: number): boolean {
  return (unit >= 0x3400 && unit <= 0x4dbf) || (unit >= 0x4e00 && unit <= 0x9fff) || (unit >= 0xf900 && unit <= 0xfaff) || (unit >= 0x3040 && unit <= 0x30ff) || (unit >= 0xac00 && unit <= 0xd7af);
}

/**
 * The distinct pairs of one text, gathered in a reused open-addressing table
 * (a stamp per slot marks the slots of the current text), so a text of
 * thousands of characters costs no sort and no garbage.
 */
class GramSet {
  private keys = new Uint32Array(1 << 14);
  private stamps = new Uint32Array(1 << 14);
  private stamp = 1;
  private values = new Uint32Array(1 << 13);
  size = 0;

  clear(): void {
    this.size = 0;
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  add(gram: number): void {
    const mask = this.keys.length - 1;
    let slot = Math.imul(gram, 0x9e3779b1) >>> 18 & mask;
    while (this.stamps[slot] === this.stamp) {
      if (this.keys[slot] === gram) return;
      slot = (slot + 1) & mask;
    }
    this.stamps[slot] = this.stamp;
    this.keys[slot] = gram;
    if (this.size === this.values.length) this.grow();
    this.values[this.size++] = gram;
  }

  /** The pairs gathered since `clear`, in the order first seen. */
  take(): Uint32Array {
    return this.values.slice(0, this.size);
  }

  private grow(): void {
    const values = this.values;
    this.values = new Uint32Array(values.length * 2);
    this.values.set(values);
    this.keys = new Uint32Array(this.values.length * 2);
    this.stamps = new Uint32Array(this.values.length * 2);
    this.stamp = 1;
    const count = this.size;
    this.size = 0;
    for (let i = 0; i < count; i++) this.add(values[i]!);
  }
}

const gramSet = new GramSet();

/** The tokens of `text` (with those of `more`); `singles` adds every CJK character alone (for titles). */
export function textTokens(text: string, singles = false, more: readonly SearchTokens[] = []): SearchTokens {
  const fold = foldTable();
  const kinds = unitClasses();
  const grams = gramSet;
  grams.clear();
  const words = new Set<string>();
  for (const tokens of more) {
    for (const gram of tokens.grams) grams.add(gram);
    for (const word of tokens.words) words.add(word);
  }
  let previous = -1; // the CJK unit just before, or -1
  let wordStart = -1;
  let word = '';
  for (let i = 0; i <= text.length; i++) {
    const unit = i < text.length ? fold[text.charCodeAt(i)]! : 0x20;
    const kind = kinds[unit]!;
    if (kind === WORD) {
      if (wordStart < 0) {
        wordStart = i;
        word = '';
      }
      if (word.length < MAX_WORD) word += String.fromCharCode(unit);
    } else if (wordStart >= 0) {
      words.add(word);
      wordStart = -1;
    }
    if (kind === CJK) {
      if (previous >= 0) grams.add(((previous << 16) | unit) >>> 0);
      else if (!singles && !isCjkAt(text, i + 1, fold, kinds)) grams.add((unit << 16) >>> 0); // a character alone between non-CJK
      if (singles) grams.add((unit << 16) >>> 0);
      previous = unit;
    } else {
      previous = -1;
    }
  }
  return { grams: grams.take(), words: [...words] };
}

function isCjkAt(text: string, i: number, fold: Uint16Array, kinds: Uint8Array): boolean {
  return i < text.length && kinds[fold[text.charCodeAt(i)]!] === CJK;
}

/** A token as the index files and search.js write it: the characters of a pair or single, or the word. */
export function gramText(gram: number): string {
  const second = gram & 0xffff;
  return second ? String.fromCharCode(gram >>> 16, second) : String.fromCharCode(gram >>> 16);
}

/** What search keeps of an article: tokens of everything (title included), and of its title alone. */
export interface ArticleSearchData {
  all: SearchTokens;
  title: SearchTokens;
}

export function articleSearchData(title: string, bodyText: string): ArticleSearchData {
  const titleTokens = textTokens(title, true);
  return { all: textTokens(bodyText, false, [titleTokens]), title: titleTokens };
}

