import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from '../../src/convert/opencc.ts';
import { PROJECT } from './site.ts';

/** A copy of OpenCC's own test cases and golden files (Apache-2.0), kept in the repository so the tests run anywhere. */
export const OPENCC_REFERENCE = path.join(PROJECT, 'test', 'fixtures', 'opencc');

/** OpenCC's configurations xinwen publishes with, by name, as [from, to]. */
export const OPENCC_DIRECTIONS: Record<string, [Locale, Locale]> = {
  s2t: ['cn', 't'],
  s2tw: ['cn', 'tw'],
  s2hk: ['cn', 'hk'],
  t2s: ['t', 'cn'],
  tw2s: ['tw', 'cn'],
  hk2s: ['hk', 'cn'],
  s2twp: ['cn', 'twp'],
};

export interface OpenccCase {
  id: string;
  input: string;
  expected: Record<string, string>;
}

export const openccCases = (): OpenccCase[] =>
  (JSON.parse(readFileSync(path.join(OPENCC_REFERENCE, 'testcases.json'), 'utf8')) as { cases: OpenccCase[] }).cases;
