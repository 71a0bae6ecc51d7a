/**
 * Scores `xinwen import` on the saved news pages of this folder against the
 * hand-written NN-name.expected.yaml next to each page, and prints a table.
 *
 *   node --import tsx test/corpus/news-pages/score.ts [--why] [NN ...]
 *
 * --why prints, under each page, what the importer gave for every wrong field.
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
import { importPages } from '../../../src/import/import.ts';

interface Expected {
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

const HERE = path.dirname(new URL(import.meta.url).pathname);
const FIELDS = ['title', 'date', 'author', 'source', 'views', 'body'] as const;
type Field = (typeof FIELDS)[number];

const simplify = createOpenccConverter('hk', 'cn');
const fold = (text: unknown) =>
  simplify(String(text).normalize('NFKC'))
    .replace(/[“”„〝〞＂]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, '');

/** The text of a Markdown body: no pictures, link texts without their addresses, no HTML tags, emphasis, headings, quotes or escapes. */
function plainBody(markdown: string): string {
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
function importOne(page: string, root: string): { data: Record<string, unknown>; body: string; noDate: boolean } | { error: string } {
  const outDir = mkdtempSync(path.join(root, 'out-'));
  const [report] = importPages({ root, inputs: [page], outDir }).pages;
  const file = readdirSync(outDir).find((name) => name.endsWith('.md'));
  if (!report || report.status === 'failed' || !file) return { error: report?.error?.message ?? 'no article written' };
  const text = readFileSync(path.join(outDir, file), 'utf8');
  const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
  return { data: YAML.parse(front) as Record<string, unknown>, body, noDate: report.warnings.some((w) => w.startsWith('no date found')) };
}

function score(expected: Expected, got: ReturnType<typeof importOne>): Record<Field, boolean> & { category: boolean } {
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

const why = process.argv.includes('--why');
const only = process.argv.slice(2).filter((arg) => arg !== '--why');
const pages = readdirSync(HERE)
  .filter((name) => name.endsWith('.html') && (only.length === 0 || only.some((nn) => name.startsWith(`${nn}-`))))
  .sort();
const roots = sites();
const totals = Object.fromEntries([...FIELDS, 'category'].map((field) => [field, 0])) as Record<Field | 'category', number>;
let fullyRight = 0;
const mark = (ok: boolean) => (ok ? ' ✓ ' : ' ✗ ');
console.log(`${'page'.padEnd(30)}${FIELDS.map((f) => f.slice(0, 6).padEnd(7)).join('')}| categ | all`);
try {
  for (const page of pages) {
    const expected = YAML.parse(readFileSync(path.join(HERE, page.replace(/\.html$/, '.expected.yaml')), 'utf8')) as Expected;
    const got = importOne(path.join(HERE, page), expected.script === 'traditional' ? roots.traditional : roots.simplified);
    const result = score(expected, got);
    const all = FIELDS.every((field) => result[field]);
    for (const field of [...FIELDS, 'category'] as const) totals[field] += result[field] ? 1 : 0;
    fullyRight += all ? 1 : 0;
    const note = 'error' in got ? `  (${got.error})` : '';
    console.log(`${page.replace(/\.html$/, '').padEnd(30)}${FIELDS.map((f) => mark(result[f]).padEnd(7)).join('')}|${mark(result.category)}  |${mark(all)}${note}`);
    if (why && !('error' in got)) {
      for (const field of [...FIELDS, 'category'] as const) {
        if (result[field]) continue;
        const body = plainBody(got.body).trim();
        const folded = fold(body);
        const junk = (expected.junk ?? []).filter((each) => folded.includes(fold(each)));
        const have = field === 'body' ? `${body.slice(0, 60)} … ${body.slice(-60)} (first at ${folded.indexOf(fold(expected.body_first))}, junk ${JSON.stringify(junk)})` : got.data[field];
        console.log(`    ${field}: expected ${JSON.stringify(field === 'body' ? [expected.body_first, expected.body_last] : expected[field])}, got ${JSON.stringify(have)}`);
      }
    }
  }
} finally {
  for (const root of Object.values(roots)) rmSync(root, { recursive: true, force: true });
}
const percent = (n: number) => `${((100 * n) / pages.length).toFixed(0)}%`;
console.log(`\n${pages.length} pages`);
for (const field of [...FIELDS, 'category'] as const) console.log(`${field.padEnd(9)}${String(totals[field]).padStart(3)}/${pages.length}  ${percent(totals[field])}${field === 'category' ? '  (shown, not counted)' : ''}`);
console.log(`fully right ${fullyRight}/${pages.length}  ${percent(fullyRight)}`);
