import { createRequire } from 'node:module';
import { createOpenccConverter } from '../convert/opencc.ts';

/**
 * The legacy CMS leaked a pinyin reading after some characters: 的(de),
 * 地(dì), 長(cháng). An annotation is one Latin syllable in ASCII or
 * fullwidth parentheses right after a Han character; it goes only when it is
 * a reading of that character, so 公司(AI), 苹果(Apple) and 街道(乡镇) stay.
 */
const ANNOTATED = /(\p{Script=Han})[(（]([\p{Script=Latin}\p{M}:]{1,8}[0-5]?)[)）]/gu;

/** Combining tone marks, as NFD writes them, and their tone numbers. */
const TONE_MARKS: Record<string, number> = { '\u0304': 1, '\u0301': 2, '\u030c': 3, '\u0300': 4 };
const DIAERESIS = '\u0308';

/**
 * Tone sandhi readings dictionaries leave out but annotators write:
 * 一 before a fourth tone is yí, before others yì; 不 before a fourth tone is bú.
 */
const SANDHI: Record<string, readonly string[]> = { 一: ['yí', 'yì'], 不: ['bú'] };

/**
 * The syllable in a comparable form: `di4` when a tone is written (as a mark
 * or a number; 5 and 0 mean the neutral tone, written `0`), `di` when none
 * is; ü however written (ü, v, u:). Undefined when it is not one lower-case
 * pinyin syllable: capitals mean a name or an abbreviation, not a leak.
 */
function pinyinKey(written: string): string | undefined {
  if (written === '') return undefined;
  let text = written;
  let tone: number | undefined;
  const last = text.at(-1)!;
  if (last >= '0' && last <= '5') {
    tone = last === '5' ? 0 : Number(last);
    text = text.slice(0, -1);
  }
  let base = '';
  for (const char of text.normalize('NFD')) {
    const mark = TONE_MARKS[char];
    if (mark !== undefined) {
      if (tone !== undefined) return undefined;
      tone = mark;
    } else base += char;
  }
  base = base.replaceAll('u:', 'ü').replaceAll('v', 'ü').replaceAll(`u${DIAERESIS}`, 'ü');
  // After j, q, x and y pinyin writes ü as u (xué), as pinyin-pro does; xüe and xve mean the same.
  base = base.replace(/^([jqxy])ü/, '$1u');
  if (!/^[a-zü]+$/.test(base)) return undefined;
  return tone === undefined ? base : `${base}${tone}`;
}

type Polyphonic = (text: string, options: { type: 'array' }) => string[][];

interface Tools {
  polyphonic: Polyphonic;
  simplify: (text: string) => string;
}

// Loading pinyin-pro's dictionary and OpenCC's t→cn dictionaries costs tens
// of milliseconds, so both wait for the first call. What is cached here are
// facts about characters, the same for every site and build, so sharing the
// cache between calls cannot leak one build's state into another.
let tools: Tools | undefined;
const readingCache = new Map<string, ReadonlySet<string>>();

function loadTools(): Tools {
  if (!tools) {
    const { polyphonic } = createRequire(import.meta.url)('pinyin-pro') as { polyphonic: Polyphonic };
    tools = { polyphonic, simplify: createOpenccConverter('t', 'cn') };
  }
  return tools;
}

/**
 * Every reading of a character, as `pinyinKey` forms with and without the
 * tone. pinyin-pro knows simplified characters (and only some traditional
 * ones), so a traditional character is asked about in its simplified form too.
 */
function readingsOf(char: string): ReadonlySet<string> {
  const cached = readingCache.get(char);
  if (cached) return cached;
  const { polyphonic, simplify } = loadTools();
  const keys = new Set<string>();
  const add = (reading: string) => {
    const key = pinyinKey(reading);
    if (key === undefined) return;
    // pinyin-pro writes the neutral tone without a mark: de.
    const toned = /\d$/.test(key) ? key : `${key}0`;
    keys.add(toned);
    keys.add(toned.slice(0, -1));
  };
  for (const form of new Set([char, simplify(char)])) {
    // An unknown character comes back as itself, which is no syllable.
    for (const reading of polyphonic(form, { type: 'array' })[0] ?? []) add(reading);
    for (const reading of SANDHI[form] ?? []) add(reading);
  }
  readingCache.set(char, keys);
  return keys;
}

/**
 * Remove pinyin the legacy CMS leaked after characters: `的(de)位置` →
 * `的位置`. `removed` is the number of annotations removed.
 */
export function stripLeakedPinyin(text: string): { text: string; removed: number } {
  let removed = 0;
  const stripped = text.replace(ANNOTATED, (annotation, char: string, written: string) => {
    const key = pinyinKey(written);
    if (key === undefined || !readingsOf(char).has(key)) return annotation;
    removed++;
    return char;
  });
  return { text: removed === 0 ? text : stripped, removed };
}
