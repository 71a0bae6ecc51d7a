/**
 * A longest-match dictionary trie with the same semantics as opencc-js's
 * `Trie` (core.js), built for speed: transitions are keyed by UTF-16 code
 * unit (the first level in a flat array, deeper levels in one Map), matches
 * allocate nothing, and output is built from slices. Matching by code unit
 * finds exactly the matches opencc-js finds by code point, because every
 * dictionary key is made of whole code points.
 *
 * The differential test (test/convert-differential.test.ts) holds it to
 * opencc-js's output on OpenCC's cases, its golden files and the benchmark corpus.
 */
export type DictLike = string | readonly (readonly [string, string])[];

const UNITS = 0x10000;

export class FastTrie {
  /** Child of the root for each code unit; 0 means none (the root is never a child). */
  private readonly rootNext = new Int32Array(UNITS);
  /** Deeper transitions while loading: key `node * 65536 + unit` → child node. */
  private next = new Map<number, number>();
  /** Replacement at each node that ends a word. */
  private readonly values: (string | undefined)[] = [undefined];
  private nodeCount = 1;
  /**
   * Deeper transitions once loaded, packed for lookup: the edges of node n
   * are edgeUnit/edgeTarget[edgeStart[n] .. edgeStart[n + 1]), sorted by unit.
   */
  private edgeStart = new Int32Array(0);
  private edgeUnit = new Uint16Array(0);
  private edgeTarget = new Int32Array(0);
  private packed = false;

  /** Pack the transitions into flat arrays; adding words after this unpacks them again. */
  private pack(): void {
    const count = this.nodeCount;
    const counts = new Int32Array(count + 1);
    for (const key of this.next.keys()) counts[Math.floor(key / UNITS)]!++;
    const start = new Int32Array(count + 1);
    for (let n = 0; n < count; n++) start[n + 1] = start[n]! + counts[n]!;
    const fill = start.slice(0, count);
    const units = new Uint16Array(this.next.size);
    const targets = new Int32Array(this.next.size);
    const keys = [...this.next.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const node = Math.floor(key / UNITS);
      const at = fill[node]!++;
      units[at] = key % UNITS;
      targets[at] = this.next.get(key)!;
    }
    this.edgeStart = start;
    this.edgeUnit = units;
    this.edgeTarget = targets;
    this.packed = true;
    // The loading map is several times the size of the packed arrays; a packed trie takes no more words.
    this.next = new Map();
  }

  private child(node: number, unit: number): number {
    let low = this.edgeStart[node]!;
    let high = this.edgeStart[node + 1]! - 1;
    const units = this.edgeUnit;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = units[middle]!;
      if (found === unit) return this.edgeTarget[middle]!;
      if (found < unit) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  }

  addWord(source: string, replacement: string): void {
    if (this.packed) throw new Error('FastTrie: words cannot be added after the first match');
    let node = 0;
    for (let i = 0; i < source.length; i++) {
      const unit = source.charCodeAt(i);
      let child = node === 0 ? this.rootNext[unit]! : (this.next.get(node * UNITS + unit) ?? 0);
      if (child === 0) {
        child = this.nodeCount++;
        this.values.push(undefined);
        if (node === 0) this.rootNext[unit] = child;
        else this.next.set(node * UNITS + unit, child);
      }
      node = child;
    }
    this.values[node] = replacement;
  }

  /** `"a b|c d"` or `[["a", "b"]]`, as in opencc-js; `keep` can leave words out. */
  loadDict(dict: DictLike, keep?: (source: string) => boolean): void {
    if (typeof dict === 'string') {
      for (const line of dict.split('|')) {
        const space = line.indexOf(' ');
        // opencc-js takes the text up to the first space and the text between the first and second spaces.
        const source = line.slice(0, space);
        if (keep && !keep(source)) continue;
        const rest = line.slice(space + 1);
        const second = rest.indexOf(' ');
        this.addWord(source, second === -1 ? rest : rest.slice(0, second));
      }
    } else {
      for (const [source, replacement] of dict) if (!keep || keep(source)) this.addWord(source, replacement);
    }
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
      if (node !== 0) table[unit] = this.values[node];
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
    if (!this.packed) this.pack();
    let matchedEnd = -1;
    let i = start + 1;
    for (;;) {
      const value = this.values[node];
      if (value !== undefined) {
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
    while (i < end) {
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
