/**
 * A longest-match dictionary trie with the same semantics as opencc-js's
 * `Trie` (core.js), built for speed: transitions are keyed by UTF-16 code
 * unit (the first level in a flat array, deeper levels in one hash table), matches
 * allocate nothing, and output is built from slices. Matching by code unit
 * finds exactly the matches opencc-js finds by code point, because every
 * dictionary key is made of whole code points.
 *
 * The differential test (test/convert-differential.test.ts) holds it to
 * opencc-js's output on OpenCC's cases, its golden files and the benchmark corpus.
 */
export type DictLike = string | readonly (readonly [string, string])[];

const UNITS = 0x10000;

/** A trie as plain data (typed arrays, strings): what can be saved to a file or sent to a worker thread. */
export interface TrieData {
  rootNext: Int32Array;
  values: (string | null | undefined)[];
  nodeCount: number;
  slotNode: Int32Array;
  slotUnit: Uint16Array;
  slotTarget: Int32Array;
  edges: number;
}

/**
 * Replacements (or any list of strings, nulls and undefineds) packed as one
 * text with each entry's end: structured cloning or v8 deserialization of
 * hundreds of thousands of small strings takes ~60 ms, of one text under 1.
 */
export interface PackedStrings {
  /** 0: undefined, 1: null, 2: a string, `text` up to `ends[i]`. */
  kinds: Uint8Array;
  ends: Int32Array;
  text: string;
}

export function packStrings(list: readonly (string | null | undefined)[]): PackedStrings {
  const kinds = new Uint8Array(list.length);
  const ends = new Int32Array(list.length);
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; i < list.length; i++) {
    const value = list[i];
    if (typeof value === 'string') {
      kinds[i] = 2;
      parts.push(value);
      length += value.length;
    } else kinds[i] = value === null ? 1 : 0;
    ends[i] = length;
  }
  return { kinds, ends, text: parts.join('') };
}

export function unpackStrings(packed: PackedStrings): (string | null | undefined)[] {
  const { kinds, ends, text } = packed;
  // Pushed, not assigned into a presized array: a packed array is read faster than a holey one.
  const list: (string | null | undefined)[] = [];
  let start = 0;
  for (let i = 0; i < kinds.length; i++) {
    list.push(kinds[i] === 2 ? text.slice(start, ends[i]) : kinds[i] === 1 ? null : undefined);
    start = ends[i]!;
  }
  return list;
}

/** A trie's data with its replacements packed (see PackedStrings): for files and messages. */
export type PackedTrie = Omit<TrieData, 'values'> & { values: PackedStrings };

export function packTrie(data: TrieData): PackedTrie {
  return { ...data, values: packStrings(data.values) };
}

export function unpackTrie(packed: PackedTrie): TrieData {
  return { ...packed, values: unpackStrings(packed.values) };
}

export class FastTrie {
  /** Child of the root for each code unit; 0 means none (the root is never a child). */
  private readonly rootNext: Int32Array;
  /** Replacement at each node that ends a word; null ends a word that has none (a segmentation-only word). */
  private readonly values: (string | null | undefined)[];
  private nodeCount: number;
  /**
   * Deeper transitions: an open-addressing hash table (linear probing, kept
   * at most half full) keyed by node and unit. One or two probes find a
   * child, where a binary search over a common character's hundreds of
   * children takes ten.
   */
  private slotNode: Int32Array;
  private slotUnit: Uint16Array;
  private slotTarget: Int32Array;
  private mask: number;
  private edges: number;

  /**
   * `expectedEdges`: about how many transitions below the first level the words will need (the table grows as needed);
   * or the data of a trie (`data()`) to go on from, whose arrays the new trie takes over.
   */
  constructor(from: number | TrieData = 1 << 9) {
    let size = 1 << 10;
    if (typeof from === 'number') while (size < from * 2) size *= 2;
    // Both ways assign the same fields in the same order, so every trie has one shape and the hot loops stay fast.
    const data: TrieData =
      typeof from === 'number'
        ? { rootNext: new Int32Array(UNITS), values: [undefined], nodeCount: 1, slotNode: new Int32Array(size), slotUnit: new Uint16Array(size), slotTarget: new Int32Array(size), edges: 0 }
        : from;
    this.rootNext = data.rootNext;
    this.values = data.values;
    this.nodeCount = data.nodeCount;
    this.slotNode = data.slotNode;
    this.slotUnit = data.slotUnit;
    this.slotTarget = data.slotTarget;
    this.mask = data.slotNode.length - 1;
    this.edges = data.edges;
  }

  /** This trie as plain data, sharing its arrays (a trie made from it goes on where this one stands). */
  data(): TrieData {
    const { rootNext, values, nodeCount, slotNode, slotUnit, slotTarget, edges } = this;
    return { rootNext, values, nodeCount, slotNode, slotUnit, slotTarget, edges };
  }

  private static slot(node: number, unit: number, mask: number): number {
    const hash = Math.imul(node, 0x9e3779b1) ^ Math.imul(unit + 1, 0x85ebca77);
    return (hash ^ (hash >>> 15)) & mask;
  }

  private child(node: number, unit: number): number {
    const mask = this.mask;
    const nodes = this.slotNode;
    for (let at = FastTrie.slot(node, unit, mask); ; at = (at + 1) & mask) {
      const found = nodes[at]!;
      if (found === 0) return 0;
      if (found === node && this.slotUnit[at] === unit) return this.slotTarget[at]!;
    }
  }

  private insertEdge(node: number, unit: number, target: number): void {
    const mask = this.mask;
    let at = FastTrie.slot(node, unit, mask);
    while (this.slotNode[at] !== 0) at = (at + 1) & mask;
    this.slotNode[at] = node;
    this.slotUnit[at] = unit;
    this.slotTarget[at] = target;
  }

  /** Double the table and place every edge again. */
  private growTable(): void {
    const [nodes, units, targets] = [this.slotNode, this.slotUnit, this.slotTarget];
    const size = nodes.length * 2;
    this.slotNode = new Int32Array(size);
    this.slotUnit = new Uint16Array(size);
    this.slotTarget = new Int32Array(size);
    this.mask = size - 1;
    for (let at = 0; at < nodes.length; at++) if (nodes[at] !== 0) this.insertEdge(nodes[at]!, units[at]!, targets[at]!);
  }

  /** Add `source`, replaced by `replacement`; null adds it as a word with no replacement of its own (see matchAll). Returns its node. */
  addWord(source: string, replacement: string | null): number {
    let node = 0;
    for (let i = 0; i < source.length; i++) {
      const unit = source.charCodeAt(i);
      let child = node === 0 ? this.rootNext[unit]! : this.child(node, unit);
      if (child === 0) {
        child = this.nodeCount++;
        this.values.push(undefined);
        if (node === 0) this.rootNext[unit] = child;
        else {
          if (++this.edges * 2 > this.slotNode.length) this.growTable();
          this.insertEdge(node, unit, child);
        }
      }
      node = child;
    }
    this.values[node] = replacement;
    return node;
  }

  /** Number of nodes: node numbers run from 1 to nodeCount - 1. */
  get size(): number {
    return this.nodeCount;
  }

  /** Replacement of the word ending at `node`: null for a word with none, undefined for no word. */
  valueAt(node: number): string | null | undefined {
    return this.values[node];
  }

  /** Flag in `starts` the first unit of every word longer than one unit. */
  markLongWordStarts(starts: Uint8Array): void {
    // Nodes with a child: the sources of the table's edges.
    const parents = new Set<number>();
    for (let at = 0; at < this.slotNode.length; at++) if (this.slotNode[at] !== 0) parents.add(this.slotNode[at]!);
    for (let unit = 0; unit < UNITS; unit++) if (parents.has(this.rootNext[unit]!)) starts[unit] = 1;
  }

  /** Node of `word`, or 0 when it is not in the trie (as a word or as a prefix). */
  nodeOf(word: string): number {
    let node = this.rootNext[word.charCodeAt(0)]!;
    for (let i = 1; node !== 0 && i < word.length; i++) node = this.child(node, word.charCodeAt(i));
    return node;
  }

  /**
   * Every word starting at `start` within `end`, shortest first, written from
   * `at` on as its end in `ends` and its node in `nodes`; returns how many.
   */
  matchAll(text: string, start: number, end: number, ends: Int32Array, nodes: Int32Array, at: number): number {
    let node = this.rootNext[text.charCodeAt(start)]!;
    if (node === 0) return 0;
    let count = 0;
    let i = start + 1;
    for (;;) {
      if (this.values[node] !== undefined) {
        ends[at + count] = i;
        nodes[at + count] = node;
        count++;
      }
      if (i >= end) break;
      node = this.child(node, text.charCodeAt(i));
      if (node === 0) break;
      i++;
    }
    return count;
  }

  /** `"a b|c d"` or `[["a", "b"]]`, as in opencc-js; `keep` can leave words out. */
  loadDict(dict: DictLike, keep?: (source: string) => boolean): void {
    for (const [source, replacement] of dictEntries(dict)) if (!keep || keep(source)) this.addWord(source, replacement);
  }

  /** Earlier dictionaries in a group win, so load them last (as opencc-js does). */
  loadDictGroup(group: readonly DictLike[], keep?: (source: string) => boolean): void {
    for (let i = group.length - 1; i >= 0; i--) this.loadDict(group[i]!, keep);
  }

  /** True when some word starts with this code unit. */
  startsWith(unit: number): boolean {
    return this.rootNext[unit] !== 0;
  }

  /**
   * Replacement of each one-unit word, by code unit (undefined where none):
   * a flat table for text where no longer word can match.
   */
  singleUnitValues(): (string | undefined)[] {
    const table: (string | undefined)[] = new Array(UNITS).fill(undefined);
    for (let unit = 0; unit < UNITS; unit++) {
      const node = this.rootNext[unit]!;
      if (node !== 0) table[unit] = this.values[node] ?? undefined;
    }
    return table;
  }

  /** Replacement of the last successful `match`. */
  lastValue = '';
  /** Node of the last successful `match`: the same number for the same word. */
  lastNode = 0;

  /** End (exclusive) of the longest match at `start` within `end`, or -1; the replacement is left in `lastValue`. */
  match(text: string, start: number, end: number): number {
    let node = this.rootNext[text.charCodeAt(start)]!;
    if (node === 0) return -1;
    let matchedEnd = -1;
    let i = start + 1;
    for (;;) {
      const value = this.values[node];
      if (value !== undefined && value !== null) {
        matchedEnd = i;
        this.lastValue = value;
        this.lastNode = node;
      }
      if (i >= end) break;
      node = this.child(node, text.charCodeAt(i));
      if (node === 0) break;
      i++;
    }
    return matchedEnd;
  }

  /** Replace longest matches in `text[start, end)`, left to right. */
  convert(text: string, start = 0, end = text.length): string {
    let out = '';
    let copied = start;
    let i = start;
    const rootNext = this.rootNext;
    while (i < end) {
      const unit = text.charCodeAt(i);
      // The common case, inlined: no word starts with this unit, and it is neither a surrogate nor an IDS.
      if (rootNext[unit] === 0 && (unit < 0xd800 || unit > 0xdfff) && (unit < 0x2ff0 || unit > 0x2fff)) {
        i++;
        continue;
      }
      const matchedEnd = this.match(text, i, end);
      if (matchedEnd === -1) {
        i += unmatchedLength(text, i, end);
        continue;
      }
      if (copied < i) out += text.slice(copied, i);
      out += this.lastValue;
      i = copied = matchedEnd;
    }
    return copied === start ? (start === 0 && end === text.length ? text : text.slice(start, end)) : out + text.slice(copied, end);
  }

  /** Cut `text` into matches and runs of unmatched text, as opencc-js's `segment` does; returns segment ends. */
  segmentEnds(text: string): number[] {
    const ends: number[] = [];
    let inRun = false;
    let i = 0;
    while (i < text.length) {
      const matchedEnd = this.match(text, i, text.length);
      if (matchedEnd === -1) {
        inRun = true;
        i += unmatchedLength(text, i, text.length);
        continue;
      }
      if (inRun) ends.push(i);
      inRun = false;
      ends.push(matchedEnd);
      i = matchedEnd;
    }
    if (inRun) ends.push(text.length);
    return ends;
  }
}

/** A dictionary's entries as [source, replacement] pairs, read as opencc-js reads them. */
export function dictEntries(dict: DictLike): (readonly [string, string])[] {
  if (typeof dict !== 'string') return dict as (readonly [string, string])[];
  return dict.split('|').map((line) => {
    const space = line.indexOf(' ');
    // opencc-js takes the text up to the first space and the text between the first and second spaces.
    const rest = line.slice(space + 1);
    const second = rest.indexOf(' ');
    return [line.slice(0, space), second === -1 ? rest : rest.slice(0, second)] as const;
  });
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** `end` bounds the string as opencc-js sees it (it converts each segment as its own string). */
function codePointLength(text: string, i: number, end: number): number {
  // opencc-js uses codePointAt(i) > 0xffff, which is true only for a valid pair.
  if (!isHighSurrogate(text.charCodeAt(i)) || i + 1 >= end) return 1;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

/** Arity of an Ideographic Description Character (U+2FF0–U+2FFF), else 0. */
function idsArity(unit: number): number {
  if (unit < 0x2ff0 || unit > 0x2fff) return 0;
  if (unit <= 0x2ff1) return 2;
  if (unit <= 0x2ff3) return 3;
  return 2;
}

/** opencc-js's getIdeographicDescriptionSequenceEnd: a whole IDS is never converted. */
function idsEnd(text: string, i: number, limit: number): number {
  const arity = idsArity(text.charCodeAt(i));
  if (arity === 0) return 0;
  let end = i + 1;
  for (let n = 0; n < arity; n++) {
    if (end >= limit) return 0;
    const child = idsEnd(text, end, limit);
    end = child || end + codePointLength(text, end, limit);
  }
  return end;
}

/** How far to step over text no word starts at: one code point, or a whole IDS. */
export function unmatchedLength(text: string, i: number, end: number): number {
  const unit = text.charCodeAt(i);
  if (unit >= 0x2ff0 && unit <= 0x2fff) {
    const idsStop = idsEnd(text, i, end);
    if (idsStop > i) return idsStop - i;
  }
  return codePointLength(text, i, end);
}
