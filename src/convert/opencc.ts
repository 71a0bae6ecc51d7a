import { configs, from as fromDicts, to as toDicts } from 'opencc-js/preset';
import { type DictLike, FastTrie, unmatchedLength } from './trie.ts';

/** OpenCC locales xinwen publishes to and reads from. */
export type Locale = 'cn' | 'tw' | 'twp' | 'hk' | 't';
export const LOCALES: readonly Locale[] = ['cn', 'tw', 'twp', 'hk', 't'];

export type DictGroup = readonly DictLike[];

/**
 * The dictionaries opencc-js uses for `from` → `to`, in its order, read from
 * opencc-js's own preset (ConverterBuilder in core.js): a normalization chain,
 * a segmentation dictionary and a conversion chain where OpenCC has a config
 * for the pair, else the `from` and `to` dictionary groups in turn.
 */
interface Chain {
  normalization: DictGroup[];
  segmentation?: DictGroup;
  conversion: DictGroup[];
}

function configName(from: Locale, to: Locale): string {
  if (from === 'cn') return `s2${to}`;
  if (to === 'cn') return from === 'twp' ? 'tw2sp' : `${from}2s`;
  return `${from}2${to}`;
}

function chainFor(from: Locale, to: Locale): Chain {
  const config = (configs as Record<string, { normalizationChain?: DictGroup[]; segmentation?: DictLike | DictGroup; conversionChain: DictGroup[] }>)[
    configName(from, to)
  ];
  if (config) {
    const segmentation = config.segmentation;
    return {
      normalization: config.normalizationChain ?? [],
      segmentation: segmentation === undefined ? undefined : Array.isArray(segmentation) && segmentation.every((d) => typeof d === 'string') ? (segmentation as DictGroup) : [segmentation as DictLike],
      conversion: config.conversionChain,
    };
  }
  const groups: DictGroup[] = [];
  if (from !== 't') groups.push(...(fromDicts[from] as DictGroup[]));
  if (to !== 't') groups.push(...(toDicts[to] as DictGroup[]));
  return { normalization: [], conversion: groups };
}

/**
 * The chain of a pair with cn on one side, cut around its main step (the
 * step holding STCharacters or TSCharacters, where one character can become
 * several): the steps before it and after it, each a trie.
 */
export interface MainStepChain {
  normalization: FastTrie[];
  before: FastTrie[];
  main: DictGroup;
  after: FastTrie[];
  /** Words the main step knows only so that the later steps' regional words are read whole (OpenCC's generated phrases). */
  regional: DictGroup;
}

export function mainStepChain(from: Locale, to: Locale): MainStepChain | undefined {
  if (from === to || (from !== 'cn' && to !== 'cn')) return undefined;
  const chain = chainFor(from, to);
  // From cn the main step comes first; towards cn it comes last (after undoing the regional variants).
  const at = from === 'cn' ? 0 : chain.conversion.length - 1;
  return {
    normalization: chain.normalization.map((group) => trieOf(group)),
    before: chain.conversion.slice(0, at).map((group) => trieOf(group)),
    main: chain.conversion[at]!,
    after: chain.conversion.slice(at + 1).map((group) => trieOf(group)),
    regional: (chain.segmentation ?? []).slice(1),
  };
}

function trieOf(group: DictGroup, keep?: (source: string) => boolean): FastTrie {
  const trie = new FastTrie();
  trie.loadDictGroup(group, keep);
  return trie;
}

/** One code point: one UTF-16 unit, or a surrogate pair. */
const isOneCodePoint = (word: string) => word.length === 1 || (word.length === 2 && word.codePointAt(0)! > 0xffff);

/**
 * A converter equal in output to `OpenCC.Converter({ from, to })` of
 * opencc-js, and several times faster: the same dictionaries and chain, a
 * faster trie, and, where OpenCC segments the text with the phrases of its
 * first conversion step (s2tw, s2hk, s2twp), one pass that converts each
 * phrase once per distinct phrase instead of re-matching it.
 */
export function createOpenccConverter(from: Locale, to: Locale): (text: string) => string {
  if (from === to) return (text) => text;
  const chain = chainFor(from, to);
  const normalization = chain.normalization.map((group) => trieOf(group));
  const segmentationGroup = chain.segmentation;
  const fused = segmentationGroup !== undefined && startsWithSameDicts(chain.conversion[0] ?? [], segmentationGroup);
  // Fused, the first step only ever matches single characters (see below): load only those.
  const conversion = chain.conversion.map((group, i) => trieOf(group, fused && i === 0 ? isOneCodePoint : undefined));
  const normalize = (text: string) => {
    for (const trie of normalization) text = trie.convert(text);
    return text;
  };
  const convertAll = (text: string) => {
    for (const trie of conversion) text = trie.convert(text);
    return text;
  };
  if (!segmentationGroup) return (text) => convertAll(normalize(text));

  const segmentation = trieOf(segmentationGroup);
  if (!fused) {
    // General case, exactly as opencc-js: convert each segment through the whole chain.
    return (input) => {
      const text = normalize(input);
      let out = '';
      let start = 0;
      for (const end of segmentation.segmentEnds(text)) {
        out += convertAll(text.slice(start, end));
        start = end;
      }
      return out;
    };
  }

  // The segmentation dictionaries lead the first conversion step, so a phrase
  // segment converts in that step to exactly its segmentation value (the
  // longest match within the segment is the whole segment, found in the same
  // dictionary first). Only the later steps remain, memoized by phrase.
  const later = conversion.slice(1);
  const finish = (text: string) => {
    for (const trie of later) text = trie.convert(text);
    return text;
  };
  // Between phrases, the first step can only match single characters: a
  // longer word starting there would be a phrase, and segmentation found
  // none. So runs convert character by character from a flat table.
  const first = conversion[0]!;
  const single = first.singleUnitValues();
  // Later steps can only change a run that holds a unit some later word starts with: flag those units,
  // as they appear raw (rawFinish) and as they appear after the first step (mappedFinish).
  const laterStarts = (unit: number) => later.some((trie) => trie.startsWith(unit));
  const rawFinish = new Uint8Array(0x10000);
  const mappedFinish = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    const mapped = single[unit];
    rawFinish[unit] = laterStarts(unit) ? 1 : 0;
    if (mapped !== undefined) mappedFinish[unit] = [...mapped].some((char) => laterStarts(char.charCodeAt(0))) ? 1 : 0;
    else mappedFinish[unit] = rawFinish[unit]!;
  }
  /** Final text of each phrase, by its segmentation node. */
  const phrases: (string | undefined)[] = [];
  return (input) => {
    const text = normalize(input);
    const length = text.length;
    let out = '';
    // The current run between phrases: converted up to `copied`, raw from there to `i`.
    let run = '';
    let runStart = -1;
    let copied = 0;
    let runNeedsFinish = false;
    const endRun = (at: number) => {
      const converted = run + text.slice(copied, at);
      out += runNeedsFinish ? finish(converted) : converted;
      run = '';
      runStart = -1;
      runNeedsFinish = false;
    };
    for (let i = 0; i < length; ) {
      const unit = text.charCodeAt(i);
      // The common case, inlined: a character no phrase starts with, not a surrogate, not an IDS.
      if (!segmentation.startsWith(unit) && (unit < 0xd800 || unit > 0xdfff) && (unit < 0x2ff0 || unit > 0x2fff)) {
        if (runStart === -1) runStart = copied = i;
        if (mappedFinish[unit] === 1) runNeedsFinish = true;
        const mapped = single[unit];
        if (mapped !== undefined) {
          run += text.slice(copied, i) + mapped;
          copied = i + 1;
        }
        i++;
        continue;
      }
      const end = segmentation.match(text, i, length);
      if (end === -1) {
        if (runStart === -1) runStart = copied = i;
        const step = unmatchedLength(text, i, length);
        runNeedsFinish = true;
        run += text.slice(copied, i) + first.convert(text, i, i + step);
        i = copied = i + step;
        continue;
      }
      if (runStart !== -1) endRun(i);
      let converted = phrases[segmentation.lastNode];
      if (converted === undefined) {
        converted = finish(segmentation.lastValue);
        phrases[segmentation.lastNode] = converted;
      }
      out += converted;
      i = end;
    }
    if (runStart !== -1) endRun(length);
    return out;
  };
}

/** True when `group` begins with exactly the dictionaries of `prefix`, in order. */
function startsWithSameDicts(group: DictGroup, prefix: DictGroup): boolean {
  return prefix.length < group.length && prefix.every((dict, i) => dict === group[i]);
}
