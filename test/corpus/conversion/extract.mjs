#!/usr/bin/env node
// Rebuilds the conversion-quality corpus TSVs in this folder.
//
// Inputs (not part of the repo; see SOURCES.md for exact versions/commits):
//   CLDR_DIR   folder holding node_modules/cldr-* (npm install cldr-annotations-full
//              cldr-annotations-derived-full cldr-localenames-full cldr-dates-full
//              cldr-numbers-full cldr-units-full cldr-misc-full cldr-core @ 48.2.0)
//   TS_DIR     an installed `typescript` npm package (5.9.3)
//   MIRRORS    folder holding bare git clones named owner+name/repo (e.g. from
//              `git clone --bare https://github.com/owner/name owner+name/repo`)
// Each git source is read at the commit pinned below (git show <commit>:<path>).
//
// Usage: CLDR_DIR=/tmp/cldr TS_DIR=/tmp/ts/node_modules/typescript MIRRORS=/work/.mirror \
//        node test/corpus/conversion/extract.mjs [source-name ...]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const OUT = path.dirname(fileURLToPath(import.meta.url));
const CLDR_DIR = process.env.CLDR_DIR || '/tmp/cldr';
const TS_DIR = process.env.TS_DIR || '/tmp/ts/node_modules/typescript';
const MIRRORS = process.env.MIRRORS || '/work/.mirror';
const MAX_BYTES = 2_900_000;

// ---------------------------------------------------------------- helpers
const HANZI = /[\u3400-\u4DBF\u4E00-\u9FFF]/g;
export const countHanzi = (s) => (s.match(HANZI) || []).length;
const hasHanzi = (s) => /[\u3400-\u4DBF\u4E00-\u9FFF]/.test(s);
const clean = (s) => (s == null ? '' : String(s).replace(/\r\n|[\t\n\r]/g, ' '));

function writeTsv(name, rows, hantCol = 'zh-Hant') {
  // rows: [key, hans, hant]
  const seen = new Set();
  const out = [];
  for (const [k, a, b] of rows) {
    const r = [clean(k), clean(a), clean(b)];
    if (!hasHanzi(r[2])) continue;
    const line = r.join('\t');
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(r);
  }
  out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0));
  const header = `key\tzh-Hans\t${hantCol}\n`;
  // split into parts under MAX_BYTES
  const parts = [];
  let cur = [], size = header.length;
  for (const r of out) {
    const line = r.join('\t') + '\n';
    const n = Buffer.byteLength(line);
    if (size + n > MAX_BYTES && cur.length) { parts.push(cur); cur = []; size = header.length; }
    cur.push(line); size += n;
  }
  if (cur.length) parts.push(cur);
  for (const f of fs.readdirSync(OUT)) if (f === `${name}.tsv` || (f.startsWith(`${name}.part`) && f.endsWith('.tsv'))) fs.unlinkSync(path.join(OUT, f));
  const files = [];
  parts.forEach((p, i) => {
    const fn = parts.length === 1 ? `${name}.tsv` : `${name}.part${i + 1}.tsv`;
    fs.writeFileSync(path.join(OUT, fn), header + p.join(''));
    files.push(fn);
  });
  const stat = { files, rows: out.length, both: out.filter((r) => r[1] && r[2]).length,
    hansHanzi: out.reduce((s, r) => s + countHanzi(r[1]), 0), hantHanzi: out.reduce((s, r) => s + countHanzi(r[2]), 0) };
  console.log(`${name}: ${JSON.stringify(stat)}`);
  return stat;
}

function git(repo, commit) {
  const gd = path.join(MIRRORS, repo.replace('/', '+'), 'repo');
  return {
    ls: () => execFileSync('git', ['--git-dir', gd, 'ls-tree', '-r', '--name-only', commit], { maxBuffer: 1 << 30 }).toString().split('\n').filter(Boolean),
    show: (p) => execFileSync('git', ['--git-dir', gd, 'show', `${commit}:${p}`], { maxBuffer: 1 << 30 }).toString('utf8').replace(/^\uFEFF/, ''),
  };
}

const ENT = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const xmlText = (s) => s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
  .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e) => e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : +e.slice(1)) : ENT[e.toLowerCase()]);

// .resw/.resx: <data name="..."><value>...</value>
function parseResw(xml) {
  const m = new Map();
  for (const x of xml.matchAll(/<data\s+name="([^"]*)"[^>]*>([\s\S]*?)<\/data>/g)) {
    const v = x[2].match(/<value>([\s\S]*?)<\/value>/) || (/<value\s*\/>/.test(x[2]) ? [0, ''] : null);
    if (v) m.set(xmlText(x[1]), xmlText(v[1]));
  }
  return m;
}
// XLIFF 1.2: keep targets whose state is translated/final/signed-off
function parseXlf(xml) {
  const m = new Map();
  for (const x of xml.matchAll(/<trans-unit\s[^>]*?id="([^"]*)"[^>]*>([\s\S]*?)<\/trans-unit>/g)) {
    const t = x[2].match(/<target(\s[^>]*)?>([\s\S]*?)<\/target>/);
    if (!t) continue;
    const st = (t[1] || '').match(/state="([^"]*)"/);
    if (st && !['translated', 'final', 'signed-off'].includes(st[1])) continue;
    m.set(xmlText(x[1]), xmlText(t[2]));
  }
  return m;
}
// ADMX .adml string tables
function parseAdml(xml) {
  const m = new Map();
  for (const x of xml.matchAll(/<string\s+id="([^"]*)"\s*>([\s\S]*?)<\/string>/g)) m.set(xmlText(x[1]), xmlText(x[2]));
  for (const tag of ['displayName', 'description']) { const x = xml.match(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`)); if (x) m.set(`<${tag}>`, xmlText(x[1])); }
  return m;
}
function flatten(obj, prefix = '', out = new Map()) {
  if (obj == null) return out;
  if (typeof obj === 'string') { out.set(prefix, obj); return out; }
  if (Array.isArray(obj) && obj.every((v) => typeof v === 'string')) { out.set(prefix, obj.join(' | ')); return out; }
  if (Array.isArray(obj)) { obj.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out)); return out; }
  if (typeof obj === 'object') for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}
const stripJsonComments = (s) => s.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, '').replace(/^\s*\/\/.*$/gm, '');

// Pair two {key -> text} maps (prefixing keys); rows keyed by union.
function pair(rows, prefix, hans, hant) {
  const keys = new Set([...hans.keys(), ...hant.keys()]);
  for (const k of keys) rows.push([prefix + k, hans.get(k) ?? '', hant.get(k) ?? '']);
}

// Pair files found under two path patterns: fn(path) -> other-side path
function pairFiles(g, hantRe, toHans, parse, keyOf = (p) => p) {
  const files = g.ls();
  const set = new Set(files);
  const rows = [];
  for (const p of files) {
    if (!hantRe.test(p)) continue;
    const hp = toHans(p);
    const hant = parse(g.show(p), p);
    const hans = set.has(hp) ? parse(g.show(hp), hp) : new Map();
    pair(rows, keyOf(p) + '#', hans, hant);
  }
  return rows;
}

// ---------------------------------------------------------------- sources
const SOURCES = {};

// Unicode CLDR 48.2.0 (npm cldr-*-full): main/<locale>/*.json and annotations
function cldrFiles(locale) {
  const nm = path.join(CLDR_DIR, 'node_modules');
  const out = [];
  for (const pkg of fs.readdirSync(nm).filter((p) => p.startsWith('cldr-') && p.endsWith('-full')).sort()) {
    for (const top of ['main', 'annotations', 'annotationsDerived']) {
      const dir = path.join(nm, pkg, top, locale);
      if (!fs.existsSync(dir)) continue;
      // characters.json holds exemplar character sets, not text: left out
      for (const f of fs.readdirSync(dir).sort()) if (f !== 'characters.json') out.push({ rel: `${pkg}/${top}/${f}`, file: path.join(dir, f) });
    }
  }
  return out;
}
function cldrMap(locale) {
  const m = new Map();
  for (const { rel, file } of cldrFiles(locale)) {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    // drop the locale level: main.<loc>.* / annotations.* ; drop identity
    const body = j.main ? j.main[locale] : j.annotations ? j.annotations.annotations : j.annotationsDerived ? j.annotationsDerived.annotations : j;
    if (body && body.identity) delete body.identity;
    const top = rel.split('/')[1];
    for (const [k, v] of flatten(body)) m.set(`${top}/${rel.split('/')[2].replace(/\.json$/, '')}:${k}`, v);
  }
  return m;
}
SOURCES['cldr'] = () => {
  const hans = cldrMap('zh'), hant = cldrMap('zh-Hant');
  const rows = []; pair(rows, '', hans, hant);
  return writeTsv('cldr-48.2.0-zh-Hant', rows);
};
SOURCES['cldr-hk'] = () => {
  // Only values present in the zh-Hant-HK files (the HK value where it exists;
  // values HK merely inherits from zh-Hant are not repeated here).
  const hans = cldrMap('zh'), hk = cldrMap('zh-Hant-HK');
  const rows = []; for (const k of hk.keys()) rows.push([k, hans.get(k) ?? '', hk.get(k)]);
  return writeTsv('cldr-48.2.0-zh-Hant-HK', rows, 'zh-Hant-HK');
};

// TypeScript npm package: lib/zh-cn|zh-tw/diagnosticMessages.generated.json
SOURCES['typescript'] = () => {
  const rd = (l) => new Map(Object.entries(JSON.parse(fs.readFileSync(path.join(TS_DIR, 'lib', l, 'diagnosticMessages.generated.json'), 'utf8').replace(/^\uFEFF/, ''))));
  const rows = []; pair(rows, '', rd('zh-cn'), rd('zh-tw'));
  return writeTsv('typescript-5.9.3-diagnostics', rows);
};

// microsoft/pyright: packages/pyright-internal/src/localization/package.nls.zh-{cn,tw}.json
SOURCES['pyright'] = () => {
  const g = git('microsoft/pyright', COMMITS['microsoft/pyright']);
  const d = 'packages/pyright-internal/src/localization/';
  const rd = (l) => flatten(JSON.parse(g.show(`${d}package.nls.${l}.json`)));
  const rows = []; pair(rows, '', rd('zh-cn'), rd('zh-tw'));
  return writeTsv('pyright-localization', rows);
};

// dotnet/msbuild, microsoft/vstest, dotnet/templating: XLIFF *.zh-Hant.xlf vs *.zh-Hans.xlf
for (const [name, repo] of [['msbuild', 'dotnet/msbuild'], ['vstest', 'microsoft/vstest'], ['templating', 'dotnet/templating']]) {
  SOURCES[name] = () => {
    const g = git(repo, COMMITS[repo]);
    const rows = pairFiles(g, /\.zh-Hant\.xlf$/, (p) => p.replace(/\.zh-Hant\.xlf$/, '.zh-Hans.xlf'), parseXlf, (p) => p.replace(/\.zh-Hant\.xlf$/, ''));
    return writeTsv(`${name}-xlf`, rows);
  };
}

// microsoft/terminal: **/Resources/zh-TW/*.resw vs zh-CN
SOURCES['terminal'] = () => {
  const g = git('microsoft/terminal', COMMITS['microsoft/terminal']);
  const rows = pairFiles(g, /\/zh-TW\/[^/]+\.resw$/, (p) => p.replace('/zh-TW/', '/zh-CN/'), parseResw, (p) => p.replace('/zh-TW/', '/*/'));
  return writeTsv('terminal-resw', rows);
};

// microsoft/winget-cli: Localization/Resources/zh-TW/*.resw + Policies/*.adml
SOURCES['winget'] = () => {
  const g = git('microsoft/winget-cli', COMMITS['microsoft/winget-cli']);
  const rows = pairFiles(g, /^Localization\/Resources\/zh-TW\/[^/]+\.resw$/, (p) => p.replace('/zh-TW/', '/zh-CN/'), parseResw, (p) => p.replace('/zh-TW/', '/*/'));
  rows.push(...pairFiles(g, /^Localization\/Policies\/zh-TW\/[^/]+\.adml$/, (p) => p.replace('/zh-TW/', '/zh-CN/'), parseAdml, (p) => p.replace('/zh-TW/', '/*/')));
  return writeTsv('winget-cli', rows);
};

// microsoft/vscode-cpptools: Extension/i18n/cht/** vs chs/** (vscode-nls i18n.json)
SOURCES['cpptools'] = () => {
  const g = git('microsoft/vscode-cpptools', COMMITS['microsoft/vscode-cpptools']);
  const rows = pairFiles(g, /^Extension\/i18n\/cht\/.*\.json$/, (p) => p.replace('/cht/', '/chs/'),
    (s) => flatten(JSON.parse(stripJsonComments(s))), (p) => p.replace('/i18n/cht/', '/i18n/*/'));
  return writeTsv('vscode-cpptools', rows);
};

// INI locale files (gogs): [section] key = value
function parseIni(s) {
  const m = new Map(); let sec = '';
  for (const line of s.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t[0] === ';' || t[0] === '#') continue;
    const h = t.match(/^\[(.*)\]$/); if (h) { sec = h[1]; continue; }
    const i = t.indexOf('='); if (i < 0) continue;
    let v = t.slice(i + 1).trim();
    if (v.length >= 2 && ((v[0] === '"' && v.at(-1) === '"') || (v[0] === '`' && v.at(-1) === '`'))) v = v.slice(1, -1);
    m.set(`${sec ? sec + '.' : ''}${t.slice(0, i).trim()}`, v);
  }
  return m;
}
// Three-locale JSON/INI sources: one TW file and one HK file, both paired with the CN file
function triple(name, repo, paths, parse) {
  SOURCES[name] = () => {
    const g = git(repo, COMMITS[repo]);
    const cn = parse(g.show(paths.cn)), res = {};
    for (const [loc, col] of [['tw', 'zh-Hant'], ['hk', 'zh-Hant-HK']]) {
      if (!paths[loc]) continue;
      const rows = []; pair(rows, '', cn, parse(g.show(paths[loc])));
      res[loc] = writeTsv(`${name}-${loc === 'tw' ? 'zh-Hant' : 'zh-Hant-HK'}`, rows, col);
    }
    return res;
  };
}
const jsonMap = (s) => flatten(JSON.parse(s));
triple('uptime-kuma', 'louislam/uptime-kuma', { cn: 'src/lang/zh-CN.json', tw: 'src/lang/zh-TW.json', hk: 'src/lang/zh-HK.json' }, jsonMap);
// gogs/gogs was examined and left out: its zh-TW equals OpenCC s2tw of zh-CN in 62% of rows
// (mainland vocabulary kept: 郵箱, 倉庫, 激活) and zh-HK is a copy of zh-TW (817/834 rows).
triple('excalidraw', 'excalidraw/excalidraw', { cn: 'packages/excalidraw/locales/zh-CN.json', tw: 'packages/excalidraw/locales/zh-TW.json', hk: 'packages/excalidraw/locales/zh-HK.json' }, jsonMap);

// ---------------------------------------------------------------- prose (Markdown / MDX)
// Splits a Markdown/MDX document into paragraphs of plain text: fenced code blocks, HTML/MDX
// comments, front matter (except `title:`), link reference definitions, mdBook `{{#…}}`
// directives, HTML/JSX tags (their text content is kept), link targets, bare URLs and
// emphasis/code markers are removed; headings, list items and table rows are paragraphs
// of their own. Lines of one paragraph are joined with a space, or with nothing where both
// sides of the join are non-ASCII (CJK text is not wrapped with spaces).
export function mdParagraphs(src) {
  let s = src.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const paras = [];
  const fm = s.match(/^---\n([\s\S]*?)\n---\n/);
  if (fm) {
    s = s.slice(fm[0].length);
    const t = fm[1].match(/^title:\s*(.*)$/m);
    if (t) paras.push(t[1].replace(/^(['"])(.*)\1$/, '$2'));
  }
  s = s.replace(/<!--[\s\S]*?-->/g, '\n').replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
    .replace(/\{\{#[^}]*\}\}/g, '')
    // multi-line JSX/HTML tags of components (<Diagram name=… alt=…>, <Sandpack …>)
    .replace(/<\/?[A-Za-z][\w.]*(\s[^<>]*)?\/?>/g, (m) => (m.includes('\n') ? ' ' : m));
  const defs = new Set();
  // link reference definitions (the target may sit on the next line) are dropped
  s = s.replace(/^ {0,3}\[([^\]\n]+)\]:[ \t]*(\n[ \t]*)?\S.*$/gm, (m, label) => { defs.add(label.toLowerCase()); return ''; });
  let cur = [], fence = null, table = false;
  const flush = () => { if (cur.length) { paras.push(cur.reduce((a, b) => (/[^\x00-\x7F]$/.test(a) && /^[^\x00-\x7F]/.test(b) ? a + b : a + ' ' + b))); cur = []; } };
  for (let line of s.split('\n')) {
    const q = line.replace(/^\s*(>\s?)+/, '');
    const f = q.match(/^\s*(`{3,}|~{3,})/);
    if (fence) { if (f && f[1][0] === fence[0] && f[1].length >= fence.length && /^\s*[`~]+\s*$/.test(q)) fence = null; continue; }
    if (f) { flush(); fence = f[1]; continue; }
    line = q.trim();
    if (!line || /^([-*_]\s*){3,}$/.test(line) || /^\[[^\]]+\]:\s*\S+/.test(line)) { flush(); table = false; continue; }
    // table delimiter row: the header row before it and every row after it are table rows
    if (/^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(line) && line.includes('|')) {
      if (cur.length === 1 && cur[0].includes('|')) cur[0] = splitCells(cur[0]).join(' ');
      flush(); table = true; continue;
    }
    if (table && line.includes('|')) { flush(); cur.push(splitCells(line).join(' ')); flush(); continue; }
    table = false;
    if (/^#{1,6}\s/.test(line)) { flush(); cur.push(line.replace(/^#+\s*/, '').replace(/\s+#+\s*$/, '').replace(/\s*\{#[\w-]+\}\s*$/, '')); flush(); continue; }
    if (line.startsWith('|')) { flush(); cur.push(splitCells(line).join(' ')); flush(); continue; }
    const li = line.match(/^([-*+]|\d+[.)])\s+(.*)$/);
    if (li) { flush(); line = li[2]; }
    cur.push(line);
  }
  flush();
  return paras.map((p) => mdInline(p, defs)).map((p) => p.replace(/\s+/g, ' ').trim());
}
function splitCells(line) {
  const cells = []; let c = '', code = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '`') code = !code;
    if (ch === '\\' && line[i + 1] === '|') { c += '|'; i++; continue; }
    if (ch === '|' && !code) { cells.push(c.trim()); c = ''; continue; }
    c += ch;
  }
  cells.push(c.trim());
  return cells.filter(Boolean);
}
// inline markup: code spans keep their text (backticks dropped), everything else is unwrapped
function mdInline(p, defs) {
  const codes = [];
  const hold = p.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (m, b, c) => { codes.push(c.trim() || c); return `\u0000${codes.length - 1}\u0000`; });
  return hold
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/\[([^\]]+)\](?![(\[:])/g, (m, t) => (defs.has(t.toLowerCase()) ? t : m))
    .replace(/<(https?:|mailto:)[^>]*>/g, '')
    .replace(/<\/?[A-Za-z][\w.-]*(\s[^<>]*)?\/?>/g, '')
    .replace(/https?:\/\/[^\s\u3000-\u303F\uFF00-\uFFEF\u4E00-\u9FFF)）]+/g, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
    .replace(/(^|[^\w*\\])\*(?=[^\s*])([^*]*?[^\s*\\])\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w\\])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2')
    .replace(/\\([\\`*_{}\[\]()#+\-.!|<>~])/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (m, e) => (e.toLowerCase() === 'nbsp' ? ' ' : xmlText(m)))
    .replace(/\u0000(\d+)\u0000/g, (m, i) => codes[+i]);
}
// One row per paragraph: key = <path>#<paragraph number, 4 digits, counting every paragraph of the file>
function proseRows(g, files, keyOf = (p) => p) {
  const rows = [];
  for (const p of files) mdParagraphs(g.show(p)).forEach((t, i) => rows.push([`${keyOf(p)}#${String(i + 1).padStart(4, '0')}`, '', t]));
  return rows;
}

// rust-tw/book-tw: "The Rust Programming Language" in Taiwan Chinese (src/*.md)
SOURCES['rust-book-tw'] = () => {
  const g = git('rust-tw/book-tw', COMMITS['rust-tw/book-tw']);
  const files = g.ls().filter((p) => /^src\/[^/]+\.md$/.test(p) && p !== 'src/SUMMARY.md');
  return writeTsv('rust-book-tw', proseRows(g, files));
};

// reactjs/zh-hant.react.dev (CC-BY-4.0 docs): the translated pages under src/content/.
// The simplified side comes from reactjs/zh-hans.react.dev (same paths, same CC-BY-4.0 licence):
// paragraphs are paired by position only where the two files split into the same number of
// paragraphs, both paragraphs hold hanzi, their hanzi counts are within a factor 3, and the
// neighbouring paragraphs agree in holding hanzi or not (a guard against local shifts);
// all other zh-Hant paragraphs get an empty zh-Hans side.
SOURCES['react-dev-zh-hant'] = () => {
  const g = git('reactjs/zh-hant.react.dev', COMMITS['reactjs/zh-hant.react.dev']);
  const h = git('reactjs/zh-hans.react.dev', COMMITS['reactjs/zh-hans.react.dev']);
  const hansFiles = new Set(h.ls());
  const rows = [];
  for (const p of g.ls().filter((f) => /^src\/content\/.*\.mdx?$/.test(f))) {
    const a = mdParagraphs(g.show(p));
    if (!a.some(hasHanzi)) continue;
    const b = hansFiles.has(p) ? mdParagraphs(h.show(p)) : [];
    const same = a.length === b.length;
    const agree = (i) => i < 0 || i >= a.length || hasHanzi(a[i]) === hasHanzi(b[i]);
    a.forEach((t, i) => {
      let s = '';
      if (same && hasHanzi(t) && hasHanzi(b[i]) && agree(i - 1) && agree(i + 1)) {
        const x = countHanzi(t), y = countHanzi(b[i]);
        if (x <= 3 * y && y <= 3 * x) s = b[i];
      }
      rows.push([`${p}#${String(i + 1).padStart(4, '0')}`, s, t]);
    });
  }
  return writeTsv('react-dev-zh-hant', rows);
};

// fcbond/hkcancor (CC-BY-4.0): the Hong Kong Cantonese Corpus, transcriptions of spontaneous
// conversations and radio programmes recorded in Hong Kong in 1997-98, word-segmented and tagged
// (`word/pos/jyutping/` per line). One row per <sent> (one speaker turn): the words of its
// <sent_tag> joined without separator (a space only between two ASCII letters/digits), tags and
// romanisation dropped. Turns holding Private Use Area code points (HKSCS characters the UTF-8
// edition left unmapped, e.g. some sentence-final particles) are dropped. No simplified side.
export function hkcancorTurns(src) {
  return [...src.matchAll(/<sent_tag>([\s\S]*?)<\/sent_tag>/g)].map((m) => m[1].split(/\r?\n/)
    .map((l) => l.trim()).filter(Boolean).map((l) => l.split('/').slice(0, -3).join('/'))
    .reduce((a, w) => (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(w) ? `${a} ${w}` : a + w), ''));
}
SOURCES['hkcancor'] = () => {
  const g = git('fcbond/hkcancor', COMMITS['fcbond/hkcancor']);
  const rows = [];
  for (const p of g.ls().filter((f) => f.startsWith('data/utf8/FC-'))) {
    hkcancorTurns(g.show(p)).forEach((t, i) => {
      if (!/[\uE000-\uF8FF]/.test(t)) rows.push([`${p}#${String(i + 1).padStart(4, '0')}`, '', t]);
    });
  }
  return writeTsv('hkcancor-yue-HK', rows, 'zh-Hant-HK');
};

const COMMITS = {
  'microsoft/pyright': '93a6550b2acc61d930edf54ad4621638cdc70777',
  'dotnet/msbuild': '05f089128b4b06b2c6a489a0602c18a53b18de38',
  'microsoft/terminal': '20588130d8ef2ba40eb56bdae88e04cce7fc5b5d',
  'microsoft/winget-cli': 'fa3d9e511d1bd9bed2f1b72e9f0fa25323e7f3eb',
  'microsoft/vscode-cpptools': '92768bc058e121cb1a3ac8b913833b6d86c04244',
  'microsoft/vstest': '0b289d54af2f0b7aba88364cd6e2718ac69cbd49',
  'dotnet/templating': '4c17ee53e9a86e2980b3077c388ddd1ffa03cd0f',
  'louislam/uptime-kuma': '6398a9581d1c3c427a7536559f47ccf45dac08b4',
  'gogs/gogs': 'eb1054e5432fc8397678372f08613429be233d7c',
  'excalidraw/excalidraw': '4872083c044491b6d5c96ae134a75464f96d6831',
  'rust-tw/book-tw': 'afbe069ce8d83343758a7d2837ef16630c7029e3',
  'reactjs/zh-hant.react.dev': '19692fa83681619db5849b5d24b14b67b9650329',
  'reactjs/zh-hans.react.dev': 'f6cda05526ceff44b24588e9e0c2e2106d4588d4',
  'fcbond/hkcancor': 'd5a45de90d8e50ee544059953fd66410cd8eeb9a',
};

// ---------------------------------------------------------------- main
// (only when run as a script, so that the helpers above can be imported)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const want = process.argv.slice(2);
  const stats = {};
  for (const [name, fn] of Object.entries(SOURCES)) {
    if (want.length && !want.includes(name)) continue;
    stats[name] = fn();
  }
}
