/**
 * Scores `xinwen import` on the saved news pages of this folder against the
 * hand-written NN-name.expected.yaml next to each page: used by score.ts
 * (the table) and test/import-corpus.test.ts (the bar).
 *
 * Every page is imported alone into a temporary site (zh-Hant for pages whose
 * expectation says `script: traditional`, zh-Hans otherwise). Texts are
 * compared folded: simplified script, NFKC (full-width ASCII forms), one kind
 * of quote, no whitespace; so script conversion, punctuation normalization
 * and spacing never count as errors. Fields:
 *   title   equal;
 *   date    equal at the precision of the expectation; no date expected = the
 *           importer found none either ("no date found");
 *   author, source, views   equal, or both absent;
 *   body    body_first begins within the first 200 folded characters (a
 *           picture caption, "原标题" or a summary line may come first),
 *           the body ends with body_last, and no `junk` string is in it.
 * A page is fully right when all six are. `category` is shown, not counted.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { createOpenccConverter } from '../../../src/convert/opencc.ts';
import { setLanguage } from '../../../src/core/language.ts';
import { importPages } from '../../../src/import/import.ts';

export interface Expected {
  title: string;
  date?: string;
  author?: string;
  source?: string;
  views?: number;
  category?: string;
  body_first: string;
  body_last: string;
  junk?: string[];
  script?: 'traditional';
}

export const CORPUS = path.dirname(new URL(import.meta.url).pathname);
export const FIELDS = ['title', 'date', 'author', 'source', 'views', 'body'] as const;
export type Field = (typeof FIELDS)[number];
export type Scores = Record<Field | 'category', boolean>;

const simplify = createOpenccConverter('hk', 'cn');
export const fold = (text: unknown) =>
  simplify(String(text).normalize('NFKC'))
    .replace(/[“”„〝〞＂]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, '');

/** The text of a Markdown body: no pictures, link texts without their addresses, no HTML tags, emphasis, headings, quotes or escapes. */
export function plainBody(markdown: string): string {
  return markdown
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>)\s?/gm, '')
    .replace(/(\*\*|__|`+)/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

function sites(): Record<'simplified' | 'traditional', string> {
  const make = (script: string) => {
    const root = mkdtempSync(path.join(tmpdir(), 'xinwen-score-'));
    mkdirSync(path.join(root, 'content'));
    writeFileSync(path.join(root, 'content', 'site.yaml'), `name: 测试\nbase_url: https://news.example.com/\nscript: ${script}\n`);
    return root;
  };
  return { simplified: make('zh-Hans'), traditional: make('zh-Hant') };
}

/** Imports one page; the article's front matter and body, or the failure. */
export type Imported = { data: Record<string, unknown>; body: string; noDate: boolean } | { error: string };

/** Imports one page; the article's front matter and body, or the failure. */
function importOne(page: string, root: string): Imported {
  const outDir = mkdtempSync(path.join(root, 'out-'));
  const [report] = importPages({ root, inputs: [page], outDir }).pages;
  const file = readdirSync(outDir).find((name) => name.endsWith('.md'));
  if (!report || report.status === 'failed' || !file) return { error: report?.error?.message ?? 'no article written' };
  const text = readFileSync(path.join(outDir, file), 'utf8');
  const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
  return { data: YAML.parse(front) as Record<string, unknown>, body, noDate: report.warnings.some((w) => w.startsWith('no date found')) };
}

function score(expected: Expected, got: Imported): Scores {
  if ('error' in got) return { title: false, date: false, author: false, source: false, views: false, body: false, category: false };
  const { data, noDate } = got;
  const same = (want: unknown, have: unknown) => (want === undefined ? have === undefined : have !== undefined && fold(want) === fold(have));
  const date = expected.date === undefined ? noDate : !noDate && String(data.date).startsWith(expected.date);
  const body = fold(plainBody(got.body));
  const first = body.indexOf(fold(expected.body_first));
  const bodyRight = first >= 0 && first <= 200 && body.endsWith(fold(expected.body_last)) && !(expected.junk ?? []).some((junk) => body.includes(fold(junk)));
  return {
    title: same(expected.title, data.title),
    date,
    author: same(expected.author, data.author),
    source: same(expected.source, data.source),
    views: expected.views === undefined ? data.views === undefined : Number(data.views) === expected.views,
    body: bodyRight,
    category: same(expected.category, data.category),
  };
}

export interface PageScore {
  /** `NN-name`. */
  page: string;
  expected: Expected;
  got: Imported;
  result: Scores;
  /** All six counted fields right. */
  right: boolean;
}

/** The `NN-name.html` pages of the corpus, all or those whose number is in `only`. */
export function corpusPages(only: string[] = []): string[] {
  return readdirSync(CORPUS)
    .filter((name) => name.endsWith('.html') && (only.length === 0 || only.some((nn) => name.startsWith(`${nn}-`))))
    .sort();
}

/** Imports and scores every page of `pages` (file names in CORPUS). Warnings are read in English, whatever the machine's locale. */
export function scorePages(pages: string[]): PageScore[] {
  setLanguage('en');
  const roots = sites();
  try {
    return pages.map((page) => {
      const expected = YAML.parse(readFileSync(path.join(CORPUS, page.replace(/\.html$/, '.expected.yaml')), 'utf8')) as Expected;
      const got = importOne(path.join(CORPUS, page), expected.script === 'traditional' ? roots.traditional : roots.simplified);
      const result = score(expected, got);
      return { page: page.replace(/\.html$/, ''), expected, got, result, right: FIELDS.every((field) => result[field]) };
    });
  } finally {
    for (const root of Object.values(roots)) rmSync(root, { recursive: true, force: true });
  }
}
