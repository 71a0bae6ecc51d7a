import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../core/site-folders.ts';
import { mainStepChain, type Locale } from './opencc.ts';
import { dictEntries, FastTrie, type TrieData, unmatchedLength } from './trie.ts';

/**
 * Script conversion that reads a sentence the way a reader does.
 *
 * OpenCC takes the longest dictionary phrase at each position, left to
 * right, so 原生发布 is read 原|生发|布 and becomes 原生髮布. Here every way
 * of cutting a stretch of text into known words is weighed at once and the
 * likeliest wins: the product of the words' frequencies in a large word list
 * (a unigram model, as the jieba segmenter uses). 原生|发布 beats 原|生发|布
 * because 原生 and 发布 are common words and 生发 is rare.
 *
 * The words come from four places and compete on the same terms:
 * - OpenCC's phrases and characters for the pair, with their conversions;
 * - the word list (data/words.txt, jieba's), whose words take part in the
 *   segmentation and convert as OpenCC converts them;
 * - xinwen's phrases for the target (data/phrases*.txt): usage OpenCC gets
 *   wrong, such as Taiwan's 公布 and 发布, written with 布;
 * - the site's dictionary, whose conversions are final.
 *
 * Only a stretch where a phrase with a conversion of its own can match is
 * weighed; elsewhere every reading converts alike, character by character,
 * from a flat table. (Towards Taiwan's words, s2twp, all of the text is
 * weighed: see wordByWord.)
 */

/** How a word converts. */
const PLAIN = 0; // character by character
const PHRASE = 1; // to its own conversion, which differs from its characters'
const CUSTOM = 2; // to the site's conversion, final: no later step touches it

/** One entry of the site's dictionary, both sides as written in the scripts of this conversion. */
export interface CustomWord {
  source: string;
  target: string;
}

/** A character with several possible forms that was converted alone, with no word around it to decide it. */
export interface Guess {
  /** Offset of the character in the text. */
  index: number;
  /** The character as written. */
  source: string;
  /** Every form it can take; `candidates[0]` is OpenCC's default, which a guess takes. */
  candidates: readonly string[];
}

export interface LatticeConverter {
  (text: string): string;
  /** Each watched character of the text (see WATCHED) that no word of two or more characters holds: it is converted by guess. */
  guesses(text: string): Guess[];
  /** The words the text was read as, e.g. ['原生', '发布'] (for tests and explanations). */
  reading(text: string): string[];
  /** Text in OpenCC's standard forms as the target writes it (麪 → 麵 for Taiwan): the steps after the main one. */
  regional(text: string): string;
}

const DATA = path.join(PACKAGE_ROOT, 'src', 'convert', 'data');

function readData(name: string): string[][] {
  return readFileSync(path.join(DATA, name), 'utf8')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/\s+/));
}

/** A word list's frequencies, and the log of their total. */
interface WordList {
  frequencies: ReadonlyMap<string, number>;
  logTotal: number;
}

/**
 * The word list, read anew for each converter (a site needs one or two):
 * kept, its 110,000 entries would stay in every build thread's memory.
 */
function wordList(script: 'simplified' | 'traditional'): WordList {
  // A plain split: the list is 110,000 lines of `word frequency`.
  let rows = readFileSync(path.join(DATA, 'words.txt'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && line.charCodeAt(0) !== 0x23)
    .map((line) => line.split(' '));
  // The list is simplified; traditional text is weighed with its words converted (by this very converter).
  if (script === 'traditional') {
    const toTraditional = createLatticeConverter('cn', 't')!;
    rows = rows.map(([word, count]) => [toTraditional(word!), count!]);
  }
  const frequencies = new Map<string, number>();
  let total = 0;
  for (const [word, count] of rows) {
    const frequency = Number(count);
    frequencies.set(word!, (frequencies.get(word!) ?? 0) + frequency);
    total += frequency;
  }
  return { frequencies, logTotal: Math.log(total) };
}

let listedWords: ReadonlyMap<string, number> | undefined;
/** True when the word list knows `word` (simplified). For the lint, which `check` runs: kept once read. */
export function isListedWord(word: string): boolean {
  listedWords ??= wordList('simplified').frequencies;
  return listedWords.has(word);
}

/** xinwen's phrases towards simplified, each line `traditional simplified`. */
const SIMPLIFYING_PHRASES = 'phrases-simplified.txt';

/** xinwen's phrase files for each traditional target, each line `simplified traditional`. */
const PHRASE_FILES: Partial<Record<Locale, string[]>> = {
  t: ['phrases.txt'],
  tw: ['phrases.txt', 'phrases-tw.txt'],
  twp: ['phrases.txt', 'phrases-tw.txt'],
  hk: ['phrases.txt', 'phrases-hk.txt'],
};

let ambiguity: ReadonlyMap<string, readonly string[]> | undefined;
/** Simplified characters with more than one traditional form (OpenCC's list), default first. */
function ambiguousCharacters(): ReadonlyMap<string, readonly string[]> {
  ambiguity ??= new Map(readData('ambiguous-simplified.txt').map(([char, ...candidates]) => [char!, candidates]));
  return ambiguity;
}

/**
 * The characters a guess is reported for: simplified characters whose forms
 * in traditional script are all in everyday use on their own, so that a
 * character read alone may well need a form other than OpenCC's default
 * (干: 幹 乾; 台: 臺 台 檯 颱; 面: 面 麵; 余: 餘 余…). Characters whose other
 * forms live only inside words (了 → 瞭 in 瞭解, 发 → 髮 in 头发), that are
 * nearly always their default alone (里 → 裏, 只 → 只), or are rare
 * variants (家 → 傢, 据 → 据) are right alone, and listing every one of them
 * would drown the real questions.
 */
const WATCHED = [...'干系面复历云松台余制范冲尽斗卷表谷签划征钟准咸郁朴丑困采汇伙游链姜蒙苏纤恶借周'];

/**
 * The weights, chosen with the quality benchmark (npm run bench -- --only
 * quality), in the word list's units (it counts 62 million words):
 * - a phrase OpenCC knows and the word list does not counts as seen 40 times,
 *   and as a little likelier (PHRASE_BONUS, in −log units) than its
 *   characters read apart;
 * - xinwen's own phrases and the site's words count as common words (seen
 *   2,000 times): they win where they fit and lose where a likelier reading
 *   crosses them (其余|华人 beats 其|余华|人).
 */
const UNLISTED_PHRASE_FREQUENCY = 40;
const PHRASE_BONUS = 1;
const CURATED_FREQUENCY = 2000;
const CUSTOM_FREQUENCY = 2000;

/**
 * What xinwen alone decides of a converter for one pair: OpenCC's
 * dictionaries, the word list and xinwen's phrases, read into one trie with
 * each word's kind and frequency, before a site's own words are added
 * (`finishLattice`). Plain data (typed arrays and strings), so it can be kept
 * in a file and loaded in a few hundredths of the time it takes to build
 * (table-store.ts).
 */
export interface LatticeBase {
  from: Locale;
  to: Locale;
  /** The steps of OpenCC's chain before and after the main one (see MainStepChain). */
  chain: { normalization: TrieData[]; before: TrieData[]; after: TrieData[] };
  /** The main step's conversion of each code unit, undefined where it keeps it. */
  single: (string | undefined)[];
  words: WordData;
  /** Words that may convert on their own, to check once every word is in. */
  candidates: string[];
  /** Log of the word list's total count. */
  logTotal: number;
}

/** What a converter reads as it converts: a base with the site's words in it, weighed. Plain data, as LatticeBase is. */
export interface LatticeTables {
  from: Locale;
  to: Locale;
  chain: LatticeBase['chain'];
  single: (string | undefined)[];
  trie: TrieData;
  /** Each node's kind: PLAIN, PHRASE or CUSTOM. */
  kind: Uint8Array;
  /** 1 for a word of a dictionary (OpenCC's, xinwen's, the site's), 0 for one only the word list knows. */
  inDictionary: Uint8Array;
  /** Each word's cost: −log of its probability in the word list. */
  costOf: Float64Array;
  longest: number;
  inWord: Uint8Array;
  reach: Uint16Array;
  /** The phrases whose conversion differs from their characters': only where one can match is there anything to weigh. */
  triggers: TrieData;
  triggerPairs: Uint8Array;
  /** Words of one unit that convert on their own (the site's 干 → 乾): a pair cannot flag them. */
  triggerUnits: Uint8Array;
}

/** The words of a converter as they are added, with what each word's node is known by. */
interface WordData {
  trie: TrieData;
  kind: Uint8Array;
  inDictionary: Uint8Array;
  frequency: Float64Array;
  /** Length of the longest word. */
  longest: number;
  /** 1 for a code unit some word holds anywhere: text may be cut only at a unit no word holds. */
  inWord: Uint8Array;
  /** Length of the longest word starting with each code unit (0xffff: that long or longer), so `guesses` skips starts whose words cannot reach a character. */
  reach: Uint16Array;
}

/** The trie of a converter's words and what is known of each, growing as words are added. */
class Words {
  readonly trie: FastTrie;
  kind: Uint8Array;
  inDictionary: Uint8Array;
  frequency: Float64Array;
  longest: number;
  readonly inWord: Uint8Array;
  readonly reach: Uint16Array;

  /** Starts empty, or takes over the arrays of `data`. */
  constructor(
    private readonly plain: PlainConversion,
    /** Words that may convert on their own are pushed here, to check once every word is in. */
    private readonly candidates: string[],
    data?: WordData,
  ) {
    this.trie = new FastTrie(data?.trie ?? 1 << 17);
    this.kind = data?.kind ?? new Uint8Array(1 << 18);
    this.inDictionary = data?.inDictionary ?? new Uint8Array(1 << 18);
    this.frequency = data?.frequency ?? new Float64Array(1 << 18);
    this.longest = data?.longest ?? 1;
    this.inWord = data?.inWord ?? new Uint8Array(0x10000);
    this.reach = data?.reach ?? new Uint16Array(0x10000);
  }

  add(source: string, value: string | null, wordKind: number, listed = false): number {
    const node = this.trie.addWord(source, value);
    if (source.length > this.longest) this.longest = source.length;
    for (let i = 0; i < source.length; i++) this.inWord[source.charCodeAt(i)] = 1;
    const first = source.charCodeAt(0);
    if (source.length > this.reach[first]!) this.reach[first] = Math.min(source.length, 0xffff);
    if (node >= this.kind.length) {
      this.kind = growBytes(this.kind);
      this.inDictionary = growBytes(this.inDictionary);
      this.frequency = growFloat(this.frequency);
    }
    if (!listed) this.inDictionary[node] = 1;
    // A phrase that converts as its characters do is plain: choosing it changes nothing.
    this.kind[node] = value === null || (wordKind === PHRASE && (source.length === 1 || value === this.plain(source, 0, source.length))) ? PLAIN : wordKind;
    if (this.kind[node] !== PLAIN) this.candidates.push(source);
    return node;
  }

  data(): WordData {
    const { kind, inDictionary, frequency, longest, inWord, reach } = this;
    return { trie: this.trie.data(), kind, inDictionary, frequency, longest, inWord, reach };
  }
}

/** Text converted character by character by the main step. */
type PlainConversion = (text: string, start: number, end: number) => string;

function plainConversion(single: readonly (string | undefined)[]): PlainConversion {
  return (text, start, end) => {
    let out = '';
    let copied = start;
    for (let i = start; i < end; i++) {
      const mapped = single[text.charCodeAt(i)];
      if (mapped === undefined) continue;
      out += text.slice(copied, i) + mapped;
      copied = i + 1;
    }
    return copied === start ? text.slice(start, end) : out + text.slice(copied, end);
  };
}

/**
 * The base of a converter for `from` → `to` where one side is cn (undefined
 * otherwise: between traditional scripts there is nothing to weigh).
 */
export function buildLatticeBase(from: Locale, to: Locale): LatticeBase | undefined {
  const chain = mainStepChain(from, to);
  if (!chain) return undefined;
  // The main step's entries, earlier dictionaries first (they win); its characters make the flat table.
  const dictionaries = chain.main.map(dictEntries);
  const single = new Array<string | undefined>(0x10000).fill(undefined);
  for (let d = dictionaries.length - 1; d >= 0; d--) {
    for (const [source, value] of dictionaries[d]!) if (source.length === 1) single[source.charCodeAt(0)] = value;
  }
  const plain = plainConversion(single);
  const candidates: string[] = [];
  const words = new Words(plain, candidates);
  const { trie } = words;
  for (let d = dictionaries.length - 1; d >= 0; d--) for (const [source, value] of dictionaries[d]!) words.add(source, value, PHRASE);
  /** xinwen's own phrases: chosen one by one, so weighed as common words. */
  const curated: string[] = [];
  for (const name of from === 'cn' ? (PHRASE_FILES[to] ?? []) : [SIMPLIFYING_PHRASES]) {
    for (const [source, target] of readData(name)) {
      words.add(source!, target!, PHRASE);
      curated.push(source!);
    }
  }
  // Building the traditional word list converts it with a cn → t converter: only then is it needed.
  const list = wordList(from === 'cn' ? 'simplified' : 'traditional');
  // A listed word OpenCC does not know converts as OpenCC converts it (平方英里 holds 英里, not 英裏): found before any is added.
  const unknownWords: [string, number, string][] = [];
  for (const [word, count] of list.frequencies) {
    const node = trie.nodeOf(word);
    if (node !== 0 && trie.valueAt(node) !== undefined) words.frequency[node] = count;
    else unknownWords.push([word, count, trie.convert(word)]);
  }
  for (const [word, count, value] of unknownWords) words.frequency[words.add(word, value === plain(word, 0, word.length) ? null : value, PHRASE, true)] = count;
  // Converting to Taiwan's words, OpenCC's regional words (大众汽车 → 福斯汽車) are read whole wherever they fit.
  if (to === 'twp') for (const dictionary of chain.regional) for (const [source] of dictEntries(dictionary)) curated.push(source);
  for (const source of curated) {
    const node = trie.nodeOf(source);
    if (node !== 0) words.frequency[node] = Math.max(words.frequency[node]!, CURATED_FREQUENCY);
  }
  const steps = { normalization: chain.normalization.map((each) => each.data()), before: chain.before.map((each) => each.data()), after: chain.after.map((each) => each.data()) };
  return { from, to, chain: steps, single, words: words.data(), candidates, logTotal: list.logTotal };
}

/**
 * A base with the site's words in it, every word weighed: what a converter
 * reads. Takes over the base's arrays (a base is finished once).
 */
export function finishLattice(base: LatticeBase, custom: readonly CustomWord[]): LatticeTables {
  const { from, to, chain, single, candidates, logTotal } = base;
  const words = new Words(plainConversion(single), candidates, base.words);
  const { trie } = words;
  const before = chain.before.map((data) => new FastTrie(data));
  const normalization = chain.normalization.map((data) => new FastTrie(data));
  for (const word of custom) {
    // Matched where the text is: after the steps before the main one (Taiwan's 為 is read as 爲 there).
    const source = steps(before, steps(normalization, word.source));
    const node = trie.nodeOf(source);
    const known = node === 0 ? 0 : words.frequency[node]!;
    words.frequency[words.add(source, word.target, CUSTOM)] = Math.max(known, CUSTOM_FREQUENCY);
  }
  const { kind, frequency } = words;

  // Each word's cost: −log of its probability in the word list.
  const costOf = new Float64Array(trie.size);
  const unlisted = logTotal - Math.log(UNLISTED_PHRASE_FREQUENCY);
  const unknown = logTotal;
  // Node 0 stands for a character no word starts with: as unlikely as a word seen once.
  costOf[0] = unknown;
  for (let node = 1; node < trie.size; node++) {
    const value = trie.valueAt(node);
    if (value === undefined) continue;
    costOf[node] = frequency[node]! > 0 ? logTotal - Math.log(frequency[node]!) : value !== null && kind[node] !== PLAIN ? unlisted : unknown;
  }
  // A phrase with a conversion of its own is likelier than its characters read apart (这只|猫, not
  // 这|只|猫), though not than a word that crosses it (这|只是).
  for (const source of candidates) {
    const node = trie.nodeOf(source);
    if (frequency[node]! > 0 || kind[node] !== PHRASE) continue;
    let apart = 0;
    for (const char of source) {
      const single = trie.nodeOf(char);
      apart += single !== 0 && trie.valueAt(single) !== undefined ? costOf[single]! : unknown;
    }
    costOf[node] = Math.min(costOf[node]!, apart - PHRASE_BONUS);
  }
  const triggers = new FastTrie();
  const triggerPairs = new Uint8Array(PAIR_TABLE);
  const triggerUnits = new Uint8Array(0x10000);
  for (const source of candidates) {
    const node = trie.nodeOf(source);
    if (kind[node] === PLAIN) continue;
    triggers.addWord(source, trie.valueAt(node)!);
    if (source.length === 1) triggerUnits[source.charCodeAt(0)] = 1;
    else triggerPairs[pairSlot(source.charCodeAt(0), source.charCodeAt(1))] = 1;
  }
  // Only the costs are needed from here on; the frequencies and candidates would stay with the converter.
  const { inDictionary, longest, inWord, reach } = words;
  return { from, to, chain, single, trie: trie.data(), kind, inDictionary, costOf, longest, inWord, reach, triggers: triggers.data(), triggerPairs, triggerUnits };
}

/**
 * A converter for `from` → `to` where one side is cn (undefined otherwise:
 * between traditional scripts there is nothing to weigh), with the site's
 * words; from a given base (loaded from a file) or from one built now.
 */
export function createLatticeConverter(from: Locale, to: Locale, custom: readonly CustomWord[] = [], base = buildLatticeBase(from, to)): LatticeConverter | undefined {
  return base && latticeConverter(finishLattice(base, custom));
}

/** The converter that reads with these tables. (`foldSteps: false` keeps the later steps apart, for tests to compare.) */
export function latticeConverter(tables: LatticeTables, { foldSteps = true } = {}): LatticeConverter {
  const { from, to, kind, inDictionary, costOf, inWord, reach, triggerPairs, triggerUnits } = tables;
  const chain = { normalization: tables.chain.normalization.map((data) => new FastTrie(data)), before: tables.chain.before.map((data) => new FastTrie(data)), after: tables.chain.after.map((data) => new FastTrie(data)) };
  const plain = plainConversion(tables.single);
  const trie = new FastTrie(tables.trie);
  const triggers = new FastTrie(tables.triggers);
  // Guesses are looked for in simplified text only: towards simplified, the forms merge.
  const ambiguous = from === 'cn' ? ambiguousCharacters() : new Map<string, readonly string[]>();
  const watched = new Uint8Array(0x10000);
  for (const char of WATCHED) if (ambiguous.has(char)) watched[char.charCodeAt(0)] = 1;
  const longestWord = tables.longest;
  // Taiwan's words (s2twp: 软件 → 軟體) are matched within each dictionary word of the reading and within
  // the text between them, never across: 低|级别 has no 低级 (→ 低階) in it. As OpenCC does, but with
  // this reading's words; so that conversion reads all of the text.
  const wordByWord = to === 'twp';
  /** Each chosen word's final text, by node, once made. */
  const finished = new Map<number, string>();
  // Scratch space for one stretch: the words at each position (their ends and nodes) and the best reading.
  let ends = new Int32Array(1024);
  let nodes = new Int32Array(1024);
  let starts = new Int32Array(256);
  let best = new Float64Array(256);
  let choice = new Int32Array(256);
  /** The chosen words that convert on their own, as (start, end, node) triples, in order. */
  let chosen = new Int32Array(768);
  let chosenCount = 0;

  /**
   * Weigh the stretches from `start` on until one ends past `past`,
   * recording the chosen phrases (and, given `reading`, every word read).
   * Returns where the last stretch ends: a position no word crosses.
   */
  const weigh = (text: string, start: number, past: number, reading?: string[]): number => {
    const length = text.length;
    let i = start;
    while (i < length && i <= past) {
      if (!trie.startsWith(text.charCodeAt(i))) {
        i += unmatchedLength(text, i, length);
        continue;
      }
      // A stretch: from i to the first position no word crosses; every word at every position in it.
      let reach = i + 1;
      let count = 0;
      for (let p = i; p < reach; p++) {
        if (p - i + 2 > starts.length) [starts, best, choice] = [grow(starts), growFloat(best), grow(choice)];
        if (count + longestWord + 1 > ends.length) [ends, nodes] = [grow(ends), grow(nodes)];
        starts[p - i] = count;
        let found = trie.matchAll(text, p, length, ends, nodes, count);
        if (found === 0) {
          ends[count] = p + unmatchedLength(text, p, length);
          nodes[count] = 0;
          found = 1;
        }
        count += found;
        if (ends[count - 1]! > reach) reach = ends[count - 1]!;
      }
      starts[reach - i] = count;
      // The likeliest reading, right to left; on a tie the longer word wins, as in OpenCC.
      const span = reach - i;
      best[span] = 0;
      for (let r = span - 1; r >= 0; r--) {
        let bestCost = Infinity;
        let bestK = -1;
        for (let k = starts[r + 1]! - 1; k >= starts[r]!; k--) {
          const total = costOf[nodes[k]!]! + best[ends[k]! - i]!;
          if (total < bestCost) {
            bestCost = total;
            bestK = k;
          }
        }
        best[r] = bestCost;
        choice[r] = bestK;
      }
      for (let r = 0; r < span; ) {
        const k = choice[r]!;
        const node = nodes[k]!;
        const end = ends[k]!;
        reading?.push(text.slice(i + r, end));
        if (kind[node] !== PLAIN || (wordByWord && inDictionary[node] === 1 && end - (i + r) > 1)) {
          if (chosenCount * 3 + 3 > chosen.length) chosen = grow(chosen);
          chosen[chosenCount * 3] = i + r;
          chosen[chosenCount * 3 + 1] = end;
          chosen[chosenCount * 3 + 2] = node;
          chosenCount++;
        }
        r = end - i;
      }
      i = reach;
    }
    return i;
  };

  const convert = (input: string): string => {
    const text = steps(chain.before, steps(chain.normalization, input));
    const length = text.length;
    chosenCount = 0;
    if (wordByWord) weigh(text, 0, length);
    else {
      /** A stretch may start at `region`: no word crosses it. */
      let region = 0;
      for (let i = 0; i < length; ) {
        const unit = text.charCodeAt(i);
        if (!trie.startsWith(unit)) {
          i += unmatchedLength(text, i, length);
          // A unit no word holds cuts the text: nothing before it reads together with anything after.
          if (inWord[unit] === 0) region = i;
        } else if ((triggerUnits[unit] === 1 || triggerPairs[pairSlot(unit, text.charCodeAt(i + 1))] === 1) && triggers.match(text, i, length) !== -1) {
          // A phrase with a conversion of its own starts here.
          i = region = weigh(text, region, i);
        } else {
          // The common case: every reading converts alike.
          i++;
        }
      }
    }
    return finals ? writeFinal(text) : joinFinal(text);
  };

  /** A chosen phrase's final text: its conversion through the later steps, or the site's word as it is. */
  const phraseText = (node: number): string => {
    let value = finished.get(node);
    if (value === undefined) {
      value = kind[node] === CUSTOM ? trie.valueAt(node)! : steps(chain.after, trie.valueAt(node)!);
      finished.set(node, value);
    }
    return value;
  };
  // The chosen phrases' conversions, the rest character by character. The later steps (regional
  // variants and words) take each phrase and each stretch between phrases on its own, as OpenCC does,
  // and never touch the site's words.
  const joinFinal = (text: string): string => {
    let out = '';
    let copied = 0;
    for (let c = 0; c < chosenCount; c++) {
      const start = chosen[c * 3]!;
      const node = chosen[c * 3 + 2]!;
      if (copied < start) out += steps(chain.after, plain(text, copied, start));
      out += kind[node] === PLAIN ? steps(chain.after, plain(text, start, chosen[c * 3 + 1]!)) : phraseText(node);
      copied = chosen[c * 3 + 1]!;
    }
    return copied < text.length ? out + steps(chain.after, plain(text, copied, text.length)) : out;
  };

  // The same, where the later steps change each character on its own (see finalTable): one table
  // look-up per character, written into one buffer.
  const finals = foldSteps ? finalTable(tables.single, chain.after) : undefined;
  let output = new Uint16Array(1 << 12);
  let written = 0;
  let changed = false;
  const writeString = (value: string) => {
    if (written + value.length > output.length) output = growUnits(output, written + value.length);
    for (let k = 0; k < value.length; k++) output[written++] = value.charCodeAt(k);
  };
  const writeRun = (text: string, start: number, end: number) => {
    const { units, strings } = finals!;
    const mark = written;
    for (let i = start; i < end; i++) {
      const unit = text.charCodeAt(i);
      const final = units[unit]!;
      if (final !== 0) {
        if (written === output.length) output = growUnits(output, written + 1);
        output[written++] = final;
        if (final !== unit) changed = true;
        continue;
      }
      const value = strings[unit];
      if (value === undefined) {
        // A unit the steps read with its neighbours: the run goes through the steps themselves.
        written = mark;
        writeString(steps(chain.after, plain(text, start, end)));
        changed = true;
        return;
      }
      writeString(value);
      changed = true;
    }
  };
  const writeFinal = (text: string): string => {
    written = 0;
    changed = false;
    let copied = 0;
    for (let c = 0; c < chosenCount; c++) {
      const start = chosen[c * 3]!;
      const end = chosen[c * 3 + 1]!;
      const node = chosen[c * 3 + 2]!;
      if (copied < start) writeRun(text, copied, start);
      if (kind[node] === PLAIN) writeRun(text, start, end);
      else {
        writeString(phraseText(node));
        changed = true;
      }
      copied = end;
    }
    if (copied < text.length) writeRun(text, copied, text.length);
    return changed ? unitsToString(output, written) : text;
  };
  const converter = convert as LatticeConverter;
  converter.reading = (input) => {
    const reading: string[] = [];
    const text = steps(chain.before, steps(chain.normalization, input));
    weigh(text, 0, text.length, reading);
    chosenCount = 0;
    return reading;
  };
  converter.regional = (text) => steps(chain.after, text);
  converter.guesses = (text) => {
    // Read as written (only simplified text has watched characters, and no step comes before the main one
    // for it), so each offset is the input's: normalization could change lengths.
    const length = text.length;
    const found: Guess[] = [];
    for (let at = 0; at < length; at++) {
      const unit = text.charCodeAt(at);
      // The site's dictionary decides a character it lists alone.
      if (watched[unit] === 0 || triggerUnits[unit] === 1) continue;
      // Covered when some word of two or more characters holds it: one starting here or up to longestWord - 1 before.
      // Nearest starts first: most characters are held by a word starting on them or just before.
      let covered = false;
      for (let start = at; start >= 0 && start > at - longestWord && !covered; start--) {
        const longestHere = reach[text.charCodeAt(start)]!;
        if (longestHere < 2 || (longestHere !== 0xffff && start + longestHere <= at)) continue;
        const count = trie.matchAll(text, start, length, ends, nodes, 0);
        covered = count > 0 && ends[count - 1]! > at && ends[count - 1]! - start >= 2;
      }
      if (!covered) found.push({ index: at, source: text[at]!, candidates: ambiguous.get(text[at]!)! });
    }
    return found;
  };
  return converter;
}

/**
 * The main step's character table and the later steps folded into one: where
 * the later steps' words are single characters, a character between phrases
 * ends as it would alone. Each code unit's final form: `units`, or where that
 * is not one unit, `strings`; neither for a unit whose run must take the
 * steps themselves: a surrogate (a pair is one character), an ideographic
 * description character (its sequence is kept whole), and a character that
 * can start a later step's word of several characters.
 */
interface FinalTable {
  units: Uint16Array;
  strings: (string | undefined)[];
}

function finalTable(single: readonly (string | undefined)[], after: readonly FastTrie[]): FinalTable | undefined {
  // Strings are made from the units in memory, as UTF-16LE.
  if (endianness() !== 'LE') return undefined;
  // A later step's word of several characters (Taiwan's variants keep 張棟樑 whole) is read only where its first character is.
  const starts = new Uint8Array(0x10000);
  for (const trie of after) trie.markLongWordStarts(starts);
  const units = new Uint16Array(0x10000);
  const strings: (string | undefined)[] = [];
  for (let unit = 0; unit < 0x10000; unit++) {
    if (isSpecialUnit(unit)) continue;
    const mapped = single[unit] ?? String.fromCharCode(unit);
    let special = false;
    for (let k = 0; k < mapped.length; k++) special ||= isSpecialUnit(mapped.charCodeAt(k)) || starts[mapped.charCodeAt(k)] === 1;
    if (special) continue;
    const final = steps(after, mapped);
    if (final.length === 1 && final.charCodeAt(0) !== 0) units[unit] = final.charCodeAt(0);
    else strings[unit] = final;
  }
  return { units, strings };
}

/** A surrogate or an ideographic description character: what the steps read together with its neighbours. */
function isSpecialUnit(unit: number): boolean {
  return (unit >= 0xd800 && unit <= 0xdfff) || (unit >= 0x2ff0 && unit <= 0x2fff);
}

/** The first `length` units as a string (lone surrogates kept as they are). */
function unitsToString(units: Uint16Array, length: number): string {
  if (length <= 32) return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  return Buffer.from(units.buffer, units.byteOffset, length * 2).toString('utf16le');
}

function growUnits(array: Uint16Array, atLeast: number): Uint16Array<ArrayBuffer> {
  let size = array.length * 2;
  while (size < atLeast) size *= 2;
  const bigger = new Uint16Array(size);
  bigger.set(array);
  return bigger;
}

/** A bit per hashed pair of leading code units: most text is ruled out with one look-up. */
const PAIR_TABLE = 1 << 20;
function pairSlot(first: number, second: number): number {
  return (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca77)) >>> 12;
}

/** `text` through each trie of a chain of steps in turn. */
function steps(tries: readonly FastTrie[], text: string): string {
  for (const each of tries) text = each.convert(text);
  return text;
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function growBytes(array: Uint8Array): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function growFloat(array: Float64Array): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
