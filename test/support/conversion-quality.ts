import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import type { Locale } from '../../src/convert/opencc.ts';
import { createTextConverter } from '../../src/convert/text-converter.ts';
import { PROJECT } from './site.ts';

/**
 * Conversion quality on text nobody here wrote (test/corpus/conversion/,
 * sources and licences in SOURCES.md): human-written Taiwan and Hong Kong
 * traditional text, most of it with a simplified side translated by other
 * people. Two measures, in errors per 10,000 hanzi:
 *
 * - round trip: traditional text T is made simplified by opencc-js (the same
 *   first leg for every converter, so only the way back is compared), then
 *   converted back; every hanzi that differs from T is an error. The same
 *   from human-written simplified text measures the way to simplified.
 * - parallel: where the two sides are the same sentence in two scripts
 *   (same length, each character one of the other's forms), the simplified
 *   side is converted and compared with the human-written traditional side.
 *
 * A difference in a pair that the target's standard accepts both ways
 * (accept-both.tsv, each with its reason) is not an error.
 */
export const CORPUS = path.join(PROJECT, 'test', 'corpus', 'conversion');

export type Region = 'tw' | 'hk';

export interface Row {
  source: string;
  key: string;
  simplified: string;
  traditional: string;
}

/**
 * Half of the corpus, by a hash of each row's file and key: xinwen's phrase
 * data was written looking only at the errors of the `tuning` half, so the
 * `held-out` half shows how it does on text it was not fitted to.
 */
export type Half = 'tuning' | 'held-out';

function halfOf(file: string, key: string): Half {
  let hash = 0x811c9dc5;
  for (const char of `${file}\t${key}`) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
  return (hash >>> 0) % 2 === 0 ? 'tuning' : 'held-out';
}

const rowCache = new Map<string, Row[]>();

/** The corpus rows of a region (or of one half of it): the traditional side has hanzi; the simplified side may be empty. */
export function corpusRows(region: Region, half?: Half): Row[] {
  const cached = rowCache.get(`${region} ${half}`);
  if (cached) return cached;
  const column = region === 'tw' ? 'zh-Hant' : 'zh-Hant-HK';
  const rows: Row[] = [];
  for (const file of readdirSync(CORPUS).filter((name) => name.endsWith('.tsv') && name !== 'accept-both.tsv').sort()) {
    const [header, ...lines] = readFileSync(path.join(CORPUS, file), 'utf8').split('\n');
    if (header!.split('\t')[2] !== column) continue;
    for (const line of lines) {
      if (line === '') continue;
      const [key, simplified, traditional] = line.split('\t') as [string, string, string];
      // CLDR's derived emoji names are made by rule from a few human-written parts: counted once, not thousands of times.
      if (key.startsWith('annotationsDerived/')) continue;
      if (half && halfOf(file, key) !== half) continue;
      rows.push({ source: file, key, simplified, traditional });
    }
  }
  rowCache.set(`${region} ${half}`, rows);
  return rows;
}

const HANZI = /[\u3400-\u4dbf\u4e00-\u9fff]/;
const isHanzi = (char: string | undefined) => char !== undefined && HANZI.test(char);
export const countHanzi = (text: string) => [...text].filter(isHanzi).length;

/** Pairs a target script's standard accepts either way: [form, other form], both of the same length. */
export function acceptBoth(region: Region): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of readFileSync(path.join(CORPUS, 'accept-both.tsv'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [regions, one, other] = line.split('\t') as [string, string, string];
    if (regions.split(',').includes(region)) pairs.push([one, other], [other, one]);
  }
  return pairs;
}

export interface Difference {
  /** Context in the expected text and in the output. */
  expected: string;
  actual: string;
}

/** Hanzi of `actual` that differ from `expected`, position by position; texts of different lengths count their edit distance. */
export function differences(expected: string, actual: string, accepted: [string, string][]): Difference[] {
  if (expected === actual) return [];
  if (expected.length !== actual.length) {
    const distance = editDistance(expected, actual);
    return Array.from({ length: distance }, () => ({ expected, actual }));
  }
  const found: Difference[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] === actual[i] || !(isHanzi(expected[i]) || isHanzi(actual[i]))) continue;
    if (isAccepted(expected, actual, i, accepted)) continue;
    found.push({ expected: expected.slice(Math.max(0, i - 4), i + 5), actual: actual.slice(Math.max(0, i - 4), i + 5) });
  }
  return found;
}

function isAccepted(expected: string, actual: string, at: number, accepted: [string, string][]): boolean {
  for (const [mine, theirs] of accepted) {
    for (let start = Math.max(0, at - mine.length + 1); start <= at; start++) {
      if (actual.startsWith(mine, start) && expected.startsWith(theirs, start)) return true;
    }
  }
  return false;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** True when `traditional` can be `simplified` written in another script: same length, each character equal or one of its forms. */
export function isParallel(simplified: string, traditional: string, forms: (char: string) => string): boolean {
  if (simplified.length !== traditional.length || !HANZI.test(simplified)) return false;
  for (let i = 0; i < simplified.length; i++) {
    const s = simplified[i]!;
    const t = traditional[i]!;
    if (s !== t && forms(t) !== s) return false;
  }
  return true;
}

export type Converter = (text: string) => string;

export interface Measure {
  name: string;
  hanzi: number;
  rows: number;
  errors: Record<string, number>;
  /** The most frequent error contexts of each converter, for the reader of the report. */
  examples: Record<string, Map<string, number>>;
}

/** The converters compared: opencc-js as users get it, and xinwen's text converter. */
export function converters(from: Locale, to: Locale): Record<string, Converter> {
  const ours = createTextConverter(from, to);
  return { 'opencc-js': OpenCC.Converter({ from, to }), xinwen: (text) => ours.plain(text) };
}

function measure(name: string, pairs: { input: string; expected: string }[], convert: Record<string, Converter>, accepted: [string, string][]): Measure {
  const result: Measure = { name, hanzi: 0, rows: pairs.length, errors: {}, examples: {} };
  for (const { expected } of pairs) result.hanzi += countHanzi(expected);
  for (const [label, converter] of Object.entries(convert)) {
    let errors = 0;
    const examples = new Map<string, number>();
    for (const { input, expected } of pairs) {
      for (const difference of differences(expected, converter(input), accepted)) {
        errors++;
        const context = `${difference.expected} → ${difference.actual}`;
        examples.set(context, (examples.get(context) ?? 0) + 1);
      }
    }
    result.errors[label] = errors;
    result.examples[label] = examples;
  }
  return result;
}

/** What kind of text a corpus file holds, by its name. */
export type Genre = 'prose' | 'UI strings' | 'CLDR' | 'Cantonese speech';

export function genreOf(source: string): Genre {
  if (source.startsWith('rust-book') || source.startsWith('react-dev')) return 'prose';
  if (source.startsWith('cldr-')) return 'CLDR';
  if (source.startsWith('hkcancor')) return 'Cantonese speech';
  return 'UI strings';
}

/** Which rows a measure takes: a half, genres; by default every written genre (not the Cantonese speech). */
export interface Selection {
  half?: Half;
  genres?: readonly Genre[];
}

const WRITTEN: readonly Genre[] = ['prose', 'UI strings', 'CLDR'];

/**
 * Every measure of the issue on the selected rows: simplified → traditional
 * (tw, hk) and back, by round trip and on parallel pairs.
 */
export function qualityMeasures(selection: Selection = {}): Measure[] {
  const measures: Measure[] = [];
  const genres = selection.genres ?? WRITTEN;
  // The other script's form of a character, as opencc-js maps it alone: for the parallel filter and the first legs.
  const toSimplified = { tw: OpenCC.Converter({ from: 'tw', to: 'cn' }), hk: OpenCC.Converter({ from: 'hk', to: 'cn' }) };
  const toTraditional = { tw: OpenCC.Converter({ from: 'cn', to: 'tw' }), hk: OpenCC.Converter({ from: 'cn', to: 'hk' }) };
  for (const region of ['tw', 'hk'] as const) {
    const rows = corpusRows(region, selection.half).filter((row) => genres.includes(genreOf(row.source)));
    if (rows.length === 0) continue;
    const accepted = acceptBoth(region);
    const forward = converters('cn', region);
    measures.push(
      measure(
        `cn → ${region}, round trip`,
        rows.map((row) => ({ input: toSimplified[region](row.traditional), expected: row.traditional })),
        forward,
        accepted,
      ),
    );
    const forms = (char: string) => toSimplified[region](char);
    const parallel = rows.filter((row) => isParallel(row.simplified, row.traditional, forms));
    if (parallel.length > 0) {
      measures.push(measure(`cn → ${region}, parallel`, parallel.map((row) => ({ input: row.simplified, expected: row.traditional })), forward, accepted));
    }
    const backward = converters(region, 'cn');
    const simplifiedRows = rows.filter((row) => HANZI.test(row.simplified));
    if (simplifiedRows.length > 0) {
      measures.push(
        measure(
          `${region} → cn, round trip`,
          simplifiedRows.map((row) => ({ input: toTraditional[region](row.simplified), expected: row.simplified })),
          backward,
          [],
        ),
      );
    }
    if (parallel.length > 0) {
      measures.push(measure(`${region} → cn, parallel`, parallel.map((row) => ({ input: row.traditional, expected: row.simplified })), backward, []));
    }
  }
  return measures;
}

/** Errors per 10,000 hanzi. */
export const perTenThousand = (errors: number, hanzi: number) => (errors * 10_000) / hanzi;
