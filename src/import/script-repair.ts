import { createOpenccConverter, type Locale } from '../convert/opencc.ts';

/** The script a legacy text is written in; `mixed` is what a character-by-character converter with gaps leaves. */
export type DetectedScript = 'simplified' | 'traditional' | 'mixed';

/**
 * A text is mixed when the rarer script makes up at least this share of its
 * script-specific characters (countScriptForms), and at least MIXED_MIN_COUNT
 * of them, so one odd character in a title does not make it mixed. Clean text
 * stays far below: OpenCC's golden files count 0 in every script; the legacy
 * reference page, converted character by character with gaps, is at 3.7%
 * (24 simplified-only characters among 648).
 */
export const MIXED_SHARE = 0.01;
export const MIXED_MIN_COUNT = 2;

/** Traditional locales whose standard forms a traditional text may follow. */
const TRADITIONAL_STANDARDS: readonly Locale[] = ['t', 'tw', 'hk'];

// Building a converter loads OpenCC's dictionaries (tens of milliseconds);
// the converters are pure functions of their dictionaries, so building each
// pair once and sharing it cannot carry state from one import to another.
const converters = new Map<string, (text: string) => string>();

function converter(from: Locale, to: Locale): (text: string) => string {
  const key = `${from}>${to}`;
  let convert = converters.get(key);
  if (!convert) {
    convert = createOpenccConverter(from, to);
    converters.set(key, convert);
  }
  return convert;
}

/**
 * Simplified text, from text in any traditional standard or a mix:
 * hk→cn reads OpenCC standard, Taiwan and Hong Kong forms alike (衞 too,
 * which t→cn and tw→cn leave), and leaves simplified characters as they are.
 */
const simplify = (text: string) => converter('hk', 'cn')(text);

/** Text between `-{` and `}-` is the editor's, kept as written, as in the build's conversion. */
const MARKED = /-\{[\s\S]*?\}-/g;

/** The text cut into runs to convert and `-{ }-` spans to keep, in order. */
function segments(text: string): { text: string; keep: boolean }[] {
  const out: { text: string; keep: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKED)) {
    if (match.index > last) out.push({ text: text.slice(last, match.index), keep: false });
    out.push({ text: match[0], keep: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), keep: false });
  return out;
}

/**
 * Code points that differ between two versions of a text. Converting
 * between cn, t, tw and hk keeps every word's length, so the versions line up
 * and this counts position by position. Taiwan phrases (twp) can change a
 * word's length (计算机 → 電腦); then each line whose length changed counts
 * the longer side of the stretch between its first and last difference.
 */
export function countChangedCodePoints(before: string, after: string): number {
  if (before === after) return 0;
  const a = [...before];
  const b = [...after];
  if (a.length === b.length) return countPositional(a, b);
  const linesA = before.split('\n');
  const linesB = after.split('\n');
  if (linesA.length !== linesB.length) return countUnaligned(a, b);
  let count = 0;
  for (let i = 0; i < linesA.length; i++) {
    const lineA = [...linesA[i]!];
    const lineB = [...linesB[i]!];
    count += lineA.length === lineB.length ? countPositional(lineA, lineB) : countUnaligned(lineA, lineB);
  }
  return count;
}

function countPositional(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
}

function countUnaligned(a: readonly string[], b: readonly string[]): number {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return Math.max(endA - start, endB - start);
}

/**
 * How many characters are written only in traditional script (those
 * converting to simplified changes) and how many only in simplified (those
 * that no traditional standard, t, tw or hk, keeps once the text is
 * converted to it). Both are judged in phrase context: the text is first made
 * simplified, so 聯系 counts 聯 as traditional and 系 as simplified, because
 * traditional writes 聯繫; a traditional 鄰里 counts nothing for 里.
 */
export function countScriptForms(text: string): { traditional: number; simplified: number } {
  let traditional = 0;
  let simplified = 0;
  for (const segment of segments(text)) {
    if (segment.keep) continue;
    for (const form of scriptForms(segment.text) ?? []) {
      if (form === 'traditional') traditional++;
      else if (form === 'simplified') simplified++;
    }
  }
  return { traditional, simplified };
}

/** Each code point of a text as countScriptForms judges it; undefined if a conversion changed the length. */
function scriptForms(text: string): ('traditional' | 'simplified' | 'either')[] | undefined {
  const source = [...text];
  const simple = [...simplify(text)];
  // Every converter between cn, t, tw and hk keeps lengths (see countChangedCodePoints); guard anyway.
  if (simple.length !== source.length) return undefined;
  const standards = TRADITIONAL_STANDARDS.map((locale) => [...converter('cn', locale)(simple.join(''))]);
  return source.map((char, i) => {
    if (char !== simple[i]) return 'traditional';
    return standards.every((standard) => standard.length === source.length && standard[i] !== char) ? 'simplified' : 'either';
  });
}

/**
 * The script of a text, by the rule of MIXED_SHARE. A text with no
 * script-specific character (or one of each) reads right in `target`'s script, so it is called that.
 */
function detect(counts: { traditional: number; simplified: number }, target: Locale): DetectedScript {
  const { traditional, simplified } = counts;
  const total = traditional + simplified;
  if (total === 0) return target === 'cn' ? 'simplified' : 'traditional';
  const rarer = Math.min(traditional, simplified);
  if (rarer >= MIXED_MIN_COUNT && rarer / total >= MIXED_SHARE) return 'mixed';
  if (traditional === simplified) return target === 'cn' ? 'simplified' : 'traditional';
  return traditional > simplified ? 'traditional' : 'simplified';
}

/**
 * The text in `target`'s script, converted at phrase level with OpenCC's
 * dictionaries, whatever mix of scripts it was in: it is first made simplified
 * (every traditional standard reads back to one simplified text), then, for a
 * traditional target, converted to that standard, so 聯系 and 聯繫 both come
 * out 聯繫, and 緻富 comes out 致富. A text that is already traditional, for a
 * traditional target, keeps the author's characters: only those it writes in
 * simplified (countScriptForms) are taken from that way round (随 → 隨,
 * 聯系 → 聯繫); the others just take the target's character forms (裏 → 裡 for Taiwan),
 * because the way back through simplified puts OpenCC's choice between
 * traditional characters in place of the author's (嘆 → 歎 for Taiwan, 歎 → 嘆
 * for Hong Kong, 擡頭 → 抬頭). `-{ }-` spans are kept as written.
 * `changed` counts code points that differ (see countChangedCodePoints).
 */
export function repairScript(text: string, target: Locale): { text: string; changed: number; detected: DetectedScript } {
  const detected = detect(countScriptForms(text), target);
  const viaSimplified = target === 'cn' ? simplify : (run: string) => converter('cn', target)(simplify(run));
  const toTarget = detected === 'traditional' && target !== 'cn' && target !== 'twp' ? keepingTraditional(target, viaSimplified) : viaSimplified;
  let repaired = '';
  for (const segment of segments(text)) repaired += segment.keep ? segment.text : toTarget(segment.text);
  return { text: repaired, changed: countChangedCodePoints(text, repaired), detected };
}

/** See repairScript: a traditional text in `target`'s forms, its simplified characters converted in context. */
function keepingTraditional(target: Locale, viaSimplified: (run: string) => string): (run: string) => string {
  // OpenCC's standard → target tables are character variants (裏 → 裡); its ways back from
  // Taiwan or Hong Kong forms have phrases of their own (參眾 → 蔘眾), so they are not used.
  const toForms = target === 't' ? (run: string) => run : converter('t', target);
  return (run) => {
    const judged = scriptForms(run);
    const forms = [...toForms(run)];
    const repaired = [...viaSimplified(run)];
    if (!judged || forms.length !== judged.length || repaired.length !== judged.length) return repaired.join('');
    let out = '';
    for (let i = 0; i < judged.length; i++) out += judged[i] === 'simplified' ? repaired[i] : forms[i];
    return out;
  };
}
