import { configs, from as fromDicts, to as toDicts } from 'opencc-js/preset';
import { dictEntries, type DictLike } from '../convert/trie.ts';

/**
 * Search folds text into one script before it indexes or looks anything up,
 * so 聯繫, 联系 and the legacy page's own 聯系 are one word to it: one
 * character for one character (Taiwan and Hong Kong variants to OpenCC's
 * standard forms, then traditional to simplified, each character's first
 * reading), full-width letters and digits to ASCII, capitals to small. It
 * loses distinctions (著 and 着 fold together) that conversion must keep but
 * search is better without: a reader finds both. The same table goes to the
 * reader's browser, so a query folds exactly as the index did.
 */

/** One-character entries of some dictionary groups (phrases are left out); the first of several targets. */
function characterMap(groups: readonly (readonly DictLike[])[]): Map<number, number> {
  const dicts = groups.flat();
  const map = new Map<number, number>();
  for (const dict of dicts) {
    for (const [from, to] of dictEntries(dict)) {
      // Only BMP characters: the index's tokens are UTF-16 units (search.js reads them so).
      if (from.length !== 1 || to.length !== 1 || map.has(from.charCodeAt(0))) continue;
      map.set(from.charCodeAt(0), to.charCodeAt(0));
    }
  }
  return map;
}

let table: Uint16Array | undefined;

/** For every UTF-16 unit, the unit it folds to. */
export function foldTable(): Uint16Array {
  if (table) return table;
  // opencc-js's own dictionaries: compatibility ideographs, Taiwan and Hong Kong variants, traditional → simplified.
  const dicts = fromDicts as unknown as Record<string, DictLike[][]>;
  const variants = characterMap([...(configs as unknown as Record<string, { normalizationChain: DictLike[][] }>).tw2s!.normalizationChain, ...dicts.tw!, ...dicts.hk!]);
  const simplified = characterMap((toDicts as unknown as Record<string, DictLike[][]>).cn!);
  const step = (unit: number) => {
    const standard = variants.get(unit) ?? unit;
    return simplified.get(standard) ?? standard;
  };
  table = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) table[unit] = unit;
  for (const unit of new Set([...variants.keys(), ...simplified.keys()])) {
    // Until nothing changes (什麼 → 么 → 幺, as 什么 → 幺); a cycle ends at its smallest unit.
    const seen = [unit];
    let next = step(unit);
    while (!seen.includes(next)) {
      seen.push(next);
      next = step(next);
    }
    table[unit] = next === seen.at(-1) ? next : Math.min(...seen.slice(seen.indexOf(next)));
  }
  const lower = (unit: number) => (unit >= 0x41 && unit <= 0x5a ? unit + 0x20 : unit);
  for (let unit = 0x41; unit <= 0x5a; unit++) table[unit] = lower(unit);
  for (let unit = 0xff01; unit <= 0xff5e; unit++) table[unit] = lower(unit - 0xfee0); // full-width ASCII
  table[0x3000] = 0x20; // ideographic space
  return table;
}

/** `text` folded: same length, unit for unit. */
export function foldText(text: string): string {
  const fold = foldTable();
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const folded = fold[unit]!;
    if (folded !== unit) {
      out += text.slice(start, i) + String.fromCharCode(folded);
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

/**
 * The CJK part of the table for the browser, as one string of pairs (from,
 * to); search.js folds ASCII and full-width letters itself. Non-CJK entries
 * (compatibility forms of Latin letters) stay out: the browser's own rule covers them.
 */
export function foldPairs(): string {
  const fold = foldTable();
  let pairs = '';
  for (let unit = 0x2e80; unit < 0x10000; unit++) {
    if (unit >= 0xff00 && unit <= 0xffef) continue;
    if (unit === 0x3000) continue;
    if (fold[unit] !== unit) pairs += String.fromCharCode(unit, fold[unit]!);
  }
  return pairs;
}
